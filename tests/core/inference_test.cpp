#include <catch2/catch.hpp>

#include "estimates/inference.h"
#include "test_support.h"

using Catch::Matchers::WithinRel;

TEST_CASE("KV cache per token matches vLLM's and the published figures", "[memory][inference]") {
    ma::InferenceSetup inf;
    CHECK(ma::inference_estimate(reference("Llama-3-8B"), inf).kv_bytes_per_token == 131072);
    CHECK(ma::inference_estimate(reference("Llama-2-7B"), inf).kv_bytes_per_token == 524288);  // 0.5 MiB in fp16
    inf.kv_dtype = ma::KvDtype::fp8;
    CHECK(ma::inference_estimate(reference("Llama-3-8B"), inf).kv_bytes_per_token == 65536);
}

TEST_CASE("sliding-window layers cache at most the window", "[memory][inference]") {
    const auto mistral = reference("Mistral-7B-v0.1");  // window 4096 on every layer
    ma::InferenceSetup inf;
    inf.context = 32768;
    const auto e = ma::inference_estimate(mistral, inf);
    CHECK_THAT(e.kv_cache_bytes, WithinRel(131072.0 * 4096, 1e-12));
    const auto gemma2 = reference("gemma-2-2b");  // every other layer local with window 4096
    inf.context = 8192;
    const double per_layer = 2.0 * 4 * 256 * 2;
    CHECK_THAT(ma::inference_estimate(gemma2, inf).kv_cache_bytes, WithinRel(per_layer * (13 * 4096 + 13 * 8192), 1e-12));
}

TEST_CASE("decode is bounded by memory bandwidth, prefill by compute", "[memory][inference]") {
    const auto spec = reference("Llama-3-8B");
    ma::InferenceSetup inf;
    inf.context = 1024;
    inf.gpu = ma::gpu_by_id("H100-SXM");
    const auto e = ma::inference_estimate(spec, inf);
    // Each step reads 16,060,522,496 B of bf16 weights and 134,217,728 B of KV cache at 80% of 3.35 TB/s.
    CHECK_THAT(e.decode_tokens_per_s, WithinRel(165.4858282955561, 1e-12));
    CHECK(e.time_to_first_token_ms > 0);
    inf.weight_dtype = ma::WeightDtype::int4;
    const auto q = ma::inference_estimate(spec, inf);
    CHECK(q.weight_bytes < e.weight_bytes / 2.5);  // linear layers at ~4.25 bits, embeddings in bf16
    CHECK(q.decode_tokens_per_s > e.decode_tokens_per_s * 2);
}

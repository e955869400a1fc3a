#include <catch2/catch.hpp>

#include "error.h"
#include "estimates/checkpoint_and_fit.h"
#include "estimates/compute.h"
#include "estimates/inference.h"
#include "estimates/activations.h"
#include "estimates/training_memory.h"
#include "model/hf_config.h"
#include "reference_models.h"

namespace {

ma::ArchSpec reference(const std::string& name) {
    for (const auto& m : reference_models())
        if (m.name == name) return ma::read_hf_config_json(m.config, name).spec;
    throw std::runtime_error("no reference model " + name);
}

ma::ArchSpec gpt2_124m() {
    return ma::read_hf_config(R"({"model_type":"gpt2","n_embd":768,"n_head":12,"n_layer":12,"n_positions":1024,"vocab_size":50257})").spec;
}

double states_bytes(const ma::TrainingMemory& m) { return m.states_bytes; }

}  // namespace

TEST_CASE("model states per parameter match the ZeRO paper and Megatron", "[memory][states]") {
    const auto spec = reference("Llama-2-7B");
    const double n = 6738415616.0;
    ma::TrainingSetup s;
    s.precision = ma::Precision::mixed;
    CHECK(states_bytes(ma::training_memory(spec, s)) == Approx(16 * n));  // 2 + 2 + 4 + 8 (ZeRO paper, K = 12)
    s.grad_dtype = ma::GradDtype::fp32;
    CHECK(states_bytes(ma::training_memory(spec, s)) == Approx(18 * n));  // Megatron: fp32 main_grad
    s.grad_dtype = ma::GradDtype::bf16;
    s.precision = ma::Precision::fp32;
    CHECK(states_bytes(ma::training_memory(spec, s)) == Approx(16 * n));
    s.precision = ma::Precision::bf16;
    CHECK(states_bytes(ma::training_memory(spec, s)) == Approx(8 * n));
    s.precision = ma::Precision::mixed;
    s.optimizer = ma::Optimizer::sgd;
    CHECK(states_bytes(ma::training_memory(spec, s)) == Approx(12 * n));
    s.optimizer = ma::Optimizer::lion;
    CHECK(states_bytes(ma::training_memory(spec, s)) == Approx(12 * n));
    s.optimizer = ma::Optimizer::adam8bit;
    const double b8 = states_bytes(ma::training_memory(spec, s));
    CHECK(b8 > 10 * n);
    CHECK(b8 < 10.01 * n);
    s.optimizer = ma::Optimizer::adafactor;
    CHECK(states_bytes(ma::training_memory(spec, s)) < 8.01 * n);
}

TEST_CASE("ZeRO stages shard what the paper says over data-parallel ranks", "[memory][states]") {
    const auto spec = reference("Llama-2-7B");
    const double n = 6738415616.0, dp = 64;
    ma::TrainingSetup s;
    s.dp = 64;
    auto states = [&](int stage) { s.zero_stage = stage; return states_bytes(ma::training_memory(spec, s)); };
    CHECK(states(0) == Approx(16 * n));
    CHECK(states(1) == Approx(2 * n + 2 * n + 12 * n / dp));
    CHECK(states(2) == Approx(2 * n + (2 + 12) * n / dp));
    CHECK(states(3) == Approx(16 * n / dp));  // ZeRO paper: 7.5B on 64 GPUs -> 1.9 GB per GPU
}

TEST_CASE("tensor and pipeline parallelism split the model and check divisibility", "[memory][parallel]") {
    const auto spec = reference("Llama-3-8B");
    ma::TrainingSetup s;
    const double whole = ma::training_memory(spec, s).params_on_rank;
    CHECK(whole == Approx(8030261248.0));
    s.tp = 8;
    const double tp8 = ma::training_memory(spec, s).params_on_rank;
    CHECK(tp8 > whole / 8);
    CHECK(tp8 < whole / 8 * 1.001);  // only norms are replicated
    s.tp = 1;
    s.pp = 4;
    const auto pp = ma::training_memory(spec, s);
    CHECK(pp.params_on_rank < whole / 3.5);
    s.tp = 3;
    s.pp = 1;
    CHECK_THROWS_WITH(ma::training_memory(spec, s), Catch::Contains("num_attention_heads (32) is not divisible by tp (3)"));
    s.tp = 1;
    s.pp = 64;
    CHECK_THROWS_WITH(ma::training_memory(spec, s), Catch::Contains("pp (64) exceeds num_hidden_layers (32)"));
}

TEST_CASE("Korthikanti et al.'s sbh(34 + 5as/h) comes out exactly for a GPT-2 block", "[memory][activations]") {
    auto spec = gpt2_124m();
    spec.hidden_act = "gelu";  // Megatron's fused GeLU keeps only its input
    ma::TrainingSetup s;
    s.precision = ma::Precision::mixed;
    s.attention = ma::AttentionKernel::fused;
    s.dropout = 0.1;
    s.micro_batch = 4;
    s.seq_len = 1024;
    double total = 0;
    for (const auto& t : ma::layer_activation_terms(spec, s)) total += t.bytes;
    const double b = 4, sq = 1024, h = 768, a = 12;
    const double norm_statistics = 2 * 8 * b * sq;  // LayerNorm mean and rstd, which the paper leaves out
    CHECK(total - norm_statistics == Approx(sq * b * h * (34 + 5 * a * sq / h)).epsilon(1e-12));
    // Selective recomputation removes exactly the 5as/h term.
    s.recompute = ma::Recompute::selective;
    double selective = 0;
    for (const auto& t : ma::layer_activation_terms(spec, s)) selective += t.bytes;
    CHECK(selective - norm_statistics == Approx(34 * sq * b * h).epsilon(1e-12));
}

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
    CHECK(e.kv_cache_bytes == Approx(131072.0 * 4096));
    const auto gemma2 = reference("gemma-2-2b");  // every other layer local with window 4096
    inf.context = 8192;
    const double per_layer = 2.0 * 4 * 256 * 2;
    CHECK(ma::inference_estimate(gemma2, inf).kv_cache_bytes == Approx(per_layer * (13 * 4096 + 13 * 8192)));
}

TEST_CASE("decode is bounded by memory bandwidth, prefill by compute", "[memory][inference]") {
    const auto spec = reference("Llama-3-8B");
    ma::InferenceSetup inf;
    inf.context = 1024;
    inf.gpu = ma::gpu_by_id("H100-SXM");
    const auto e = ma::inference_estimate(spec, inf);
    const double bytes = 2.0 * 8030261248.0 + 131072.0 * 1024;
    CHECK(e.decode_tokens_per_s == Approx(3350e9 * 0.8 / bytes));
    CHECK(e.time_to_first_token_ms > 0);
    inf.weight_dtype = ma::WeightDtype::int4;
    const auto q = ma::inference_estimate(spec, inf);
    CHECK(q.weight_bytes < e.weight_bytes / 2.5);  // linear layers at ~4.25 bits, embeddings in bf16
    CHECK(q.decode_tokens_per_s > e.decode_tokens_per_s * 2);
}

TEST_CASE("FLOPs per token: nanoGPT's explicit count and PaLM's formula", "[compute]") {
    const auto spec = gpt2_124m();
    // transformer_sizing.ipynb: forward + backward of one 1024-token sequence.
    CHECK(3 * 1024 * ma::forward_flops_per_token(spec, 1024, false) == Approx(874944921600.0).epsilon(1e-15));
    CHECK(1024 * ma::palm_flops_per_token(123551232, 12, 12, 64, 1024) == Approx(875062886400.0).epsilon(1e-15));
    CHECK(ma::palm_n(spec) == 123653376);  // HF GPT-2 (with biases) minus the position table
    // The causal mask halves the attention term only.
    const double full = ma::forward_flops_per_token(spec, 1024, false), causal = ma::forward_flops_per_token(spec, 1024, true);
    CHECK(full - causal == Approx(0.5 * 4 * 1024 * 768 * 12));
}

TEST_CASE("compute totals, time, cost and the Chinchilla guide", "[compute]") {
    const auto spec = reference("Llama-2-7B");
    ma::ComputeSetup c;
    c.tokens = 2e12;
    c.gpus = 1024;
    c.mfu = 0.5;
    c.price_per_gpu_hour = 2;
    c.gpu = ma::gpu_by_id("A100-80GB");
    const auto e = ma::compute_estimate(spec, c);
    CHECK(e.total_flops == Approx(e.flops_per_token * 2e12));
    CHECK(e.seconds == Approx(e.total_flops / (1024 * 312e12 * 0.5)));
    CHECK(e.cost == Approx(e.gpu_hours * 2));
    CHECK(e.chinchilla_tokens == Approx(20 * 6738415616.0));
    // Chinchilla itself: 70B params, 1.4T tokens -> about 1.94 in the Hoffmann fit.
    CHECK(ma::loss_hoffmann(70e9, 1.4e12) == Approx(1.937).margin(0.01));
    CHECK(std::isfinite(e.loss_besiroglu));
    // 6ND is within a few percent of the explicit count at this shape.
    CHECK(e.flops_per_token / (6 * 6738415616.0) == Approx(1.0).margin(0.1));
}

TEST_CASE("the fit search finds the smallest arrangement, or says by how much none fits", "[memory][fit]") {
    const auto spec = reference("Llama-2-7B");
    ma::TrainingSetup base;
    base.gpu = ma::gpu_by_id("A100-80GB");
    const auto f = ma::find_fit(spec, base, 64);
    REQUIRE(f.found);
    CHECK(f.memory.total_bytes <= base.gpu.memory_bytes);
    CHECK(f.setup.gpus() == 2);
    base.gpu = ma::gpu_by_id("RTX-4090");
    const auto none = ma::find_fit(reference("Mixtral-8x7B"), base, 1);
    CHECK(!none.found);
    CHECK(none.shortfall_bytes > 0);
    CHECK(ma::describe_fit(none).find("no arrangement of up to 1 x RTX-4090 fits") != std::string::npos);
}

TEST_CASE("checkpoint sizes", "[memory]") {
    const auto spec = reference("Llama-2-7B");
    ma::TrainingSetup s;
    const auto c = ma::checkpoint_sizes(spec, s);
    CHECK(c.weights_16bit == 2 * 6738415616.0);
    CHECK(c.weights_fp32 == 4 * 6738415616.0);
    CHECK(c.training == Approx(14 * 6738415616.0));  // bf16 weights + fp32 master + m + v
}

TEST_CASE("bad training options name the option and value", "[memory][errors]") {
    auto bad = [](const char* json, const char* fragment) {
        CHECK_THROWS_WITH(ma::training_setup_from_json(nlohmann::json::parse(json)), Catch::Contains(fragment));
    };
    bad(R"({"micro_batch": 0})", "training.micro_batch: must be between 1");
    bad(R"({"optimizer": "adam"})", "'adam' is not one of adamw, adam8bit");
    bad(R"({"zero_stage": 4})", "training.zero_stage: must be between 0 and 3, got 4");
    bad(R"({"gpu": "TPUv5"})", "'TPUv5' is not in the GPU catalog");
    bad(R"({"gpu": {"id": "x", "memory_gib": -1, "bf16_tflops": 1, "bandwidth_gbs": 1}})", "memory_gib: must be a positive number");
    bad(R"({"sequence_parallel": true})", "sequence parallelism needs tp > 1");
    bad(R"({"batch": 2})", "unknown training option 'batch'");
    bad(R"({"seq_len": "long"})", "training.seq_len: expected an integer");
}

TEST_CASE("activation model agrees with the probe's measurements", "[memory][activations][probe]") {
    // tests/data/activation_probe.json: scripts/activation_probe.py run with Debian's python3-torch.
    const auto probe = nlohmann::json::parse(read_text_file(std::string(MA_TEST_DATA) + "/activation_probe.json"));
    REQUIRE(probe["rows"].size() >= 8);
    for (const auto& row : probe["rows"]) {
        nlohmann::json config = row["config"];
        config["model_type"] = row["model_type"];
        config["vocab_size"] = 1000;
        config["num_hidden_layers"] = 1;
        if (row["model_type"] == "gpt_neox") config["hidden_act"] = "gelu";
        if (row["model_type"] == "gemma") config["hidden_act"] = "gelu_pytorch_tanh";
        const auto spec = ma::read_hf_config_json(config, "probe").spec;
        ma::TrainingSetup s;
        s.precision = row["dtype"] == "bf16" ? ma::Precision::bf16 : ma::Precision::fp32;
        s.attention = ma::AttentionKernel::eager;
        s.micro_batch = row["micro_batch"];
        s.seq_len = row["seq_len"];
        double modelled = 0;
        for (const auto& t : ma::layer_activation_terms(spec, s)) modelled += t.bytes;
        // What torch 1.13 on the CPU keeps beyond the model (which follows torch 2.x on CUDA):
        const double rows = double(s.micro_batch * s.seq_len), h = double(spec.hidden_size);
        double torch113 = 8;  // the attention scaling wrapped as a float64 scalar
        if (row["model_type"] == "gpt_neox") {
            if (s.precision == ma::Precision::bf16) torch113 -= 2 * (4 - 2) * 2 * rows;  // CPU LayerNorm keeps bf16 mean/rstd, CUDA fp32
        } else {
            torch113 += 2 * 4 * rows * h;  // mean() keeps its fp32 input x^2 in each of the 2 RMSNorms (not in torch 2.x)
        }
        CAPTURE(row["model_type"].get<std::string>(), row["dtype"].get<std::string>());
        CHECK(modelled + torch113 == Approx(row["saved_bytes"].get<double>()).epsilon(0));
    }
}

#include <catch2/catch.hpp>

#include <cmath>
#include "estimates/compute.h"
#include "test_support.h"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("FLOPs per token: nanoGPT's explicit count and PaLM's formula", "[compute]") {
    const auto spec = gpt2_124m();
    // transformer_sizing.ipynb: forward + backward of one 1024-token sequence.
    CHECK_THAT(3 * 1024 * ma::forward_flops_per_token(spec, 1024, false), WithinRel(874944921600.0, 1e-15));
    CHECK_THAT(1024 * ma::palm_flops_per_token(123551232, 12, 12, 64, 1024), WithinRel(875062886400.0, 1e-15));
    CHECK(ma::palm_n(spec) == 123653376);  // HF GPT-2 (with biases) minus the position table
    // The causal mask halves the attention term only.
    const double full = ma::forward_flops_per_token(spec, 1024, false), causal = ma::forward_flops_per_token(spec, 1024, true);
    CHECK_THAT(full - causal, WithinRel(0.5 * 4 * 1024 * 768 * 12, 1e-12));
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
    // By hand from the config: matmul weights 32 x (4 x 4096^2 + 3 x 4096 x 11008) + 32000 x 4096 = 6,607,077,376;
    // forward = 2 x that + 0.5 x 4 x 4096 x 32 x 128 x 32 (causal attention at s = 4096) = 14,287,896,576; x 3.
    CHECK(e.flops_per_token == 42863689728.0);
    CHECK_THAT(e.total_flops, WithinRel(8.5727379456e22, 1e-12));
    // 1024 A100s at 312 TFLOP/s and MFU 0.5: 536,655 s = 152,648 GPU-hours (Llama 2 reports 184,320 for this
    // run, i.e. the count implies a 41% MFU on Meta's cluster).
    CHECK_THAT(e.seconds, WithinRel(536654.7692307692, 1e-12));
    CHECK_THAT(e.gpu_hours, WithinRel(152648.4676923077, 1e-12));
    CHECK_THAT(e.cost, WithinRel(305296.9353846154, 1e-12));
    CHECK(e.chinchilla_tokens == 134768312320.0);  // 20 x 6,738,415,616
    // Chinchilla itself: 70B params, 1.4T tokens -> about 1.94 in the Hoffmann fit.
    CHECK_THAT(ma::loss_hoffmann(70e9, 1.4e12), WithinAbs(1.937, 0.01));
    CHECK(std::isfinite(e.loss_besiroglu));
    // 6ND is within a few percent of the explicit count at this shape.
    CHECK_THAT(e.flops_per_token / (6 * 6738415616.0), WithinAbs(1.0, 0.1));
}

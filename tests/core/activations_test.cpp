#include <catch2/catch.hpp>

#include "estimates/activations.h"
#include "test_support.h"

using Catch::Matchers::WithinRel;

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
    CHECK_THAT(total - norm_statistics, WithinRel(sq * b * h * (34 + 5 * a * sq / h), 1e-12));
    // Selective recomputation removes exactly the 5as/h term.
    s.recompute = ma::Recompute::selective;
    double selective = 0;
    for (const auto& t : ma::layer_activation_terms(spec, s)) selective += t.bytes;
    CHECK_THAT(selective - norm_statistics, WithinRel(34 * sq * b * h, 1e-12));
}

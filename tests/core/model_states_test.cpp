#include <catch2/catch.hpp>

#include "estimates/training_memory.h"
#include "test_support.h"

using Catch::Matchers::WithinRel;

namespace {

double states_bytes(const ma::TrainingMemory& m) { return m.states_bytes; }

}  // namespace

TEST_CASE("model states per parameter match the ZeRO paper and Megatron", "[memory][states]") {
    const auto spec = reference("Llama-2-7B");
    const double n = 6738415616.0;
    ma::TrainingSetup s;
    s.precision = ma::Precision::mixed;
    CHECK_THAT(states_bytes(ma::training_memory(spec, s)), WithinRel(16 * n, 1e-12));  // 2 + 2 + 4 + 8 (ZeRO paper, K = 12)
    s.grad_dtype = ma::GradDtype::fp32;
    CHECK_THAT(states_bytes(ma::training_memory(spec, s)), WithinRel(18 * n, 1e-12));  // Megatron: fp32 main_grad
    s.grad_dtype = ma::GradDtype::bf16;
    s.precision = ma::Precision::fp32;
    CHECK_THAT(states_bytes(ma::training_memory(spec, s)), WithinRel(16 * n, 1e-12));
    s.precision = ma::Precision::bf16;
    CHECK_THAT(states_bytes(ma::training_memory(spec, s)), WithinRel(8 * n, 1e-12));
    s.precision = ma::Precision::mixed;
    s.optimizer = ma::Optimizer::sgd;
    CHECK_THAT(states_bytes(ma::training_memory(spec, s)), WithinRel(12 * n, 1e-12));
    s.optimizer = ma::Optimizer::lion;
    CHECK_THAT(states_bytes(ma::training_memory(spec, s)), WithinRel(12 * n, 1e-12));
    // bitsandbytes Adam8bit: uint8 state1 and state2 per element plus one fp32 absmax per 2048-element block
    // for each (every Llama-2-7B tensor has at least 4096 elements): summed over the 291 tensors' shapes.
    s.optimizer = ma::Optimizer::adam8bit;
    CHECK(states_bytes(ma::training_memory(spec, s)) == 8 * n + 13503153168.0);
    // transformers Adafactor without a first moment: fp32 row and column statistics per matrix, the full
    // second moment for vectors: 4 x (sum of rows + columns over the matrices + norm widths) = 11,347,968 B.
    s.optimizer = ma::Optimizer::adafactor;
    CHECK(states_bytes(ma::training_memory(spec, s)) == 8 * n + 11347968.0);
}

TEST_CASE("ZeRO stages shard what the paper says over data-parallel ranks", "[memory][states]") {
    const auto spec = reference("Llama-2-7B");
    const double n = 6738415616.0, dp = 64;
    ma::TrainingSetup s;
    s.dp = 64;
    auto states = [&](int stage) { s.zero_stage = stage; return states_bytes(ma::training_memory(spec, s)); };
    CHECK_THAT(states(0), WithinRel(16 * n, 1e-12));
    CHECK_THAT(states(1), WithinRel(2 * n + 2 * n + 12 * n / dp, 1e-12));
    CHECK_THAT(states(2), WithinRel(2 * n + (2 + 12) * n / dp, 1e-12));
    CHECK_THAT(states(3), WithinRel(16 * n / dp, 1e-12));  // ZeRO paper: 7.5B on 64 GPUs -> 1.9 GB per GPU
}

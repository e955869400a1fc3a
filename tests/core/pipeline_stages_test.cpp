#include <catch2/catch.hpp>

#include "estimates/pipeline_stages.h"
#include "estimates/training_memory.h"
#include "test_support.h"

using Catch::Matchers::WithinRel;

TEST_CASE("tensor and pipeline parallelism split the model and check divisibility", "[memory][parallel]") {
    const auto spec = reference("Llama-3-8B");
    ma::TrainingSetup s;
    s.engine = ma::Engine::megatron;  // HF Trainer runs data parallelism only
    const double whole = ma::training_memory(spec, s).params_on_rank;
    CHECK_THAT(whole, WithinRel(8030261248.0, 1e-12));
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
    s.engine = ma::Engine::hf;
    s.pp = 2;
    CHECK_THROWS_WITH(ma::training_memory(spec, s), Catch::Contains("training.pp: pp 2: HF Trainer runs data parallelism"));
}

#include <catch2/catch.hpp>

#include "estimates/training_setup.h"

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

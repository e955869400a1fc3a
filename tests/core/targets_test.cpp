#include <catch2/catch.hpp>

#include "design/targets.h"
#include "estimates/compute.h"
#include "test_support.h"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("targets: parameters, loss and budget", "[design]") {
    const auto by_params = design({{"params", 1.2e9}});
    CHECK(std::fabs(double(by_params.candidates[0].count.total) / 1.2e9 - 1) < 0.1);
    CHECK(by_params.scale == "1B-3B");
    const auto by_loss = design({{"target_loss", 2.4}});
    CHECK_THAT(ma::loss_besiroglu(double(by_loss.candidates[0].count.total), 20.0 * double(by_loss.candidates[0].count.total)),
               WithinAbs(2.4, 0.03));
    // 10,000 H100-hours at the hf engine's typical MFU 0.35 (engine_profile.cpp): 3.6e7 s x 989 TFLOP/s
    // (dense bf16, NVIDIA datasheet) x 0.35; a given MFU replaces it.
    const auto by_budget = design({{"gpu_hours", 10000}, {"gpus", 8}});
    CHECK_THAT(by_budget.budget_flops, WithinRel(1.246140e22, 1e-12));
    CHECK_THAT(design({{"gpu_hours", 10000}, {"gpus", 8}, {"mfu", 0.4}}).budget_flops, WithinRel(1.42416e22, 1e-12));
    CHECK_THROWS_WITH(design({{"scale", "100M"}, {"params", 1e8}}), Catch::Contains("give one target"));
    CHECK_THROWS_WITH(design({{"scale", "10B"}}), Catch::Contains("design.scale: '10B' is not one of 100M, 300M-700M, 1B-3B, 7B+"));
    CHECK_THROWS_WITH(design({{"money", 1000}}), Catch::Contains("price_per_gpu_hour"));
}

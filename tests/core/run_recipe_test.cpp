// The training recipe: DeepSeek LLM's fit, the batch the arrangement runs, overrides named as given.
#include <catch2/catch.hpp>

#include <cmath>

#include "plan/run_recipe.h"
#include "test_support.h"

using Catch::Matchers::WithinRel;

TEST_CASE("the recipe's batch and learning rate follow DeepSeek LLM's fit, rounded to the arrangement", "[recipe]") {
    const auto spec = reference("Llama-3-8B");
    ma::TrainingSetup a;
    a.micro_batch = 2;
    a.dp = 64;
    a.seq_len = 4096;
    // C = 1e21: B_opt = 0.2920 x 1e21^0.3271 = 2.00M tokens, eta_opt = 0.3118 x 1e21^-0.125 = 7.39e-4 (Bi et al. 2024, eq. 1).
    const auto r = ma::plan_run(spec, a, 1e11, {}, 1e21);
    CHECK_THAT(r.fitted_batch_tokens, WithinRel(0.2920 * std::pow(1e21, 0.3271), 1e-12));
    CHECK_THAT(r.fitted_lr, WithinRel(0.3118 * std::pow(1e21, -0.1250), 1e-12));
    CHECK(r.peak_lr == 0.000739);  // three significant digits
    CHECK(r.global_batch_sequences == a.micro_batch * a.dp * r.grad_accum);
    CHECK(std::fabs(r.global_batch_tokens / r.fitted_batch_tokens - 1) <= 0.25);  // the nearest whole number of micro-steps
    CHECK(r.steps == int64_t(std::ceil(1e11 / r.global_batch_tokens)));
    CHECK(r.warmup_steps == 2000);
    CHECK_THAT(r.min_lr, WithinRel(0.1 * r.peak_lr, 1e-9));
    // The run's compute from the model: M = 6 x non-embedding matmul weights + 6 L H d s.
    const double m = 6.0 * (32 * (4096.0 * 4096 * 2 + 4096.0 * 1024 * 2 + 3 * 4096.0 * 14336)) + 6.0 * 32 * 32 * 128 * 4096;
    CHECK_THAT(ma::deepseek_flops_per_token(spec, 4096), WithinRel(m, 1e-12));
    // Under pipeline parallelism at least pp micro-steps fill the pipeline.
    a.pp = 8;
    CHECK(ma::plan_run(spec, a, 1e9, {}, 1e17).grad_accum >= 8);
}

TEST_CASE("every recipe value can be given, and then says so", "[recipe]") {
    const auto spec = reference("Llama-3-8B");
    ma::TrainingSetup a;
    a.dp = 8;
    ma::RunOptions o = ma::run_fields().read({{"peak_lr", 3e-4}, {"global_batch_tokens", 4e6}, {"schedule", "wsd"}, {"decay_fraction", 0.1},
                                              {"warmup_steps", 500}, {"weight_decay", 0.05}}, "run");
    const auto r = ma::plan_run(spec, a, 1e11, o);
    CHECK(r.peak_lr == 3e-4);
    CHECK(r.schedule == ma::LrSchedule::wsd);
    CHECK(r.decay_steps == std::llround(0.1 * double(r.steps)));
    CHECK(r.warmup_steps == 500);
    CHECK(std::fabs(r.global_batch_tokens - 4e6) <= 0.5 * a.dp * a.seq_len);
    int given = 0;
    for (const auto& v : ma::recipe_values(r)) given += v.source.rfind("given", 0) == 0;
    CHECK(given >= 5);
    CHECK_THROWS_WITH(ma::run_fields().read({{"schedule", "linear"}}, "run"), Catch::Contains("'linear' is not one of cosine, wsd"));
    CHECK_THROWS_WITH(ma::run_fields().read({{"lr", 1}}, "run"), Catch::Contains("unknown run option 'lr'"));
}

// Throughput from the arrangement: the step's terms add up, and each knob moves tokens/s the way its
// cost says. The values against published runs are in tests/node/measured_runs.test.mjs.
#include <catch2/catch.hpp>

#include "estimates/memory_report.h"
#include "estimates/throughput.h"
#include "model/quantity.h"
#include "test_support.h"

using Catch::Matchers::WithinRel;

namespace {

ma::Throughput run(const nlohmann::json& training) {
    return ma::training_throughput(reference("Llama-3-8B"), ma::training_setup_from_json(training));
}

}  // namespace

TEST_CASE("throughput: the step is the sum of its terms, and MFU counts model FLOPs only", "[throughput]") {
    const auto t = run({{"engine", "torchtitan"}, {"dp", 8}, {"micro_batch", 2}, {"seq_len", 8192}, {"recompute", "full"}, {"gpu", "H100-96GB"}});
    double sum = 0;
    for (const auto& term : t.terms) sum += term.seconds;
    CHECK_THAT(t.step_seconds, WithinRel(sum, 1e-12));
    CHECK_THAT(t.tokens_per_s_per_gpu, WithinRel(t.tokens_per_step / t.step_seconds / 8, 1e-12));
    CHECK_THAT(t.mfu / t.hfu, WithinRel(t.model_flops_per_token / t.hardware_flops_per_token, 1e-12));
    // Full recomputation repeats the layers' forward: hardware FLOPs = model FLOPs x 4/3 less the head's share.
    CHECK(t.hardware_flops_per_token > t.model_flops_per_token * 1.25);
    CHECK(t.hardware_flops_per_token < t.model_flops_per_token * 4.0 / 3.0);
}

TEST_CASE("a numbers-only throughput has the same terms' seconds and no formulas", "[throughput]") {
    // Every term: tensor, pipeline and data parallelism across nodes.
    const nlohmann::json training = {{"engine", "megatron"}, {"dp", 4}, {"tp", 4}, {"pp", 2}, {"grad_accum", 8}, {"gpu", "H100-SXM"}};
    const auto full = run(training);
    const auto lean = [&] { const ma::Q::NumbersOnly numbers_only; return run(training); }();
    CHECK(lean.tokens_per_s_per_gpu == full.tokens_per_s_per_gpu);
    CHECK(lean.mfu == full.mfu);
    CHECK(lean.hfu == full.hfu);
    CHECK(lean.step_seconds == full.step_seconds);
    REQUIRE(full.terms.size() == 6);
    REQUIRE(lean.terms.size() == full.terms.size());
    for (size_t i = 0; i < full.terms.size(); ++i) {
        CAPTURE(full.terms[i].name);
        CHECK(lean.terms[i].name == full.terms[i].name);
        CHECK(lean.terms[i].seconds == full.terms[i].seconds);
        CHECK(lean.terms[i].formula.empty());
        CHECK(!full.terms[i].formula.empty());
    }
    CHECK(lean.assumptions.empty());
    CHECK(!full.assumptions.empty());
}

TEST_CASE("throughput: recomputation, sync TP and pipeline bubbles cost what they should", "[throughput]") {
    const nlohmann::json base = {{"engine", "torchtitan"}, {"dp", 8}, {"micro_batch", 1}, {"seq_len", 4096}, {"gpu", "H100-SXM"}};
    auto with = [&](nlohmann::json extra) {
        nlohmann::json j = base;
        j.update(extra);
        return run(j).tokens_per_s_per_gpu;
    };
    CHECK(with({{"recompute", "none"}}) > with({{"recompute", "selective"}}));
    CHECK(with({{"recompute", "selective"}}) > with({{"recompute", "full"}}));
    CHECK(with({{"compile", true}}) > with(nlohmann::json::object()));
    CHECK(with({{"compile", true}, {"float8", true}}) > with({{"compile", true}}));
    CHECK(with({{"dp", 4}, {"tp", 2}, {"async_tp", true}}) > with({{"dp", 4}, {"tp", 2}}));
    // 1F1B bubble (p - 1) / m: more micro-batches per step shrink it.
    CHECK(with({{"dp", 2}, {"pp", 4}, {"grad_accum", 16}}) > with({{"dp", 2}, {"pp", 4}, {"grad_accum", 4}}));
    const auto two = run({{"engine", "torchtitan"}, {"dp", 4}, {"pp", 2}, {"grad_accum", 2}, {"seq_len", 4096}});
    double compute = 0, bubble = 0;
    for (const auto& term : two.terms) {
        if (term.name == "pipeline bubble") bubble = term.seconds;
        if (term.name == "matmuls (model + recomputed)" || term.name == "attention kernels") compute += term.seconds;
    }
    CHECK_THAT(bubble, WithinRel(compute * (2 - 1) / 2.0, 1e-12));
}

TEST_CASE("a given MFU overrides the prediction, and the report says which it used", "[throughput]") {
    const auto spec = reference("Llama-3-8B");
    auto predicted = ma::memory_report(spec, ma::memory_options_from_json({{"training", {{"engine", "torchtitan"}, {"dp", 8}}}}));
    CHECK_THAT(predicted.compute_setup.mfu, WithinRel(predicted.throughput.mfu, 1e-12));
    CHECK(predicted.compute_setup.mfu_source.find("predicted for torchtitan") != std::string::npos);
    auto given = ma::memory_report(spec, ma::memory_options_from_json({{"mfu", 0.5}, {"training", {{"engine", "torchtitan"}, {"dp", 8}}}}));
    CHECK(given.compute_setup.mfu == 0.5);
    CHECK(given.compute_setup.mfu_source == "given");
    CHECK(ma::to_json(given)["training"]["tokens_per_s_per_gpu"].get<double>() > 0);
}

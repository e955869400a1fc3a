#include <catch2/catch.hpp>

#include "estimates/checkpoint_and_fit.h"
#include "test_support.h"

using Catch::Matchers::WithinRel;

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
    CHECK_THAT(c.training, WithinRel(14 * 6738415616.0, 1e-12));  // bf16 weights + fp32 master + m + v
}

TEST_CASE("a numbers-only memory estimate has the same bytes and no report text", "[memory][fit]") {
    const auto spec = reference("Llama-2-7B");
    ma::TrainingSetup s;
    s.gpu = ma::gpu_by_id("A100-80GB");
    s.dp = 8;
    s.zero_stage = 3;
    const auto full = ma::training_memory(spec, s);
    const auto lean = [&] { const ma::Q::NumbersOnly numbers_only; return ma::training_memory(spec, s); }();
    CHECK(lean.total_bytes == full.total_bytes);
    CHECK(lean.reserved_bytes == full.reserved_bytes);
    CHECK(lean.fits == full.fits);
    CHECK(lean.per_layer.empty());
    CHECK(lean.assumptions.empty());
    CHECK(!full.per_layer.empty());
    CHECK(!full.assumptions.empty());
    // Term by term: the same bytes; the names and formulas only where text is built.
    const auto full_terms = ma::listed_terms(full), lean_terms = ma::listed_terms(lean);
    REQUIRE(lean_terms.size() == full_terms.size());
    for (size_t i = 0; i < full_terms.size(); ++i) {
        CAPTURE(full_terms[i].name);
        CHECK(lean_terms[i].bytes == full_terms[i].bytes);
        CHECK(lean_terms[i].formula.empty());
        CHECK(!full_terms[i].name.empty());
        CHECK(!full_terms[i].formula.empty());
    }
    CAPTURE(lean.activations.front().name);
    CHECK(lean.activations.front().name.empty());
    CHECK(lean.states.front().name.empty());
}

// find_fit keeps its recent answers: asked again, it answers the same; asked with any input
// changed, it searches again.
TEST_CASE("the fit search answers a repeated question alike and a changed one anew", "[memory][fit]") {
    const auto spec = reference("Llama-2-7B");
    ma::TrainingSetup base;
    base.gpu = ma::gpu_by_id("A100-80GB");
    const auto first = ma::find_fit(spec, base, 64);
    const auto again = ma::find_fit(spec, base, 64);
    CHECK(again.setup == first.setup);
    CHECK(again.memory.total_bytes == first.memory.total_bytes);
    CHECK(first.setup.gpus() == 2);
    ma::TrainingSetup half = base;  // the same GPU id with half the memory
    half.gpu.memory_bytes /= 2;
    CHECK(ma::find_fit(spec, half, 64).setup.gpus() > 2);
    CHECK(ma::find_fit(spec, base, 64, true).setup.gpus() == 64);
    CHECK(ma::find_fit(spec, base, 1).found == false);
    ma::ArchSpec deeper = spec;
    deeper.num_hidden_layers = 64;
    CHECK(ma::find_fit(deeper, base, 64).setup.gpus() > 2);
    CHECK(ma::find_fit(spec, base, 64).setup == first.setup);
}

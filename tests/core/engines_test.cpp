// The engine table: which models each engine has, what it refuses and why, its options and defaults,
// and each engine's layer rows against independent sources (Korthikanti et al. 2022 for Megatron,
// the probe for HF autocast in activation_probe_test.cpp, measured runs in tests/node/measured_runs.test.mjs).
#include <catch2/catch.hpp>

#include "estimates/activations.h"
#include "estimates/engines/engine_profile.h"
#include "estimates/training_memory.h"
#include "test_support.h"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

namespace {

ma::TrainingSetup setup(const nlohmann::json& j) { return ma::training_setup_from_json(j); }

double layer_bytes(const ma::ArchSpec& spec, const ma::TrainingSetup& s) {
    double total = 0;
    for (const auto& t : ma::layer_activation_terms(spec, s)) total += t.bytes;
    return total;
}

}  // namespace

TEST_CASE("an engine refuses a family it has no model for, and says why", "[engines]") {
    const auto neox = reference("pythia-160m");
    CHECK_THROWS_WITH(ma::training_memory(neox, setup({{"engine", "torchtitan"}})),
                      Contains("torchtitan has no gpt_neox model (it models llama, qwen3)"));
    CHECK_THROWS_WITH(ma::training_memory(neox, setup({{"engine", "megatron"}})), Contains("megatron has no gpt_neox model"));
    CHECK_NOTHROW(ma::training_memory(neox, setup({{"engine", "hf"}})));
    // A family it has, with a feature its model lacks.
    auto tied = reference("Llama-3-8B");
    tied.tie_word_embeddings = true;
    CHECK_THROWS_WITH(ma::training_memory(tied, setup({{"engine", "torchtitan"}})), Contains("tie_word_embeddings"));
    CHECK_THROWS_WITH(ma::training_memory(reference("gemma-2b"), setup({{"engine", "megatron"}})), Contains("megatron has no gemma model"));
    // The fit search says so as a value.
    const auto fit = ma::find_fit(neox, setup({{"engine", "torchtitan"}}), 8);
    CHECK(fit.status == ma::FitStatus::engine_refuses);
    CHECK_THAT(ma::describe_fit(fit), Contains("torchtitan has no gpt_neox model"));
}

TEST_CASE("engine options: each engine reads its own, fills its defaults, and names what does not apply", "[engines][options]") {
    CHECK(setup({{"engine", "torchtitan"}}).zero_stage == 3);  // FSDP2 always shards
    CHECK(setup({{"engine", "megatron"}}).grad_dtype == ma::GradDtype::fp32);  // main_grad
    CHECK(setup({{"engine", "hf"}}).grad_dtype == ma::GradDtype::bf16);
    CHECK(setup({{"engine", "torchtitan"}, {"tp", 2}}).sequence_parallel);
    CHECK_THROWS_WITH(setup({{"engine", "megatron"}, {"compile", true}}), Contains("training.compile: compile is not an option of the megatron engine"));
    CHECK_THROWS_WITH(setup({{"engine", "torchtitan"}, {"zero_stage", 1}}), Contains("training.zero_stage: ZeRO stage 1 does not apply to torchtitan"));
    CHECK_THROWS_WITH(setup({{"engine", "hf"}, {"recompute", "selective"}}), Contains("transformers has no selective recomputation"));
    CHECK_THROWS_WITH(setup({{"engine", "torchtitan"}, {"precision", "amp"}}), Contains("training.precision: 'amp' does not apply to torchtitan"));
    CHECK_THROWS_WITH(setup({{"engine", "megatron"}, {"attention", "eager"}}), Contains("'eager' attention does not apply to megatron"));
    CHECK_THROWS_WITH(setup({{"engine", "nemo"}}), Contains("'nemo' is not one of hf, torchtitan, megatron"));
    // A written setup reads back under its engine (engine-specific options at their defaults are not "given").
    const auto s = setup({{"engine", "megatron"}, {"tp", 2}, {"zero_stage", 1}});
    CHECK(ma::to_json(setup(ma::to_json(s))) == ma::to_json(s));
}

TEST_CASE("Megatron's GPT layer is Korthikanti et al.'s sbh(34 + 5as/h), and its TP and SP splits", "[engines][activations]") {
    // Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models", eq. 1 and Table 2.
    auto spec = gpt2_124m();
    spec.hidden_act = "gelu";
    const double b = 4, sq = 1024, h = 768, a = 12;
    auto megatron = [&](int tp, bool sp) {
        return setup({{"engine", "megatron"}, {"attention", "fused"}, {"transformer_impl", "local"}, {"dropout", 0.1},
                      {"micro_batch", 4}, {"seq_len", 1024}, {"tp", tp}, {"sequence_parallel", sp}});
    };
    const double sbh = sq * b * h, stats = 2 * 8 * b * sq;  // LayerNorm mean and rstd, which the paper leaves out
    CHECK_THAT(layer_bytes(spec, megatron(1, false)) - stats, WithinRel(sbh * (34 + 5 * a * sq / h), 1e-12));
    CHECK_THAT(layer_bytes(spec, megatron(4, false)) - stats, WithinRel(sbh * (10 + 24.0 / 4 + 5 * a * sq / (h * 4)), 1e-12));
    CHECK_THAT(layer_bytes(spec, megatron(4, true)) - stats / 4, WithinRel(sbh * (34.0 / 4 + 5 * a * sq / (h * 4)), 1e-12));
    // Selective recomputation removes exactly the 5as/h term; full keeps the 2sbh layer input.
    auto selective = megatron(1, false);
    selective.recompute = ma::Recompute::selective;
    CHECK_THAT(layer_bytes(spec, selective) - stats, WithinRel(34 * sbh, 1e-12));
    auto full = megatron(1, false);
    full.recompute = ma::Recompute::full;
    CHECK_THAT(layer_bytes(spec, full), WithinRel(2 * sbh, 1e-12));
}

TEST_CASE("HF autocast differs from pure bf16 where the code does: fp32 residual and norms, a bf16 copy per projection", "[engines][activations]") {
    const auto spec = reference("Llama-3-8B");
    auto bf16 = setup({{"precision", "bf16"}, {"attention", "flash"}, {"micro_batch", 1}, {"seq_len", 4096}});
    auto amp = bf16;
    amp.precision = ma::Precision::amp;
    const double bsh = 4096.0 * 4096.0;
    // Two RMSNorms keep an fp32 normalized output (8 B instead of 4 + 2 per element); q, k, v, gate and up each keep
    // their own 2-byte copy of the normalized input instead of sharing two.
    CHECK_THAT(layer_bytes(spec, amp) - layer_bytes(spec, bf16), WithinRel(2 * 2 * bsh + (5 - 2) * 2 * bsh, 1e-12));
    // What gradient checkpointing keeps is the fp32 residual under autocast.
    amp.recompute = bf16.recompute = ma::Recompute::full;
    CHECK_THAT(layer_bytes(spec, amp), WithinRel(2 * layer_bytes(spec, bf16), 1e-12));
}

TEST_CASE("memory phases: the peak is the largest of the loss, a layer's backward and the optimizer step", "[engines][memory]") {
    const auto spec = reference("Llama-3-8B");
    const auto m = ma::training_memory(spec, setup({{"engine", "torchtitan"}, {"dp", 8}, {"micro_batch", 2}, {"seq_len", 8192},
                                                    {"recompute", "selective"}, {"gpu", "H100-96GB"}}));
    REQUIRE(m.phases.size() == 3);
    CHECK(m.peak_phase().name == "the loss and its backward");
    double held = m.states_bytes + m.activation_bytes;
    for (const auto& b : m.buffers) held += b.bytes;
    CHECK_THAT(m.allocated_bytes, WithinRel(held + m.peak_phase().bytes, 1e-12));
    CHECK_THAT(m.reserved_bytes, WithinRel(m.allocated_bytes * 1.148, 1e-12));  // torchtitan eager fragmentation
    // A given fragmentation and context replace the engine's.
    const auto given = ma::training_memory(spec, setup({{"engine", "torchtitan"}, {"dp", 8}, {"fragmentation", 0}, {"overhead_gib", 0}}));
    CHECK(given.reserved_bytes == given.allocated_bytes);
    CHECK(given.total_bytes == given.reserved_bytes);
    // Megatron without Transformer Engine steps torch AdamW (foreach): one fp32 temporary per parameter, activations freed.
    const auto megatron = ma::training_memory(spec, setup({{"engine", "megatron"}, {"transformer_impl", "local"}, {"attention", "fused"},
                                                           {"recompute", "full"}, {"tp", 8}, {"micro_batch", 1}, {"seq_len", 256}}));
    CHECK(megatron.peak_phase().name == "the optimizer step (activations freed)");
    CHECK_THAT(megatron.allocated_bytes, WithinRel(megatron.states_bytes * (18.0 + 4.0) / 18.0, 1e-9));
}

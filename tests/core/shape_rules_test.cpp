#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "design/scale_templates.h"
#include "design/shapes.h"
#include "design/shape_rules.h"
#include "estimates/checkpoint_and_fit.h"
#include "model/hf_config.h"

namespace {

std::set<std::string> broken(const ma::ArchSpec& s, const std::string& cls) {
    std::set<std::string> out;
    for (const auto& w : ma::check_shape(s, ma::scale_template(cls), 128)) out.insert(w.rule);
    return out;
}

ma::ArchSpec shape(int64_t hidden, int64_t layers, int64_t heads, int64_t kv, int64_t ffn) {
    ma::ArchSpec s = ma::default_spec("llama");
    s.vocab_size = 128256;
    s.hidden_size = hidden;
    s.num_hidden_layers = layers;
    s.num_attention_heads = heads;
    s.num_key_value_heads = kv;
    s.intermediate_size = ffn;
    return ma::resolve(s);
}

}  // namespace

TEST_CASE("the published shapes keep the rules of their class", "[rules]") {
    CHECK(broken(shape(4096, 32, 32, 8, 14336), "7B+").empty());    // Llama-3-8B
    CHECK(broken(shape(2048, 16, 32, 8, 8192), "1B-3B").empty());   // Llama-3.2-1B
    CHECK(broken(shape(1024, 28, 16, 8, 3072), "300M-700M").empty());  // Qwen3-0.6B (head_dim 64 here)
}

TEST_CASE("each kernel and layout rule names the value at fault", "[rules]") {
    // 6 kv heads do not split over tensor parallel 4 or 8 (Megatron and vLLM refuse).
    const auto kv6 = ma::check_shape(shape(3072, 32, 24, 6, 8192), ma::scale_template("7B+"), 128);
    bool tp8 = false;
    for (const auto& w : kv6) tp8 = tp8 || w.message == "num_key_value_heads (6) is not divisible by tensor parallel 8 (Megatron-LM and vLLM refuse the split)";
    CHECK(tp8);
    // head_dim 125: no FlashAttention kernel; 31 layers: no even pipeline; 4000 and 11000: misaligned.
    const auto odd = broken(shape(4000, 31, 32, 8, 11000), "7B+");
    CHECK(odd == std::set<std::string>{"flash_head_dim", "pp_layers", "hidden_multiple", "ffn_multiple", "aspect_ratio"});
    // A 3.5B model 72 layers deep is outside what the class's published models do.
    CHECK(broken(shape(2048, 72, 16, 4, 5632), "1B-3B").count("aspect_ratio") == 1);
    for (const auto& r : ma::shape_rules()) {
        CHECK(!r.rule.empty());
        CHECK(!r.source.empty());
    }
}

TEST_CASE("the fit search skips tensor-parallel degrees the heads do not divide, and says so", "[rules][fit]") {
    // A GPU too small for any arrangement: the search tries every degree and reports the ones it skipped.
    ma::TrainingSetup base;
    base.engine = ma::Engine::megatron;  // an engine with tensor parallelism
    base.gpu = ma::gpu_from_json({{"id", "tiny"}, {"memory_gib", 1}, {"bf16_tflops", 100}, {"bandwidth_gbs", 100}});
    const auto f = ma::find_fit(shape(3072, 32, 24, 6, 8192), base, 8, true);
    REQUIRE(!f.found);
    bool said = false;
    for (const auto& s : f.skipped) said = said || s.find("num_key_value_heads (6) does not split over tp (4)") != std::string::npos;
    CHECK(said);
    CHECK(ma::describe_fit(f).find("skipped") != std::string::npos);
    // tp 8 with 6 kv heads: neither divides the other.
    ma::TrainingSetup tp8;
    tp8.engine = ma::Engine::megatron;
    tp8.tp = 8;
    CHECK(ma::layout_problem(shape(3072, 32, 24, 6, 8192), tp8).has_value());
    // 4 kv heads over tp 8 are replicated (vLLM, HF): allowed.
    CHECK(!ma::layout_problem(shape(4096, 32, 32, 4, 14336), tp8).has_value());
}

// The KV-head choice as first written: every kv count from 1 to heads, the fewest of equal gaps.
// kv_heads_for() walks only the group sizes within the factor of two; both must choose alike.
TEST_CASE("the KV heads for a head count are the nearest GQA group, as a walk over every kv count chooses", "[rules][shapes]") {
    ma::Recipe gqa;
    gqa.attention = ma::AttentionChoice::gqa;
    auto every_kv = [](int64_t heads, int64_t group, const ma::ScaleTemplate& cls) {
        int64_t best = 0;
        double best_gap = 1e300;
        for (int64_t kv = 1; kv <= heads; ++kv) {
            if (heads % kv != 0 || !ma::tp_friendly(heads, kv, cls.tp_degrees)) continue;
            if (2 * (heads / kv) < group || heads / kv > 2 * group) continue;
            const double gap = std::fabs(std::log(double(heads / kv) / double(group)));
            if (gap < best_gap - 1e-12) best = kv, best_gap = gap;
        }
        return best;
    };
    int64_t compared = 0, found = 0;
    for (const ma::ScaleTemplate& cls : ma::scale_templates())
        for (int64_t heads = 1; heads <= 320; ++heads)
            for (int64_t group = 1; group <= 20; ++group) {
                const int64_t kv = ma::kv_heads_for(gqa, heads, group, cls);
                CHECK(kv == every_kv(heads, group, cls));
                ++compared;
                found += kv > 0;
            }
    CHECK(compared == int64_t(ma::scale_templates().size()) * 320 * 20);
    CHECK(found > compared / 4);  // most (heads, group) pairs have a choice: the comparison is not all zeros
    // Llama-3-8B: 32 heads in groups of 4 -> 8 KV heads; 32 has no group of 5: groups of 4 (8 KV heads) are nearer than 8.
    CHECK(ma::kv_heads_for(gqa, 32, 4, ma::scale_template("7B+")) == 8);
    CHECK(ma::kv_heads_for(gqa, 32, 5, ma::scale_template("7B+")) == 8);
}

// The 2026 families (qwen3_moe, qwen2_moe, deepseek_v3, gemma3_text, olmo): shapes
// from their HF modeling code, checked as properties of the count. The published
// totals are in the reference-model test (tests/data/more_models.json and
// ../shared/reference/real_models_modern.json).
#include <catch2/catch.hpp>

#include "error.h"
#include "estimates/checkpoint_and_fit.h"
#include "estimates/inference.h"
#include "model/components.h"
#include "model/family.h"
#include "model/hf_config.h"
#include "model/param_count.h"
#include "design/reports.h"
#include "test_support.h"

using ma::ArchSpec;
using ma::count_parameters;
using ma::Part;

namespace {

ArchSpec reference_spec(const std::string& name) {
    for (const auto& m : reference_models())
        if (m.name == name) return ma::read_hf_config_json(m.config, m.name).spec;
    throw std::runtime_error("no reference model " + name);
}

uint64_t part(const ma::ParamCount& c, Part p) { return c.by_part[int(p)]; }

bool has_tensor(const ma::ParamCount& c, const std::string& name) {
    for (const auto& t : c.tensors)
        if (t.name == name) return true;
    return false;
}

}  // namespace

TEST_CASE("DeepSeek-V3 breaks down into MLA, dense layers, routed and shared experts and routers", "[count][family][moe]") {
    const ArchSpec s = reference_spec("DeepSeek-V3");
    const auto c = count_parameters(s);
    CHECK(c.moe_layers == 58);
    CHECK(c.dense_layers == 3);
    const uint64_t h = 7168, expert = 3 * h * 2048;
    CHECK(part(c, Part::routed_experts) == 58ULL * 256 * expert);
    CHECK(part(c, Part::shared_experts) == 58ULL * expert);
    CHECK(part(c, Part::router) == 58ULL * 256 * h);
    CHECK(part(c, Part::dense_mlp) == 3ULL * 3 * h * 18432);
    // q_a 7168x1536, q_a_layernorm 1536, q_b 1536x(128x192), kv_a 7168x576, kv_a_layernorm 512,
    // kv_b 512x(128x256), o (128x128)x7168
    const uint64_t mla = h * 1536 + 1536 + 1536ULL * 128 * 192 + h * 576 + 512 + 512ULL * 128 * 256 + 128ULL * 128 * h;
    CHECK(c.layer_by_block[int(ma::Block::attention)] == mla - 1536 - 512);  // the two low-rank norms count as norms
    CHECK(part(c, Part::attention) == 61 * (mla - 2048));
    CHECK(has_tensor(c, "model.layers.{i}.self_attn.kv_a_proj_with_mqa.weight"));
    CHECK(has_tensor(c, "model.layers.{i}.mlp.shared_experts.down_proj.weight"));
    CHECK_FALSE(has_tensor(c, "model.layers.{i}.mlp.gate.e_score_correction_bias"));  // a buffer in HF
    // DeepSeek's own convention (README_WEIGHTS.md): activated parameters without the input embedding,
    // counting the 58 x 256 router biases its checkpoint stores as parameters.
    CHECK(c.active_non_embedding + 58 * 256 == 36625618432ULL);
    CHECK(c.per_layer > c.dense_layer);
}

TEST_CASE("MLA without a query low rank builds one q_proj", "[count][family][mla]") {
    ArchSpec s = ma::default_spec("deepseek_v3");
    const auto with_rank = count_parameters(s);
    s.extras["q_lora_rank"] = nullptr;
    const auto full = count_parameters(s);
    CHECK(has_tensor(full, "model.layers.{i}.self_attn.q_proj.weight"));
    CHECK_FALSE(has_tensor(full, "model.layers.{i}.self_attn.q_a_proj.weight"));
    const int64_t delta_per_layer = int64_t(7168 * 128 * 192) - int64_t(7168 * 1536 + 1536 + 1536 * 128 * 192);
    CHECK(int64_t(full.total) - int64_t(with_rank.total) == 61 * delta_per_layer);
}

TEST_CASE("one more routed expert adds exactly one expert's parameters per MoE layer", "[count][property][moe]") {
    for (const char* type : {"mixtral", "olmoe", "qwen3_moe", "qwen2_moe", "deepseek_v3"}) {
        CAPTURE(type);
        ArchSpec s = ma::default_spec(type);
        s.num_hidden_layers = 8;
        const auto before = count_parameters(s);
        ++s.num_local_experts;
        const auto after = count_parameters(s);
        const auto moe = ma::moe_shape(ma::family_for(type), ma::resolve(s));
        const uint64_t one = 3ULL * uint64_t(s.hidden_size) * uint64_t(moe.expert_width) + uint64_t(s.hidden_size);  // + a router row
        CHECK(after.total - before.total == uint64_t(before.moe_layers) * one);
        // the active count does not change: a token still goes to top-k
        CHECK(after.active_per_token - before.active_per_token == uint64_t(before.moe_layers) * uint64_t(s.hidden_size));
    }
}

TEST_CASE("first_k_dense_replace moves exactly one MoE layer's difference per layer", "[count][property][moe]") {
    ArchSpec s = ma::default_spec("deepseek_v3");
    s.num_hidden_layers = 10;
    const auto base = count_parameters(s);
    const uint64_t moe_layer = base.per_layer, dense_layer = base.dense_layer;
    for (int k = 0; k <= 10; ++k) {
        CAPTURE(k);
        s.extras["first_k_dense_replace"] = k;
        const auto c = count_parameters(s);
        CHECK(c.dense_layers == k);
        CHECK(int64_t(c.total) - int64_t(base.total) == int64_t(k - 3) * (int64_t(dense_layer) - int64_t(moe_layer)));
    }
}

TEST_CASE("qwen3_moe: decoder_sparse_step and mlp_only_layers pick the dense layers", "[count][property][moe]") {
    ArchSpec s = ma::default_spec("qwen3_moe");
    s.num_hidden_layers = 12;
    s.extras["decoder_sparse_step"] = 3;  // layers 2, 5, 8, 11 hold experts
    s.extras["mlp_only_layers"] = {5};
    const auto c = count_parameters(s);
    CHECK(c.moe_layers == 3);
    CHECK(c.dense_layers == 9);
    CHECK(part(c, Part::dense_mlp) == 9ULL * 3 * 2048 * 6144);
    s.extras["mlp_only_layers"] = {12};
    CHECK_THROWS_WITH(count_parameters(s), Catch::Contains("mlp_only_layers[0]") && Catch::Contains("outside 0..11"));
    s.extras["mlp_only_layers"] = nullptr;
    s.extras["decoder_sparse_step"] = 0;
    CHECK_THROWS_WITH(count_parameters(s), Catch::Contains("decoder_sparse_step must be positive"));
}

TEST_CASE("qwen2_moe's shared expert and its sigmoid gate", "[count][family][moe]") {
    const auto c = count_parameters(ma::default_spec("qwen2_moe"));
    CHECK(has_tensor(c, "model.layers.{i}.mlp.shared_expert.gate_proj.weight"));
    CHECK(has_tensor(c, "model.layers.{i}.mlp.shared_expert_gate.weight"));
    CHECK(part(c, Part::shared_experts) == 24ULL * (3 * 2048 * 5632 + 2048));
}

TEST_CASE("gemma3_text: five local layers per global one, per-head QK-norm, four norms per layer", "[count][family]") {
    const auto& f = ma::family_for("gemma3_text");
    ArchSpec s = ma::resolve(ma::default_spec("gemma3_text"));
    for (int64_t l = 0; l < 12; ++l) CHECK(ma::windowed_layer(f, s, l) == ((l + 1) % 6 != 0));
    const auto c = count_parameters(s);
    CHECK(c.layer_by_block[int(ma::Block::norm)] == 4ULL * 2304 + 2 * 256);
    // gemma-3-1b: a 32k context caches the full context on its 4 global layers, the window on the 22 local ones
    const ArchSpec small = reference_spec("gemma-3-1b-it");
    int64_t cached = 0;
    for (int64_t l = 0; l < small.num_hidden_layers; ++l) cached += ma::cached_tokens(small, l, 32768);
    CHECK(cached == 4 * 32768 + 22 * 512);
}

TEST_CASE("olmo: LayerNorms without parameters, eps fixed by the code", "[count][family]") {
    const ArchSpec s = reference_spec("OLMo-1B-hf");
    const auto c = count_parameters(s);
    CHECK(c.by_block[int(ma::Block::norm)] == 0);
    CHECK(s.norm_eps == 1e-5);
    const std::string written = ma::write_hf_config(s);
    CHECK(written.find("norm_eps") == std::string::npos);
    ArchSpec other = s;
    other.norm_eps = 1e-6;
    CHECK_THROWS_WITH(ma::write_hf_config(other), Catch::Contains("fixes the norm epsilon at 1e-05"));
}

TEST_CASE("the new families round-trip through config.json", "[config][family]") {
    for (const char* name : {"DeepSeek-V3", "OLMo-1B-hf"}) {
        CAPTURE(name);
        const ArchSpec s = reference_spec(name);
        const auto back = ma::read_hf_config(ma::write_hf_config(s), "config.json");
        CHECK(back.spec == s);
        CHECK(count_parameters(back.spec).total == count_parameters(s).total);
    }
    for (const char* type : {"qwen3_moe", "qwen2_moe", "deepseek_v3", "gemma3_text", "olmo"}) {
        CAPTURE(type);
        const ArchSpec s = ma::resolve(ma::default_spec(type));
        const auto back = ma::read_hf_config(ma::write_hf_config(s), "config.json");
        CHECK(back.spec == s);
        CHECK(back.ignored.empty());
    }
}

TEST_CASE("MLA's KV cache: HF's per-head keys and values, or the latent a serving engine keeps", "[inference][mla]") {
    const ArchSpec s = reference_spec("DeepSeek-V3");
    const auto& attn = ma::attention_block(ma::family_for("deepseek_v3"));
    CHECK(attn.kv_elements_per_token(s) == 128.0 * (192 + 128));
    CHECK(attn.compact_kv_elements_per_token(s) == 512.0 + 64);
}

TEST_CASE("a design starts from each new family's published config", "[design][family]") {
    for (const char* name : {"DeepSeek-V3", "OLMo-1B-hf", "Qwen3-30B-A3B", "Qwen1.5-MoE-A2.7B-Chat", "gemma-3-1b-it"}) {
        CAPTURE(name);
        nlohmann::json config;
        for (const auto& m : reference_models())
            if (m.name == name) config = m.config;
        REQUIRE(!config.is_null());
        const auto d = design({{"base_config", config}, {"gpus", 256}});
        const auto& a = d.candidates.front();
        CHECK(a.spec.model_type == config.at("model_type").get<std::string>());
        CHECK(a.count.total == count_parameters(a.spec).total);
        for (const auto& c : d.candidates) {
            CAPTURE(c.label);
            const auto back = ma::read_hf_config(ma::write_hf_config(c.spec), "config.json");
            CHECK(count_parameters(back.spec).total == c.count.total);
        }
        CHECK(!ma::architecture_report(d).empty());
    }
}

TEST_CASE("designs in the new families: MLA + DeepSeekMoE, qwen3_moe with its expert width, gemma3, olmo", "[design][family]") {
    const auto ds = design({{"scale", "1B-3B"}, {"recipe", {{"attention", "mla"}, {"moe", true}, {"shared_expert", true}}},
                            {"num_local_experts", 16}, {"num_experts_per_tok", 4}, {"moe_intermediate_size", 512}, {"shared_experts", 2}});
    const auto& a = ds.candidates.front();
    CHECK(a.spec.model_type == "deepseek_v3");
    CHECK(a.spec.extras.at("moe_intermediate_size") == 512);
    CHECK(a.spec.extras.at("n_shared_experts") == 2);
    CHECK(a.spec.extras.at("first_k_dense_replace") == 1);
    CHECK(a.count.dense_layers == 1);
    CHECK(a.count.by_part[int(Part::shared_experts)] == uint64_t(a.count.moe_layers) * 3 * uint64_t(a.spec.hidden_size) * 1024);
    CHECK(a.inference.compact_kv_bytes_per_token < a.inference.kv_bytes_per_token);

    const auto qw = design({{"scale", "1B-3B"}, {"recipe", {{"moe", true}, {"qk_norm", "per_head"}}}, {"num_local_experts", 64},
                            {"num_experts_per_tok", 8}, {"first_dense_layers", 2}});
    const auto& q = qw.candidates.front();
    CHECK(q.spec.model_type == "qwen3_moe");
    CHECK(q.count.dense_layers == 2);
    CHECK(q.spec.extras.at("moe_intermediate_size").get<int64_t>() % 128 == 0);

    CHECK(design({{"scale", "1B-3B"}, {"recipe", {{"mlp", "geglu"}, {"sliding_window", true}, {"qk_norm", "per_head"}}}})
              .candidates.front().spec.model_type == "gemma3_text");
    CHECK(design({{"scale", "1B-3B"}, {"recipe", {{"norm", "nonparametric"}}}}).candidates.front().spec.model_type == "olmo");
}

TEST_CASE("the fit search spreads routed experts over expert-parallel ranks where the engine has them", "[fit][moe]") {
    const ArchSpec s = reference_spec("Qwen3-30B-A3B");
    auto setup = ma::training_setup_from_json({{"engine", "megatron"}, {"seq_len", 4096}});
    const auto fit = ma::find_fit(s, setup, 16, true);
    REQUIRE(fit.found);
    CAPTURE(ma::describe_fit(fit));
    // Without expert parallelism the same GPUs need more model parallelism or do not fit.
    auto no_ep = setup;
    no_ep.ep = 1;
    const auto m = ma::training_memory(s, fit.setup);
    auto same = fit.setup;
    same.ep = 1;
    if (fit.setup.ep > 1) CHECK(ma::training_memory(s, same).total_bytes > m.total_bytes);
    CHECK(fit.setup.ep * fit.setup.tp * fit.setup.pp > 1);
    CHECK((fit.setup.ep == 1 || ma::describe_fit(fit).find(", ep " + std::to_string(fit.setup.ep)) != std::string::npos));
    // HF Trainer has no expert parallelism: the search never sets it.
    const auto hf = ma::find_fit(s, ma::training_setup_from_json({{"seq_len", 4096}}), 16, true);
    CHECK(hf.setup.ep == 1);
}

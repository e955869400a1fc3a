#include <catch2/catch.hpp>

#include "error.h"
#include "model/family.h"
#include "model/recipe.h"
#include "model/hf_config.h"
#include "reference_models.h"

#include <set>

using ma::Recipe;

TEST_CASE("component choices map onto the HF family that builds them", "[recipe]") {
    auto family = [](Recipe r) { return ma::choose_family(r).model_type; };
    Recipe r;
    CHECK(family(r) == "llama");
    CHECK(ma::choose_family(r).deviations.empty());

    Recipe window = r; window.sliding_window = true;
    CHECK(family(window) == "mistral");
    Recipe qkv = r; qkv.bias = ma::BiasChoice::qkv;
    CHECK(family(qkv) == "qwen2");
    Recipe qk = r; qk.qk_norm = ma::QkNormChoice::per_head;
    CHECK(family(qk) == "qwen3");
    Recipe full = r; full.qk_norm = ma::QkNormChoice::full;
    CHECK(family(full) == "olmo2");
    Recipe moe = r; moe.moe = true;
    CHECK(family(moe) == "mixtral");
    Recipe geglu = r; geglu.mlp = ma::MlpChoice::geglu; geglu.tied = true;
    CHECK(family(geglu) == "gemma");
    geglu.sliding_window = true;
    CHECK(family(geglu) == "gemma2");
    Recipe gpt2; gpt2.positions = ma::PositionChoice::learned; gpt2.norm = ma::NormChoice::layernorm; gpt2.mlp = ma::MlpChoice::gelu;
    gpt2.bias = ma::BiasChoice::all; gpt2.attention = ma::AttentionChoice::mha;
    CHECK(family(gpt2) == "gpt2");
    CHECK(ma::choose_family(gpt2).hidden_act == "gelu_new");
    Recipe neox = gpt2; neox.positions = ma::PositionChoice::rope; neox.parallel_residual = true;
    CHECK(family(neox) == "gpt_neox");
    Recipe fused = r; fused.fused_projections = true;
    CHECK(family(fused) == "phi3");
    Recipe biased = r; biased.bias = ma::BiasChoice::all;
    CHECK(family(biased) == "llama");
    CHECK(ma::choose_family(biased).mlp_bias);
}

TEST_CASE("every deviation from the default recipe is explained", "[recipe]") {
    Recipe r; r.attention = ma::AttentionChoice::mqa; r.tied = true; r.sliding_window = true;
    const auto c = ma::choose_family(r);
    REQUIRE(c.deviations.size() == 3);
    for (const auto& d : c.deviations) {
        CHECK(!d.why.empty());
        CHECK(!d.tradeoffs.empty());
    }
    CHECK(c.deviations[0].component == "attention");
}

TEST_CASE("combinations no HF architecture implements are refused naming the nearest families", "[recipe][errors]") {
    auto refused = [](Recipe r, std::initializer_list<const char*> fragments) {
        try {
            ma::choose_family(r);
            FAIL("expected a refusal");
        } catch (const ma::Error& e) {
            CAPTURE(e.what());
            CHECK(e.code() == ma::ErrorCode::unsupported);
            for (const char* fragment : fragments) CHECK(std::string(e.what()).find(fragment) != std::string::npos);
        }
    };
    Recipe rms_learned; rms_learned.positions = ma::PositionChoice::learned;
    refused(rms_learned, {"recipe: positions: no supported HF architecture builds positions learned", "the nearest, llama, needs positions rope",
                          "positions learned is built by gpt2, which needs attention mha, mlp gelu, norm layernorm, bias all"});
    Recipe ln_swiglu; ln_swiglu.norm = ma::NormChoice::layernorm;
    refused(ln_swiglu, {"builds norm layernorm", "norm layernorm is built by gpt_neox, which needs attention mha, mlp gelu, bias all"});
    Recipe rms_gelu; rms_gelu.mlp = ma::MlpChoice::gelu;
    refused(rms_gelu, {"builds mlp gelu", "mlp gelu is built by gpt_neox, which needs attention mha, norm layernorm, bias all"});
    Recipe moe_geglu; moe_geglu.moe = true; moe_geglu.mlp = ma::MlpChoice::geglu;
    refused(moe_geglu, {"the nearest, mixtral, needs mlp swiglu", "mlp geglu is built by gemma, which needs moe false"});
    Recipe mla_dense; mla_dense.attention = ma::AttentionChoice::mla;
    refused(mla_dense, {"builds attention mla", "attention mla is built by deepseek_v3, which needs moe true, shared_expert true"});
    Recipe neox_gqa; neox_gqa.norm = ma::NormChoice::layernorm; neox_gqa.mlp = ma::MlpChoice::gelu; neox_gqa.bias = ma::BiasChoice::all;
    refused(neox_gqa, {"recipe: attention", "the nearest, gpt_neox, needs attention mha"});
    Recipe qwen_mlp_bias; qwen_mlp_bias.qk_norm = ma::QkNormChoice::per_head; qwen_mlp_bias.bias = ma::BiasChoice::all;
    refused(qwen_mlp_bias, {"qwen3, which needs bias none"});
    CHECK_THROWS_WITH(ma::recipe_from_json({{"mlp", "reglu"}}), "recipe.mlp: 'reglu' is not one of swiglu, geglu, gelu");
}

TEST_CASE("every family is reachable from some recipe", "[recipe]") {
    std::set<std::string> reached;
    for (const auto& mlp : ma::choices(ma::MlpChoice{}))
        for (const auto& norm : ma::choices(ma::NormChoice{}))
            for (const auto& pos : ma::choices(ma::PositionChoice{}))
                for (const auto& bias : ma::choices(ma::BiasChoice{}))
                    for (const auto& qk : ma::choices(ma::QkNormChoice{}))
                        for (const auto& att : ma::choices(ma::AttentionChoice{}))
                            for (int flags = 0; flags < 32; ++flags) {
                                Recipe r;
                                r.mlp = mlp.value; r.norm = norm.value; r.positions = pos.value; r.bias = bias.value;
                                r.qk_norm = qk.value; r.attention = att.value;
                                r.sliding_window = flags & 1; r.moe = flags & 2; r.parallel_residual = flags & 4;
                                r.fused_projections = flags & 8; r.shared_expert = flags & 16;
                                try {
                                    reached.insert(ma::choose_family(r).model_type);
                                } catch (const ma::Error& e) {
                                    CHECK(e.code() == ma::ErrorCode::unsupported);
                                }
                            }
    for (const auto& f : ma::families()) {
        CAPTURE(f.model_type);
        CHECK(reached.count(f.model_type) == 1);
    }
}

TEST_CASE("every real model's component choices map back to its own family", "[recipe]") {
    for (const auto& m : reference_models()) {
        CAPTURE(m.name);
        const auto spec = ma::read_hf_config_json(m.config, m.name).spec;
        CHECK(ma::choose_family(ma::recipe_for_spec(spec)).model_type == spec.model_type);
    }
}

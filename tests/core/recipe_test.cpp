#include <catch2/catch.hpp>

#include "error.h"
#include "family.h"
#include "recipe.h"
#include "hf_config.h"
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
    Recipe qkv = r; qkv.bias = "qkv";
    CHECK(family(qkv) == "qwen2");
    Recipe qk = r; qk.qk_norm = "per_head";
    CHECK(family(qk) == "qwen3");
    Recipe full = r; full.qk_norm = "full";
    CHECK(family(full) == "olmo2");
    Recipe moe = r; moe.moe = true;
    CHECK(family(moe) == "mixtral");
    Recipe geglu = r; geglu.mlp = "geglu"; geglu.tied = true;
    CHECK(family(geglu) == "gemma");
    geglu.sliding_window = true;
    CHECK(family(geglu) == "gemma2");
    Recipe gpt2; gpt2.positions = "learned"; gpt2.norm = "layernorm"; gpt2.mlp = "gelu"; gpt2.bias = "all"; gpt2.attention = "mha";
    CHECK(family(gpt2) == "gpt2");
    CHECK(ma::choose_family(gpt2).hidden_act == "gelu_new");
    Recipe neox = gpt2; neox.positions = "rope"; neox.parallel_residual = true;
    CHECK(family(neox) == "gpt_neox");
    Recipe fused = r; fused.fused_projections = true;
    CHECK(family(fused) == "phi3");
    Recipe biased = r; biased.bias = "all";
    CHECK(family(biased) == "llama");
    CHECK(ma::choose_family(biased).mlp_bias);
}

TEST_CASE("every deviation from the default recipe is explained", "[recipe]") {
    Recipe r; r.attention = "mqa"; r.tied = true; r.sliding_window = true;
    const auto c = ma::choose_family(r);
    REQUIRE(c.deviations.size() == 3);
    for (const auto& d : c.deviations) {
        CHECK(!d.why.empty());
        CHECK(!d.tradeoffs.empty());
    }
    CHECK(c.deviations[0].component == "attention");
}

TEST_CASE("combinations no HF architecture implements are refused with the reason", "[recipe][errors]") {
    auto refused = [](Recipe r, const std::string& fragment) {
        try {
            ma::choose_family(r);
            FAIL("expected a refusal");
        } catch (const ma::Error& e) {
            CAPTURE(e.what());
            CHECK(e.code() == ma::ErrorCode::unsupported);
            CHECK(std::string(e.what()).find(fragment) != std::string::npos);
        }
    };
    Recipe rms_learned; rms_learned.positions = "learned";
    refused(rms_learned, "RMSNorm + learned positions");
    Recipe ln_swiglu; ln_swiglu.norm = "layernorm";
    refused(ln_swiglu, "LayerNorm with a gated MLP");
    Recipe rms_gelu; rms_gelu.mlp = "gelu";
    refused(rms_gelu, "RMSNorm with a plain GELU MLP");
    Recipe moe_qk; moe_qk.moe = true; moe_qk.qk_norm = "per_head";
    refused(moe_qk, "mixtral");
    Recipe neox_gqa; neox_gqa.norm = "layernorm"; neox_gqa.mlp = "gelu"; neox_gqa.bias = "all";
    refused(neox_gqa, "no grouped-query attention");
    Recipe qwen_mlp_bias; qwen_mlp_bias.qk_norm = "per_head"; qwen_mlp_bias.bias = "all";
    refused(qwen_mlp_bias, "qwen3");
    Recipe unknown; unknown.mlp = "reglu";
    try { ma::choose_family(unknown); FAIL(); } catch (const ma::Error& e) {
        CHECK(std::string(e.what()) == "recipe: mlp: 'reglu' is not one of swiglu, geglu, gelu");
    }
}

TEST_CASE("every family is reachable from some recipe", "[recipe]") {
    std::set<std::string> reached;
    for (const char* mlp : {"swiglu", "geglu", "gelu"})
        for (const char* norm : {"rmsnorm", "layernorm"})
            for (const char* pos : {"rope", "learned"})
                for (const char* bias : {"none", "qkv", "attention", "all"})
                    for (const char* qk : {"none", "per_head", "full"})
                        for (const char* att : {"gqa", "mha"})
                            for (int flags = 0; flags < 16; ++flags) {
                                Recipe r;
                                r.mlp = mlp; r.norm = norm; r.positions = pos; r.bias = bias; r.qk_norm = qk;
                                r.attention = att;
                                r.sliding_window = flags & 1; r.moe = flags & 2; r.parallel_residual = flags & 4;
                                r.fused_projections = flags & 8;
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

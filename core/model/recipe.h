// Component choices a user makes (attention grouping, MLP, norm, positions,
// biases, QK-norm, tying, sliding window, MoE, parallel residual, fused
// projections), mapped onto the first family row whose layout builds exactly
// that combination, or refused naming the nearest family and what it would
// need instead. Each deviation from the default recipe (GQA + SwiGLU + RoPE +
// RMSNorm, no biases) carries its explanation.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../options/choices.h"
#include "../options/schema.h"
#include "arch_spec.h"
#include "family.h"

namespace ma {

struct Recipe {
    AttentionChoice attention = AttentionChoice::gqa;
    MlpChoice mlp = MlpChoice::swiglu;
    NormChoice norm = NormChoice::rmsnorm;
    PositionChoice positions = PositionChoice::rope;
    BiasChoice bias = BiasChoice::none;
    QkNormChoice qk_norm = QkNormChoice::none;
    bool tied = false;
    bool sliding_window = false;
    bool moe = false;
    bool shared_expert = false;      // experts every token passes through beside the routed ones (qwen2_moe, deepseek_v3)
    bool parallel_residual = false;
    bool fused_projections = false;  // one qkv and one gate_up matrix (phi3)
};

struct Deviation {
    std::string component;  // "mlp"
    std::string choice;     // "geglu"
    std::string why;        // why one would choose it
    std::string tradeoffs;  // memory, throughput, quality, ecosystem
};

struct FamilyChoice {
    std::string model_type;
    bool attention_bias = false;  // the config switch to set, where the family has one
    bool mlp_bias = false;
    std::string hidden_act;       // the activation the family needs for this MLP
    std::vector<Deviation> deviations;
};

// Throws ma::Error(unsupported) naming the components when no HF family implements the combination.
FamilyChoice choose_family(const Recipe& recipe);

// The component choices a family's layout embodies for a spec (choose_family maps them back to its family).
Recipe recipe_for_spec(const ArchSpec& spec);

const FieldTable<Recipe>& recipe_fields();
Recipe recipe_from_json(const nlohmann::json& j, const std::string& where = "recipe");
nlohmann::json to_json(const Recipe& r);
nlohmann::json to_json(const Deviation& d);

}  // namespace ma

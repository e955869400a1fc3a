// Component choices a user makes (attention grouping, MLP, norm, positions,
// biases, QK-norm, tying, sliding window, MoE, parallel residual), mapped
// onto the one Hugging Face family whose modeling code builds exactly that
// combination, or refused with the reason. Each deviation from the default
// recipe (GQA + SwiGLU + RoPE + RMSNorm, no biases) carries its explanation.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arch_spec.h"

namespace ma {

struct Recipe {
    std::string attention = "gqa";   // gqa | mha | mqa
    std::string mlp = "swiglu";      // swiglu | geglu | gelu
    std::string norm = "rmsnorm";    // rmsnorm | layernorm
    std::string positions = "rope";  // rope | learned
    std::string bias = "none";       // none | qkv | attention | all
    std::string qk_norm = "none";    // none | per_head | full
    bool tied = false;
    bool sliding_window = false;
    bool moe = false;
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

// Throws ma::Error(unsupported) naming the components when no HF family implements the combination,
// or Error(invalid_value) for an unknown choice.
FamilyChoice choose_family(const Recipe& recipe);

Recipe recipe_from_json(const nlohmann::json& j, const std::string& where = "recipe");
nlohmann::json to_json(const Recipe& r);

// The component choices an existing architecture embodies (choose_family maps them back to its family).
Recipe recipe_for_spec(const ArchSpec& spec);
nlohmann::json to_json(const Deviation& d);

}  // namespace ma

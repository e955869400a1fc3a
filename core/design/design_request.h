// What the user asks the designer for: target quality, latency and budget
// constraints, component choices and the training setup. Read from JSON
// through the option schema (the CLI's flags and the page's form build the
// same object); the implications between options (experts => MoE, a window
// length => sliding-window attention) are resolved here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "../estimates/training_setup.h"
#include "../plan/run_recipe.h"
#include "../model/recipe.h"
#include "../options/schema.h"

namespace ma {

struct DesignRequest {
    // Target quality: at most one of scale, params, target_loss (none: the budget decides, or 300M-700M).
    std::optional<std::string> scale;
    std::optional<double> params;
    std::optional<double> target_loss;
    // An existing config.json: candidate A is its architecture, unchanged; the others vary it.
    std::optional<nlohmann::json> base_config;

    // Budget (all optional). Compute = gpus x days x peak x MFU, or gpu_hours, or flops, or money / price.
    std::optional<double> days;
    std::optional<double> gpu_hours;
    std::optional<double> flops;
    std::optional<double> money;
    double price_per_gpu_hour = 0;
    std::optional<double> tokens_available;
    // The whole corpus a tokenized sample stands for: tokens_available follows when not given.
    std::optional<double> corpus_bytes, corpus_documents;
    int64_t gpus = 8;
    std::optional<double> mfu;  // given: every candidate's training time uses it; else predicted per arrangement

    // The MFU a budget is converted at before any arrangement exists: the given one or the engine's typical.
    double planning_mfu() const;

    // Latency constraints, measured on the training GPU with bf16 weights.
    std::optional<double> min_decode_tokens_per_s;  // per sequence
    std::optional<double> max_ttft_ms;
    int64_t latency_batch = 1;
    int64_t prompt_tokens = 1024;

    // Shape choices.
    std::optional<int64_t> context;     // max_position_embeddings; default: the class's
    int64_t vocab_multiple = 128;
    std::optional<int64_t> vocab_size;  // typed vocab size when there are no tokenizer files (estimate only)
    Recipe recipe;
    nlohmann::json recipe_given = nlohmann::json::object();  // the recipe keys the request sets
    bool tied_set = false;              // recipe.tied given; otherwise the scale class decides
    std::optional<int64_t> sliding_window;
    std::optional<int64_t> num_local_experts;  // given: mixture of experts (unset with recipe.moe: 8)
    int64_t num_experts_per_tok = 2;
    int64_t experts() const { return num_local_experts.value_or(8); }
    // Fine-grained MoE families (qwen2_moe, qwen3_moe, deepseek_v3): one routed expert's width (unset: the
    // MLP width / experts per token, rounded to 128), the shared experts (unset: 1 where the recipe has
    // them) and the dense layers before the first MoE layer (unset: 0; deepseek_v3 1).
    std::optional<int64_t> moe_intermediate_size;
    std::optional<int64_t> shared_experts;
    std::optional<int64_t> first_dense_layers;

    TrainingSetup training;             // gpu, precision, optimizer, seq_len (defaults to the context), ...
    RunOptions run;                     // the training recipe's overrides (batch, learning rate, schedule, ...)
    std::optional<std::string> launch_candidate;  // the candidate whose launch files are written (unset: the recommended)
    // A fine-grained mixture-of-experts candidate at A's active compute: "on", "off", or unset (on for the 7B+ classes).
    std::optional<std::string> moe_candidate;
    bool training_seq_len_set = false;
    // training gives dp, tp, pp, zero_stage, micro_batch or recompute: use that arrangement
    // (dp defaults to gpus / (tp x pp)) instead of searching for one.
    bool arrangement_fixed = false;
};

const FieldTable<DesignRequest>& design_fields();
DesignRequest design_request_from_json(const nlohmann::json& j, const std::string& where = "design");

}  // namespace ma

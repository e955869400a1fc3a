// Inference memory and throughput bounds: weights at a storage dtype, the KV
// cache (GQA, explicit head_dim, sliding-window layers capped at the window),
// a prefill activation peak, decode tokens/s bounded by memory bandwidth and
// prefill by compute, each with its stated efficiency.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../model/arch_spec.h"
#include "../options/choices.h"
#include "../options/schema.h"
#include "gpu_catalog.h"

namespace ma {

struct InferenceSetup {
    WeightDtype weight_dtype = WeightDtype::bf16;
    KvDtype kv_dtype = KvDtype::bf16;
    int64_t batch = 1;
    int64_t context = 0;                 // tokens per sequence in the cache; 0 = max_position_embeddings
    int64_t prompt = 0;                  // prefill length; 0 = context
    int64_t group_size = 128;            // int4 quantization group
    double bandwidth_efficiency = 0.8;   // achieved / peak HBM bandwidth in decode
    double compute_efficiency = 0.5;     // achieved / peak FLOP/s in prefill
    Gpu gpu = default_gpu();
};

// The `inference` group of the memory options (batch and prompt come from latency_batch and prompt_tokens).
const FieldTable<InferenceSetup>& inference_fields();

struct InferenceEstimate {
    double weight_bytes;            // all parameters at the storage dtype (+ quantization scales)
    double kv_bytes_per_token;      // per sequence, full-attention layers
    double kv_cache_bytes;          // batch x context, windows applied
    // The cache a serving engine that keeps MLA's latent stores (= the above for other attention).
    double compact_kv_bytes_per_token;
    double compact_kv_cache_bytes;
    std::string kv_formula, compact_kv_formula;  // per token and layer; compact: "" when the same
    // Mixture of experts: distinct routed experts a decode step reads per MoE layer at batch 1 (= top-k)
    // and at the batch, and the weight bytes the step reads in each case (dense: all weights).
    double experts_touched_batch1 = 0, experts_touched = 0;
    double decode_weight_bytes_batch1 = 0, decode_weight_bytes = 0;
    double routed_expert_bytes = 0;  // the routed experts' share of weight_bytes
    double experts = 0, experts_per_token = 0;
    double prefill_activation_bytes;
    double total_bytes;
    bool fits;
    double decode_tokens_per_s;     // whole batch
    double decode_ms_per_token;     // per step
    double prefill_tokens_per_s;
    double time_to_first_token_ms;
    std::vector<std::string> formulas;
    std::vector<std::string> assumptions;
};

InferenceEstimate inference_estimate(const ArchSpec& spec, const InferenceSetup& setup);

// Distinct routed experts a decode step of `batch` sequences reads per MoE layer under uniform
// routing, E (1 - (1 - k/E)^batch), and the weight bytes that step reads (dense: all of them).
double experts_touched(double experts, double per_token, double batch);
double decode_weights_read(const InferenceEstimate& e, double batch);

// Bytes of one cached token of one sequence in one layer, and how many tokens
// layer `layer` (0-based) caches at a given context (window-capped).
double kv_bytes_per_token_per_layer(const ArchSpec& spec, double dtype_bytes);
int64_t cached_tokens(const ArchSpec& spec, int64_t layer, int64_t context);
double dtype_bytes(WeightDtype d);
double dtype_bytes(KvDtype d);

nlohmann::json to_json(const InferenceEstimate& e);

}  // namespace ma

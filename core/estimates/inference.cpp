#include "inference.h"

#include <algorithm>
#include <cmath>

#include "../built_once.h"
#include "../format.h"
#include "../model/components.h"
#include "../model/family.h"
#include "../model/param_count.h"
#include "../options/bind.h"
#include "compute.h"

namespace ma {

double dtype_bytes(WeightDtype d) {
    switch (d) {
        case WeightDtype::fp32: return 4;
        case WeightDtype::bf16:
        case WeightDtype::fp16: return 2;
        case WeightDtype::int8: return 1;
        case WeightDtype::int4: return 0.5;
    }
    return 2;
}

double dtype_bytes(KvDtype d) {
    switch (d) {
        case KvDtype::fp32: return 4;
        case KvDtype::bf16:
        case KvDtype::fp16: return 2;
        case KvDtype::fp8: return 1;
    }
    return 2;
}

MA_BUILT_ONCE const FieldTable<InferenceSetup>& inference_fields() {
    using S = InferenceSetup;
    static const FieldTable<S> table{"inference option", "inference.", {
        bind<&S::weight_dtype>("weight_dtype"), bind<&S::kv_dtype>("kv_dtype"), bind<&S::context>("context"),
        bind<&S::group_size>("group_size"), bind<&S::bandwidth_efficiency>("bandwidth_efficiency"),
        bind<&S::compute_efficiency>("compute_efficiency"),
    }, {}};
    return table;
}

double kv_bytes_per_token_per_layer(const ArchSpec& spec, double dtype) {
    const ArchSpec s = resolve(spec);
    return attention_block(family_for(s.model_type)).kv_elements_per_token(s) * dtype;
}

int64_t cached_tokens(const ArchSpec& input, int64_t layer, int64_t context) {
    const ArchSpec s = resolve(input);
    return windowed_layer(family_for(s.model_type), s, layer) ? std::min(context, *s.sliding_window) : context;
}

InferenceEstimate inference_estimate(const ArchSpec& input, const InferenceSetup& setup) {
    const ArchSpec spec = resolve(input);
    const ParamCount count = count_parameters(spec);
    const Family& fam = family_for(spec.model_type);
    InferenceEstimate est{};
    const int64_t context = setup.context > 0 ? setup.context : spec.max_position_embeddings;
    const int64_t prompt = setup.prompt > 0 ? setup.prompt : context;
    const double wb = dtype_bytes(setup.weight_dtype);
    const bool quant = setup.weight_dtype == WeightDtype::int8 || setup.weight_dtype == WeightDtype::int4;

    // Weights: quantized formats apply to the decoder's linear layers; embeddings, head and norms stay 16-bit.
    double weights = 0, expert_bytes = 0;
    for (const ParamTensor& t : count.tensors) {
        if (t.tied) continue;
        const double n = double(t.params());
        const bool linear = t.shape.size() == 2 && (t.block == Block::attention || t.block == Block::mlp);
        double bytes;
        if (quant && linear) {
            const double scales = setup.weight_dtype == WeightDtype::int8 ? 2.0 * double(t.shape[0]) * double(t.copies)
                                                               : 4.0 * n / double(setup.group_size);
            bytes = n * wb + scales;
        } else {
            bytes = n * (quant ? 2.0 : wb);
        }
        weights += bytes;
        if (t.routed_expert) expert_bytes += bytes;
    }
    est.weight_bytes = weights;

    const AttentionBlock& attention = attention_block(fam);
    const double per_layer_token = attention.kv_elements_per_token(spec) * dtype_bytes(setup.kv_dtype);
    const double compact_per_layer_token = attention.compact_kv_elements_per_token(spec) * dtype_bytes(setup.kv_dtype);
    est.kv_bytes_per_token = per_layer_token * double(spec.num_hidden_layers);
    est.compact_kv_bytes_per_token = compact_per_layer_token * double(spec.num_hidden_layers);
    est.kv_formula = attention.kv_formula();
    est.compact_kv_formula = attention.compact_kv_formula();
    double cached = 0;
    for (int64_t l = 0; l < spec.num_hidden_layers; ++l)
        cached += double(windowed_layer(fam, spec, l) ? std::min(context, *spec.sliding_window) : context);
    est.kv_cache_bytes = per_layer_token * cached * double(setup.batch);
    est.compact_kv_cache_bytes = compact_per_layer_token * cached * double(setup.batch);

    // Prefill peak inside one layer (no tensors kept for backward): residual, normed input, MLP intermediates.
    const double e = 2;
    const double tokens = double(setup.batch) * double(prompt);
    const double mlp_width = fam.layout.mlp == MlpKind::gated ? 3.0 * double(spec.intermediate_size) : 2.0 * double(spec.intermediate_size);
    est.prefill_activation_bytes = e * tokens * (2.0 * double(spec.hidden_size) + mlp_width) + 4.0 * double(setup.batch) * double(spec.vocab_size);
    est.total_bytes = est.weight_bytes + est.kv_cache_bytes + est.prefill_activation_bytes;
    est.fits = est.total_bytes <= setup.gpu.memory_bytes;

    // Decode: every step reads the weights it uses and the whole KV cache. A mixture of experts reads the
    // experts its tokens are routed to: top-k at batch 1, E (1 - (1 - k/E)^batch) expected distinct ones at a
    // batch under uniform routing (a balanced router's target).
    double weights_read = weights;
    est.routed_expert_bytes = expert_bytes;
    if (expert_bytes > 0) {
        est.experts = double(spec.num_local_experts);
        est.experts_per_token = double(spec.num_experts_per_tok);
        est.experts_touched_batch1 = est.experts_per_token;
        est.experts_touched = experts_touched(est.experts, est.experts_per_token, double(setup.batch));
    }
    est.decode_weight_bytes_batch1 = decode_weights_read(est, 1);
    est.decode_weight_bytes = weights_read = decode_weights_read(est, double(setup.batch));
    const double step_bytes = weights_read + est.kv_cache_bytes;
    const double step_s = step_bytes / (setup.gpu.bandwidth * setup.bandwidth_efficiency);
    est.decode_ms_per_token = step_s * 1000.0;
    est.decode_tokens_per_s = double(setup.batch) / step_s;

    const double flops = forward_flops_per_token(spec, prompt, true) * tokens;
    const double prefill_s = flops / (setup.gpu.bf16_flops * setup.compute_efficiency);
    est.prefill_tokens_per_s = tokens / prefill_s;
    est.time_to_first_token_ms = prefill_s * 1000.0;

    est.formulas = {
        "KV cache = layers x " + est.kv_formula + " x tokens x batch (sliding-window layers cache at most the window)" +
            (est.compact_kv_formula.empty() ? "" : "; compact: layers x " + est.compact_kv_formula + " x tokens x batch"),
        "decode step time = (weights read + KV cache) / (bandwidth x " + fmt::f("%.2f", setup.bandwidth_efficiency) + ")",
        "prefill time = forward FLOPs of the prompt / (bf16 peak x " + fmt::f("%.2f", setup.compute_efficiency) + ")",
    };
    est.assumptions = {
        std::string("weights stored as ") + name_of(setup.weight_dtype) + (quant ? " for the decoder's linear layers (scales: " +
            std::string(setup.weight_dtype == WeightDtype::int8 ? "fp16 per output channel" : "fp16 scale and zero per group of " + std::to_string(setup.group_size)) +
            "); embeddings, head and norms in bf16" : ""),
        std::string("KV cache in ") + name_of(setup.kv_dtype) + "; a server that caps sliding-window layers at the window (vLLM, HF HybridCache)",
        "context " + std::to_string(context) + " tokens cached per sequence, prompt " + std::to_string(prompt) + " tokens, batch " + std::to_string(setup.batch),
        "prefill activation peak: one layer's residual, normed input and MLP intermediates in bf16, plus fp32 logits of the last position",
    };
    return est;
}

double experts_touched(double experts, double per_token, double batch) {
    return experts * (1.0 - std::pow(1.0 - per_token / experts, batch));
}

double decode_weights_read(const InferenceEstimate& e, double batch) {
    if (e.routed_expert_bytes <= 0) return e.weight_bytes;
    return e.weight_bytes - e.routed_expert_bytes + e.routed_expert_bytes * experts_touched(e.experts, e.experts_per_token, batch) / e.experts;
}

nlohmann::json to_json(const InferenceEstimate& e) {
    return {{"weight_bytes", std::llround(e.weight_bytes)},
            {"kv_bytes_per_token", std::llround(e.kv_bytes_per_token)},
            {"kv_cache_bytes", std::llround(e.kv_cache_bytes)},
            {"compact_kv_bytes_per_token", std::llround(e.compact_kv_bytes_per_token)},
            {"compact_kv_cache_bytes", std::llround(e.compact_kv_cache_bytes)},
            {"kv_formula", e.kv_formula},
            {"compact_kv_formula", e.compact_kv_formula},
            {"experts_touched_batch1", e.experts_touched_batch1},
            {"experts_touched", e.experts_touched},
            {"decode_weight_bytes_batch1", std::llround(e.decode_weight_bytes_batch1)},
            {"decode_weight_bytes", std::llround(e.decode_weight_bytes)},
            {"prefill_activation_bytes", std::llround(e.prefill_activation_bytes)},
            {"total_bytes", std::llround(e.total_bytes)},
            {"fits", e.fits},
            {"decode_tokens_per_s", e.decode_tokens_per_s},
            {"decode_ms_per_token", e.decode_ms_per_token},
            {"prefill_tokens_per_s", e.prefill_tokens_per_s},
            {"time_to_first_token_ms", e.time_to_first_token_ms},
            {"formulas", e.formulas},
            {"assumptions", e.assumptions}};
}

}  // namespace ma

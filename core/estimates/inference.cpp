#include "inference.h"

#include <algorithm>
#include <cmath>

#include "../error.h"
#include "../family.h"
#include "../json_fields.h"
#include "../param_count.h"
#include "compute.h"

namespace ma {
namespace {

double dtype_bytes(const std::string& dtype) {
    if (dtype == "fp32") return 4;
    if (dtype == "bf16" || dtype == "fp16") return 2;
    if (dtype == "fp8" || dtype == "int8") return 1;
    return 0.5;  // int4
}

bool is_quantized(const std::string& dtype) { return dtype == "int8" || dtype == "int4"; }

}  // namespace

InferenceSetup inference_setup_from_json(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, where, "expected an object, found " + describe(j));
    InferenceSetup s;
    auto one_of = [](const std::string& v, std::initializer_list<const char*> ok, const std::string& at) {
        require_one_of(v, ok, at);
        return v;
    };
    auto count = [](const nlohmann::json& v, const std::string& at, int64_t min) { return as_int_in(v, at, min, int64_t(1) << 30); };
    auto efficiency = [](const nlohmann::json& v, const std::string& at) {
        const double d = as_positive(v, at, 1);
        if (d < 0.01) throw Error(ErrorCode::invalid_value, at, "must be between 0.01 and 1");
        return d;
    };
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string at = where + "." + it.key();
        const auto& v = it.value();
        if (it.key() == "weight_dtype") s.weight_dtype = one_of(as_string(v, at), {"fp32", "bf16", "fp16", "int8", "int4"}, at);
        else if (it.key() == "kv_dtype") s.kv_dtype = one_of(as_string(v, at), {"fp32", "bf16", "fp16", "fp8"}, at);
        else if (it.key() == "batch") s.batch = count(v, at, 1);
        else if (it.key() == "context") s.context = count(v, at, 0);
        else if (it.key() == "prompt") s.prompt = count(v, at, 0);
        else if (it.key() == "group_size") s.group_size = count(v, at, 1);
        else if (it.key() == "bandwidth_efficiency") s.bandwidth_efficiency = efficiency(v, at);
        else if (it.key() == "compute_efficiency") s.compute_efficiency = efficiency(v, at);
        else if (it.key() == "gpu") s.gpu = gpu_from_json(v, at);
        else throw Error(ErrorCode::invalid_value, at, "unknown inference option '" + it.key() + "'");
    }
    return s;
}

double kv_bytes_per_token_per_layer(const ArchSpec& spec, double dtype) {
    const ArchSpec s = resolve(spec);
    return 2.0 * double(s.kv_heads()) * double(s.head_size()) * dtype;
}

int64_t cached_tokens(const ArchSpec& input, int64_t layer, int64_t context) {
    const ArchSpec s = resolve(input);
    if (!s.sliding_window) return context;
    bool windowed = false;
    if (s.model_type == "mistral" || s.model_type == "mixtral" || s.model_type == "phi3") windowed = true;
    if (s.model_type == "gemma2") windowed = layer % 2 == 0;  // even layers are local
    if (s.model_type == "qwen2" || s.model_type == "qwen3") {
        const bool use = s.extras.value("use_sliding_window", false);
        const int64_t first = s.extras.contains("max_window_layers") && s.extras["max_window_layers"].is_number_integer()
                                  ? s.extras["max_window_layers"].get<int64_t>() : 0;
        windowed = use && layer >= first;
    }
    return windowed ? std::min(context, *s.sliding_window) : context;
}

InferenceEstimate inference_estimate(const ArchSpec& input, const InferenceSetup& setup) {
    const ArchSpec spec = resolve(input);
    const ParamCount count = count_parameters(spec);
    const Family& fam = family_for(spec.model_type);
    InferenceEstimate est{};
    const int64_t context = setup.context > 0 ? setup.context : spec.max_position_embeddings;
    const int64_t prompt = setup.prompt > 0 ? setup.prompt : context;
    const double wb = dtype_bytes(setup.weight_dtype);
    const bool quant = is_quantized(setup.weight_dtype);

    // Weights: quantized formats apply to the decoder's linear layers; embeddings, head and norms stay 16-bit.
    double weights = 0, expert_bytes = 0;
    for (const ParamTensor& t : count.tensors) {
        if (t.tied) continue;
        const double n = double(t.params());
        const bool linear = t.shape.size() == 2 && (t.block == Block::attention || t.block == Block::mlp);
        double bytes;
        if (quant && linear) {
            const double scales = setup.weight_dtype == "int8" ? 2.0 * double(t.shape[0]) * double(t.copies)
                                                               : 4.0 * n / double(setup.group_size);
            bytes = n * wb + scales;
        } else {
            bytes = n * (quant ? 2.0 : wb);
        }
        weights += bytes;
        if (t.name.find("{e}") != std::string::npos) expert_bytes += bytes;
    }
    est.weight_bytes = weights;

    const double kvb = dtype_bytes(setup.kv_dtype);
    const double per_layer_token = kv_bytes_per_token_per_layer(spec, kvb);
    est.kv_bytes_per_token = per_layer_token * double(spec.num_hidden_layers);
    double cached = 0;
    for (int64_t l = 0; l < spec.num_hidden_layers; ++l) cached += double(cached_tokens(spec, l, context));
    est.kv_cache_bytes = per_layer_token * cached * double(setup.batch);

    // Prefill peak inside one layer (no tensors kept for backward): residual, normed input, MLP intermediates.
    const double e = 2;
    const double tokens = double(setup.batch) * double(prompt);
    const double mlp_width = fam.layout.mlp == MlpKind::gated ? 3.0 * double(spec.intermediate_size) : 2.0 * double(spec.intermediate_size);
    est.prefill_activation_bytes = e * tokens * (2.0 * double(spec.hidden_size) + mlp_width) + 4.0 * double(setup.batch) * double(spec.vocab_size);
    est.total_bytes = est.weight_bytes + est.kv_cache_bytes + est.prefill_activation_bytes;
    est.fits = est.total_bytes <= setup.gpu.memory_bytes;

    // Decode: every step reads the weights it uses and the whole KV cache.
    double weights_read = weights;
    if (fam.layout.moe && spec.num_local_experts > 0) {
        const double E = double(spec.num_local_experts), k = double(spec.num_experts_per_tok);
        const double touched = E * (1.0 - std::pow(1.0 - k / E, double(setup.batch)));  // expected distinct experts per layer
        weights_read = weights - expert_bytes + expert_bytes * touched / E;
    }
    const double step_bytes = weights_read + est.kv_cache_bytes;
    const double step_s = step_bytes / (setup.gpu.bandwidth * setup.bandwidth_efficiency);
    est.decode_ms_per_token = step_s * 1000.0;
    est.decode_tokens_per_s = double(setup.batch) / step_s;

    const double flops = forward_flops_per_token(spec, prompt, true) * tokens;
    const double prefill_s = flops / (setup.gpu.bf16_flops * setup.compute_efficiency);
    est.prefill_tokens_per_s = tokens / prefill_s;
    est.time_to_first_token_ms = prefill_s * 1000.0;

    est.formulas = {
        "KV cache = 2 x layers x num_key_value_heads x head_dim x bytes x tokens x batch (sliding-window layers cache at most the window)",
        "decode step time = (weights read + KV cache) / (bandwidth x " + std::to_string(setup.bandwidth_efficiency).substr(0, 4) + ")",
        "prefill time = forward FLOPs of the prompt / (bf16 peak x " + std::to_string(setup.compute_efficiency).substr(0, 4) + ")",
    };
    est.assumptions = {
        "weights stored as " + setup.weight_dtype + (quant ? " for the decoder's linear layers (scales: " +
            std::string(setup.weight_dtype == "int8" ? "fp16 per output channel" : "fp16 scale and zero per group of " + std::to_string(setup.group_size)) +
            "); embeddings, head and norms in bf16" : ""),
        "KV cache in " + setup.kv_dtype + "; a server that caps sliding-window layers at the window (vLLM, HF HybridCache)",
        "context " + std::to_string(context) + " tokens cached per sequence, prompt " + std::to_string(prompt) + " tokens, batch " + std::to_string(setup.batch),
        "prefill activation peak: one layer's residual, normed input and MLP intermediates in bf16, plus fp32 logits of the last position",
    };
    return est;
}

nlohmann::json to_json(const InferenceEstimate& e) {
    return {{"weight_bytes", std::llround(e.weight_bytes)},
            {"kv_bytes_per_token", std::llround(e.kv_bytes_per_token)},
            {"kv_cache_bytes", std::llround(e.kv_cache_bytes)},
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

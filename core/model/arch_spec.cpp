#include "arch_spec.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "../error.h"
#include "family.h"
#include "layer_shapes.h"

namespace ma {
namespace {

// Activation names transformers' ACT2FN accepts (activations.py).
const char* const kActivations[] = {
    "gelu", "gelu_10", "gelu_fast", "gelu_new", "gelu_python", "gelu_pytorch_tanh",
    "gelu_accurate", "laplace", "leaky_relu", "linear", "mish", "quick_gelu", "relu",
    "relu2", "relu6", "sigmoid", "silu", "swish", "tanh", "prelu"};

const char* const kDtypes[] = {"float32", "float16", "bfloat16"};

void require_positive(int64_t value, const std::string& where, const char* field) {
    if (value <= 0)
        throw Error(ErrorCode::invalid_value, where + ": " + field,
                    std::string(field) + " must be positive, got " + std::to_string(value));
}

void require_finite_positive(double value, const std::string& where, const char* field) {
    if (!std::isfinite(value) || value <= 0)
        throw Error(ErrorCode::invalid_value, where + ": " + field,
                    std::string(field) + " must be a positive finite number");
}

std::string fmt_eps(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

}  // namespace

ArchSpec resolve(const ArchSpec& in) {
    ArchSpec s = in;
    const Family& family = family_for(s.model_type, "spec");
    const FamilyLayout& layout = family.layout;
    // Keys of the family's HF config class that are not typed fields keep
    // their HF defaults unless set.
    for (auto it = family.extra_defaults.begin(); it != family.extra_defaults.end(); ++it)
        if (!s.extras.contains(it.key())) s.extras[it.key()] = it.value();
    if (!s.num_key_value_heads) s.num_key_value_heads = s.num_attention_heads;
    // DeepseekV3Config sets head_dim = qk_rope_head_dim (the rotary width); MLA's other widths are its own keys.
    if (layout.attention == AttentionComponent::mla) s.head_dim = mla_shape(s).qk_rope_head_dim;
    if (!s.head_dim && s.num_attention_heads > 0) s.head_dim = s.hidden_size / s.num_attention_heads;
    // Families whose modeling code fixes the biases: record what is built.
    if (layout.attn_bias == AttnBiasKind::none) s.attention_bias = false;
    if (layout.attn_bias == AttnBiasKind::qkv_fixed || layout.attn_bias == AttnBiasKind::all_fixed)
        s.attention_bias = true;
    if (layout.mlp_bias == MlpBiasKind::none) s.mlp_bias = false;
    if (layout.mlp_bias == MlpBiasKind::all_fixed) s.mlp_bias = true;
    return s;
}

void validate(const ArchSpec& s, const std::string& where) {
    const Family& family = family_for(s.model_type, where);
    const FamilyLayout& layout = family.layout;

    require_positive(s.vocab_size, where, "vocab_size");
    require_positive(s.hidden_size, where, "hidden_size");
    require_positive(s.intermediate_size, where, "intermediate_size");
    require_positive(s.num_hidden_layers, where, "num_hidden_layers");
    require_positive(s.num_attention_heads, where, "num_attention_heads");
    require_positive(s.max_position_embeddings, where, "max_position_embeddings");

    const int64_t heads = s.num_attention_heads;
    if (s.num_key_value_heads) require_positive(*s.num_key_value_heads, where, "num_key_value_heads");
    const int64_t kv = s.kv_heads();
    if (heads % kv != 0)
        throw Error(ErrorCode::invalid_value, where + ": num_key_value_heads",
                    "num_attention_heads (" + std::to_string(heads) +
                        ") is not a multiple of num_key_value_heads (" + std::to_string(kv) + ")");
    if (!layout.gqa && kv != heads)
        throw Error(ErrorCode::unsupported, where + ": num_key_value_heads",
                    s.model_type + " has no grouped-query attention: num_key_value_heads (" +
                        std::to_string(kv) + ") must equal num_attention_heads (" +
                        std::to_string(heads) + ")");

    const bool derived_head_dim = !s.head_dim || !layout.explicit_head_dim;
    if (s.head_dim) require_positive(*s.head_dim, where, "head_dim");
    const bool latent = layout.attention == AttentionComponent::mla;  // MLA's head widths are its own keys
    if (derived_head_dim && !latent && s.hidden_size % heads != 0)
        throw Error(ErrorCode::invalid_value, where + ": hidden_size",
                    "hidden_size (" + std::to_string(s.hidden_size) +
                        ") is not a multiple of num_attention_heads (" + std::to_string(heads) + ")");
    if (s.head_dim && !layout.explicit_head_dim && !latent && *s.head_dim != s.hidden_size / heads)
        throw Error(ErrorCode::unsupported, where + ": head_dim",
                    s.model_type + " derives head_dim from hidden_size / num_attention_heads (" +
                        std::to_string(s.hidden_size / heads) + "); head_dim " +
                        std::to_string(*s.head_dim) + " cannot be expressed");

    if (layout.mlp_block == MlpComponent::moe) {
        require_positive(s.num_local_experts, where, "num_local_experts");
        require_positive(s.num_experts_per_tok, where, "num_experts_per_tok");
        if (s.num_experts_per_tok > s.num_local_experts)
            throw Error(ErrorCode::invalid_value, where + ": num_experts_per_tok",
                        "num_experts_per_tok (" + std::to_string(s.num_experts_per_tok) +
                            ") exceeds num_local_experts (" + std::to_string(s.num_local_experts) + ")");
    } else if (s.num_local_experts > 0) {
        throw Error(ErrorCode::unsupported, where + ": num_local_experts",
                    s.model_type + " has no mixture-of-experts MLP (use " +
                        family_names([](const Family& f) { return f.layout.mlp_block == MlpComponent::moe; }) + ")");
    }

    validate_layer_shapes(family, s, where);

    if (layout.attn_bias == AttnBiasKind::none && s.attention_bias)
        throw Error(ErrorCode::unsupported, where + ": attention_bias",
                    s.model_type + " has no attention biases");
    if (layout.mlp_bias == MlpBiasKind::none && s.mlp_bias)
        throw Error(ErrorCode::unsupported, where + ": mlp_bias", s.model_type + " has no MLP biases");
    if (s.sliding_window) {
        require_positive(*s.sliding_window, where, "sliding_window");
        if (layout.window == WindowPattern::none)
            throw Error(ErrorCode::unsupported, where + ": sliding_window",
                        s.model_type + " has no sliding-window attention (use " +
                            family_names([](const Family& f) { return f.layout.window != WindowPattern::none; }) + ")");
    }
    if (s.use_parallel_residual && !layout.parallel_residual)
        throw Error(ErrorCode::unsupported, where + ": use_parallel_residual",
                    s.model_type + " has no parallel residual (use " +
                        family_names([](const Family& f) { return f.layout.parallel_residual; }) + ")");

    if (family.keys.norm_eps.empty()) {
        if (s.norm_eps != family.layout.fixed_norm_eps)
            throw Error(ErrorCode::unsupported, where + ": norm_eps",
                        s.model_type + " fixes the norm epsilon at " + fmt_eps(family.layout.fixed_norm_eps) + " in its code; " +
                            fmt_eps(s.norm_eps) + " cannot be expressed");
    } else {
        require_finite_positive(s.norm_eps, where, family.keys.norm_eps.c_str());
    }
    if (!family.keys.rope_theta.empty()) require_finite_positive(s.rope_theta, where, "rope_theta");
    if (!std::isfinite(s.partial_rotary_factor) || s.partial_rotary_factor <= 0 || s.partial_rotary_factor > 1)
        throw Error(ErrorCode::invalid_value, where + ": partial_rotary_factor",
                    "the rotary fraction must be in (0, 1]");
    if (std::find(std::begin(kActivations), std::end(kActivations), s.hidden_act) == std::end(kActivations))
        throw Error(ErrorCode::invalid_value, where + ": " + family.keys.hidden_act,
                    "'" + s.hidden_act + "' is not an activation transformers knows");
    if (std::find(std::begin(kDtypes), std::end(kDtypes), s.torch_dtype) == std::end(kDtypes))
        throw Error(ErrorCode::invalid_value, where + ": torch_dtype",
                    "'" + s.torch_dtype + "' is not one of float32, float16, bfloat16");
}

bool extra_flag(const ArchSpec& spec, const std::string& key, bool fallback) {
    const auto it = spec.extras.find(key);
    if (it == spec.extras.end()) return fallback;
    const nlohmann::json& v = *it;
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number()) return v.get<double>() != 0;
    if (v.is_string() || v.is_array() || v.is_object()) return !v.empty();
    return false;  // null: None
}

bool operator==(const ArchSpec& a, const ArchSpec& b) {
    return a.model_type == b.model_type && a.vocab_size == b.vocab_size &&
           a.hidden_size == b.hidden_size && a.intermediate_size == b.intermediate_size &&
           a.num_hidden_layers == b.num_hidden_layers &&
           a.num_attention_heads == b.num_attention_heads &&
           a.num_key_value_heads == b.num_key_value_heads && a.head_dim == b.head_dim &&
           a.max_position_embeddings == b.max_position_embeddings &&
           a.tie_word_embeddings == b.tie_word_embeddings && a.attention_bias == b.attention_bias &&
           a.mlp_bias == b.mlp_bias && a.num_local_experts == b.num_local_experts &&
           a.num_experts_per_tok == b.num_experts_per_tok && a.hidden_act == b.hidden_act &&
           a.norm_eps == b.norm_eps && a.rope_theta == b.rope_theta &&
           a.partial_rotary_factor == b.partial_rotary_factor &&
           a.sliding_window == b.sliding_window &&
           a.use_parallel_residual == b.use_parallel_residual &&
           a.bos_token_id == b.bos_token_id && a.eos_token_id == b.eos_token_id &&
           a.pad_token_id == b.pad_token_id && a.torch_dtype == b.torch_dtype &&
           a.extras == b.extras;
}

}  // namespace ma

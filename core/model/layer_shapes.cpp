#include "layer_shapes.h"

#include <algorithm>

#include "../error.h"
#include "../json_fields.h"

namespace ma {
namespace {

using nlohmann::json;

// The key from the spec's extras, else the family's HF default (a spec not yet resolved).
const json& key_value(const Family& family, const ArchSpec& spec, const std::string& key) {
    static const json null_value;
    auto it = spec.extras.find(key);
    if (it != spec.extras.end()) return *it;
    auto def = family.defaults.find(key);
    return def != family.defaults.end() ? *def : null_value;
}

int64_t positive_key(const Family& family, const ArchSpec& spec, const std::string& key, const std::string& where) {
    const int64_t v = as_int(key_value(family, spec, key), where + ": " + key);
    if (v <= 0) throw Error(ErrorCode::invalid_value, where + ": " + key, key + " must be positive, got " + std::to_string(v));
    return v;
}

int64_t non_negative_key(const Family& family, const ArchSpec& spec, const std::string& key, const std::string& where) {
    const int64_t v = as_int(key_value(family, spec, key), where + ": " + key);
    if (v < 0) throw Error(ErrorCode::invalid_value, where + ": " + key, key + " must not be negative, got " + std::to_string(v));
    return v;
}

std::vector<int64_t> layer_list(const Family& family, const ArchSpec& spec, const std::string& key, const std::string& where) {
    const json& v = key_value(family, spec, key);
    std::vector<int64_t> out;
    if (v.is_null()) return out;  // HF: None means []
    if (!v.is_array())
        throw Error(ErrorCode::wrong_type, where + ": " + key, "expected a list of layer indices, found " + describe(v));
    for (size_t i = 0; i < v.size(); ++i) {
        const int64_t layer = as_int(v[i], where + ": " + key + "[" + std::to_string(i) + "]");
        if (layer < 0 || layer >= spec.num_hidden_layers)
            throw Error(ErrorCode::invalid_value, where + ": " + key + "[" + std::to_string(i) + "]",
                        "layer " + std::to_string(layer) + " is outside 0.." + std::to_string(spec.num_hidden_layers - 1));
        out.push_back(layer);
    }
    return out;
}

}  // namespace

int64_t MoeShape::moe_layers() const { return int64_t(std::count(moe_layer.begin(), moe_layer.end(), true)); }

MoeShape moe_shape(const Family& family, const ArchSpec& spec, const std::string& where) {
    MoeShape m;
    if (family.layout.mlp_block != MlpComponent::moe) return m;
    const FamilyLayout& l = family.layout;
    m.experts = spec.num_local_experts;
    m.per_token = spec.num_experts_per_tok;
    m.expert_width = l.expert_width_key ? positive_key(family, spec, "moe_intermediate_size", where) : spec.intermediate_size;
    if (l.shared_expert == SharedExpert::gated)
        m.shared_width = non_negative_key(family, spec, "shared_expert_intermediate_size", where);
    else if (l.shared_expert == SharedExpert::summed)
        m.shared_width = m.expert_width * non_negative_key(family, spec, "n_shared_experts", where);

    const int64_t layers = std::max<int64_t>(spec.num_hidden_layers, 0);
    m.moe_layer.assign(size_t(layers), true);
    switch (l.moe_layers) {
        case MoeLayers::every_layer: break;
        case MoeLayers::sparse_step: {
            // Qwen2MoeDecoderLayer / Qwen3MoeDecoderLayer: experts when the layer is not in mlp_only_layers
            // and num_experts > 0 and (layer_idx + 1) % decoder_sparse_step == 0.
            const int64_t step = positive_key(family, spec, "decoder_sparse_step", where);
            const std::vector<int64_t> dense = layer_list(family, spec, "mlp_only_layers", where);
            for (int64_t i = 0; i < layers; ++i)
                m.moe_layer[size_t(i)] = std::find(dense.begin(), dense.end(), i) == dense.end() && (i + 1) % step == 0;
            break;
        }
        case MoeLayers::after_first_k: {
            // DeepseekV3DecoderLayer: DeepseekV3MoE when layer_idx >= first_k_dense_replace (moe_layer_freq is not read).
            const int64_t k = non_negative_key(family, spec, "first_k_dense_replace", where);
            for (int64_t i = 0; i < layers; ++i) m.moe_layer[size_t(i)] = i >= k;
            break;
        }
    }
    return m;
}

MlaShape mla_shape(const ArchSpec& spec, const std::string& where) {
    const Family& family = family_for(spec.model_type, where);
    MlaShape s;
    const json& q = key_value(family, spec, "q_lora_rank");
    if (!q.is_null()) s.q_lora_rank = positive_key(family, spec, "q_lora_rank", where);
    s.kv_lora_rank = positive_key(family, spec, "kv_lora_rank", where);
    s.qk_nope_head_dim = non_negative_key(family, spec, "qk_nope_head_dim", where);
    s.qk_rope_head_dim = positive_key(family, spec, "qk_rope_head_dim", where);
    s.v_head_dim = positive_key(family, spec, "v_head_dim", where);
    if (s.qk_rope_head_dim % 2 != 0)
        throw Error(ErrorCode::invalid_value, where + ": qk_rope_head_dim",
                    "qk_rope_head_dim (" + std::to_string(s.qk_rope_head_dim) + ") must be even: rotary pairs its features");
    return s;
}

int64_t window_pattern(const ArchSpec& spec, const Family& family) {
    return positive_key(family, spec, "sliding_window_pattern", "spec");
}

void validate_layer_shapes(const Family& family, const ArchSpec& spec, const std::string& where) {
    if (family.layout.mlp_block == MlpComponent::moe) moe_shape(family, spec, where);
    if (family.layout.attention == AttentionComponent::mla) mla_shape(spec, where);
    if (family.layout.window == WindowPattern::all_but_every_nth) positive_key(family, spec, "sliding_window_pattern", where);
}

}  // namespace ma

// The shape facts a family keeps in config keys beyond the common ones:
// which decoder layers hold the mixture of experts and how wide its routed
// and shared experts are (qwen2_moe, qwen3_moe, deepseek_v3), and the ranks
// of multi-head latent attention (deepseek_v3). They live in ArchSpec::extras
// under HF's own key names, so a config round-trips verbatim; these are the
// typed reads every component and estimate uses, with errors naming the key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arch_spec.h"
#include "family.h"

namespace ma {

struct MoeShape {
    int64_t experts = 0;        // routed experts per MoE layer (0: a dense family)
    int64_t per_token = 0;      // routed experts each token is sent to
    int64_t expert_width = 0;   // one routed expert's intermediate size
    int64_t shared_width = 0;   // the shared expert(s) every token passes through; 0 when none
    std::vector<bool> moe_layer;  // by layer index: holds the experts (else a dense MLP of intermediate_size)
    int64_t moe_layers() const;
    int64_t dense_layers() const { return int64_t(moe_layer.size()) - moe_layers(); }
};

// Throws ma::Error(invalid_value) naming the key when a layer-pattern or width key is out of range.
MoeShape moe_shape(const Family& family, const ArchSpec& spec, const std::string& where = "spec");

struct MlaShape {
    std::optional<int64_t> q_lora_rank;  // unset: a full q_proj
    int64_t kv_lora_rank = 0, qk_nope_head_dim = 0, qk_rope_head_dim = 0, v_head_dim = 0;
    int64_t qk_head_dim() const { return qk_nope_head_dim + qk_rope_head_dim; }
};

MlaShape mla_shape(const ArchSpec& spec, const std::string& where = "spec");

// The window-attending layers' pattern key of gemma3 (sliding_window_pattern, default 6).
int64_t window_pattern(const ArchSpec& spec, const Family& family);

// Checks every family-specific shape key the family reads.
void validate_layer_shapes(const Family& family, const ArchSpec& spec, const std::string& where);

}  // namespace ma

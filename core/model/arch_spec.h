// The architecture of one decoder-only model, named with Hugging Face
// config field names. A spec read from a config.json may leave optional
// fields unset (as HF's `None`); `resolve()` fills every derived field in one
// place and `validate()` checks the shape rules with messages naming values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spec_extras.h"

namespace ma {

// The values a family's HF config class defaults to come from its row
// (default_spec() in hf_config.h); a bare ArchSpec has none and does not validate.
struct ArchSpec {
    std::string model_type;

    // Shape (what the parameter count depends on).
    int64_t vocab_size = 0;
    int64_t hidden_size = 0;
    int64_t intermediate_size = 0;  // per expert for mixture-of-experts
    int64_t num_hidden_layers = 0;
    int64_t num_attention_heads = 0;
    std::optional<int64_t> num_key_value_heads;  // unset: same as num_attention_heads (MHA)
    std::optional<int64_t> head_dim;             // unset: hidden_size / num_attention_heads
    int64_t max_position_embeddings = 0;         // also the learned position table (gpt2)
    bool tie_word_embeddings = false;
    bool attention_bias = false;  // families whose config has the switch
    bool mlp_bias = false;        // llama only
    int64_t num_local_experts = 0;    // mixtral: experts per layer
    int64_t num_experts_per_tok = 0;  // mixtral: experts routed per token

    // Behaviour that does not change the count but belongs to the design.
    std::string hidden_act;
    double norm_eps = 0;
    double rope_theta = 0;
    double partial_rotary_factor = 1.0;      // gpt_neox rotary_pct, phi3
    std::optional<int64_t> sliding_window;   // unset: full attention
    bool use_parallel_residual = false;      // gpt_neox

    // Token ids from the tokenizer; unset stays null in config.json.
    std::optional<int64_t> bos_token_id;
    std::vector<int64_t> eos_token_id;  // HF allows one id or a list
    std::optional<int64_t> pad_token_id;

    std::string torch_dtype = "bfloat16";

    // Family-specific keys that HF reads but that do not change shapes
    // (dropouts, rope_scaling, soft-capping, router loss, ...). Kept verbatim
    // so reading then writing a config loses nothing.
    SpecExtras extras;

    int64_t kv_heads() const { return num_key_value_heads.value_or(num_attention_heads); }
    int64_t head_size() const {
        return head_dim ? *head_dim : (num_attention_heads > 0 ? hidden_size / num_attention_heads : 0);
    }
};

// Fills unset derived fields (kv heads, head_dim, family extras) with the values HF derives.
ArchSpec resolve(const ArchSpec& spec);

// Throws ma::Error(invalid_value / unsupported) naming the field and values.
// `where` prefixes messages (for example the file name).
void validate(const ArchSpec& spec, const std::string& where = "spec");

// An extras switch read as transformers tests it (`if config.use_sliding_window:`): Python's
// truthiness, so 1 or a non-empty string is on and 0, null or "" off; absent: `fallback`.
bool extra_flag(const ArchSpec& spec, const std::string& key, bool fallback);

bool operator==(const ArchSpec& a, const ArchSpec& b);
inline bool operator!=(const ArchSpec& a, const ArchSpec& b) { return !(a == b); }

}  // namespace ma

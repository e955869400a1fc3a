// What each supported Hugging Face architecture builds, as data: module
// layout (drives the parameter count), config key names and the defaults of
// its HF config class. One row per `model_type`; see family_table.cpp.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ma {

enum class NormKind { rms, layer };             // RMSNorm (weight) or LayerNorm (weight + bias)
enum class MlpKind { gated, plain };            // gate/up/down (SwiGLU, GeGLU) or fc/proj
enum class PositionKind { rope, learned };      // rotary (no params) or a learned table
enum class QkNormKind { none, per_head, full };  // qwen3: RMSNorm(head_dim); olmo2: RMSNorm(heads*head_dim)

// Which attention projections carry a bias.
enum class AttnBiasKind {
    none,          // never (mistral, mixtral, phi3)
    from_config,   // q, k, v and o when config.attention_bias (llama, qwen3, gemma, olmo2, gpt_neox)
    qkv_fixed,     // q, k, v always, o never (qwen2)
    all_fixed,     // always (gpt2)
};

enum class MlpBiasKind { none, from_config, all_fixed };

// Layer norms inside one decoder layer, by HF module name.
struct FamilyLayout {
    NormKind norm;
    MlpKind mlp;
    PositionKind positions;
    AttnBiasKind attn_bias;
    MlpBiasKind mlp_bias;
    QkNormKind qk_norm;
    bool fused_qkv;      // one qkv projection (phi3, gpt2, gpt_neox)
    bool fused_gate_up;  // one gate_up projection (phi3)
    bool moe;            // mixtral sparse MoE block
    bool gqa;            // reads num_key_value_heads
    bool explicit_head_dim;  // reads head_dim (otherwise hidden_size / heads)
    bool sliding_window;     // reads sliding_window
    std::vector<std::string> layer_norms;  // e.g. {"input_layernorm", "post_attention_layernorm"}
};

// HF module names, so every tensor we count can be matched with named_parameters().
struct FamilyNames {
    std::string embed;       // "model.embed_tokens"
    std::string positions;   // learned position table, "" when none
    std::string layer;       // "model.layers"
    std::string attn;        // "self_attn"
    std::string q, k, v, qkv, o;
    std::string mlp;         // "mlp" or "block_sparse_moe"
    std::string gate, up, down, gate_up;
    std::string router, experts;  // MoE
    std::string final_norm;  // "model.norm"
    std::string lm_head;     // "lm_head"
};

// Config key names that differ between families.
struct FamilyKeys {
    std::string hidden_size = "hidden_size";
    std::string intermediate_size = "intermediate_size";
    std::string num_hidden_layers = "num_hidden_layers";
    std::string num_attention_heads = "num_attention_heads";
    std::string max_position_embeddings = "max_position_embeddings";
    std::string hidden_act = "hidden_act";
    std::string norm_eps = "rms_norm_eps";
    std::string rope_theta = "rope_theta";          // "" when the family has no rope
    std::string partial_rotary = "";                // gpt_neox "rotary_pct", phi3 "partial_rotary_factor"
};

struct Family {
    std::string model_type;
    std::string architecture;  // the *ForCausalLM class
    std::string summary;       // one line for reports
    FamilyLayout layout;
    FamilyNames names;
    FamilyKeys keys;
    // Every key the HF config class reads, with that class's default
    // (null where HF defaults to None). Keys not in FamilyKeys/ArchSpec are
    // the family's extras, read and written verbatim.
    nlohmann::json defaults;
};

// All supported families, in a stable order.
const std::vector<Family>& families();

// Throws ma::Error(unsupported) naming the model_type and listing the supported ones.
const Family& family_for(const std::string& model_type, const std::string& where = "config.json");

// The keys of `defaults` that ArchSpec holds as typed fields (not extras).
bool is_typed_key(const Family& family, const std::string& key);

}  // namespace ma

// What each supported Hugging Face architecture builds, as one row of data:
// its attention and MLP components, every layout fact the code branches on
// (norms, biases, fused projections, Conv1D weights, the sliding-window
// pattern, the tensor-parallel plan), its config key names (HF's
// attribute_map), the typed defaults of its HF config class, and the values
// a design writes. No code outside the table and the components asks for a
// family by name. Rows: family_table.cpp.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ma {

// The two components every decoder layer is built from (components.h).
enum class AttentionComponent {
    gqa,  // grouped-query attention (MHA and MQA are its extremes)
    mla,  // multi-head latent attention (DeepSeek-V2/V3): low-rank q and kv projections, decoupled rotary part
};
enum class MlpComponent { dense, moe };      // one MLP, or top-k routed experts behind a linear router

// RMSNorm (weight), LayerNorm (weight + bias), or LayerNorm without parameters (OLMo 1's OlmoLayerNorm).
enum class NormKind { rms, layer, layer_no_affine };
// Where the HF norm code forms its output: what autograd keeps for backward differs.
enum class NormOutput {
    cast_back,             // llama: normalise in fp32, cast back, then times the weight
    fp32_times_weight,     // olmo2: weight times the fp32 normalised tensor, then cast
    fp32_one_plus_weight,  // gemma: (1 + weight) in fp32 times the fp32 normalised tensor
};
enum class MlpKind { gated, plain };         // gate/up/down (SwiGLU, GeGLU) or fc/proj
enum class PositionKind { rope, learned };   // rotary (no params) or a learned table
enum class QkNormKind { none, per_head, full };  // qwen3: RMSNorm(head_dim); olmo2: RMSNorm(heads*head_dim)

// Which attention projections carry a bias.
enum class AttnBiasKind {
    none,         // never (mistral, mixtral, phi3)
    from_config,  // q, k, v and o when config.attention_bias (llama, qwen3, gemma, olmo2, gpt_neox)
    qkv_fixed,    // q, k, v always, o never (qwen2)
    all_fixed,    // always (gpt2)
};
enum class MlpBiasKind { none, from_config, all_fixed };

// Which layers attend within `sliding_window` when it is set.
enum class WindowPattern {
    none,            // no sliding window (the config has no such key)
    every_layer,     // mistral, mixtral, phi3
    even_layers,     // gemma2: layer_idx % 2 == 0 is local
    from_layer,      // qwen2/qwen3: use_sliding_window and layer_idx >= max_window_layers
    all_but_every_nth,  // gemma3: local unless (layer_idx + 1) % sliding_window_pattern == 0
};

// Which decoder layers hold the mixture of experts (the others a dense MLP of intermediate_size).
enum class MoeLayers {
    every_layer,     // mixtral, olmoe
    sparse_step,     // qwen2_moe/qwen3_moe: not in mlp_only_layers and (layer_idx + 1) % decoder_sparse_step == 0
    after_first_k,   // deepseek_v3: layer_idx >= first_k_dense_replace
};

// The experts every token passes through beside the routed ones.
enum class SharedExpert {
    none,
    gated,   // qwen2_moe: shared_expert (shared_expert_intermediate_size) scaled by sigmoid(shared_expert_gate)
    summed,  // deepseek_v3: shared_experts, one MLP of n_shared_experts x moe_intermediate_size
};

// How tensor parallelism splits a parameter (Megatron's layout; HF's base_model_tp_plan).
enum class TpSplit { column, row, replicated, vocab };

struct FamilyLayout {
    AttentionComponent attention = AttentionComponent::gqa;
    MlpComponent mlp_block = MlpComponent::dense;
    NormKind norm = NormKind::rms;
    NormOutput norm_output = NormOutput::cast_back;
    MlpKind mlp = MlpKind::gated;
    PositionKind positions = PositionKind::rope;
    AttnBiasKind attn_bias = AttnBiasKind::from_config;
    MlpBiasKind mlp_bias = MlpBiasKind::none;
    QkNormKind qk_norm = QkNormKind::none;
    bool fused_qkv = false;          // one qkv projection (phi3, gpt2, gpt_neox)
    bool fused_gate_up = false;      // one gate_up projection (phi3)
    bool conv1d_weights = false;     // GPT-2's Conv1D stores weights [in, out]
    bool gqa = true;                 // reads num_key_value_heads
    bool explicit_head_dim = true;   // reads head_dim (otherwise hidden_size / heads)
    bool parallel_residual = false;  // reads use_parallel_residual (attention and MLP side by side)
    WindowPattern window = WindowPattern::none;
    MoeLayers moe_layers = MoeLayers::every_layer;
    SharedExpert shared_expert = SharedExpert::none;
    bool expert_width_key = false;
    double fixed_norm_eps = 0;       // the norm epsilon the code fixes where the config has no key (olmo: 1e-5)   // routed experts are moe_intermediate_size wide (else intermediate_size)
    std::vector<std::string> layer_norms = {"input_layernorm", "post_attention_layernorm"};
};

// HF module names, so every tensor we count can be matched with named_parameters().
struct FamilyNames {
    std::string embed = "model.embed_tokens";
    std::string positions;           // learned position table, "" when none
    std::string layer = "model.layers";
    std::string attn = "self_attn";
    std::string q = "q_proj", k = "k_proj", v = "v_proj", qkv, o = "o_proj";
    std::string mlp = "mlp";         // "mlp" or "block_sparse_moe"
    std::string gate = "gate_proj", up = "up_proj", down = "down_proj", gate_up;
    std::string router, experts;     // MoE
    std::string shared_expert, shared_gate;  // "shared_expert" + "shared_expert_gate" (qwen2_moe), "shared_experts" (deepseek_v3)
    std::string final_norm = "model.norm";
    std::string lm_head = "lm_head";
    std::string decoder_layer;       // the decoder layer class FSDP wraps; "" = the architecture's "<X>DecoderLayer"
};

// Config key names that differ between families (HF's attribute_map).
struct FamilyKeys {
    std::string hidden_size = "hidden_size";
    std::string intermediate_size = "intermediate_size";
    std::string num_hidden_layers = "num_hidden_layers";
    std::string num_attention_heads = "num_attention_heads";
    std::string max_position_embeddings = "max_position_embeddings";
    std::string hidden_act = "hidden_act";
    std::string norm_eps = "rms_norm_eps";    // "" when the code fixes it (layout.fixed_norm_eps)
    std::string rope_theta = "rope_theta";   // "" when the family has no rope
    std::string partial_rotary;              // gpt_neox "rotary_pct", phi3 "partial_rotary_factor"
    std::string window_switch;               // qwen: "use_sliding_window" turns the window pattern on
    std::string num_experts = "num_local_experts";  // olmoe "num_experts" (attribute_map)
};

// How tensor parallelism splits each projection role; the same Megatron plan for
// every family here (column-parallel q/k/v/gate/up, row-parallel o/down,
// vocab-parallel embedding and head, norms and routers replicated).
struct TpPlan {
    TpSplit qkv = TpSplit::column, o = TpSplit::row;
    TpSplit gate_up = TpSplit::column, down = TpSplit::row;
    TpSplit embed = TpSplit::vocab, positions = TpSplit::replicated, lm_head = TpSplit::vocab;
    TpSplit router = TpSplit::replicated, norm = TpSplit::replicated;
};

// What a new design of this family writes beyond the shape and the HF class
// defaults (activation, norm eps and rotary fraction come from `defaults`).
struct DesignDefaults {
    // Extras written over the HF defaults: no dropout (modern pretraining), family switches.
    nlohmann::json extras = nlohmann::json::object();
};

struct Family {
    std::string model_type;
    std::string architecture;  // the *ForCausalLM class
    std::string summary;       // one line for reports
    std::string source;        // the HF files the row mirrors
    FamilyLayout layout;
    FamilyNames names;
    FamilyKeys keys;
    TpPlan tp;
    DesignDefaults design;
    // Every key the HF config class reads, with that class's default
    // (null where HF defaults to None). Keys not in FamilyKeys/ArchSpec are
    // the family's extras, read and written verbatim.
    nlohmann::json defaults;
    // The keys of `defaults` that are extras (not typed ArchSpec fields), with their defaults:
    // derived from `defaults` once when the table is built (every resolve() walks them).
    nlohmann::json extra_defaults;
};

// All supported families, in a stable order (the order choose_family prefers).
const std::vector<Family>& families();

// The HF decoder layer class of a family ("LlamaDecoderLayer", "GPT2Block").
std::string decoder_layer_class(const Family& family);

// Throws ma::Error(unsupported) naming the model_type and listing the supported ones.
const Family& family_for(const std::string& model_type, const std::string& where = "config.json");

// The activation the family's HF config class defaults to ("silu", "gelu_new", ...).
std::string default_activation(const Family& family);

// "mistral, qwen2 or phi3": the families a predicate holds for, for messages.
std::string family_names(bool (*predicate)(const Family&));

// The keys of `defaults` that ArchSpec holds as typed fields (not extras).
bool is_typed_key(const Family& family, const std::string& key);

}  // namespace ma

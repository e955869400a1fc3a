// The supported Hugging Face architectures as data. Each row mirrors the
// family's configuration_*.py (defaults) and modeling_*.py (modules) at the
// release in `source`; the comments name what differs from llama, whose
// layout is the struct defaults of family.h.
#include "family.h"

#include <algorithm>

#include "../built_once.h"
#include "../error.h"

namespace ma {
namespace {

using nlohmann::json;

MA_BUILT_ONCE std::vector<Family> build_table() {
    std::vector<Family> t;

    {   // llama: the default recipe (GQA, SwiGLU, RoPE, RMSNorm).
        Family f;
        f.model_type = "llama";
        f.source = "transformers v4.51.0 src/transformers/models/llama/{configuration,modeling}_llama.py";
        f.architecture = "LlamaForCausalLM";
        f.summary = "Llama: pre-norm RMSNorm, rotary positions, SwiGLU MLP, grouped-query attention";
        f.layout.mlp_bias = MlpBiasKind::from_config;
        f.design.extras = {{"attention_dropout", 0.0}};
        f.defaults = json::parse(R"({
          "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008,
          "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": null,
          "head_dim": null, "hidden_act": "silu", "max_position_embeddings": 2048,
          "initializer_range": 0.02, "rms_norm_eps": 1e-6, "use_cache": true,
          "pad_token_id": null, "bos_token_id": 1, "eos_token_id": 2, "pretraining_tp": 1,
          "tie_word_embeddings": false, "rope_theta": 10000.0, "rope_scaling": null,
          "attention_bias": false, "attention_dropout": 0.0, "mlp_bias": false})");
        t.push_back(f);
    }
    {   // mistral: llama without biases, with a sliding window on every layer.
        Family f;
        f.model_type = "mistral";
        f.source = "transformers v4.51.0 src/transformers/models/mistral/{configuration,modeling}_mistral.py";
        f.architecture = "MistralForCausalLM";
        f.summary = "Mistral: Llama layout without biases, sliding-window attention on every layer";
        f.layout.attn_bias = AttnBiasKind::none;
        f.layout.window = WindowPattern::every_layer;
        f.design.extras = {{"attention_dropout", 0.0}};
        f.defaults = json::parse(R"({
          "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336,
          "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
          "head_dim": null, "hidden_act": "silu", "max_position_embeddings": 131072,
          "initializer_range": 0.02, "rms_norm_eps": 1e-6, "use_cache": true,
          "pad_token_id": null, "bos_token_id": 1, "eos_token_id": 2,
          "tie_word_embeddings": false, "rope_theta": 10000.0, "sliding_window": 4096,
          "attention_dropout": 0.0})");
        t.push_back(f);
    }
    {   // mixtral: mistral attention, sparse mixture of SwiGLU experts with a linear router.
        Family f;
        f.model_type = "mixtral";
        f.source = "transformers v4.51.0 src/transformers/models/mixtral/{configuration,modeling}_mixtral.py";
        f.architecture = "MixtralForCausalLM";
        f.summary = "Mixtral: Mistral attention with a sparse mixture-of-experts SwiGLU MLP (top-k routing)";
        f.layout.attn_bias = AttnBiasKind::none;
        f.layout.window = WindowPattern::every_layer;
        f.layout.mlp_block = MlpComponent::moe;
        f.design.extras = {{"attention_dropout", 0.0}};
        f.names.mlp = "block_sparse_moe";
        f.names.router = "gate";
        f.names.experts = "experts";
        f.names.gate = "w1"; f.names.down = "w2"; f.names.up = "w3";
        f.defaults = json::parse(R"({
          "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336,
          "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
          "head_dim": null, "hidden_act": "silu", "max_position_embeddings": 131072,
          "initializer_range": 0.02, "rms_norm_eps": 1e-5, "use_cache": true,
          "pad_token_id": null, "bos_token_id": 1, "eos_token_id": 2,
          "tie_word_embeddings": false, "rope_theta": 1000000.0, "sliding_window": null,
          "attention_dropout": 0.0, "num_experts_per_tok": 2, "num_local_experts": 8,
          "output_router_logits": false, "router_aux_loss_coef": 0.001, "router_jitter_noise": 0.0})");
        t.push_back(f);
    }
    {   // qwen2: llama with a bias on q, k and v (never on o); head_dim is hidden/heads.
        Family f;
        f.model_type = "qwen2";
        f.source = "transformers v4.51.0 src/transformers/models/qwen2/{configuration,modeling}_qwen2.py";
        f.architecture = "Qwen2ForCausalLM";
        f.summary = "Qwen2: Llama layout with biases on the q, k and v projections";
        f.layout.attn_bias = AttnBiasKind::qkv_fixed;
        f.layout.explicit_head_dim = false;
        f.layout.window = WindowPattern::from_layer;
        f.design.extras = {{"attention_dropout", 0.0}, {"max_window_layers", 0}};
        f.keys.window_switch = "use_sliding_window";
        f.defaults = json::parse(R"({
          "vocab_size": 151936, "hidden_size": 4096, "intermediate_size": 22016,
          "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32,
          "hidden_act": "silu", "max_position_embeddings": 32768,
          "initializer_range": 0.02, "rms_norm_eps": 1e-6, "use_cache": true,
          "tie_word_embeddings": false, "rope_theta": 10000.0, "rope_scaling": null,
          "use_sliding_window": false, "sliding_window": 4096, "max_window_layers": 28,
          "attention_dropout": 0.0, "bos_token_id": null, "eos_token_id": null, "pad_token_id": null})");
        t.push_back(f);
    }
    {   // qwen3: no qkv bias by default, RMSNorm on every query and key head (q_norm, k_norm).
        Family f;
        f.model_type = "qwen3";
        f.source = "transformers v4.51.0 src/transformers/models/qwen3/{configuration,modeling}_qwen3.py";
        f.architecture = "Qwen3ForCausalLM";
        f.summary = "Qwen3: Llama layout with per-head RMSNorm on queries and keys (QK-norm)";
        f.layout.qk_norm = QkNormKind::per_head;
        f.layout.window = WindowPattern::from_layer;
        f.design.extras = {{"attention_dropout", 0.0}, {"max_window_layers", 0}};
        f.keys.window_switch = "use_sliding_window";
        f.defaults = json::parse(R"({
          "vocab_size": 151936, "hidden_size": 4096, "intermediate_size": 22016,
          "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32,
          "head_dim": 128, "hidden_act": "silu", "max_position_embeddings": 32768,
          "initializer_range": 0.02, "rms_norm_eps": 1e-6, "use_cache": true,
          "tie_word_embeddings": false, "rope_theta": 10000.0, "rope_scaling": null,
          "attention_bias": false, "use_sliding_window": false, "sliding_window": 4096,
          "max_window_layers": 28, "attention_dropout": 0.0,
          "bos_token_id": null, "eos_token_id": null, "pad_token_id": null})");
        t.push_back(f);
    }
    {   // gemma: GeGLU MLP, embeddings scaled by sqrt(hidden), (1 + w) RMSNorm, tied head.
        Family f;
        f.model_type = "gemma";
        f.source = "transformers v4.51.0 src/transformers/models/gemma/{configuration,modeling}_gemma.py";
        f.architecture = "GemmaForCausalLM";
        f.summary = "Gemma: GeGLU MLP, embeddings scaled by sqrt(hidden_size), tied output head";
        f.layout.norm_output = NormOutput::fp32_one_plus_weight;
        f.design.extras = {{"attention_dropout", 0.0}, {"hidden_activation", "gelu_pytorch_tanh"}};
        f.defaults = json::parse(R"({
          "vocab_size": 256000, "hidden_size": 3072, "intermediate_size": 24576,
          "num_hidden_layers": 28, "num_attention_heads": 16, "num_key_value_heads": 16,
          "head_dim": 256, "hidden_act": "gelu_pytorch_tanh", "hidden_activation": null,
          "max_position_embeddings": 8192, "initializer_range": 0.02, "rms_norm_eps": 1e-6,
          "use_cache": true, "pad_token_id": 0, "eos_token_id": 1, "bos_token_id": 2,
          "tie_word_embeddings": true, "rope_theta": 10000.0, "attention_bias": false,
          "attention_dropout": 0.0})");
        t.push_back(f);
    }
    {   // gemma2: gemma plus pre/post norms around both sublayers (4 per layer),
        // alternating sliding-window and global layers, logit soft-capping.
        Family f;
        f.model_type = "gemma2";
        f.source = "transformers v4.51.0 src/transformers/models/gemma2/{configuration,modeling}_gemma2.py";
        f.architecture = "Gemma2ForCausalLM";
        f.summary = "Gemma 2: GeGLU, four RMSNorms per layer, alternating local (sliding) and global attention, logit soft-capping";
        f.layout.norm_output = NormOutput::fp32_one_plus_weight;
        f.layout.window = WindowPattern::even_layers;
        f.design.extras = {{"attention_dropout", 0.0}};
        f.layout.layer_norms = {"input_layernorm", "post_attention_layernorm",
                                "pre_feedforward_layernorm", "post_feedforward_layernorm"};
        f.keys.hidden_act = "hidden_activation";
        f.defaults = json::parse(R"({
          "vocab_size": 256000, "hidden_size": 2304, "intermediate_size": 9216,
          "num_hidden_layers": 26, "num_attention_heads": 8, "num_key_value_heads": 4,
          "head_dim": 256, "hidden_activation": "gelu_pytorch_tanh",
          "max_position_embeddings": 8192, "initializer_range": 0.02, "rms_norm_eps": 1e-6,
          "use_cache": true, "pad_token_id": 0, "eos_token_id": 1, "bos_token_id": 2,
          "tie_word_embeddings": true, "rope_theta": 10000.0, "attention_bias": false,
          "attention_dropout": 0.0, "query_pre_attn_scalar": 256, "sliding_window": 4096,
          "final_logit_softcapping": 30.0, "attn_logit_softcapping": 50.0,
          "cache_implementation": "hybrid"})");
        t.push_back(f);
    }
    {   // olmo2: post-norm (norms after attention and MLP, none before), RMSNorm over all q and k features.
        Family f;
        f.model_type = "olmo2";
        f.source = "transformers v4.51.0 src/transformers/models/olmo2/{configuration,modeling}_olmo2.py";
        f.architecture = "Olmo2ForCausalLM";
        f.summary = "OLMo 2: norms after each sublayer (reordered norm), QK-norm over all query/key features";
        f.layout.qk_norm = QkNormKind::full;
        f.layout.norm_output = NormOutput::fp32_times_weight;
        f.layout.explicit_head_dim = false;
        f.design.extras = {{"attention_dropout", 0.0}};
        f.layout.layer_norms = {"post_attention_layernorm", "post_feedforward_layernorm"};
        f.defaults = json::parse(R"({
          "vocab_size": 50304, "hidden_size": 4096, "intermediate_size": 11008,
          "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": null,
          "hidden_act": "silu", "max_position_embeddings": 2048, "initializer_range": 0.02,
          "use_cache": true, "pad_token_id": 1, "bos_token_id": null, "eos_token_id": 50279,
          "tie_word_embeddings": false, "rope_theta": 10000.0, "rope_scaling": null,
          "attention_bias": false, "attention_dropout": 0.0, "rms_norm_eps": 1e-5})");
        t.push_back(f);
    }
    {   // olmoe: llama's pre-norm layer with OLMo 2's QK-norm over all q and k features, and a
        // sparse mixture of SwiGLU experts (mlp.gate, mlp.experts.{e}.gate_proj/up_proj/down_proj).
        Family f;
        f.model_type = "olmoe";
        f.source = "transformers v4.51.0 src/transformers/models/olmoe/{configuration,modeling}_olmoe.py";
        f.architecture = "OlmoeForCausalLM";
        f.summary = "OLMoE: pre-norm RMSNorm, QK-norm over all query/key features, sparse mixture of SwiGLU experts";
        f.layout.qk_norm = QkNormKind::full;
        f.layout.explicit_head_dim = false;
        f.layout.mlp_block = MlpComponent::moe;
        f.names.router = "gate";
        f.names.experts = "experts";
        f.keys.num_experts = "num_experts";
        f.design.extras = {{"attention_dropout", 0.0}};
        f.defaults = json::parse(R"({
          "vocab_size": 50304, "hidden_size": 2048, "intermediate_size": 2048,
          "num_hidden_layers": 16, "num_attention_heads": 16, "num_key_value_heads": null,
          "hidden_act": "silu", "max_position_embeddings": 4096, "initializer_range": 0.02,
          "rms_norm_eps": 1e-5, "use_cache": true, "pad_token_id": 1, "bos_token_id": null,
          "eos_token_id": 50279, "tie_word_embeddings": false, "rope_theta": 10000.0, "rope_scaling": null,
          "attention_bias": false, "attention_dropout": 0.0, "clip_qkv": null, "num_experts_per_tok": 8,
          "num_experts": 64, "output_router_logits": false, "router_aux_loss_coef": 0.01,
          "norm_topk_prob": false})");
        t.push_back(f);
    }
    {   // qwen3_moe: qwen3 attention (per-head QK-norm), a sparse mixture of SwiGLU experts of
        // moe_intermediate_size behind mlp.gate in the layers decoder_sparse_step and mlp_only_layers pick,
        // a dense Qwen3MoeMLP of intermediate_size in the others. head_dim is read with getattr in
        // Qwen3MoeAttention, not declared by the config class: null here means hidden_size / heads.
        Family f;
        f.model_type = "qwen3_moe";
        f.source = "transformers v4.51.0 src/transformers/models/qwen3_moe/{configuration,modeling}_qwen3_moe.py";
        f.architecture = "Qwen3MoeForCausalLM";
        f.summary = "Qwen3-MoE: Qwen3 attention with per-head QK-norm, fine-grained top-k SwiGLU experts (moe_intermediate_size)";
        f.layout.qk_norm = QkNormKind::per_head;
        f.layout.window = WindowPattern::from_layer;
        f.layout.mlp_block = MlpComponent::moe;
        f.layout.moe_layers = MoeLayers::sparse_step;
        f.layout.expert_width_key = true;
        f.names.router = "gate";
        f.names.experts = "experts";
        f.keys.num_experts = "num_experts";
        f.keys.window_switch = "use_sliding_window";
        f.design.extras = {{"attention_dropout", 0.0}, {"max_window_layers", 0}};
        f.defaults = json::parse(R"({
          "vocab_size": 151936, "hidden_size": 2048, "intermediate_size": 6144,
          "num_hidden_layers": 24, "num_attention_heads": 32, "num_key_value_heads": 4, "head_dim": null,
          "hidden_act": "silu", "max_position_embeddings": 32768, "initializer_range": 0.02,
          "rms_norm_eps": 1e-6, "use_cache": true, "tie_word_embeddings": false, "rope_theta": 10000.0,
          "rope_scaling": null, "attention_bias": false, "use_sliding_window": false, "sliding_window": 4096,
          "max_window_layers": 28, "attention_dropout": 0.0, "decoder_sparse_step": 1,
          "moe_intermediate_size": 768, "num_experts_per_tok": 8, "num_experts": 128, "norm_topk_prob": false,
          "output_router_logits": false, "router_aux_loss_coef": 0.001, "mlp_only_layers": null,
          "bos_token_id": null, "eos_token_id": null, "pad_token_id": null})");
        t.push_back(f);
    }
    {   // qwen2_moe: qwen2 attention (q, k, v biases), routed experts as qwen3_moe plus one shared
        // expert (mlp.shared_expert, shared_expert_intermediate_size wide) scaled by
        // sigmoid(mlp.shared_expert_gate), a Linear(hidden, 1).
        Family f;
        f.model_type = "qwen2_moe";
        f.source = "transformers v4.51.0 src/transformers/models/qwen2_moe/{configuration,modeling}_qwen2_moe.py";
        f.architecture = "Qwen2MoeForCausalLM";
        f.summary = "Qwen2-MoE: Qwen2 attention (q/k/v biases), top-k SwiGLU experts plus a gated shared expert";
        f.layout.attn_bias = AttnBiasKind::qkv_fixed;
        f.layout.explicit_head_dim = false;
        f.layout.window = WindowPattern::from_layer;
        f.layout.mlp_block = MlpComponent::moe;
        f.layout.moe_layers = MoeLayers::sparse_step;
        f.layout.expert_width_key = true;
        f.layout.shared_expert = SharedExpert::gated;
        f.names.router = "gate";
        f.names.experts = "experts";
        f.names.shared_expert = "shared_expert";
        f.names.shared_gate = "shared_expert_gate";
        f.keys.num_experts = "num_experts";
        f.keys.window_switch = "use_sliding_window";
        f.design.extras = {{"attention_dropout", 0.0}, {"max_window_layers", 0}};
        f.defaults = json::parse(R"({
          "vocab_size": 151936, "hidden_size": 2048, "intermediate_size": 5632,
          "num_hidden_layers": 24, "num_attention_heads": 16, "num_key_value_heads": 16,
          "hidden_act": "silu", "max_position_embeddings": 32768, "initializer_range": 0.02,
          "rms_norm_eps": 1e-6, "use_cache": true, "tie_word_embeddings": false, "rope_theta": 10000.0,
          "rope_scaling": null, "use_sliding_window": false, "sliding_window": 4096, "max_window_layers": 28,
          "attention_dropout": 0.0, "decoder_sparse_step": 1, "moe_intermediate_size": 1408,
          "shared_expert_intermediate_size": 5632, "num_experts_per_tok": 4, "num_experts": 60,
          "norm_topk_prob": false, "output_router_logits": false, "router_aux_loss_coef": 0.001,
          "mlp_only_layers": null, "bos_token_id": null, "eos_token_id": null, "pad_token_id": null})");
        t.push_back(f);
    }
    {   // deepseek_v3: multi-head latent attention, DeepSeekMoE (n_routed_experts fine-grained experts behind a
        // sigmoid top-k router with group-limited routing, plus n_shared_experts fused into one MLP) in the
        // layers from first_k_dense_replace on, dense MLPs before. The router's e_score_correction_bias is a
        // registered buffer in HF (a parameter in DeepSeek's own modeling_deepseek.py): not counted.
        // moe_layer_freq is not read by HF's modeling code.
        Family f;
        f.model_type = "deepseek_v3";
        f.source = "transformers v4.51.0 src/transformers/models/deepseek_v3/{configuration,modeling}_deepseek_v3.py";
        f.architecture = "DeepseekV3ForCausalLM";
        f.summary = "DeepSeek-V3: multi-head latent attention (low-rank q and kv), DeepSeekMoE with shared experts after the first dense layers";
        f.layout.attention = AttentionComponent::mla;
        f.layout.explicit_head_dim = false;
        f.layout.mlp_block = MlpComponent::moe;
        f.layout.moe_layers = MoeLayers::after_first_k;
        f.layout.expert_width_key = true;
        f.layout.shared_expert = SharedExpert::summed;
        f.names.router = "gate";
        f.names.experts = "experts";
        f.names.shared_expert = "shared_experts";
        f.keys.num_experts = "n_routed_experts";
        f.design.extras = {{"attention_dropout", 0.0}};
        f.defaults = json::parse(R"({
          "vocab_size": 129280, "hidden_size": 7168, "intermediate_size": 18432, "moe_intermediate_size": 2048,
          "num_hidden_layers": 61, "num_attention_heads": 128, "num_key_value_heads": 128, "head_dim": null,
          "n_shared_experts": 1, "n_routed_experts": 256, "routed_scaling_factor": 2.5, "kv_lora_rank": 512,
          "q_lora_rank": 1536, "qk_rope_head_dim": 64, "v_head_dim": 128, "qk_nope_head_dim": 128,
          "n_group": 8, "topk_group": 4, "num_experts_per_tok": 8, "first_k_dense_replace": 3,
          "norm_topk_prob": true, "hidden_act": "silu", "max_position_embeddings": 4096,
          "initializer_range": 0.02, "rms_norm_eps": 1e-6, "use_cache": true, "pad_token_id": null,
          "bos_token_id": 0, "eos_token_id": 1, "pretraining_tp": 1, "tie_word_embeddings": false,
          "rope_theta": 10000.0, "rope_scaling": null, "rope_interleave": true, "attention_bias": false,
          "attention_dropout": 0.0})");
        t.push_back(f);
    }
    {   // gemma3_text: gemma2's four norms per layer and GeGLU, per-head QK-norm ((1 + w) RMSNorm of head_dim),
        // local layers except every sliding_window_pattern-th (global, rope_theta; local: rope_local_base_freq),
        // no soft-capping by default. The embedding scale is a buffer.
        Family f;
        f.model_type = "gemma3_text";
        f.source = "transformers v4.51.0 src/transformers/models/gemma3/{configuration,modeling}_gemma3.py (Gemma3TextConfig, Gemma3ForCausalLM)";
        f.architecture = "Gemma3ForCausalLM";
        f.summary = "Gemma 3: GeGLU, four RMSNorms per layer, per-head QK-norm, five local (sliding) layers per global layer";
        f.layout.norm_output = NormOutput::fp32_one_plus_weight;
        f.layout.qk_norm = QkNormKind::per_head;
        f.layout.window = WindowPattern::all_but_every_nth;
        f.layout.layer_norms = {"input_layernorm", "post_attention_layernorm",
                                "pre_feedforward_layernorm", "post_feedforward_layernorm"};
        f.keys.hidden_act = "hidden_activation";
        f.design.extras = {{"attention_dropout", 0.0}};
        f.defaults = json::parse(R"({
          "vocab_size": 262208, "hidden_size": 2304, "intermediate_size": 9216,
          "num_hidden_layers": 26, "num_attention_heads": 8, "num_key_value_heads": 4,
          "head_dim": 256, "hidden_activation": "gelu_pytorch_tanh",
          "max_position_embeddings": 131072, "initializer_range": 0.02, "rms_norm_eps": 1e-6,
          "use_cache": true, "pad_token_id": 0, "eos_token_id": 1, "bos_token_id": 2,
          "tie_word_embeddings": true, "rope_theta": 1000000.0, "attention_bias": false,
          "attention_dropout": 0.0, "query_pre_attn_scalar": 256, "sliding_window": 4096,
          "final_logit_softcapping": null, "attn_logit_softcapping": null,
          "cache_implementation": "hybrid", "rope_scaling": null, "rope_local_base_freq": 10000.0,
          "sliding_window_pattern": 6})");
        t.push_back(f);
    }
    {   // olmo (OLMo 1): llama's layer with LayerNorms that have no weight or bias (OlmoLayerNorm, eps fixed
        // at 1e-5 in the code, no config key) and optional clamping of q, k, v (clip_qkv, no parameters).
        Family f;
        f.model_type = "olmo";
        f.source = "transformers v4.51.0 src/transformers/models/olmo/{configuration,modeling}_olmo.py";
        f.architecture = "OlmoForCausalLM";
        f.summary = "OLMo 1: Llama layout with non-parametric LayerNorm and optional q/k/v clipping";
        f.layout.norm = NormKind::layer_no_affine;
        f.layout.fixed_norm_eps = 1e-5;
        f.keys.norm_eps = "";
        f.design.extras = {{"attention_dropout", 0.0}};
        f.defaults = json::parse(R"({
          "vocab_size": 50304, "hidden_size": 4096, "intermediate_size": 11008,
          "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": null, "head_dim": null,
          "hidden_act": "silu", "max_position_embeddings": 2048, "initializer_range": 0.02,
          "use_cache": true, "pad_token_id": 1, "bos_token_id": null, "eos_token_id": 50279,
          "tie_word_embeddings": false, "rope_theta": 10000.0, "rope_scaling": null,
          "attention_bias": false, "attention_dropout": 0.0, "clip_qkv": null})");
        t.push_back(f);
    }
    {   // phi3: fused qkv_proj and gate_up_proj, no biases, optional partial rotary.
        Family f;
        f.model_type = "phi3";
        f.source = "transformers v4.51.0 src/transformers/models/phi3/{configuration,modeling}_phi3.py";
        f.architecture = "Phi3ForCausalLM";
        f.summary = "Phi-3: Llama layout with fused qkv and gate_up projections";
        f.layout.attn_bias = AttnBiasKind::none;
        f.layout.fused_qkv = true;
        f.layout.fused_gate_up = true;
        f.layout.explicit_head_dim = false;
        f.layout.window = WindowPattern::every_layer;
        f.design.extras = {{"resid_pdrop", 0.0}, {"embd_pdrop", 0.0}, {"attention_dropout", 0.0}};
        f.names.qkv = "qkv_proj";
        f.names.gate_up = "gate_up_proj";
        f.keys.partial_rotary = "partial_rotary_factor";
        f.defaults = json::parse(R"({
          "vocab_size": 32064, "hidden_size": 3072, "intermediate_size": 8192,
          "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": null,
          "resid_pdrop": 0.0, "embd_pdrop": 0.0, "attention_dropout": 0.0, "hidden_act": "silu",
          "max_position_embeddings": 4096, "original_max_position_embeddings": 4096,
          "initializer_range": 0.02, "rms_norm_eps": 1e-5, "use_cache": true,
          "tie_word_embeddings": false, "rope_theta": 10000.0, "rope_scaling": null,
          "partial_rotary_factor": 1.0, "bos_token_id": 1, "eos_token_id": 32000,
          "pad_token_id": 32000, "sliding_window": null})");
        t.push_back(f);
    }
    {   // gpt2: LayerNorm with bias, learned absolute positions, GELU MLP, biases everywhere, MHA, tied head.
        Family f;
        f.model_type = "gpt2";
        f.source = "transformers v4.51.0 src/transformers/models/gpt2/{configuration,modeling}_gpt2.py";
        f.architecture = "GPT2LMHeadModel";
        f.summary = "GPT-2: LayerNorm, learned absolute positions, GELU MLP, biases on every linear, multi-head attention";
        f.layout.norm = NormKind::layer;
        f.layout.mlp = MlpKind::plain;
        f.layout.positions = PositionKind::learned;
        f.layout.attn_bias = AttnBiasKind::all_fixed;
        f.layout.mlp_bias = MlpBiasKind::all_fixed;
        f.layout.fused_qkv = true;
        f.layout.conv1d_weights = true;
        f.layout.gqa = false;
        f.layout.explicit_head_dim = false;
        f.layout.layer_norms = {"ln_1", "ln_2"};
        f.design.extras = {{"resid_pdrop", 0.0}, {"embd_pdrop", 0.0}, {"attn_pdrop", 0.0}};
        f.names.embed = "transformer.wte";
        f.names.positions = "transformer.wpe";
        f.names.layer = "transformer.h";
        f.names.attn = "attn";
        f.names.qkv = "c_attn"; f.names.o = "c_proj";
        f.names.mlp = "mlp";
        f.names.up = "c_fc"; f.names.down = "c_proj";
        f.names.final_norm = "transformer.ln_f";
        f.names.lm_head = "lm_head";
        f.names.decoder_layer = "GPT2Block";
        f.keys.hidden_size = "n_embd";
        f.keys.intermediate_size = "n_inner";
        f.keys.num_hidden_layers = "n_layer";
        f.keys.num_attention_heads = "n_head";
        f.keys.max_position_embeddings = "n_positions";
        f.keys.hidden_act = "activation_function";
        f.keys.norm_eps = "layer_norm_epsilon";
        f.keys.rope_theta = "";
        f.defaults = json::parse(R"({
          "vocab_size": 50257, "n_positions": 1024, "n_embd": 768, "n_layer": 12, "n_head": 12,
          "n_inner": null, "activation_function": "gelu_new", "resid_pdrop": 0.1,
          "embd_pdrop": 0.1, "attn_pdrop": 0.1, "layer_norm_epsilon": 1e-5,
          "initializer_range": 0.02, "scale_attn_weights": true, "use_cache": true,
          "bos_token_id": 50256, "eos_token_id": 50256, "pad_token_id": null,
          "scale_attn_by_inverse_layer_idx": false, "reorder_and_upcast_attn": false,
          "tie_word_embeddings": true})");
        t.push_back(f);
    }
    {   // gpt_neox: LayerNorm with bias, partial rotary, fused qkv, biased GELU MLP,
        // parallel residual, untied embed_out.
        Family f;
        f.model_type = "gpt_neox";
        f.source = "transformers v4.51.0 src/transformers/models/gpt_neox/{configuration,modeling}_gpt_neox.py";
        f.architecture = "GPTNeoXForCausalLM";
        f.summary = "GPT-NeoX (Pythia): LayerNorm, partial rotary positions, GELU MLP with biases, parallel attention and MLP";
        f.layout.norm = NormKind::layer;
        f.layout.mlp = MlpKind::plain;
        f.layout.attn_bias = AttnBiasKind::from_config;
        f.layout.mlp_bias = MlpBiasKind::all_fixed;
        f.layout.fused_qkv = true;
        f.layout.gqa = false;
        f.layout.explicit_head_dim = false;
        f.layout.parallel_residual = true;
        f.design.extras = {{"attention_dropout", 0.0}, {"hidden_dropout", 0.0}};
        f.names.embed = "gpt_neox.embed_in";
        f.names.layer = "gpt_neox.layers";
        f.names.attn = "attention";
        f.names.qkv = "query_key_value"; f.names.o = "dense";
        f.names.decoder_layer = "GPTNeoXLayer";
        f.names.mlp = "mlp";
        f.names.up = "dense_h_to_4h"; f.names.down = "dense_4h_to_h";
        f.names.final_norm = "gpt_neox.final_layer_norm";
        f.names.lm_head = "embed_out";
        f.keys.norm_eps = "layer_norm_eps";
        f.keys.rope_theta = "rotary_emb_base";
        f.keys.partial_rotary = "rotary_pct";
        f.defaults = json::parse(R"({
          "vocab_size": 50432, "hidden_size": 6144, "num_hidden_layers": 44,
          "num_attention_heads": 64, "intermediate_size": 24576, "hidden_act": "gelu",
          "rotary_pct": 0.25, "rotary_emb_base": 10000, "attention_dropout": 0.0,
          "hidden_dropout": 0.0, "classifier_dropout": 0.1, "max_position_embeddings": 2048,
          "initializer_range": 0.02, "layer_norm_eps": 1e-5, "use_cache": true,
          "bos_token_id": 0, "eos_token_id": 2, "pad_token_id": null,
          "tie_word_embeddings": false, "use_parallel_residual": true, "rope_scaling": null,
          "attention_bias": true})");
        t.push_back(f);
    }
    return t;
}

}  // namespace

MA_BUILT_ONCE const std::vector<Family>& families() {
    static const std::vector<Family> table = [] {
        std::vector<Family> t = build_table();
        for (Family& f : t) {
            f.extra_defaults = nlohmann::json::object();
            for (auto it = f.defaults.begin(); it != f.defaults.end(); ++it)
                if (!is_typed_key(f, it.key())) f.extra_defaults[it.key()] = it.value();
        }
        return t;
    }();
    return table;
}

const Family& family_for(const std::string& model_type, const std::string& where) {
    for (const Family& f : families())
        if (f.model_type == model_type) return f;
    std::string known;
    for (const Family& f : families()) known += (known.empty() ? "" : ", ") + f.model_type;
    throw Error(ErrorCode::unsupported, where + ": model_type",
                "'" + model_type + "' is not a supported architecture (supported: " + known + ")");
}

std::string decoder_layer_class(const Family& f) {
    if (!f.names.decoder_layer.empty()) return f.names.decoder_layer;
    const std::string suffix = "ForCausalLM";
    const std::string& a = f.architecture;
    return a.substr(0, a.size() - suffix.size()) + "DecoderLayer";  // LlamaForCausalLM -> LlamaDecoderLayer
}

std::string default_activation(const Family& f) { return f.defaults.at(f.keys.hidden_act).get<std::string>(); }

std::string family_names(bool (*predicate)(const Family&)) {
    std::vector<std::string> names;
    for (const Family& f : families())
        if (predicate(f)) names.push_back(f.model_type);
    std::string out;
    for (size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

bool is_typed_key(const Family& f, const std::string& key) {
    static const char* common[] = {"vocab_size", "num_key_value_heads", "head_dim",
                                   "tie_word_embeddings", "attention_bias", "mlp_bias",
                                   "num_experts_per_tok", "sliding_window",
                                   "use_parallel_residual", "bos_token_id", "eos_token_id",
                                   "pad_token_id", "torch_dtype", "dtype", "model_type",
                                   "architectures", "transformers_version"};
    if (std::find(std::begin(common), std::end(common), key) != std::end(common)) return true;
    const FamilyKeys& k = f.keys;
    for (const std::string* named : {&k.hidden_size, &k.intermediate_size, &k.num_hidden_layers,
                                     &k.num_attention_heads, &k.max_position_embeddings,
                                     &k.hidden_act, &k.norm_eps, &k.rope_theta, &k.partial_rotary, &k.num_experts})
        if (!named->empty() && *named == key) return true;
    return false;
}

}  // namespace ma

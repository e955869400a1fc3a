// Megatron-LM core_v0.19.0 (5be9626, 2026-08-19): a launch script for
// pretrain_gpt.py. Model flags from the family row and the spec; parallel,
// recompute and batch flags from the arrangement; schedule and optimizer
// flags from the recipe. Flags follow megatron/training/arguments.py (those it
// builds from TransformerConfig and TrainingConfig fields included).
#include "../model/layer_shapes.h"
#include "../estimates/engines/engine_profile.h"
#include "../format.h"
#include "../model/family.h"
#include "../model/param_count.h"
#include "launch_files.h"
#include "launch_text.h"

namespace ma {
namespace {

using launch::float_text;

constexpr const char* kVersion = "Megatron-LM core_v0.19.0 (5be9626, 2026-08-19)";

struct Flags {
    std::vector<std::string> lines;
    void add(const std::string& flag, const std::string& value = "") { lines.push_back(value.empty() ? flag : flag + " " + value); }
};

// Which linears carry a bias, as the family row and the config say.
struct Biases {
    bool qkv, o, mlp;
};
Biases biases(const Family& f, const ArchSpec& a) {
    const bool all = f.layout.attn_bias == AttnBiasKind::all_fixed;
    const bool from_config = f.layout.attn_bias == AttnBiasKind::from_config && a.attention_bias;
    return {all || from_config || f.layout.attn_bias == AttnBiasKind::qkv_fixed, all || from_config,
            f.layout.mlp_bias == MlpBiasKind::all_fixed || (f.layout.mlp_bias == MlpBiasKind::from_config && a.mlp_bias)};
}

std::string refusal(const LaunchPlan& p, int64_t vocab_multiple) {
    const ArchSpec& a = p.spec;
    if (const auto why = engine_refusal(engine_profile(Engine::megatron), a)) return *why;
    const Family& f = family_for(a.model_type);
    if (a.sliding_window && p.setup.transformer_impl == TransformerImpl::local)
        return "Megatron's --window-size needs Transformer Engine; plan with --transformer-impl transformer_engine";
    // Megatron has biases on every linear (--add-bias-linear), on q, k, v only (--add-qkv-bias), or none.
    const Biases b = biases(f, a);
    const bool expressible = (b.qkv && b.o && b.mlp) || (!b.o && !b.mlp);
    if (!expressible) return "Megatron puts a bias on every linear (--add-bias-linear) or on q, k, v only (--add-qkv-bias); this config has biases on other linears";
    if (p.setup.optimizer != Optimizer::adamw) return std::string("the launch script writes AdamW; Megatron's ") + name_of(p.setup.optimizer) + " is not planned";
    if (vocab_multiple % p.setup.tp != 0)
        return "Megatron pads the vocabulary to a multiple of --make-vocab-size-divisible-by x tp; the design's multiple " +
               std::to_string(vocab_multiple) + " is not divisible by tp " + std::to_string(p.setup.tp);
    return "";
}

Flags model_flags(const LaunchPlan& p, int64_t vocab_multiple) {
    const ArchSpec& a = p.spec;
    const Family& f = family_for(a.model_type);
    Flags m;
    m.add("--num-layers", std::to_string(a.num_hidden_layers));
    m.add("--hidden-size", std::to_string(a.hidden_size));
    m.add("--ffn-hidden-size", std::to_string(a.intermediate_size));
    m.add("--num-attention-heads", std::to_string(a.num_attention_heads));
    if (a.kv_heads() != a.num_attention_heads) {
        m.add("--group-query-attention");
        m.add("--num-query-groups", std::to_string(a.kv_heads()));
    }
    if (a.head_size() * a.num_attention_heads != a.hidden_size) m.add("--kv-channels", std::to_string(a.head_size()));
    m.add("--seq-length", std::to_string(p.run.seq_len));
    m.add("--max-position-embeddings", std::to_string(a.max_position_embeddings));
    m.add("--normalization", f.layout.norm == NormKind::layer ? "LayerNorm" : "RMSNorm");
    m.add("--norm-epsilon", float_text(a.norm_eps));
    if (f.layout.mlp == MlpKind::gated) m.add("--swiglu");
    else if (a.hidden_act == "gelu_new" || a.hidden_act == "gelu_pytorch_tanh" || a.hidden_act == "gelu_fast") m.add("--openai-gelu");
    if (f.layout.positions == PositionKind::rope) {
        m.add("--position-embedding-type", "rope");
        m.add("--rotary-base", std::to_string(std::llround(a.rope_theta)));
        if (a.partial_rotary_factor != 1.0) m.add("--rotary-percent", float_text(a.partial_rotary_factor));
    } else {
        m.add("--position-embedding-type", "learned_absolute");
    }
    const Biases b = biases(f, a);
    if (!b.mlp) {
        m.add("--disable-bias-linear");
        if (b.qkv) m.add("--add-qkv-bias");
    }
    if (f.layout.qk_norm != QkNormKind::none) m.add("--qk-layernorm");
    if (!a.tie_word_embeddings) m.add("--untie-embeddings-and-output-weights");
    if (a.sliding_window) m.add("--window-size", std::to_string(*a.sliding_window) + ",0");
    if (a.num_local_experts > 0) {
        const MoeShape moe = moe_shape(f, a);
        m.add("--num-experts", std::to_string(a.num_local_experts));
        m.add("--moe-router-topk", std::to_string(a.num_experts_per_tok));
        m.add("--moe-ffn-hidden-size", std::to_string(moe.expert_width));
        // Dense-MLP layers among the expert layers: Megatron's pattern string, 1 = experts ("([0]*2+[1]*46)").
        if (moe.dense_layers() > 0) {
            std::string pattern;
            for (size_t i = 0; i < moe.moe_layer.size();) {
                size_t j = i;
                while (j < moe.moe_layer.size() && moe.moe_layer[j] == moe.moe_layer[i]) ++j;
                pattern += std::string(pattern.empty() ? "" : "+") + "[" + (moe.moe_layer[i] ? "1" : "0") + "]*" + std::to_string(j - i);
                i = j;
            }
            m.add("--moe-layer-freq", "'(" + pattern + ")'");  // single-quoted: parentheses and brackets are shell syntax
        }
        // Megatron's default softmax after the top-k is HF's norm_topk_prob; without it the softmax comes first.
        if (!extra_flag(a, "norm_topk_prob", true)) m.add("--moe-router-pre-softmax");
        if (a.extras.contains("router_aux_loss_coef") && a.extras["router_aux_loss_coef"].is_number())
            m.add("--moe-aux-loss-coeff", float_text(a.extras["router_aux_loss_coef"].get<double>()));
        m.add("--moe-token-dispatcher-type", "alltoall");
    }
    m.add("--make-vocab-size-divisible-by", std::to_string(vocab_multiple / p.setup.tp));
    m.add("--init-method-std", float_text(p.run.init_std));
    m.add("--attention-dropout", float_text(p.setup.dropout));  // Megatron defaults to 0.1
    m.add("--hidden-dropout", float_text(p.setup.dropout));
    return m;
}

Flags parallel_flags(const LaunchPlan& p) {
    const TrainingSetup& s = p.setup;
    Flags m;
    m.add("--tensor-model-parallel-size", std::to_string(s.tp));
    m.add("--pipeline-model-parallel-size", std::to_string(s.pp));
    if (s.vpp > 1) m.add("--num-layers-per-virtual-pipeline-stage", std::to_string(p.spec.num_hidden_layers / (s.pp * s.vpp)));
    if (s.cp > 1) m.add("--context-parallel-size", std::to_string(s.cp));
    if (s.ep > 1) m.add("--expert-model-parallel-size", std::to_string(s.ep));
    if (s.sequence_parallel) m.add("--sequence-parallel");
    if (s.async_tp) m.add("--tp-comm-overlap");
    if (s.zero_stage >= 1) m.add("--use-distributed-optimizer");
    m.add("--transformer-impl", name_of(s.transformer_impl));
    if (s.attention == AttentionKernel::flash) m.add("--attention-backend", "flash");
    if (s.recompute == Recompute::selective) m.add("--recompute-granularity", "selective");
    if (s.recompute == Recompute::full) {
        m.add("--recompute-granularity", "full");
        m.add("--recompute-method", name_of(s.recompute_method));
        m.add("--recompute-num-layers", std::to_string(s.recompute_layers));
    }
    m.add("--micro-batch-size", std::to_string(s.micro_batch));
    m.add("--global-batch-size", std::to_string(p.run.global_batch_sequences));
    m.add("--bf16");
    return m;
}

Flags recipe_flags(const LaunchPlan& p) {
    const RunRecipe& r = p.run;
    Flags m;
    m.add("--train-iters", std::to_string(r.steps));
    m.add("--lr", float_text(r.peak_lr));
    m.add("--min-lr", float_text(r.min_lr));
    m.add("--lr-warmup-iters", std::to_string(r.warmup_steps));
    if (r.schedule == LrSchedule::wsd) {
        m.add("--lr-decay-style", "WSD");
        m.add("--lr-wsd-decay-style", "linear");
        m.add("--lr-wsd-decay-iters", std::to_string(r.decay_steps));
    } else {
        m.add("--lr-decay-style", "cosine");
    }
    m.add("--lr-decay-iters", std::to_string(r.steps));
    m.add("--weight-decay", float_text(r.weight_decay));
    m.add("--adam-beta1", float_text(r.beta1));
    m.add("--adam-beta2", float_text(r.beta2));
    m.add("--adam-eps", float_text(r.eps));
    m.add("--clip-grad", float_text(r.grad_clip));
    m.add("--save-interval", std::to_string(r.checkpoint_interval_steps));
    return m;
}

std::string script(const LaunchPlan& p, int64_t vocab_multiple) {
    const TrainingSetup& s = p.setup;
    const int64_t nodes = nodes_for(s), per_node = std::min<int64_t>(s.gpus(), s.gpu.gpus_per_node);
    std::string o = "#!/usr/bin/env bash\n";
    o += "# " + std::string(kVersion) + ": pretrain_gpt.py for model-architect candidate " + p.label + " (" + p.spec.model_type + ", " +
         fmt::digits(count_parameters(p.spec).total) + " parameters) on " + std::to_string(s.gpus()) + " x " + s.gpu.id + ".\n";
    o += "# Run from the Megatron-LM checkout on each node with NODE_RANK and MASTER_ADDR set; DATA_PATH is the\n";
    o += "# prefix tools/preprocess_data.py wrote with the same tokenizer.\n";
    o += "set -euo pipefail\n\n";
    o += "NNODES=" + std::to_string(nodes) + "\nGPUS_PER_NODE=" + std::to_string(per_node) + "\n";
    o += "NODE_RANK=${NODE_RANK:-0}\nMASTER_ADDR=${MASTER_ADDR:-localhost}\nMASTER_PORT=${MASTER_PORT:-6000}\n";
    o += "TOKENIZER=${TOKENIZER:-" + p.tokenizer_dir + "}\nDATA_PATH=${DATA_PATH:?set DATA_PATH to the preprocessed data prefix}\n";
    o += "CHECKPOINTS=${CHECKPOINTS:-./checkpoints}\n\n";
    o += "export CUDA_DEVICE_MAX_CONNECTIONS=1\n\n";
    o += "torchrun --nproc_per_node \"$GPUS_PER_NODE\" --nnodes \"$NNODES\" --node_rank \"$NODE_RANK\" \\\n";
    o += "  --master_addr \"$MASTER_ADDR\" --master_port \"$MASTER_PORT\" \\\n";
    o += "  pretrain_gpt.py \\\n";
    auto block = [&](const char* comment, const Flags& f) {
        o += "  `# " + std::string(comment) + "` \\\n";
        for (const std::string& l : f.lines) o += "  " + l + " \\\n";
    };
    block("model", model_flags(p, vocab_multiple));
    block("parallelism and batch", parallel_flags(p));
    block("recipe", recipe_flags(p));
    Flags data;
    data.add("--tokenizer-type", "HuggingFaceTokenizer");
    data.add("--tokenizer-model", "\"$TOKENIZER\"");
    data.add("--data-path", "\"$DATA_PATH\"");
    data.add("--split", "99,1,0");
    data.add("--save", "\"$CHECKPOINTS\"");
    data.add("--load", "\"$CHECKPOINTS\"");
    data.add("--log-interval", "10");
    data.add("--eval-interval", "1000");
    data.add("--eval-iters", "10");
    block("data, checkpoints, logging", data);
    o.resize(o.size() - 3);  // the last line continues nowhere
    o += "\n";
    return o;
}

}  // namespace

std::vector<OutputFile> megatron_files(const LaunchPlan& p) {
    const int64_t multiple = p.vocab_multiple;  // the design pads vocab_size to it
    const std::string why = launch_refusal(p, refusal(p, multiple));
    if (!why.empty()) return {{"megatron_pretrain.sh", std::nullopt, why}};
    return {{"megatron_pretrain.sh", script(p, multiple), ""}};
}

}  // namespace ma

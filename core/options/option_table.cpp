// The option schema as data: one row per option. Paths are the keys of the
// `memory` options object and of the design request; an option both commands
// read means the same thing in both. The page and the CLI show these names,
// labels, ranges and choices (describe_options()).
#include <cstdint>

#include "../built_once.h"
#include "../design/scale_templates.h"
#include "../estimates/gpu_catalog.h"
#include "choices.h"
#include "schema.h"

namespace ma {
namespace {

constexpr double kBig = 1 << 20;

// The rows pass string literals: a std::string parameter would be constructed and destroyed at
// each of a hundred call sites (with its cleanup on a throw), most of this file's code.
MA_BUILT_ONCE OptionInfo num(const char* path, const char* flag, OptionType type, double min, double max, const char* section,
                             const char* label, const char* help, unsigned commands = kBoth, const char* unset = "") {
    OptionInfo o;
    o.path = path;
    o.flag = flag;
    o.type = type;
    o.min = min;
    o.max = max;
    o.section = section;
    o.label = label;
    o.help = help;
    o.commands = commands;
    o.unset = unset;
    return o;
}

MA_BUILT_ONCE OptionInfo pick(const char* path, const char* flag, std::vector<std::pair<std::string, std::string>> choices,
                              const char* section, const char* label, const char* help, unsigned commands = kBoth,
                              const char* unset = "") {
    OptionInfo o = num(path, flag, OptionType::choice, 0, 0, section, label, help, commands, unset);
    o.choices = std::move(choices);
    return o;
}

MA_BUILT_ONCE OptionInfo flag(const char* path, const char* flag, const char* section, const char* label, const char* help,
                              unsigned commands = kBoth, const char* unset = "") {
    return num(path, flag, OptionType::flag, 0, 0, section, label, help, commands, unset);
}

MA_BUILT_ONCE std::vector<std::pair<std::string, std::string>> scale_choices() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& t : scale_templates()) out.emplace_back(t.id, t.id);
    return out;
}

MA_BUILT_ONCE std::vector<std::pair<std::string, std::string>> gpu_choices() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& g : gpu_catalog()) out.emplace_back(g.id, g.name);
    return out;
}

// A catalog id from the choices, or an object defining a GPU.
MA_BUILT_ONCE OptionInfo gpu_option(const char* path, const char* flag, const char* section, const char* label, const char* help) {
    OptionInfo o = pick(path, flag, gpu_choices(), section, label, help);
    o.type = OptionType::gpu;
    return o;
}

MA_BUILT_ONCE OptionInfo requiring(OptionInfo o, const char* path) {
    o.requires = path;
    return o;
}

MA_BUILT_ONCE OptionInfo suggested(OptionInfo o, const char* value) {
    o.suggest = value;
    return o;
}

MA_BUILT_ONCE std::vector<OptionInfo> build() {
    using T = OptionType;
    std::vector<OptionInfo> t = {
        // Target (design): one of scale, params, target_loss; or none, with a compute budget.
        suggested(pick("scale", "scale", scale_choices(), "target", "Scale class", "the scale class whose bounds the design stays in",
                       kDesign, "300M-700M, or what the budget buys when a budget is given"), "300M-700M"),
        suggested(num("params", "params", T::positive, 0, 1e14, "target", "Parameters", "target parameter count", kDesign,
                      "from the scale class"), "1000000000"),
        suggested(num("target_loss", "target-loss", T::positive, 0, 100, "target", "Target loss",
                      "target loss in the Hoffmann et al. 2022 fit (a rough guide)", kDesign, "from the scale class"), "2.5"),

        num("base_config", "from-config", T::config, 0, 0, "target", "Start from config.json",
            "an existing config.json: it becomes candidate A unchanged (a file path on the command line)", kDesign, "none"),

        // Budget and hardware.
        num("gpus", "gpus", T::integer, 1, kBig, "budget", "GPUs", "GPUs of the run", kBoth,
            "memory: dp x tp x pp"),
        num("days", "days", T::positive, 0, 1e5, "budget", "Days", "wall-clock training days", kDesign, "no limit"),
        num("gpu_hours", "gpu-hours", T::positive, 0, 1e10, "budget", "GPU-hours", "compute budget in GPU-hours", kDesign, "no limit"),
        num("flops", "flops", T::positive, 0, 1e30, "budget", "FLOPs", "compute budget in FLOPs", kDesign, "no limit"),
        num("money", "budget-usd", T::positive, 0, 1e12, "budget", "Budget (money)", "compute budget in money (needs --price)",
            kDesign, "no limit"),
        num("price_per_gpu_hour", "price", T::fraction, 0, 1e6, "budget", "Price per GPU-hour", "price of one GPU-hour", kBoth, "no cost"),
        num("tokens_available", "tokens-available", T::positive, 0, 1e16, "budget", "Tokens available",
            "training tokens the corpus holds", kDesign, "unlimited"),
        num("corpus_bytes", "corpus-bytes", T::positive, 1, 1e18, "budget", "Full corpus size (bytes)",
            "bytes of the whole corpus, in the sample's format; with a tokenized sample it gives the tokens available", kDesign,
            "not given"),
        num("corpus_documents", "corpus-documents", T::positive, 1, 1e15, "budget", "Full corpus size (documents)",
            "documents in the whole corpus; with a tokenized sample it gives the tokens available", kDesign, "not given"),
        num("tokens", "tokens", T::positive, 0, 1e18, "compute", "Training tokens", "training tokens planned", kMemory,
            "20 x parameters (Chinchilla)"),
        num("mfu", "mfu", T::positive, 0.01, 1, "budget", "MFU", "model FLOPs utilisation for training time (overrides the prediction)", kBoth,
            "memory: predicted from the engine, GPU and arrangement; design: the engine's typical MFU for the budget, predicted per candidate"),

        // Latency and inference.
        num("min_decode_tokens_per_s", "min-decode-tps", T::positive, 0, 1e9, "latency", "Min decode tokens/s",
            "minimum decode speed per sequence", kDesign, "none"),
        num("max_ttft_ms", "max-ttft-ms", T::positive, 0, 1e9, "latency", "Max time to first token, ms",
            "maximum time to first token", kDesign, "none"),
        num("latency_batch", "latency-batch", T::integer, 1, 1 << 16, "latency", "Batch", "sequences decoded together"),
        num("prompt_tokens", "prompt-tokens", T::integer, 1, 1 << 24, "latency", "Prompt tokens", "prompt length for time to first token (capped at the context)"),
        pick("inference.weight_dtype", "infer-dtype", choice_pairs<WeightDtype>(), "inference", "Weights", "weight storage dtype", kMemory),
        pick("inference.kv_dtype", "kv-dtype", choice_pairs<KvDtype>(), "inference", "KV cache", "KV cache dtype", kMemory),
        num("inference.context", "infer-context", T::integer, 1, 1 << 30, "inference", "Cached tokens",
            "tokens cached per sequence", kMemory, "max_position_embeddings"),
        num("inference.group_size", "group-size", T::integer, 1, 1 << 30, "inference", "int4 group", "int4 quantization group", kMemory),
        num("inference.bandwidth_efficiency", "bandwidth-efficiency", T::positive, 0.01, 1, "inference", "Bandwidth efficiency",
            "achieved / peak memory bandwidth in decode", kMemory),
        num("inference.compute_efficiency", "compute-efficiency", T::positive, 0.01, 1, "inference", "Compute efficiency",
            "achieved / peak FLOP/s in prefill", kMemory),
        flag("causal_halving", "causal-halving", "compute", "Causal halving", "halve the attention FLOPs for the causal mask", kMemory),
        num("fit_max_gpus", "fit-max-gpus", T::integer, 1, 65536, "compute", "Fit up to GPUs",
            "search the smallest arrangement that fits on up to N GPUs", kMemory, "no search"),

        // Shape (design).
        num("context", "context", T::integer, 1, 1 << 24, "shape", "Context length", "max_position_embeddings", kDesign,
            "the scale class's"),
        num("vocab_multiple", "vocab-multiple", T::integer, 1, 1 << 16, "shape", "Pad vocab to a multiple of",
            "vocab_size padding multiple", kDesign),
        suggested(num("vocab_size", "vocab-size", T::integer, 1, 1 << 30, "shape", "Vocabulary size (estimate)",
                      "typed vocabulary size when no tokenizer files are given (an estimate)", kDesign, "from the tokenizer"), "128256"),
        num("sliding_window", "sliding-window", T::integer, 1, 1 << 24, "components", "Sliding window",
            "sliding-window length (turns the window on)", kDesign, "off"),
        num("num_local_experts", "experts", T::integer, 1, 4096, "components", "Experts",
            "experts per layer (turns mixture-of-experts on)", kDesign, "dense"),
        requiring(num("num_experts_per_tok", "experts-per-token", T::integer, 1, 4096, "components", "Experts per token",
                      "experts routed per token", kDesign), "num_local_experts"),

        requiring(num("moe_intermediate_size", "expert-width", T::integer, 1, 1 << 20, "components", "Expert width",
                      "one routed expert's intermediate size (fine-grained MoE families)", kDesign, "MLP width / experts per token"),
                  "num_local_experts"),
        requiring(num("shared_experts", "shared-experts", T::integer, 1, 64, "components", "Shared experts",
                      "experts every token passes through (each of the expert width)", kDesign, "1"), "recipe.shared_expert"),
        requiring(num("first_dense_layers", "first-dense-layers", T::integer, 0, 1 << 12, "components", "Dense layers first",
                      "dense-MLP layers before the first mixture-of-experts layer", kDesign, "0 (deepseek_v3: 1)"), "num_local_experts"),

        // Components (design).
        pick("recipe.attention", "attention-kind", choice_pairs<AttentionChoice>(), "components", "Attention", "attention grouping", kDesign),
        pick("recipe.mlp", "mlp", choice_pairs<MlpChoice>(), "components", "MLP", "MLP kind", kDesign),
        pick("recipe.norm", "norm", choice_pairs<NormChoice>(), "components", "Norm", "normalisation", kDesign),
        pick("recipe.positions", "positions", choice_pairs<PositionChoice>(), "components", "Positions", "position encoding", kDesign),
        pick("recipe.bias", "bias", choice_pairs<BiasChoice>(), "components", "Biases", "which projections carry a bias", kDesign),
        pick("recipe.qk_norm", "qk-norm", choice_pairs<QkNormChoice>(), "components", "QK-norm", "query/key normalisation", kDesign),
        flag("recipe.tied", "tied", "components", "Tied embeddings", "tie the output head to the embedding", kDesign,
             "as the scale class"),
        flag("recipe.sliding_window", "window", "components", "Sliding-window attention", "sliding-window attention (length: --sliding-window)", kDesign),
        flag("recipe.moe", "moe", "components", "Mixture of experts", "mixture-of-experts MLP (sizes: --experts, --experts-per-token)", kDesign),
        requiring(flag("recipe.shared_expert", "shared-expert", "components", "Shared expert",
                       "experts every token passes through beside the routed ones", kDesign), "recipe.moe"),
        flag("recipe.parallel_residual", "parallel-residual", "components", "Parallel residual", "attention and MLP in parallel", kDesign),
        flag("recipe.fused_projections", "fused-projections", "components", "Fused projections", "one qkv and one gate_up matrix", kDesign),

        // Training recipe (design): every value has a fitted or published default.
        num("run.global_batch_tokens", "global-batch-tokens", T::positive, 0, 1e10, "recipe", "Global batch, tokens",
            "target global batch in tokens (rounded to what the arrangement runs)", kDesign, "DeepSeek LLM fit B_opt(C)"),
        num("run.peak_lr", "lr", T::positive, 0, 1, "recipe", "Peak learning rate", "peak learning rate", kDesign,
            "DeepSeek LLM fit eta_opt(C)"),
        num("run.min_lr_ratio", "min-lr-ratio", T::fraction, 0, 1, "recipe", "Minimum LR / peak", "learning rate at the end, as a fraction of the peak",
            kDesign, "0.1 (Llama 2)"),
        num("run.warmup_steps", "warmup-steps", T::integer, 0, 1e9, "recipe", "Warmup steps", "linear warmup steps", kDesign,
            "2000, at most 10% of the run"),
        pick("run.schedule", "schedule", choice_pairs<LrSchedule>(), "recipe", "LR schedule", "learning-rate schedule after warmup", kDesign),
        requiring(num("run.decay_fraction", "decay-fraction", T::fraction, 0, 1, "recipe", "Decay fraction",
                      "warmup-stable-decay: the share of steps that decays", kDesign, "0.2 (Hagele et al. 2024)"), "run.schedule"),
        num("run.beta1", "beta1", T::fraction, 0, 0.999999, "recipe", "AdamW beta1", "AdamW beta1", kDesign, "0.9"),
        num("run.beta2", "beta2", T::fraction, 0, 0.999999, "recipe", "AdamW beta2", "AdamW beta2", kDesign, "0.95"),
        num("run.eps", "adam-eps", T::positive, 0, 1, "recipe", "AdamW eps", "AdamW epsilon", kDesign, "1e-8"),
        num("run.weight_decay", "weight-decay", T::fraction, 0, 10, "recipe", "Weight decay", "AdamW weight decay", kDesign, "0.1"),
        num("run.grad_clip", "grad-clip", T::positive, 0, 1e6, "recipe", "Gradient clipping", "global-norm gradient clipping", kDesign, "1.0"),
        num("run.init_std", "init-std", T::positive, 0, 1, "recipe", "Init std", "weight initialisation standard deviation", kDesign, "0.02"),
        num("run.checkpoint_minutes", "checkpoint-minutes", T::positive, 0, 1e6, "recipe", "Checkpoint every (minutes)",
            "time between checkpoints", kDesign),
        pick("moe_candidate", "moe-candidate", {{"on", "on"}, {"off", "off"}}, "components", "MoE candidate",
             "add a fine-grained mixture-of-experts candidate at A's active compute", kDesign, "on for 7B and larger"),
        pick("launch_candidate", "launch-candidate", {{"A", "A"}, {"B", "B"}, {"C", "C"}, {"D", "D"}, {"E", "E"}, {"F", "F"}}, "recipe",
             "Launch files for", "the candidate the launch files are written for", kDesign, "the recommended candidate"),

        // Training (both): the engine, the arrangement, precision and kernels.
        pick("training.engine", "engine", choice_pairs<Engine>(), "training", "Training engine",
             "the training code the run uses: its model code, sharding and kernels decide memory and speed"),
        gpu_option("training.gpu", "gpu", "training", "GPU", "GPU type (a catalog id, or an object in --options)"),
        num("training.micro_batch", "micro-batch", T::integer, 1, kBig, "training", "Micro-batch", "sequences per GPU per step",
            kBoth, "design: searched"),
        num("training.seq_len", "seq-len", T::integer, 1, double(int64_t(1) << 24), "training", "Training sequence length",
            "tokens per training sequence", kBoth, "design: the context length"),
        pick("training.optimizer", "optimizer", choice_pairs<Optimizer>(), "training", "Optimizer", "optimizer"),
        pick("training.precision", "precision", choice_pairs<Precision>(), "training", "Precision", "training precision"),
        pick("training.grad_dtype", "grad-dtype", choice_pairs<GradDtype>(), "training", "Gradients",
             "gradient dtype under mixed precision", kBoth, "the engine's (hf bf16; torchtitan and megatron fp32)"),
        pick("training.recompute", "recompute", choice_pairs<Recompute>(), "training", "Recomputation", "activation recomputation",
             kBoth, "design: searched"),
        requiring(pick("training.selective_ac", "selective-ac", choice_pairs<SelectiveAc>(), "training", "Selective AC",
                       "torchtitan selective activation checkpointing: op-level save list, or every N-th layer"), "training.recompute"),
        requiring(num("training.ac_every", "ac-every", T::integer, 1, 4096, "training", "Checkpoint every N-th layer",
                      "torchtitan --selective-ac layer: checkpoint every N-th block"), "training.recompute"),
        requiring(pick("training.recompute_method", "recompute-method", choice_pairs<RecomputeMethod>(), "training", "Recompute method",
                       "Megatron full recompute: uniform chunks of N layers, or the first N layers of each stage"), "training.recompute"),
        requiring(num("training.recompute_layers", "recompute-layers", T::integer, 1, 4096, "training", "Recompute layers (N)",
                      "Megatron --recompute-num-layers"), "training.recompute"),
        pick("training.attention", "attention", choice_pairs<AttentionKernel>(), "training", "Attention kernel", "attention kernel"),
        pick("training.transformer_impl", "transformer-impl", choice_pairs<TransformerImpl>(), "training", "Megatron modules",
             "Megatron --transformer-impl"),
        flag("training.compile", "compile", "training", "torch.compile", "torchtitan: compile each block"),
        flag("training.float8", "float8", "training", "Float8 linears", "torchtitan: float8 linear layers (torchao)"),
        flag("training.async_tp", "async-tp", "training", "Async TP / TP overlap",
             "overlap the tensor-parallel collectives with compute: torchtitan async TP, Megatron --tp-comm-overlap (tp > 1)"),
        num("training.dropout", "dropout", T::fraction, 0, 0.99, "training", "Dropout", "attention and residual dropout probability"),
        num("training.zero_stage", "zero", T::integer, 0, 3, "training", "ZeRO stage",
            "ZeRO stage (3 = FSDP full shard; megatron 1 = distributed optimizer)", kBoth,
            "design: searched; memory: the engine's (hf 0, torchtitan 3 = FSDP2, megatron 0)"),
        num("training.dp", "dp", T::integer, 1, kBig, "training", "Data parallel", "data-parallel size", kBoth,
            "design: GPUs / (tp x pp x cp)"),
        num("training.tp", "tp", T::integer, 1, 1024, "training", "Tensor parallel", "tensor-parallel size", kBoth, "design: searched"),
        num("training.pp", "pp", T::integer, 1, 4096, "training", "Pipeline parallel", "pipeline-parallel size", kBoth, "design: searched"),
        num("training.cp", "cp", T::integer, 1, 1024, "training", "Context parallel", "context-parallel size (splits each sequence)"),
        num("training.ep", "ep", T::integer, 1, 4096, "training", "Expert parallel", "expert-parallel size (mixture of experts)"),
        num("training.vpp", "vpp", T::integer, 1, 1024, "training", "Virtual pipeline stages", "model chunks per pipeline rank (interleaved 1F1B)"),
        flag("training.sequence_parallel", "sequence-parallel", "training", "Sequence parallel", "sequence parallelism (tp > 1; torchtitan always)"),
        num("training.grad_accum", "grad-accum", T::integer, 1, kBig, "training", "Gradient accumulation", "micro-batches per optimizer step"),
        num("training.overhead_gib", "overhead-gib", T::fraction, 0, 1024, "training", "Runtime overhead, GiB",
            "outside the allocator: CUDA context, NCCL buffers, workspaces", kBoth, "the engine's"),
        num("training.fragmentation", "fragmentation", T::fraction, 0, 1, "training", "Fragmentation",
            "allocator reserve beyond allocated tensors, as a fraction", kBoth, "the engine's measured value"),
    };
    return t;
}

}  // namespace

MA_BUILT_ONCE const std::vector<OptionInfo>& option_schema() {
    static const std::vector<OptionInfo> table = build();
    return table;
}

}  // namespace ma

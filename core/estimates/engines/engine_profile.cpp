#include "engine_profile.h"

#include <algorithm>
#include <stdexcept>

#include "../../built_once.h"
#include "../../error.h"
#include "../training_setup.h"

namespace ma {
namespace {

template <class T>
bool contains(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

template <class E>
std::string names(const std::vector<E>& v) {
    std::string out;
    for (const E& e : v) out += (out.empty() ? "" : ", ") + std::string(name_of(e));
    return out;
}

MA_BUILT_ONCE std::vector<EngineProfile> build() {
    EngineProfile hf{Engine::hf, "hf",
                     "HF Trainer / accelerate: the transformers modeling code, FSDP or DeepSpeed ZeRO for sharding",
                     "huggingface/transformers models/<family>/modeling_<family>.py (4.5x); accelerate / DeepSpeed ZeRO",
                     {},
                     {Recompute::none, Recompute::full},
                     {0, 1, 2, 3},
                     {Precision::fp32, Precision::mixed, Precision::amp, Precision::bf16},
                     {AttentionKernel::eager, AttentionKernel::sdpa, AttentionKernel::flash},
                     {},
                     0, GradDtype::bf16,
                     "DeepSpeed ZeRO stage 0-3 (3 is also FSDP FULL_SHARD)",
                     "full = gradient_checkpointing_enable() (each decoder layer recomputed); transformers has no selective recomputation",
                     0.10, 0.10, 1.0,
                     "not measured on an HF run: 10% of the tensors for the allocator and 1 GiB for the CUDA context and NCCL (stated defaults)",
                     {}};
    // HF Trainer has no pipeline parallelism, and its tensor parallelism (accelerate's ParallelismConfig) is not
    // modelled or emitted: data parallelism with DDP, DeepSpeed ZeRO or FSDP only.
    hf.max_tp = 1;
    hf.max_pp = 1;
    hf.parallel_limit = "HF Trainer runs data parallelism (DDP, DeepSpeed ZeRO, FSDP); its tensor parallelism is not modelled and it has no "
                        "pipeline parallelism: use --engine torchtitan or megatron";
    // The HF modules run eagerly like torchtitan's eager blocks; its constants are borrowed, not fitted.
    hf.throughput = {0.353, 0.353, 0.353, 0.225, 0.217, 0.05, 1.0, 1.0, 0.0, 0.8, 0.35,
                     "borrowed from torchtitan's eager fit (no published HF Trainer throughput was found); not validated"};

    EngineProfile titan{Engine::torchtitan, "torchtitan",
                        "torchtitan: its own Llama 3 / Qwen 3 model code, FSDP2 (bf16 parameters, fp32 reduce), TP with sequence parallel, PP, CP",
                        "pytorch/torchtitan at 9dec370 (2024-12-26, the commit docs/performance.md measured) and v0.2.2 (73a0e69, 2026-02-20)",
                        {{"llama", "llama3", "torchtitan/models/llama3/model/model.py (v0.2.2); torchtitan/models/llama/model.py (9dec370)",
                          "TransformerModelArgs", "torchtitan.models.llama3.model.args", false},
                         {"qwen3", "qwen3", "torchtitan/models/qwen3/model/model.py (v0.2.2)", "Qwen3ModelArgs",
                          "torchtitan.models.qwen3.model.args", true}},
                        {Recompute::none, Recompute::selective, Recompute::full},
                        {3},
                        {Precision::mixed},
                        {AttentionKernel::flash},
                        {"training.selective_ac", "training.ac_every", "training.compile", "training.float8", "training.async_tp",
                         "training.cp", "training.vpp"},
                        3, GradDtype::fp32,
                        "FSDP2 fully_shard over dp x cp (ZeRO-3 in effect; torchtitan has no ZeRO-1/2)",
                        "selective op = its save list (matmuls every other, SDPA, reduce-scatter); selective layer = every N-th block checkpointed; full = every block",
                        0.148, 0.075, 1.0,
                        "reserved / allocated fitted on docs/performance.md Table 1 (eager 82.4 GiB, compiled 77.0 GiB); context not measured there",
                        {}};
    // Sync TP blocks the compute stream on each collective (exposed 1, an assumption); the rest is fitted.
    titan.throughput = {0.353, 0.422, 0.613, 0.225, 0.217, 0.05, 1.0, 0.627, 0.0, 0.8, 0.38,
                        "fitted on docs/performance.md (9dec370) Table 1, Table 2 at cp 1 and 8, Table 4 and Table 5 1F1B; the rest held out"};

    EngineProfile megatron{Engine::megatron, "megatron",
                           "Megatron-LM: Megatron-Core GPTModel with Transformer Engine (or its local modules), distributed optimizer, TP/SP, PP with virtual stages, CP",
                           "NVIDIA/Megatron-LM at d98e8a6 (2026-08-22)",
                           {{"llama", "GPTModel (RMSNorm, SwiGLU, RoPE, GQA)", "megatron/core/models/gpt/gpt_layer_specs.py"},
                            {"mistral", "GPTModel with --window-size", "megatron/core/models/gpt/gpt_layer_specs.py"},
                            {"mixtral", "GPTModel with --num-experts / --moe-router-topk", "megatron/core/transformer/moe/moe_layer.py"},
                            {"qwen2", "GPTModel with --add-qkv-bias", "megatron/core/models/gpt/gpt_layer_specs.py"},
                            {"qwen3", "GPTModel with --qk-layernorm", "megatron/core/models/gpt/gpt_layer_specs.py"},
                            {"qwen3_moe", "GPTModel with --qk-layernorm, --num-experts, --moe-ffn-hidden-size and --moe-layer-freq",
                             "megatron/core/transformer/moe/moe_layer.py"},
                            {"phi3", "GPTModel (fused qkv is Megatron's own layout)", "megatron/core/models/gpt/gpt_layer_specs.py"},
                            {"gpt2", "GPTModel (LayerNorm, GeLU, learned positions, biases)", "megatron/core/models/gpt/gpt_model.py"}},
                           {Recompute::none, Recompute::selective, Recompute::full},
                           {0, 1},
                           {Precision::mixed},
                           {AttentionKernel::fused, AttentionKernel::flash},
                           {"training.transformer_impl", "training.recompute_method", "training.recompute_layers", "training.async_tp",
                            "training.cp", "training.ep", "training.vpp"},
                           0, GradDtype::fp32,
                           "1 = --use-distributed-optimizer (fp32 master weights and Adam states sharded over dp); 0 = replicated",
                           "--recompute-granularity selective (core attention) or full (--recompute-method uniform|block, --recompute-num-layers N)",
                           0.04, 0.04, 1.0,
                           "reserved / allocated from the Megatron-LM log in shared/reference (48,934 / 47,104 MiB); Megatron keeps parameters and gradients in contiguous buffers",
                           {}};
    // Attention and context-parallel constants borrowed from torchtitan's fit (the README runs do not separate them).
    megatron.throughput = {0.501, 0.501, 0.501, 0.296, 0.217, 0.05, 1.0, 0.777, 0.0, 0.8, 0.42,
                           "fitted on the Megatron-LM README weak-scaling table (pp = 1 rows, H100, seq 4096, --tp-comm-overlap); pp > 1 rows shown, not fitted (virtual stages not stated)"};
    return {hf, titan, megatron};
}

// A spec feature the engine's model does not have.
struct Lack {
    Engine engine;
    const char* model_type;  // nullptr: every model of the engine
    bool (*lacks)(const ArchSpec&);
    const char* why;
};

MA_BUILT_ONCE const std::vector<Lack>& lacks() {
    static const std::vector<Lack> t = {
        {Engine::torchtitan, "llama", [](const ArchSpec& s) { return s.attention_bias || s.mlp_bias; },
         "torchtitan's llama3 linears have no bias (attention_bias / mlp_bias)"},
        {Engine::torchtitan, "llama", [](const ArchSpec& s) { return s.tie_word_embeddings; },
         "torchtitan's llama3 has separate tok_embeddings and output weights (tie_word_embeddings)"},
        {Engine::torchtitan, "llama", [](const ArchSpec& s) { return s.head_size() * s.num_attention_heads != s.hidden_size; },
         "torchtitan's llama3 sets head_dim = dim / n_heads"},
        {Engine::torchtitan, nullptr, [](const ArchSpec& s) { return s.sliding_window.has_value(); },
         "torchtitan's causal SDPA has no sliding window"},
        {Engine::torchtitan, nullptr, [](const ArchSpec& s) { return s.partial_rotary_factor != 1.0; },
         "torchtitan rotates the whole head (no partial rotary)"},
    };
    return t;
}

}  // namespace

MA_BUILT_ONCE const std::vector<EngineProfile>& engine_profiles() {
    static const std::vector<EngineProfile> table = build();
    return table;
}

const EngineProfile& engine_profile(Engine engine) {
    for (const EngineProfile& p : engine_profiles())
        if (p.engine == engine) return p;
    throw std::logic_error("engine table has no row");
}

const EngineModel* engine_model(const EngineProfile& engine, const ArchSpec& spec) {
    for (const EngineModel& m : engine.models)
        if (spec.model_type == m.model_type) return &m;
    return nullptr;
}

std::optional<std::string> engine_refusal(const EngineProfile& engine, const ArchSpec& spec) {
    if (!engine.models.empty()) {
        const EngineModel* model = nullptr;
        for (const EngineModel& m : engine.models)
            if (spec.model_type == m.model_type) model = &m;
        if (!model) {
            std::string have;
            for (const EngineModel& m : engine.models) have += (have.empty() ? "" : ", ") + std::string(m.model_type);
            return std::string(engine.name) + " has no " + spec.model_type + " model (it models " + have + "); use --engine hf";
        }
    }
    for (const Lack& l : lacks())
        if (l.engine == engine.engine && (!l.model_type || spec.model_type == l.model_type) && l.lacks(spec))
            return std::string(engine.name) + " cannot train this " + spec.model_type + " config: " + l.why;
    return std::nullopt;
}

std::optional<std::string> inexpressible(const TrainingSetup& s) {
    if (s.engine != Engine::hf) return std::nullopt;
    // bf16=True is autocast under DDP; DeepSpeed's bf16 mode and FSDP's mixed precision keep an fp32 master instead.
    if (s.precision == Precision::mixed && s.zero_stage == 0)
        return "HF Trainer keeps an fp32 master copy beside bf16 weights only under DeepSpeed or FSDP (ZeRO 1-3); with DDP (ZeRO 0) "
               "bf16=True is autocast: --precision amp";
    if (s.precision == Precision::amp && s.zero_stage > 0)
        return "under DeepSpeed and FSDP HF Trainer's bf16=True keeps bf16 weights with an fp32 master: --precision mixed";
    if (s.precision == Precision::bf16 && s.zero_stage > 0 && s.zero_stage < 3)
        return "DeepSpeed ZeRO 1-2 keeps an fp32 master copy: a pure bf16 model needs DDP or FSDP";
    return std::nullopt;
}

bool engine_specific_option(const std::string& path) {
    for (const EngineProfile& p : engine_profiles())
        if (contains(p.options, path)) return true;
    return false;
}

bool engine_reads(const EngineProfile& engine, const std::string& path) {
    return !engine_specific_option(path) || contains(engine.options, path);
}

void apply_engine(TrainingSetup& s, const std::vector<std::string>& given, const std::string& where) {
    const EngineProfile& e = engine_profile(s.engine);
    auto was_given = [&](const char* key) { return contains(given, std::string(key)); };
    for (const std::string& key : given)
        if (!engine_reads(e, "training." + key))
            throw Error(ErrorCode::invalid_value, where + "." + key,
                        key + " is not an option of the " + e.name + " engine (" + e.summary + ")");
    if (!was_given("zero_stage")) {
        s.zero_stage = e.default_zero;
        if (inexpressible(s)) s.zero_stage = 1;  // HF mixed precision: DeepSpeed ZeRO-1 is the lightest that keeps the master
    }
    if (!was_given("grad_dtype")) s.grad_dtype = e.default_grads;
    if (!contains(e.zero_stages, s.zero_stage))
        throw Error(ErrorCode::invalid_value, where + ".zero_stage",
                    "ZeRO stage " + std::to_string(s.zero_stage) + " does not apply to " + e.name + ": " + e.zero_meaning);
    if (!contains(e.precisions, s.precision))
        throw Error(ErrorCode::invalid_value, where + ".precision",
                    std::string("'") + name_of(s.precision) + "' does not apply to " + e.name + " (it offers " + names(e.precisions) + ")");
    if (!contains(e.recompute, s.recompute))
        throw Error(ErrorCode::invalid_value, where + ".recompute",
                    std::string("'") + name_of(s.recompute) + "' does not apply to " + e.name + ": " + e.recompute_meaning);
    if (!contains(e.kernels, s.attention))
        throw Error(ErrorCode::invalid_value, where + ".attention",
                    std::string("'") + name_of(s.attention) + "' attention does not apply to " + e.name + " (it offers " + names(e.kernels) + ")");
    if (const auto why = inexpressible(s))
        throw Error(ErrorCode::conflict, where + ".precision", *why);
    // torchtitan always pairs tensor parallelism with sequence parallelism (parallelize_llama.py).
    if (s.engine == Engine::torchtitan) s.sequence_parallel = s.tp > 1;
    if (s.async_tp && s.tp == 1) throw Error(ErrorCode::invalid_value, where + ".async_tp", "async tensor parallelism needs tp > 1");
}

std::string engine_options_text(const TrainingSetup& s) {
    std::vector<std::string> parts;
    auto add = [&](bool on, std::string text) { if (on) parts.push_back(std::move(text)); };
    const std::string every = s.ac_every == 2 ? "every 2nd" : s.ac_every == 3 ? "every 3rd" : "every " + std::to_string(s.ac_every) + "th";
    switch (s.engine) {
        case Engine::torchtitan:
            add(s.recompute == Recompute::none, "no activation checkpointing");
            add(s.recompute == Recompute::selective && s.selective_ac == SelectiveAc::op, "selective op-level activation checkpointing");
            add(s.recompute == Recompute::selective && s.selective_ac == SelectiveAc::layer, "selective activation checkpointing of " + every + " block");
            add(s.recompute == Recompute::full, "full activation checkpointing");
            add(s.compile, "torch.compile");
            add(s.float8, "float8 linears");
            add(s.async_tp, "async TP");
            add(true, "FSDP2 over " + std::to_string(s.dp * s.cp) + " ranks");
            break;
        case Engine::megatron:
            add(true, std::string("--transformer-impl ") + name_of(s.transformer_impl));
            add(s.zero_stage >= 1, "--use-distributed-optimizer");
            add(s.sequence_parallel, "--sequence-parallel");
            add(s.async_tp, "--tp-comm-overlap");
            add(s.recompute == Recompute::selective, "--recompute-granularity selective");
            add(s.recompute == Recompute::full, std::string("--recompute-granularity full --recompute-method ") + name_of(s.recompute_method) +
                                                    " --recompute-num-layers " + std::to_string(s.recompute_layers));
            add(s.vpp > 1, "--num-layers-per-virtual-pipeline-stage for " + std::to_string(s.vpp) + " chunks");
            break;
        case Engine::hf:
            add(s.precision == Precision::amp, "bf16 autocast over fp32 weights");
            add(s.precision == Precision::mixed, "bf16 weights with fp32 master (DeepSpeed / FSDP mixed precision)");
            add(s.precision == Precision::bf16, "pure bf16");
            add(s.precision == Precision::fp32, "fp32");
            add(s.recompute == Recompute::full, "gradient checkpointing");
            add(true, std::string("attn_implementation ") + (s.attention == AttentionKernel::flash ? "flash_attention_2" : name_of(s.attention)));
            add(s.zero_stage > 0, "ZeRO stage " + std::to_string(s.zero_stage));
            break;
    }
    add(s.cp > 1, "context parallel " + std::to_string(s.cp));
    add(s.ep > 1, "expert parallel " + std::to_string(s.ep));
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

}  // namespace ma

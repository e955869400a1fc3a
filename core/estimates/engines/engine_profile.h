// The training engines as one table (engine_profile.cpp): for each engine,
// the models its own code has, the options it offers, what it keeps for
// model states, and the constants measured on published runs (allocator
// overhead, achievable fraction of peak, exposed communication). The memory
// and throughput models read this table and the engine's layer rows
// (engine_layers.h); docs/engines.md cites the source file and commit of
// every row and says what each constant was fitted on.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "../../model/arch_spec.h"
#include "../../options/choices.h"

namespace ma {

struct TrainingSetup;

// A model the engine has, by our family name, and a spec feature it lacks.
struct EngineModel {
    const char* model_type;
    const char* engine_model;  // what the engine calls it ("llama3")
    const char* source;        // the file that defines it
    const char* args_class = "";   // torchtitan: the flavor's args class and module
    const char* args_module = "";
    bool explicit_ffn = false;     // torchtitan: the args take the FFN width itself (hidden_dim)
};


// Achieved fractions of the bf16 dense peak, fitted on published runs (docs/engines.md).
struct ThroughputCalibration {
    double linear_eager = 0, linear_compiled = 0, linear_float8 = 0;  // matmuls at h = 4096
    double size_exponent = 0;       // matmul efficiency grows as (h / 4096)^x
    double attention = 0;           // FlashAttention forward + backward
    double cp_slowdown = 0;         // attention efficiency / (1 + x (cp - 1)) under ring context parallelism
    double tp_exposed = 1;          // fraction of tensor-parallel collectives not hidden behind compute
    double tp_exposed_overlapped = 1;  // the same with the engine's overlap (torchtitan async TP, Megatron --tp-comm-overlap)
    double dp_exposed = 0;          // fraction of FSDP / ZeRO / DP collectives not hidden behind compute
    double collective_efficiency = 0.8;  // achieved / nominal link bandwidth in NCCL all-gather and reduce-scatter
    double typical_mfu = 0.4;       // what a budget buys before an arrangement exists (design targets)
    const char* source = "";
};

struct EngineProfile {
    Engine engine;
    const char* name;               // "torchtitan"
    const char* summary;            // one line for the reports
    const char* repository;         // "pytorch/torchtitan at 9dec370 (2024-12-26)"
    std::vector<EngineModel> models;  // empty: every family (transformers has them all)
    std::vector<Recompute> recompute;
    std::vector<int> zero_stages;
    std::vector<Precision> precisions;
    std::vector<AttentionKernel> kernels;
    std::vector<std::string> options;  // engine-specific option paths it reads ("training.compile")
    int default_zero = 0;
    GradDtype default_grads = GradDtype::bf16;
    const char* zero_meaning;       // what the ZeRO stages are in this engine
    const char* recompute_meaning;  // what each recomputation mode is in this engine
    double fragmentation = 0.1, fragmentation_compiled = 0.1;  // reserved / allocated - 1
    double context_gib = 1.0;       // CUDA context, NCCL and library workspaces outside the allocator
    const char* overhead_source;
    ThroughputCalibration throughput;
    int64_t max_tp = 1 << 20, max_pp = 1 << 20;  // the tensor / pipeline degrees its launch path can run
    const char* parallel_limit = "";  // why, where it has limits
};

const std::vector<EngineProfile>& engine_profiles();

// The engine's model for the spec's family (nullptr: none, or an engine that has every family).
const EngineModel* engine_model(const EngineProfile& engine, const ArchSpec& spec);
const EngineProfile& engine_profile(Engine engine);

// Why the engine has no model for this spec ("torchtitan has no gpt_neox model: ..."), or nullopt.
std::optional<std::string> engine_refusal(const EngineProfile& engine, const ArchSpec& spec);

// Why the engine's launch path cannot run this combination of options (HF Trainer keeps an fp32 master
// copy only under DeepSpeed or FSDP, autocast only under DDP), or nullopt.
std::optional<std::string> inexpressible(const TrainingSetup& setup);

// Whether an option path is one some engine reads, and whether this engine reads it.
bool engine_specific_option(const std::string& path);
bool engine_reads(const EngineProfile& engine, const std::string& path);

// Fills the options the user left out with the engine's defaults and checks the ones given
// against what the engine offers; throws Error naming `where.key` and the engine.
void apply_engine(TrainingSetup& setup, const std::vector<std::string>& given, const std::string& where);

// The engine's options as its users name them: "selective op-level AC, torch.compile, float8, cp 2".
std::string engine_options_text(const TrainingSetup& setup);

}  // namespace ma

// All estimates for one architecture and one set of options, as the CLI's
// `memory` command and the page's config check show them. The options share
// their names with the design request (option_table.cpp): `training` is the
// same object, `gpus`, `mfu`, `price_per_gpu_hour`, `latency_batch` and
// `prompt_tokens` mean the same in both.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "../model/arch_spec.h"
#include "../model/param_count.h"
#include "../options/schema.h"
#include "checkpoint_and_fit.h"
#include "compute.h"
#include "inference.h"
#include "throughput.h"
#include "training_memory.h"

namespace ma {

struct MemoryOptions {
    TrainingSetup training;
    bool dp_set = false;                    // training.dp given (else gpus sets it)
    InferenceSetup inference;
    std::optional<int64_t> gpus;            // the run's GPUs; default dp x tp x pp
    std::optional<double> mfu;              // given: overrides the engine's predicted MFU
    double price_per_gpu_hour = 0;
    std::optional<double> tokens;           // training tokens; default 20 x parameters
    int64_t latency_batch = 1;
    int64_t prompt_tokens = 1024;           // as in the design; capped at the cached context
    bool causal_halving = true;
    std::optional<int64_t> fit_max_gpus;    // search the smallest arrangement up to this many GPUs
};

const FieldTable<MemoryOptions>& memory_fields();
MemoryOptions memory_options_from_json(const nlohmann::json& j, const std::string& where = "options");

struct MemoryReport {
    ArchSpec spec;
    ParamCount count;
    MemoryOptions options;
    TrainingMemory training;
    Throughput throughput;                  // tokens/s per GPU and MFU predicted for the arrangement
    InferenceSetup inference_setup;
    InferenceEstimate inference;
    CheckpointSizes checkpoints;
    ComputeSetup compute_setup;
    ComputeEstimate compute;
    std::optional<FitResult> fit;
    std::vector<GpuFit> fits_by_gpu;        // the smallest arrangement on each GPU type of the table
};

MemoryReport memory_report(const ArchSpec& spec, const MemoryOptions& options);

nlohmann::json to_json(const MemoryReport& r);
std::string to_text(const MemoryReport& r);

// The report as tables of core-formatted cells, for the page: [{title, header, rows, note}].
nlohmann::json display_tables(const MemoryReport& r);

}  // namespace ma

// Training throughput for the engine and arrangement: tokens/s per GPU and
// MFU from the step time, instead of a fixed MFU. The step is the hardware
// FLOPs (model FLOPs plus what the recomputation runs again) at the engine's
// achieved fraction of peak (fitted on published runs, engine_profile.h),
// the tensor-parallel collectives it cannot hide, the data-parallel
// collectives longer than the compute they overlap, the pipeline bubble and
// the pipeline sends. Every term carries its formula; docs/engines.md shows
// predicted against measured for every published run.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../model/arch_spec.h"
#include "../model/param_count.h"
#include "compute.h"
#include "memory_term.h"
#include "training_setup.h"

namespace ma {

struct ThroughputTerm {
    std::string name;
    double seconds = 0;         // per optimizer step, on one GPU
    std::string formula;
};

struct Throughput {
    double tokens_per_s_per_gpu = 0;
    double mfu = 0;             // model FLOPs (no recomputation) / peak
    double hfu = 0;             // hardware FLOPs (with recomputation) / peak
    double step_seconds = 0;
    double tokens_per_step = 0; // global
    double model_flops_per_token = 0, hardware_flops_per_token = 0;
    std::vector<ThroughputTerm> terms;
    std::vector<std::string> assumptions;
};

// Throws Error when the engine has no model for the spec or the layout does not divide it.
// Under Q::NumbersOnly the terms' formulas and the assumptions are left empty (the numbers are the same).
Throughput training_throughput(const ArchSpec& spec, const TrainingSetup& setup);

nlohmann::json to_json(const Throughput& t);

}  // namespace ma

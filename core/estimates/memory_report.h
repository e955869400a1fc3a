// All estimates for one architecture and one set of options, as the CLI's
// `memory` command and the page show them.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "../arch_spec.h"
#include "../param_count.h"
#include "checkpoint_and_fit.h"
#include "compute.h"
#include "inference.h"
#include "training_memory.h"

namespace ma {

struct MemoryReport {
    ArchSpec spec;
    ParamCount count;
    TrainingSetup training_setup;
    TrainingMemory training;
    InferenceSetup inference_setup;
    InferenceEstimate inference;
    CheckpointSizes checkpoints;
    ComputeSetup compute_setup;
    ComputeEstimate compute;
    std::optional<FitResult> fit;
};

// options: {"training": {...}, "inference": {...}, "compute": {...}, "fit_max_gpus": N}.
// The GPU and sequence length given for training also apply to inference and compute unless set there.
MemoryReport memory_report(const ArchSpec& spec, const nlohmann::json& options);

nlohmann::json to_json(const MemoryReport& r);
std::string to_text(const MemoryReport& r);

// 1536 -> "1.50 KiB"; binary units, as GPUs report memory.
std::string format_bytes(double bytes);

}  // namespace ma

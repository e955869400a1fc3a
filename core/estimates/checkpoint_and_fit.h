// Checkpoint sizes, and the search for the smallest parallel arrangement
// that fits a GPU's memory.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "../arch_spec.h"
#include "training_memory.h"

namespace ma {

struct CheckpointSizes {
    double weights_16bit;   // fp16 / bf16 safetensors
    double weights_fp32;
    double training;        // weights at training precision + master weights + optimizer states
};

CheckpointSizes checkpoint_sizes(const ArchSpec& spec, const TrainingSetup& setup);

struct FitResult {
    bool found = false;
    TrainingSetup setup;          // the arrangement (dp, tp, pp, zero, micro_batch, recompute)
    TrainingMemory memory;
    double shortfall_bytes = 0;   // when !found: how far the best arrangement is over
    std::string summary;
};

// Smallest GPU count first (powers of two up to max_gpus; only max_gpus when
// `exact`), then the least invasive arrangement: lower tp x pp, less
// recomputation, lower ZeRO stage, larger micro-batch. `base` gives optimizer,
// precision, attention, sequence length and GPU.
FitResult find_fit(const ArchSpec& spec, const TrainingSetup& base, int64_t max_gpus, bool exact = false);

// The user's own arrangement (dp, tp, pp, ZeRO, micro-batch, recomputation as
// given): whether it fits, or why not. Never searches.
FitResult check_arrangement(const ArchSpec& spec, const TrainingSetup& setup);

nlohmann::json to_json(const CheckpointSizes& c);
nlohmann::json to_json(const FitResult& f);

}  // namespace ma

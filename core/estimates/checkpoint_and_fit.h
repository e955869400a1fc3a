// Checkpoint sizes, and the search for the smallest parallel arrangement
// that fits a GPU's memory. Results are values (status and numbers);
// describe_fit() renders them for the reports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../model/arch_spec.h"
#include "training_memory.h"

namespace ma {

struct CheckpointSizes {
    double weights_16bit;   // fp16 / bf16 safetensors
    double weights_fp32;
    double training;        // weights at training precision + master weights + optimizer states
};

CheckpointSizes checkpoint_sizes(const ArchSpec& spec, const TrainingSetup& setup);

enum class FitStatus {
    found,              // the search found an arrangement
    none_fits,          // the search found none; `setup` is the closest, `shortfall_bytes` over
    requested_fits,     // the user's arrangement fits
    requested_over,     // the user's arrangement is `shortfall_bytes` over
    requested_invalid,  // the user's arrangement does not divide the model (`problem`)
    engine_refuses,     // the engine has no model for this architecture (`problem`)
};

struct FitResult {
    FitStatus status = FitStatus::none_fits;
    bool found = false;           // found or requested_fits
    TrainingSetup setup;          // the arrangement (dp, tp, pp, zero, micro_batch, recompute)
    TrainingMemory memory;        // find_fit: numbers only, no formula text and no names written out (see Q::NumbersOnly)
    double shortfall_bytes = 0;   // when !found: how far the best arrangement is over
    int64_t max_gpus = 0;         // the search's bound
    bool exact = false;           // the search tried exactly max_gpus
    std::string problem;          // requested_invalid, engine_refuses: why
    std::vector<std::string> skipped;  // the search: tensor/pipeline degrees the model cannot split over, and why
};

// Smallest GPU count first (powers of two up to max_gpus; only max_gpus when
// `exact`), then the least invasive arrangement: lower tp x pp, less
// recomputation, lower ZeRO stage, larger micro-batch. `base` gives optimizer,
// precision, attention, sequence length and GPU.
FitResult find_fit(const ArchSpec& spec, const TrainingSetup& base, int64_t max_gpus, bool exact = false);

// The user's own arrangement (dp, tp, pp, ZeRO, micro-batch, recomputation as
// given): whether it fits, over by how much, or why it does not apply. Never searches.
FitResult check_arrangement(const ArchSpec& spec, const TrainingSetup& setup);

// The smallest arrangement on one GPU type ("what fits where").
struct GpuFit {
    Gpu gpu;
    FitResult fit;
};

// The GPU types of the "what fits where" table, and the GPU count it searches up to.
const std::vector<std::string>& fit_table_gpus();
constexpr int64_t kFitTableMaxGpus = 64;

// find_fit() on each GPU type of the table, with `base`'s precision, optimizer and sequence length.
std::vector<GpuFit> fits_by_gpu(const ArchSpec& spec, const TrainingSetup& base);

// "8 x H100-SXM: dp 8, tp 1, pp 1, ZeRO 0, micro-batch 1, recompute none"
std::string describe_arrangement(const TrainingSetup& s);
// The arrangement with what happened: "(as requested)", "no arrangement of up to 64 x ... fits; ...".
std::string describe_fit(const FitResult& f);

nlohmann::json to_json(const CheckpointSizes& c);
nlohmann::json to_json(const FitResult& f);

}  // namespace ma

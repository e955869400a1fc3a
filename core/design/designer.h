// The decision protocol: from a tokenizer and constraints to candidate
// designs, scored against every constraint, one recommended with a
// rationale that cites the numbers, and a scaling path in the same family.
// Everything here is computed (numbers and statuses); reports.h renders it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "../estimates/checkpoint_and_fit.h"
#include "../estimates/compute.h"
#include "../estimates/inference.h"
#include "../model/arch_spec.h"
#include "../model/param_count.h"
#include "../model/recipe.h"
#include "../tokenizer/tokenizer_facts.h"
#include "design_request.h"
#include "scale_templates.h"

namespace ma {

enum class ConstraintKind { training_memory, training_time, training_data, decode_speed, time_to_first_token, inference_memory };

// One constraint of one candidate, as numbers; reports.h words it.
struct ConstraintCheck {
    ConstraintKind kind;
    bool met = false;
    double value = 0;   // days, tokens wanted, tokens/s, ms, bytes (training memory: unused)
    double limit = 0;
};

struct Candidate {
    std::string label;    // "A"
    std::string kind;     // "compute-optimal", ...
    std::string why;      // the trade-off this candidate represents
    ArchSpec spec;
    ParamCount count;
    double tokens = 0;
    double wanted_tokens = 0;  // what the compute budget could use
    double train_flops = 0;
    double flops_per_token = 0;
    double train_days = 0;
    double gpu_hours = 0;
    double cost = 0;
    double loss = 0;           // Besiroglu et al. 2024 refit, a rough guide
    FitResult fit;             // the requested arrangement, or the smallest on request.gpus GPUs
    InferenceEstimate inference;
    std::vector<ConstraintCheck> checks;
    int failed = 0;
};

struct ScalingStep {
    std::string scale;
    ArchSpec spec;
    uint64_t params = 0;
    double tokens = 0;
    double flops = 0;
    double gpu_days = 0;
    FitResult hardware;  // smallest arrangement that fits
};

// The smallest arrangement for the recommended design on one GPU type ("what fits where").
struct GpuFit {
    Gpu gpu;
    FitResult fit;
};

struct Design {
    DesignRequest request;
    std::optional<TokenizerFacts> tokenizer;
    int64_t vocab_size = 0;
    bool estimate_only = false;  // no tokenizer files: no config.json
    FamilyChoice family;
    bool tied = false;           // tie_word_embeddings: the request's, or the scale class's
    double budget_flops = 0;     // 0 = no compute budget
    std::string target;          // how the target size was chosen
    std::string scale;           // the class the design falls in
    int64_t context = 0;         // max_position_embeddings of the candidates
    std::vector<Candidate> candidates;
    size_t recommended = 0;
    std::string rationale;
    std::vector<ScalingStep> scaling_path;
    std::vector<ContextCheck> context_checks;
    // The recommended candidate's training memory under its arrangement (found, or as requested).
    TrainingSetup recommended_setup;
    TrainingMemory recommended_memory;
    std::vector<GpuFit> fits_by_gpu;
};

// Throws ma::Error for invalid requests and combinations no HF family builds.
Design run_design(const DesignRequest& request, const std::optional<TokenizerFacts>& tokenizer);

const Candidate& recommended(const Design& d);

// The GPU types of the "what fits where" table, and the GPU count it searches up to.
const std::vector<std::string>& fit_table_gpus();
constexpr int64_t kFitTableMaxGpus = 64;

}  // namespace ma

// The decision protocol: from a tokenizer and constraints to candidate
// designs, scored against every constraint, one recommended with a
// rationale that cites the numbers, and a scaling path in the same family.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "../arch_spec.h"
#include "../estimates/checkpoint_and_fit.h"
#include "../estimates/compute.h"
#include "../estimates/inference.h"
#include "../param_count.h"
#include "../recipe.h"
#include "../tokenizer/tokenizer_facts.h"
#include "design_request.h"

namespace ma {

struct ConstraintCheck {
    std::string name;     // "decode speed"
    bool met;
    std::string value;    // "142 tokens/s"
    std::string limit;    // ">= 100 tokens/s"
    std::string detail;   // "short by 17%" or the arrangement
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
    FitResult fit;             // smallest arrangement on up to request.gpus GPUs
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
    std::string hardware;  // smallest arrangement that fits
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
    std::vector<Candidate> candidates;
    size_t recommended = 0;
    std::string rationale;
    std::vector<ScalingStep> scaling_path;
    std::vector<ContextCheck> context_checks;
};

// Throws ma::Error for invalid requests and combinations no HF family builds.
Design run_design(const DesignRequest& request, const std::optional<TokenizerFacts>& tokenizer);

const Candidate& recommended(const Design& d);

}  // namespace ma

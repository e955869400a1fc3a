// The decision protocol: from a tokenizer and constraints to candidate
// designs, scored against every constraint, one recommended with a
// rationale that cites the numbers, and a scaling path in the same family.
// Everything here is computed (numbers and statuses); reports.h renders it.
#pragma once

#include <memory>
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
#include "shape_rules.h"

namespace ma {

enum class ConstraintKind { training_memory, training_time, training_data, decode_speed, time_to_first_token, inference_memory };

// met; failed; or (training data only) the plan uses every available token, which is a
// plan, not a failure.
enum class CheckStatus { met, failed, uses_all_data };

// One constraint of one candidate, as numbers; design_text.h words it.
struct ConstraintCheck {
    ConstraintKind kind;
    CheckStatus status = CheckStatus::failed;
    double value = 0;   // days, tokens wanted, tokens/s, ms, bytes (training memory: unused)
    double limit = 0;
    bool met() const { return status != CheckStatus::failed; }
};

// What a candidate is; design_text.h gives each its name and its trade-off.
enum class CandidateKind {
    class_default,          // no budget: the class's shape at the Chinchilla 20 tokens per parameter
    compute_optimal,        // the budget's compute-optimal size, inside the class
    largest_in_class,       // the budget asks for a bigger class: the largest of this one, on the whole budget
    smallest_in_class,      // the budget is small for the class: its smallest, on the whole budget
    requested_size,         // the parameter count asked for
    loss_target,            // the size whose compute-optimal loss is the target
    from_config,            // the architecture of the config.json the design started from, unchanged
    smaller_over_trained,   // fewer parameters, more tokens, the same compute
    deeper,                 // the same parameters in more, narrower layers
    larger_gqa_group,       // half the key/value heads
    published_tokens,       // A's shape trained on as many tokens per parameter as current models of the class
    mixture_of_experts,     // A's attention with fine-grained routed experts whose active width matches A's MLP
};

struct Candidate {
    std::string label;    // "A"
    CandidateKind kind = CandidateKind::class_default;
    bool comparable = true;    // trained on A's compute (or the budget): eligible for the recommendation
    ArchSpec spec;
    ParamCount count;
    double tokens = 0;
    double wanted_tokens = 0;  // what the compute budget could use
    double train_flops = 0;
    double flops_per_token = 0;
    double train_days = 0;
    double mfu = 0;                 // the MFU its time uses: given, predicted for its arrangement, or the planning value
    std::string mfu_source;         // "given", "predicted for torchtitan on 8 x H100-SXM: dp 8, ...", "typical for torchtitan"
    double tokens_per_s_per_gpu = 0;
    double gpu_hours = 0;
    double cost = 0;
    double loss = 0;           // Besiroglu et al. 2024 refit, a rough guide (at the active parameters)
    // Mixture of experts: the same law at the total parameters, the optimistic end of the range
    // MoE scaling studies place a routed model in (docs/design.md, "Mixture-of-experts candidate").
    double loss_at_total = 0;
    // Per-GPU peak training memory of the candidate's arrangement with the routed experts split over
    // ep ranks (Megatron-LM, the engine here that has expert parallelism); empty for dense candidates.
    struct ExpertParallel { int64_t ep; double peak_bytes; double expert_params_per_gpu; bool fits; };
    std::vector<ExpertParallel> expert_parallel;
    FitResult fit;             // the requested arrangement, or the smallest on request.gpus GPUs (its grad_accum from `run`)
    RunRecipe run;             // the training recipe on that arrangement
    InferenceEstimate inference;
    std::vector<ConstraintCheck> checks;
    std::vector<ShapeWarning> warnings;  // shape rules this candidate breaks (only a given config can)
    int failed = 0;
};

enum class StepRole { proxy, design, next };

struct ScalingStep {
    StepRole role = StepRole::proxy;
    std::string scale;
    ArchSpec spec;
    uint64_t params = 0;
    double tokens = 0;
    double flops = 0;
    double gpu_days = 0;
    FitResult hardware;  // smallest arrangement that fits
};

// What the report says about the inputs and the budget, as values.
enum class NoteKind {
    default_tokens,        // no budget: 20 tokens per parameter; `value` the class's published tokens per parameter
    budget_beyond_class,   // `value` the budget's compute-optimal size, `text` its class
    budget_below_class,    // `value` the compute-optimal size, below the class
    tokens_unit,           // `value` tokens_available, below one token per parameter of any model of the class
    data_limited,          // the recommended plan uses all `value` tokens; its compute could use `limit`
    engine_untied,         // the engine (`text`) has no tied embeddings for this family: the design unties them
    no_moe_family,         // a mixture-of-experts candidate was wanted, but no HF family the engine (`text`) trains builds these components with experts
    corpus_tokens,         // tokens_available `value` comes from the corpus sample and the full corpus size (`text`: the formula)
};

struct DesignNote {
    NoteKind kind;
    double value = 0, limit = 0;
    std::string text;
};

struct ShapeFormCache;   // shape_form.h: the closed forms of this design's shapes, fitted once
struct ShapeGridResult;  // shape_grid.h: the whole class grid's Pareto front

struct Design {
    DesignRequest request;
    std::optional<TokenizerFacts> tokenizer;
    int64_t vocab_size = 0;
    bool estimate_only = false;  // no tokenizer files: no config.json
    Recipe recipe;               // the components in effect: the request's (tied resolved), or the given config's
    FamilyChoice family;
    std::optional<FamilyChoice> moe_family;  // the family of the mixture-of-experts candidate (the recipe with moe on)
    bool tied = false;           // tie_word_embeddings: the request's, or the scale class's
    double budget_flops = 0;     // 0 = no compute budget
    std::string target;          // how the target size was chosen
    std::string scale;           // the class the design falls in
    double optimal_params = 0;   // the budget's compute-optimal size (C = 6ND, D = 20N); 0 without a budget
    std::vector<DesignNote> notes;
    int64_t context = 0;         // max_position_embeddings of the candidates
    std::vector<Candidate> candidates;
    size_t recommended = 0;
    std::vector<ScalingStep> scaling_path;
    std::vector<ContextCheck> context_checks;
    // The recommended candidate's training memory under its arrangement (found, or as requested).
    TrainingSetup recommended_setup;
    TrainingMemory recommended_memory;
    std::shared_ptr<ShapeFormCache> shape_forms;  // made by run_design
    std::shared_ptr<const ShapeGridResult> shape_grid;
};

// Throws ma::Error for invalid requests and combinations no HF family builds.
Design run_design(const DesignRequest& request, const std::optional<TokenizerFacts>& tokenizer);

const Candidate& recommended(const Design& d);
// The "what fits where" table for the recommended design (seven fit searches: built for the
// capacity plan when it is rendered, not on every recompute).
std::vector<GpuFit> recommended_fits_by_gpu(const Design& d);
// The candidate the launch files are for: the request's launch_candidate, or the recommended.
const Candidate& launch_candidate(const Design& d);

}  // namespace ma

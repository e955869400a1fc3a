// The parameters each pipeline stage holds on one rank after tensor
// parallelism (the family's TP plan splits matrices, column biases and the
// vocabulary; norms, row biases and routers are replicated; expert parallelism
// splits the routed experts), and the layers
// and micro-batches in flight whose activations it keeps under 1F1B.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "../model/arch_spec.h"
#include "../model/param_count.h"
#include "model_states.h"
#include "training_setup.h"

namespace ma {

enum class StageKind { only, first, last };
const char* stage_name(StageKind kind);

struct Stage {
    StageKind kind;
    RankParams params;
    RankParams per_layer;  // one decoder layer on this rank
    RankParams outside;    // the embedding, final norm and head this stage holds
    double layers = 0;     // decoder layers on this stage
    double in_flight = 1;  // micro-batches whose activations it holds
    bool has_embedding = false, has_head = false;
};

// Why tp or pp cannot split this model ("num_attention_heads (32) is not divisible by tp (3)"),
// with the option at fault; nullopt when they can.
struct LayoutProblem {
    std::string where;
    std::string message;
};
std::optional<LayoutProblem> layout_problem(const ArchSpec& spec, const TrainingSetup& setup);

// Micro-batches whose activations the first stage holds: min(pp, grad_accum) under 1F1B, more under interleaving.
double first_stage_in_flight(const TrainingSetup& setup);

// One stage (pp = 1) or the first and the last (the busiest two under 1F1B).
std::vector<Stage> pipeline_stages(const ArchSpec& spec, const ParamCount& count, const TrainingSetup& setup);

}  // namespace ma

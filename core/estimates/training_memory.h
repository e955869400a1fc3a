// Training memory per GPU, modelled from what is actually stored: model
// states (model_states.h) on the most-loaded pipeline stage after tensor
// splits and ZeRO sharding (pipeline_stages.h), the activations the forward
// pass keeps for backward (activations.h), the logits peak and a stated
// runtime overhead. Every term carries the formula that produced it;
// docs/formulas.md derives each one and cites the source.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../model/arch_spec.h"
#include "../model/param_count.h"
#include "memory_term.h"
#include "pipeline_stages.h"
#include "training_setup.h"

namespace ma {

struct TrainingMemory {
    double params_on_rank = 0;             // parameters held by the most-loaded rank before ZeRO
    std::vector<MemoryTerm> states;        // weights, gradients, master, optimizer
    std::vector<MemoryTerm> activations;   // per kind, summed over the layers the rank holds
    std::vector<MemoryTerm> per_layer;     // one layer's activations (one micro-batch)
    MemoryTerm logits;                     // logits / cross-entropy peak
    MemoryTerm overhead;                   // context + fragmentation
    double states_bytes = 0, activation_bytes = 0, total_bytes = 0;
    StageKind busiest_stage = StageKind::only;
    std::vector<std::string> assumptions;
    bool fits = false;
    double headroom_bytes = 0;             // gpu memory - total (negative: short by)
};

// Throws ma::Error naming tp or pp when the parallel layout does not divide the model
// (layout_problem() says so as a value).
TrainingMemory training_memory(const ArchSpec& spec, const TrainingSetup& setup);
// The same with the spec already resolved and counted (the fit search calls this many times).
TrainingMemory training_memory(const ArchSpec& resolved_spec, const ParamCount& count, const TrainingSetup& setup);

nlohmann::json to_json(const TrainingMemory& m);

}  // namespace ma

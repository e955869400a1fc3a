// Training memory per GPU, modelled from what is actually stored: model
// states (weights, gradients, master weights, optimizer states) on the
// most-loaded rank after tensor/pipeline splits and ZeRO sharding, and the
// activations the forward pass keeps for backward, tensor by tensor, for the
// family's code path. Every term carries its formula; docs/formulas.md
// derives each one and cites the source.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../arch_spec.h"
#include "../param_count.h"
#include "training_setup.h"

namespace ma {

struct MemoryTerm {
    std::string name;     // "attention scores (softmax output, fp32)"
    double bytes;         // on the most-loaded GPU
    std::string formula;  // "(4 + 2) x b x H x s^2 / t per layer"
};

struct TrainingMemory {
    double params_on_rank;                 // parameters held by the most-loaded rank before ZeRO
    std::vector<MemoryTerm> states;        // weights, gradients, master, optimizer
    std::vector<MemoryTerm> activations;   // per kind, summed over the layers the rank holds
    std::vector<MemoryTerm> per_layer;     // one layer's activations (one micro-batch)
    MemoryTerm logits;                     // logits / cross-entropy peak
    MemoryTerm overhead;                   // context + fragmentation
    double states_bytes = 0, activation_bytes = 0, total_bytes = 0;
    std::string busiest_stage;             // "first", "last" or "only"
    std::vector<std::string> assumptions;
    bool fits = false;
    double headroom_bytes = 0;             // gpu memory - total (negative: short by)
};

// Throws ma::Error when the parallel layout does not divide the model
// (heads, kv heads, intermediate size or vocabulary by tp; layers by pp).
TrainingMemory training_memory(const ArchSpec& spec, const TrainingSetup& setup);
// The same with the spec already resolved and counted (the fit search calls this many times).
TrainingMemory training_memory(const ArchSpec& resolved_spec, const ParamCount& count, const TrainingSetup& setup);

// One decoder layer's saved activations for a micro-batch, by term (no recomputation, no TP).
std::vector<MemoryTerm> layer_activation_terms(const ArchSpec& spec, const TrainingSetup& setup);

nlohmann::json to_json(const TrainingMemory& m);

}  // namespace ma

// Training memory per GPU for the engine the run uses, modelled from what its
// code stores: model states (model_states.h) on the most-loaded pipeline
// stage after tensor splits and sharding (pipeline_stages.h), the engine's
// buffers held throughout (engines/engine_buffers.h), the activations its
// layers keep for backward under its recomputation (engines/engine_layers.h),
// and the largest of the transient phases (the loss, a layer's backward, the
// optimizer step). What the caching allocator reserves on top is the
// engine's measured fragmentation; the CUDA context and NCCL sit outside it.
// Every term carries the formula that produced it; docs/formulas.md and
// docs/engines.md derive each one and cite the source.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../json_writer.h"
#include "../model/arch_spec.h"
#include "../model/param_count.h"
#include "memory_term.h"
#include "pipeline_stages.h"
#include "training_setup.h"

namespace ma {

// A stretch of the step where transient tensors sit on top of what is held.
struct MemoryPhase {
    std::string name;               // "loss", "layer backward", "optimizer step"
    std::vector<MemoryTerm> terms;
    double bytes = 0;
};

struct TrainingMemory {
    Engine engine = Engine::hf;
    double params_on_rank = 0;             // parameters held by the most-loaded rank before sharding
    std::vector<MemoryTerm> states;        // weights, gradients, master, optimizer (under Q::NumbersOnly: bytes only, see term())
    std::vector<MemoryTerm> buffers;       // engine buffers held throughout (unsharded parameters, accumulation)
    std::vector<MemoryTerm> activations;   // kept for backward at the peak, summed over the layers the rank holds
    std::vector<MemoryTerm> per_layer;     // one layer's kept activations (one micro-batch); empty under Q::NumbersOnly
    std::vector<MemoryPhase> phases;       // transients; `peak` is the largest
    size_t peak = 0;
    MemoryTerm allocator;                  // reserved beyond allocated (fragmentation)
    MemoryTerm overhead;                   // outside the allocator: CUDA context, NCCL, workspaces
    double states_bytes = 0, activation_bytes = 0;
    double allocated_bytes = 0;            // what torch.cuda.max_memory_allocated() would show
    double reserved_bytes = 0;             // what torch.cuda.max_memory_reserved() would show
    double total_bytes = 0;                // reserved + overhead: what must fit in the GPU
    StageKind busiest_stage = StageKind::only;
    std::vector<std::string> assumptions;  // empty under Q::NumbersOnly
    bool fits = false;
    double headroom_bytes = 0;             // gpu memory - total (negative: short by)

    const MemoryPhase& peak_phase() const { return phases.at(peak); }
};

// Throws ma::Error naming tp or pp when the parallel layout does not divide the model
// (layout_problem() says so as a value), or the engine when it has no model for the family.
TrainingMemory training_memory(const ArchSpec& spec, const TrainingSetup& setup);
// The same with the spec already resolved and counted (the fit search calls this many times).
TrainingMemory training_memory(const ArchSpec& resolved_spec, const ParamCount& count, const TrainingSetup& setup);

// The terms a report lists, in order: states, engine buffers, activations held, the peak phase's
// transients, the allocator reserve and what sits outside the allocator.
std::vector<MemoryTerm> listed_terms(const TrainingMemory& m);
// "total (first stage; peak: the loss and its backward)"
std::string total_label(const TrainingMemory& m);

// As JSON text (the design summary writes it on every change); to_json is that text as a tree.
JsonObjectText memory_json(const TrainingMemory& m);
nlohmann::json to_json(const TrainingMemory& m);

}  // namespace ma

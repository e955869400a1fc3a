// What an engine holds beyond model states and saved activations, by phase:
// FSDP's unsharded parameters and gradients (torchtitan, HF with FSDP/ZeRO-3),
// pipeline gradient accumulation, the optimizer step's temporaries. From each
// engine's code (docs/engines.md); the constants without a code path are
// fitted on measured runs and say so.
#pragma once

#include <vector>

#include "../memory_term.h"
#include "../pipeline_stages.h"
#include "../training_setup.h"

namespace ma {

struct EngineBuffers {
    std::vector<MemoryTerm> held;       // throughout forward and backward
    std::vector<MemoryTerm> loss;       // beside the loss working set (last stage)
    std::vector<MemoryTerm> layer;      // beside a layer's backward
    std::vector<MemoryTerm> optimizer;  // during the optimizer step (activations freed)
};

EngineBuffers engine_buffers(const Stage& stage, const TrainingSetup& setup);

// The ranks FSDP / the distributed optimizer shards the states over: dp, or dp x cp where the engine
// folds context parallelism into the data-parallel mesh (torchtitan, Megatron).
double state_shards(const TrainingSetup& setup);

}  // namespace ma

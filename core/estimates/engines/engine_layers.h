// One decoder layer as an engine's own code runs it, and the loss after it:
// the tensors autograd saves for backward with no recomputation, what the
// engine's selective recomputation keeps instead, what a checkpointed layer
// keeps, and what its backward holds beside them. Each row is one expression
// (model/quantity.h), so its bytes and its formula agree. The HF rows come
// from the components (model/components.h); torchtitan's and Megatron's from
// their model code (layers_torchtitan.cpp, layers_megatron.cpp), each file
// citing the lines it follows.
#pragma once

#include <string>
#include <vector>

#include "../../model/arch_spec.h"
#include "../../model/components.h"
#include "../../model/family.h"
#include "../training_setup.h"

namespace ma {

struct LayerModel {
    std::vector<ActivationRow> rows;            // saved with no recomputation (one layer, one micro-batch, this rank)
    std::vector<ActivationRow> selective_rows;  // what the engine's selective recomputation saves instead
    ActivationRow checkpoint_input;             // what a fully recomputed layer keeps
    ActivationRow backward_working_set;         // gradients live beside the layer's saved tensors in its backward
    double recompute_scale = 1.0;               // torch.compile: the share of a recomputed layer that materialises
    double recompute_unmaterialised = 0;        // bytes of `rows` a recomputed layer never forms (async TP's fused all-gather matmuls)
};

// The layer model of the setup's engine.
LayerModel layer_model(const Family& family, const ArchSpec& spec, const TrainingSetup& setup);

// Per engine (the dispatch above picks one).
LayerModel hf_layer(const Family& family, const ArchSpec& spec, const TrainingSetup& setup);
LayerModel torchtitan_layer(const Family& family, const ArchSpec& spec, const TrainingSetup& setup);
LayerModel megatron_layer(const Family& family, const ArchSpec& spec, const TrainingSetup& setup);

// The logits through the loss backward on the last stage, as the engine computes the loss.
ActivationRow loss_working_set(const Family& family, const ArchSpec& spec, const TrainingSetup& setup);

// What the last stage keeps after the layers: the final norm and the head's input.
ActivationRow head_inputs(const Family& family, const ArchSpec& spec, const TrainingSetup& setup);

double sum_bytes(const std::vector<ActivationRow>& rows);

}  // namespace ma

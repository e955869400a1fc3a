// The activations one decoder layer keeps for backward under the HF
// modeling code (the `hf` engine): the layer's norms and projection inputs
// here, the attention and MLP components' own rows (model/components.h), and
// dropout masks. Pure bf16 and autocast differ where the code makes them
// differ: under torch.autocast over fp32 weights the residual stream and the
// norm outputs stay fp32 and every projection casts its own bf16 copy of its
// input. Each row is one expression, so its bytes and its formula agree.
#pragma once

#include <vector>

#include "../model/arch_spec.h"
#include "../model/components.h"
#include "../model/family.h"
#include "memory_term.h"
#include "training_setup.h"

namespace ma {

// The formula symbols for a spec and a setup (b, s, h, H, K, d, f, V, E, k, e, t, c).
ActivationSymbols activation_symbols(const ArchSpec& spec, const TrainingSetup& setup);

// What the symbols stand for, for the reports' assumptions.
const char* activation_legend();

// One layer's rows for one micro-batch on one rank under the HF code (TP and SP splits applied).
std::vector<ActivationRow> layer_activation_rows(const Family& family, const ArchSpec& spec, const TrainingSetup& setup);

// The setup engine's rows for one layer as kept under its recomputation, as terms.
std::vector<MemoryTerm> layer_activation_terms(const ArchSpec& spec, const TrainingSetup& setup);

// The norm before the head plus the head's input, on the last stage (HF code).
Q final_norm_and_head_input(const Family& family, const ActivationSymbols& x);

// The layer's input as the HF code holds it (bf16, or the fp32 residual under autocast).
Q hf_layer_input(const ActivationSymbols& x);

}  // namespace ma

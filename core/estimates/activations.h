// The activations one decoder layer keeps for backward under the HF
// modeling code, as rows: the layer's norms and projection inputs here, the
// attention and MLP components' own rows (model/components.h), and dropout
// masks. Each row is one expression, so its bytes and its formula agree.
#pragma once

#include <vector>

#include "../model/arch_spec.h"
#include "../model/components.h"
#include "../model/family.h"
#include "memory_term.h"
#include "training_setup.h"

namespace ma {

// The formula symbols for a spec and a setup (b, s, h, H, K, d, f, V, E, k, e, t).
ActivationSymbols activation_symbols(const ArchSpec& spec, const TrainingSetup& setup);

// What the symbols stand for, for the reports' assumptions.
const char* activation_legend();

// One layer's rows for one micro-batch on one rank (TP and SP splits applied), every row kept.
std::vector<ActivationRow> layer_activation_rows(const Family& family, const ArchSpec& spec, const TrainingSetup& setup);

// The rows the setup's recomputation keeps (selective drops the attention-score rows), as terms.
std::vector<MemoryTerm> layer_activation_terms(const ArchSpec& spec, const TrainingSetup& setup);

// The norm before the head plus the head's input, on the last stage.
Q final_norm_and_head_input(const Family& family, const ActivationSymbols& x);

}  // namespace ma

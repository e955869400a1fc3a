// Model-state bytes as sourced tables: bytes per parameter for each
// precision mode, what each optimizer keeps, and what each ZeRO stage shards
// over data-parallel ranks. One function turns a stage's parameters into the
// weights, gradients, master-weight and optimizer terms, each with the
// formula that produced it.
#pragma once

#include <string>
#include <vector>

#include "../model/quantity.h"
#include "../options/choices.h"
#include "memory_term.h"

namespace ma {

struct PrecisionRow {
    Precision precision;
    double weights, grads, master, optimizer_element, activation;  // bytes per element
    const char* source;
};
const std::vector<PrecisionRow>& precision_table();
const PrecisionRow& precision_row(Precision p, GradDtype grads);

struct OptimizerRow {
    Optimizer optimizer;
    const char* states;  // what it keeps per parameter
    const char* source;
};
const std::vector<OptimizerRow>& optimizer_table();

struct ShardingRow {
    int zero_stage;
    bool weights, grads, optimizer;  // sharded over dp (optimizer includes the fp32 master weights)
    const char* source;
};
const std::vector<ShardingRow>& sharding_table();

// The parameters one rank holds, as the optimizer terms need them.
struct RankParams {
    double params = 0;     // elements after tensor and pipeline splits
    double factored = 0;   // Adafactor: rows + columns per matrix, elements per vector
    double small = 0;      // in tensors under 4096 elements (8-bit Adam keeps them in 32 bits)
    double matrix = 0;     // in matrices (autocast caches a bf16 copy of each)
};

struct StateSetup {
    Precision precision;
    GradDtype grad_dtype;
    Optimizer optimizer;
    int zero_stage;
    double dp;
};

std::vector<MemoryTerm> state_terms(const RankParams& rank, const StateSetup& setup);

// torchtitan's FSDP2 with MixedPrecisionPolicy(param bf16, reduce fp32): the sharded parameters stay fp32
// (they are the master copy), gradients are reduced in fp32, the optimizer steps the shards.
std::vector<MemoryTerm> fsdp2_state_terms(const RankParams& rank, Optimizer optimizer, double shards);

}  // namespace ma

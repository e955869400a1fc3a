// A candidate from a shape: its count, tokens and compute under the
// budget, the training arrangement (checked or searched), inference figures
// and every constraint check, as numbers.
#pragma once

#include <string>

#include "designer.h"
#include "shapes.h"

namespace ma {

// Appends and evaluates a candidate labelled A, B, ... in order. Without a compute
// budget, alternatives to A get A's training compute, so all are compared at equal cost.
void add_candidate(Design& d, const Shape& shape, std::string kind, std::string why);

// Training tokens per step's sequence length: the request's, or the context.
int64_t training_seq_len(const DesignRequest& r, int64_t context);

}  // namespace ma

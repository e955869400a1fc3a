// A candidate from a shape: its count, tokens and compute under the
// budget, the training arrangement (checked or searched), inference figures
// and every constraint check, as numbers.
#pragma once

#include <string>

#include "designer.h"
#include "shapes.h"

namespace ma {

// How many tokens a candidate wants: the budget's (or, without one, A's) compute, or a ratio.
struct TokenPlan {
    double tokens_per_param = 0;  // > 0: train on this many tokens per parameter (A without a budget, E)
};

// Appends and evaluates a candidate labelled A, B, ... in order. With a budget every candidate
// spends it; without one, alternatives get A's training compute unless `plan` gives a ratio.
void add_candidate(Design& d, const Shape& shape, CandidateKind kind, TokenPlan plan = {});

// Training tokens per step's sequence length: the request's, or the context.
int64_t training_seq_len(const DesignRequest& r, int64_t context);

}  // namespace ma

// Candidate shapes: a shape (hidden, layers, heads, kv heads, FFN width)
// becomes a full spec under the request's components and tokenizer, and the
// shape search finds the one closest to a parameter target at a given aspect
// ratio.
#pragma once

#include <cstdint>

#include "../model/arch_spec.h"
#include "designer.h"

namespace ma {

struct Shape {
    int64_t hidden, layers, heads, kv, ffn;
};

// The spec for a shape under the design's family, recipe and tokenizer.
ArchSpec make_spec(const Design& d, const Shape& s, int64_t context);

// KV heads for `heads` under the recipe's grouping, keeping heads / kv a whole number.
int64_t kv_heads_for(const Recipe& recipe, int64_t heads, int64_t group);
// The MLP width for a hidden size: 4h for a plain GELU MLP, the SwiGLU width otherwise.
int64_t ffn_for(const Recipe& recipe, int64_t hidden);

// The shape closest to `target` parameters with an aspect ratio (hidden / layers) near `aspect`.
Shape search_shape(const Design& d, double target, double aspect, int64_t head_dim, int64_t group, int64_t context);

// A template's default shape under the recipe.
Shape template_shape(const Recipe& recipe, const ScaleTemplate& t);

}  // namespace ma

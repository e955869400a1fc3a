// Candidate shapes: a shape (hidden, layers, heads, kv heads, FFN width)
// becomes a full spec under the request's components and tokenizer, and the
// shape search finds the one closest to a parameter target at a given aspect
// ratio, keeping the class's bounds and every shape rule (shape_rules.h).
#pragma once

#include <cstdint>
#include <optional>

#include "../model/arch_spec.h"
#include "designer.h"

namespace ma {

struct Shape {
    int64_t hidden, layers, heads, kv, ffn;  // ffn: the MLP width, or one routed expert's
    int64_t head_dim = 0;  // 0: hidden / heads
    // > 0: a mixture of experts of this many routed experts, experts_per_token routed, built by the
    // design's MoE family (Design::moe_family) when the design's own components are dense.
    int64_t experts = 0, experts_per_token = 0;
};

// The spec for a shape under the design's family, recipe and tokenizer; a design started from a
// config keeps that config's other fields (rope_theta, norm eps, activation, extras).
ArchSpec make_spec(const Design& d, const Shape& s, int64_t context);
// The shape of a spec (to vary a given config).
Shape shape_of(const ArchSpec& spec);

// One routed expert's width whose top-k match a dense MLP of `ffn`: ffn / per_token rounded to 128.
int64_t expert_width_for(int64_t ffn, int64_t per_token);

// The MLP width for a hidden size: 4h for a plain GELU MLP, the SwiGLU width at `ratio` otherwise.
int64_t ffn_for(const Recipe& recipe, int64_t hidden, double ratio);

// What the search aims at: a total, an aspect ratio (hidden / layers), the head size and GQA group.
struct ShapeTarget {
    double params;
    double aspect;
    int64_t head_dim;
    int64_t group;
    double min_params = 0, max_params = 1e300;  // the class's bounds, when the design must stay in it
    double ffn_ratio = 0;                       // SwiGLU width / hidden; 0 = the class's
};

// The shape closest to the target whose total stays inside the class's bounds and which keeps the
// shape rules for the class's parallel degrees; nullopt when none does.
// `widen_aspect`: where no width keeps the head, GQA and parallel rules inside the class's aspect
// range (a head_dim of 256 leaves few widths), widen the range step by step; check_shape() then
// flags the shape. The design's own target uses it; the alternatives keep the range.
std::optional<Shape> search_shape(const Design& d, const ScaleTemplate& cls, const ShapeTarget& target, bool widen_aspect = false);

// The KV heads a recipe fixes for `heads` (all of them for MHA and LayerNorm recipes, one for
// MQA), or nullopt where the design chooses them (GQA, MLA).
std::optional<int64_t> fixed_kv_heads(const Recipe& recipe, int64_t heads);

// KV heads for `heads`: the recipe's grouping, the GQA group nearest `group` (within a factor of
// two, as published models vary it: Qwen2.5-14B 5, Llama-3 4; the fewer KV heads of equal gaps)
// whose kv count divides the heads and every tensor-parallel degree of the class. 0 when none does.
int64_t kv_heads_for(const Recipe& recipe, int64_t heads, int64_t group, const ScaleTemplate& cls);

// The pipeline degrees' least common multiple: layers must be a multiple of it.
int64_t layer_step(const ScaleTemplate& cls);

// A template's default shape under the recipe.
Shape template_shape(const Recipe& recipe, const ScaleTemplate& t);

// RoPE base for a context: 10,000 up to 8k tokens (Llama 2), 500,000 beyond (Llama 3's long-context base).
double design_rope_theta(int64_t context);

}  // namespace ma

// Closed-form quantities of a candidate shape. For one design and one head size, the parameters,
// the active parameters, the training FLOPs per token and the KV-cache bytes per token of a shape
// (hidden h, kv heads m, MLP width f, layers L; heads = h / head_dim) are each
// L * per_layer(h, m, f) + base(h, m, f), with per_layer and base sums over the monomials
// h^2, h*m, h*f, h, m, f, 1. The coefficients are read off exact counts of 14 probe shapes
// (make_spec + count_parameters: the tensor list stays the one source of every count) and
// checked on four more; where a design's components break the form, fit() says so and the search
// counts each shape exactly instead. The four quantities are checked one by one: with
// sliding-window layers in a local/global pattern the attention FLOPs depend on how many layers
// are global, so that quantity alone has no form (exact(kFlops) is false).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "shapes.h"

namespace ma {

struct ShapeQuantities {
    double total = 0, active = 0, train_flops_per_token = 0, kv_bytes_per_token = 0;
};

class ShapeForm {
public:
    using Exact = std::function<ShapeQuantities(const Shape&)>;
    // `like`: the shape whose other fields (experts) the probes keep; `min_layers`: the fewest
    // layers a shape of the design has (leading dense layers make smaller depths different).
    static std::optional<ShapeForm> fit(const Exact& exact, const Shape& like, int64_t head_dim, int64_t min_layers);

    // Quantities without a form come back as 0 (see exact()).
    ShapeQuantities at(int64_t hidden, int64_t kv, int64_t ffn, int64_t layers) const;
    enum Quantity { kTotal, kActive, kFlops, kKvBytes };
    bool exact(Quantity q) const { return exact_[q]; }
    // The total's two parts, for solving the depth that meets a parameter target.
    double total_per_layer(int64_t hidden, int64_t kv, int64_t ffn) const;
    double total_base(int64_t hidden, int64_t kv, int64_t ffn) const;

private:
    using Coefficients = std::array<std::array<double, 7>, 4>;  // [quantity][monomial]
    Coefficients layer_{}, base_{};
    std::array<bool, 4> exact_{};
};

// KV-cache bytes per token of a spec in bf16, all layers (no window cap).
double kv_bytes_per_token(const ArchSpec& spec);

// A design's exact quantities of a shape: what its forms are fitted to and checked against.
ShapeQuantities exact_quantities(const Design& d, const Shape& s);

// The design's forms, by head size and the experts of the shape they vary.
struct ShapeGridResult;
struct ShapeFormCache {
    std::map<std::array<int64_t, 3>, std::optional<ShapeForm>> forms;
    // The grid searched with these forms, by what else the search reads (shape_grid.cpp).
    std::map<std::string, std::shared_ptr<const ShapeGridResult>> grids;
};

// The cache for the design's shapes: shared by every design whose shapes build the same configs
// apart from the shape (the page's changes mostly move budgets and GPUs, not components), so the
// probes run once, not on every recompute. The last few are kept.
std::shared_ptr<ShapeFormCache> shape_form_cache_for(const Design& d);

// The design's form for shapes like `like` at a head size, fitted on first use; null where the
// parameter count breaks the form (or the design has no cache).
const ShapeForm* shape_form(const Design& d, const Shape& like, int64_t head_dim);

}  // namespace ma

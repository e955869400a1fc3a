// The whole class grid: every shape hidden x layers x head size x kv heads x MLP width of the
// design's class, counted with the design's closed forms (shape_form.h, exact), kept where it
// stays inside the class's parameter range, aspect range and parallel rules, and scored on three
// objectives: the loss the budget buys (Besiroglu et al. 2024 fit), the GPU-hours to train it,
// and decode speed at batch 1. The Pareto front of those is what the report and the page plot.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "shape_form.h"
#include "shapes.h"

namespace ma {

struct GridPoint {
    Shape shape;
    double params = 0, active = 0, tokens = 0;
    double loss = 0, gpu_hours = 0, decode_tokens_per_s = 0;
};

struct ShapeGridResult {
    int64_t evaluated = 0;  // shapes whose exact count was computed
    int64_t in_class = 0;   // of those, inside the class's bounds and rules
    bool flops_exact = true;  // false: training FLOPs as 6 x active parameters (a window pattern's attention has no form)
    std::vector<GridPoint> front;  // by loss, lowest first: no other shape is at least as good on all three and better on one
};

// The three objectives of a shape: tokens = the budget / training FLOPs per token (20 per parameter
// without a budget; capped by the tokens available); loss = Besiroglu(active, tokens); GPU-hours =
// FLOPs per token x tokens / (peak bf16 x planning MFU); decode tokens/s at batch 1 = bandwidth x
// 0.8 / (2 bytes x active parameters + prompt tokens x KV bytes per token).
class GridScorer {
public:
    explicit GridScorer(const Design& d);
    GridPoint score(const Shape& shape, const ShapeQuantities& q) const;

private:
    double budget_flops_, tokens_available_, flops_per_second_, kv_tokens_, bandwidth_;
};

// A candidate scored the same way from its own exact counts (where it falls beside the front).
GridPoint candidate_point(const Design& d, const Candidate& c);

// At most `n` points of a front, spread evenly over it by loss, keeping its cheapest and fastest.
std::vector<GridPoint> thin_front(const std::vector<GridPoint>& front, size_t n);

// The grid's head sizes, MLP ratios and depths (docs/design.md, "The shape grid").
ShapeGridResult search_grid(const Design& d, const ScaleTemplate& cls);

// search_grid() once per design inputs it reads: a change that moves neither the shapes' configs
// nor the objectives' inputs (most of the page's: GPU count without a time budget, engine, ZeRO,
// micro-batch) reuses the last search.
std::shared_ptr<const ShapeGridResult> cached_search_grid(const Design& d, const ScaleTemplate& cls);

// The Pareto front of points (lower loss, fewer GPU-hours, higher decode speed), lowest loss first.
std::vector<GridPoint> pareto_front(std::vector<GridPoint> points);

}  // namespace ma

#include "shape_grid.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "../estimates/compute.h"
#include "../estimates/inference.h"
#include "shape_form.h"
#include "shape_rules.h"

namespace ma {
namespace {

constexpr double kSwigluRatios[] = {2.0, 2.5, 8.0 / 3.0, 3.0, 3.5, 4.0};
constexpr int64_t kHeadDims[] = {64, 128, 256};
constexpr int64_t kMaxLayers = 256;

// The KV-head counts the grid tries for `heads`: the recipe's fixed grouping, or every count that
// divides the heads and each tensor-parallel degree of the class.
std::vector<int64_t> kv_choices(const Recipe& recipe, int64_t heads, const ScaleTemplate& cls) {
    if (const auto fixed = fixed_kv_heads(recipe, heads)) return {*fixed};
    std::vector<int64_t> out;
    for (int64_t kv = 1; kv <= heads; ++kv)
        if (heads % kv == 0 && tp_friendly(heads, kv, cls.tp_degrees)) out.push_back(kv);
    return out;
}

std::vector<int64_t> head_dims(const Design& d, const ScaleTemplate& cls) {
    std::vector<int64_t> out;
    const int64_t own = cls.hidden_size / cls.num_attention_heads;
    if (d.recipe.attention == AttentionChoice::mla) return {own};  // MLA's widths are its own keys
    for (int64_t hd : kHeadDims) out.push_back(hd);
    if (std::find(out.begin(), out.end(), own) == out.end()) out.push_back(own);
    return out;
}

}  // namespace

GridScorer::GridScorer(const Design& d)
    : budget_flops_(d.budget_flops),
      tokens_available_(d.request.tokens_available.value_or(0)),
      flops_per_second_(d.request.training.gpu.bf16_flops * d.request.planning_mfu()),
      kv_tokens_(double(std::min<int64_t>(d.request.prompt_tokens, d.context))),
      bandwidth_(d.request.training.gpu.bandwidth * InferenceSetup{}.bandwidth_efficiency) {}

GridPoint GridScorer::score(const Shape& shape, const ShapeQuantities& q) const {
    GridPoint p;
    p.shape = shape;
    p.params = q.total;
    p.active = q.active;
    p.tokens = budget_flops_ > 0 ? budget_flops_ / q.train_flops_per_token : 20.0 * q.total;
    if (tokens_available_ > 0) p.tokens = std::min(p.tokens, tokens_available_);
    p.loss = loss_besiroglu(q.active, p.tokens);
    p.gpu_hours = q.train_flops_per_token * p.tokens / flops_per_second_ / 3600.0;
    p.decode_tokens_per_s = bandwidth_ / (dtype_bytes(WeightDtype::bf16) * q.active + kv_tokens_ * q.kv_bytes_per_token);
    return p;
}

GridPoint candidate_point(const Design& d, const Candidate& c) {
    ShapeQuantities q;
    q.total = double(c.count.total);
    q.active = double(c.count.active_per_token);
    q.train_flops_per_token = c.flops_per_token;
    q.kv_bytes_per_token = kv_bytes_per_token(c.spec);
    return GridScorer(d).score(shape_of(c.spec), q);
}

std::vector<GridPoint> thin_front(const std::vector<GridPoint>& front, size_t n) {
    if (front.size() <= n || n < 3) return front;
    std::vector<size_t> keep;
    for (size_t i = 0; i < n - 2; ++i) keep.push_back(i * (front.size() - 1) / (n - 3));
    size_t cheapest = 0, fastest = 0;
    for (size_t i = 0; i < front.size(); ++i) {
        if (front[i].gpu_hours < front[cheapest].gpu_hours) cheapest = i;
        if (front[i].decode_tokens_per_s > front[fastest].decode_tokens_per_s) fastest = i;
    }
    keep.push_back(cheapest);
    keep.push_back(fastest);
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    std::vector<GridPoint> out;
    for (size_t i : keep) out.push_back(front[i]);
    return out;
}

std::shared_ptr<const ShapeGridResult> cached_search_grid(const Design& d, const ScaleTemplate& cls) {
    if (!d.shape_forms) return std::make_shared<const ShapeGridResult>(search_grid(d, cls));
    const DesignRequest& r = d.request;
    // Everything search_grid and GridScorer read beyond the forms' own key.
    const nlohmann::json key = {cls.id, to_json(d.recipe), d.budget_flops, r.tokens_available.value_or(0), r.training.gpu.id, r.planning_mfu(),
                                r.prompt_tokens, d.context};
    auto& grids = d.shape_forms->grids;
    const std::string text = key.dump();
    if (auto it = grids.find(text); it != grids.end()) return it->second;
    if (grids.size() >= 16) grids.clear();
    return grids[text] = std::make_shared<const ShapeGridResult>(search_grid(d, cls));
}

std::vector<GridPoint> pareto_front(std::vector<GridPoint> points) {
    // Sorted as small keys (the points are large): loss, then cost, then speed descending.
    struct Key {
        double loss, cost, speed;
        uint32_t index;
    };
    std::vector<Key> keys(points.size());
    for (size_t i = 0; i < points.size(); ++i) keys[i] = {points[i].loss, points[i].gpu_hours, points[i].decode_tokens_per_s, uint32_t(i)};
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
        if (a.loss != b.loss) return a.loss < b.loss;
        if (a.cost != b.cost) return a.cost < b.cost;
        if (a.speed != b.speed) return a.speed > b.speed;
        return a.index < b.index;  // equal shapes (a head size of 64 or 128 at the same width): the grid's order, on every platform
    });
    // Every earlier point has a lower (or equal) loss: a point is dominated when an earlier one is at
    // most as costly and at least as fast. The staircase keeps, by cost, the fastest seen so far
    // (speed strictly rising with cost), so one lookup answers that.
    std::map<double, double> staircase;  // gpu_hours -> decode speed
    std::vector<GridPoint> front;
    for (const Key& k : keys) {
        const GridPoint& p = points[k.index];
        auto after = staircase.upper_bound(p.gpu_hours);
        if (after != staircase.begin() && std::prev(after)->second >= p.decode_tokens_per_s) continue;
        front.push_back(p);
        // The new point hides the ones at least as costly and no faster.
        while (after != staircase.end() && after->second <= p.decode_tokens_per_s) after = staircase.erase(after);
        staircase[p.gpu_hours] = p.decode_tokens_per_s;
    }
    return front;
}

ShapeGridResult search_grid(const Design& d, const ScaleTemplate& cls) {
    ShapeGridResult out;
    const int64_t step = std::max<int64_t>(2, layer_step(cls));  // two layers at least
    const GridScorer scorer(d);
    std::vector<GridPoint> kept;
    for (const int64_t hd : head_dims(d, cls)) {
        const ShapeForm* form = shape_form(d, Shape{}, hd);
        if (!form) continue;
        out.flops_exact = out.flops_exact && form->exact(ShapeForm::kFlops);
        for (int64_t h = std::max<int64_t>(256, 2 * hd); h <= 16384; h += 128) {
            if (h % hd != 0) continue;
            const int64_t heads = h / hd;
            const double lo_layers = double(h) / cls.max_aspect, hi_layers = double(h) / cls.min_aspect;
            std::vector<int64_t> ffns;
            if (d.recipe.mlp == MlpChoice::gelu) ffns.push_back(4 * h);
            else for (const double ratio : kSwigluRatios) ffns.push_back(ffn_for(d.recipe, h, ratio));
            for (const int64_t kv : kv_choices(d.recipe, heads, cls)) {
                for (const int64_t ffn : ffns) {
                    const ShapeQuantities one = form->at(h, kv, ffn, 1), base = form->at(h, kv, ffn, 0);
                    const double per_layer = one.total - base.total;
                    out.evaluated += kMaxLayers / step;
                    // The total is linear in the depth: the depths inside the class's range are solved
                    // for, and only those are scored one by one.
                    const double from = std::max({double(step), lo_layers, std::ceil((cls.min_params - base.total) / per_layer)});
                    const double to = std::min({double(kMaxLayers), hi_layers, std::floor((cls.max_params - base.total) / per_layer)});
                    for (int64_t layers = int64_t(std::ceil(from / double(step))) * step; double(layers) <= to; layers += step) {
                        const double l = double(layers);
                        const double total = base.total + l * per_layer;
                        if (total < cls.min_params || total > cls.max_params) continue;  // rounding at the range's ends
                        if (!parallel_friendly(heads, kv, layers, cls)) continue;
                        ++out.in_class;
                        ShapeQuantities q;
                        q.total = total;
                        q.active = base.active + l * (one.active - base.active);
                        q.train_flops_per_token = form->exact(ShapeForm::kFlops)
                                                      ? base.train_flops_per_token + l * (one.train_flops_per_token - base.train_flops_per_token)
                                                      : 6.0 * q.active;
                        q.kv_bytes_per_token = base.kv_bytes_per_token + l * (one.kv_bytes_per_token - base.kv_bytes_per_token);
                        kept.push_back(scorer.score(Shape{h, layers, heads, kv, ffn}, q));
                    }
                }
            }
        }
    }
    out.front = pareto_front(std::move(kept));
    return out;
}

}  // namespace ma

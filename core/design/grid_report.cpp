#include "grid_report.h"

#include <algorithm>
#include <utility>

#include "../format.h"
#include "../json_writer.h"
#include "../per_thread.h"
#include "../recent_cache.h"
#include "shape_grid.h"

namespace ma {
namespace {

constexpr size_t kReportRows = 12, kPlotPoints = 48;

std::string shape_text(const Shape& s) {
    return std::to_string(s.hidden) + " x " + std::to_string(s.layers) + ", " + std::to_string(s.heads) + "/" + std::to_string(s.kv) + " heads, MLP " +
           std::to_string(s.ffn);
}

JsonObjectText point_json(const GridPoint& p) {
    // What the plot needs (every design call carries it): the axes, and the core's text of the point.
    JsonObjectText o;
    o.add("params", p.params).add("loss", p.loss).add("gpu_hours", p.gpu_hours).add("decode_tokens_per_s", p.decode_tokens_per_s)
        .add("display", shape_text(p.shape) + ": " + fmt::si(p.params) + " params, loss " + fmt::f("%.3f", p.loss) + ", " + fmt::f("%.3g", p.gpu_hours) +
                            " GPU-hours, " + fmt::f("%.0f", p.decode_tokens_per_s) + " tokens/s");
    return o;
}

std::string caption(const Design& d) {
    const ShapeGridResult& g = *d.shape_grid;
    if (g.evaluated == 0)
        return "The class grid was not searched: this design's parameter count has no closed form in the shape (an expert width rounded "
               "from the MLP width, docs/design.md 'The shape grid'), so its candidates were counted shape by shape";
    return fmt::digits(uint64_t(g.evaluated)) + " shapes of the " + d.scale + " grid counted exactly; " + fmt::digits(uint64_t(g.in_class)) +
           " inside the class's range and rules; " + std::to_string(g.front.size()) + " on the Pareto front of loss, GPU-hours and decode speed";
}

// The candidates with a shape of their own (E, A's shape on more tokens, is A on the grid).
std::vector<const Candidate*> distinct_shapes(const Design& d) {
    auto same = [](const ArchSpec& a, const ArchSpec& b) {
        return a.hidden_size == b.hidden_size && a.num_hidden_layers == b.num_hidden_layers && a.num_attention_heads == b.num_attention_heads &&
               a.kv_heads() == b.kv_heads() && a.intermediate_size == b.intermediate_size && a.num_local_experts == b.num_local_experts;
    };
    std::vector<const Candidate*> out;
    for (const Candidate& c : d.candidates)
        if (std::none_of(out.begin(), out.end(), [&](const Candidate* o) { return same(o->spec, c.spec); })) out.push_back(&c);
    return out;
}

}  // namespace

std::optional<JsonObjectText> shape_grid_json(const Design& d) {
    if (!d.shape_grid) return std::nullopt;
    const ShapeGridResult& g = *d.shape_grid;
    // A change that reuses the grid (the same shared result) reuses its plotted front's JSON text.
    MA_PER_THREAD RecentCache<std::shared_ptr<const ShapeGridResult>, std::string, 4> fronts;
    const std::string& front = fronts.get(d.shape_grid, [&] {
        JsonArrayText points;
        for (const GridPoint& p : thin_front(g.front, kPlotPoints)) points.push(point_json(p));
        return points.text();
    });
    JsonArrayText candidates;
    for (const Candidate* c : distinct_shapes(d)) candidates.push(point_json(candidate_point(d, *c)).add("label", c->label));
    JsonObjectText out;
    out.add("evaluated", g.evaluated).add("in_class", g.in_class).add("front_size", g.front.size()).add("flops_exact", g.flops_exact)
        .add("front", JsonText{front}).add("candidates", candidates).add("caption", caption(d));
    return out;
}

std::string shape_grid_section(const Design& d) {
    if (!d.shape_grid) return "";
    const ShapeGridResult& g = *d.shape_grid;
    if (g.evaluated == 0) return "\n### The shape grid\n\n" + caption(d) + ".\n";
    std::string out = "\n### The shape grid\n\n" + caption(d) + ". Every hidden size (multiples of 128), head size (64, 128, 256 and the class's), "
                      "KV-head count that splits over the class's tensor-parallel degrees, MLP ratio and depth (multiples of the pipeline step); "
                      "the counts are closed forms fitted to, and checked against, the exact tensor list (docs/design.md, 'The shape grid').\n\n"
                      "Objectives: tokens = budget / training FLOPs per token (20 per parameter without a budget), loss = Besiroglu et al. 2024 "
                      "at the active parameters, GPU-hours at the planning MFU, decode tokens/s at batch 1 = 0.8 x bandwidth / (2 bytes x active "
                      "parameters + prompt x KV bytes per token)" +
                      std::string(g.flops_exact ? "" : "; training FLOPs as 6 x active parameters (the local/global window pattern's attention has no closed form)") +
                      ".\n\n" + fmt::header({"", "shape", "parameters", "loss", "GPU-hours", "decode tokens/s"});
    for (const GridPoint& p : thin_front(g.front, kReportRows))
        out += fmt::row({"front", shape_text(p.shape), fmt::si(p.params), fmt::f("%.3f", p.loss), fmt::f("%.3g", p.gpu_hours), fmt::f("%.0f", p.decode_tokens_per_s)});
    for (const Candidate* c : distinct_shapes(d)) {
        const GridPoint p = candidate_point(d, *c);
        out += fmt::row({c->label, shape_text(p.shape), fmt::si(p.params), fmt::f("%.3f", p.loss), fmt::f("%.3g", p.gpu_hours), fmt::f("%.0f", p.decode_tokens_per_s)});
    }
    return out;
}

}  // namespace ma

// The whole-grid shape search (design/shape_grid.h): the Pareto front's definition by brute force,
// and the front's shapes inside the class with counts equal to the exact tensor list.
#include <catch2/catch.hpp>

#include <random>

#include "design/shape_grid.h"
#include "design/shape_rules.h"
#include "test_support.h"

namespace {

bool dominates(const ma::GridPoint& a, const ma::GridPoint& b) {
    const bool no_worse = a.loss <= b.loss && a.gpu_hours <= b.gpu_hours && a.decode_tokens_per_s >= b.decode_tokens_per_s;
    const bool better = a.loss < b.loss || a.gpu_hours < b.gpu_hours || a.decode_tokens_per_s > b.decode_tokens_per_s;
    return no_worse && better;
}

}  // namespace

TEST_CASE("the Pareto front holds exactly the points no other point dominates", "[design][shape_grid]") {
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(0, 1);
    for (int trial = 0; trial < 20; ++trial) {
        std::vector<ma::GridPoint> points(300);
        for (auto& p : points) {
            // Coarse values make ties, which the front must handle too.
            p.loss = std::round(u(rng) * 20) / 20, p.gpu_hours = std::round(u(rng) * 20), p.decode_tokens_per_s = std::round(u(rng) * 20);
        }
        const auto front = ma::pareto_front(points);
        size_t expected = 0;
        for (const auto& p : points) {
            const bool dominated = std::any_of(points.begin(), points.end(), [&](const ma::GridPoint& q) { return dominates(q, p); });
            if (dominated) continue;
            ++expected;
            CHECK(std::any_of(front.begin(), front.end(), [&](const ma::GridPoint& f) {
                return f.loss == p.loss && f.gpu_hours == p.gpu_hours && f.decode_tokens_per_s == p.decode_tokens_per_s;
            }));
        }
        for (const auto& f : front)
            CHECK(std::none_of(points.begin(), points.end(), [&](const ma::GridPoint& q) { return dominates(q, f); }));
        // Equal points count once.
        CHECK(front.size() <= expected);
        CHECK(std::is_sorted(front.begin(), front.end(), [](const ma::GridPoint& a, const ma::GridPoint& b) { return a.loss < b.loss; }));
    }
}

TEST_CASE("the grid covers the class: its front keeps the class's bounds and rules, with exact counts", "[design][shape_grid]") {
    for (const char* scale : {"100M", "1B-3B", "7B+"}) {
        CAPTURE(scale);
        const ma::Design d = design({{"scale", scale}});
        const ma::ScaleTemplate& cls = ma::scale_template(d.scale);
        REQUIRE(d.shape_grid);
        const ma::ShapeGridResult& g = *d.shape_grid;
        CHECK(g.evaluated >= 70000);
        CHECK(g.in_class > 100);
        REQUIRE(!g.front.empty());
        for (const ma::GridPoint& p : ma::thin_front(g.front, 25)) {
            CAPTURE(p.shape.hidden, p.shape.layers, p.shape.heads, p.shape.kv, p.shape.ffn);
            CHECK(p.params >= cls.min_params);
            CHECK(p.params <= cls.max_params);
            const double aspect = double(p.shape.hidden) / double(p.shape.layers);
            CHECK(aspect >= cls.min_aspect - 1e-9);
            CHECK(aspect <= cls.max_aspect + 1e-9);
            CHECK(ma::parallel_friendly(p.shape.heads, p.shape.kv, p.shape.layers, cls));
            const ma::ShapeQuantities exact = ma::exact_quantities(d, p.shape);
            CHECK(p.params == exact.total);
            CHECK(p.active == exact.active);
        }
        // The candidates' shapes are scored from their own counts the same way.
        const ma::GridPoint a = ma::candidate_point(d, d.candidates.front());
        CHECK(a.params == double(d.candidates.front().count.total));
        CHECK(a.loss == Approx(d.candidates.front().loss).epsilon(1e-9));
    }
}

TEST_CASE("thinning a front keeps its ends, its cheapest and its fastest point", "[design][shape_grid]") {
    std::vector<ma::GridPoint> front(500);
    for (size_t i = 0; i < front.size(); ++i) {
        front[i].loss = double(i);
        front[i].gpu_hours = double(1000 - i);
        front[i].decode_tokens_per_s = double((i * 37) % 500);
    }
    const auto thin = ma::thin_front(front, 12);
    CHECK(thin.size() <= 12);
    CHECK(thin.front().loss == 0);
    CHECK(thin.back().loss == 499);
    CHECK(std::any_of(thin.begin(), thin.end(), [](const ma::GridPoint& p) { return p.decode_tokens_per_s == 499; }));
}

#include "shape_form.h"

#include <cmath>
#include <string>

#include "../error.h"
#include "../per_thread.h"
#include "../recent_cache.h"
#include "../estimates/compute.h"
#include "../estimates/inference.h"
#include "../model/hf_config.h"
#include "../model/param_count.h"
#include "candidates.h"

namespace ma {
namespace {

using Values = std::array<double, 4>;
constexpr int kQuantities = 4;

Values as_array(const ShapeQuantities& q) { return {q.total, q.active, q.train_flops_per_token, q.kv_bytes_per_token}; }

// h^2, h*m, h*f, h, m, f, 1
std::array<double, 7> monomials(double h, double m, double f) { return {h * h, h * m, h * f, h, m, f, 1.0}; }

double dot(const std::array<double, 7>& c, const std::array<double, 7>& x) {
    double s = 0;
    for (size_t i = 0; i < c.size(); ++i) s += c[i] * x[i];
    return s;
}

// The seven coefficients of g = a h^2 + b hm + c hf + d h + e m + g f + k from its values at
// (h1,m0,f0) (h1,m1,f0) (h1,m0,f1) (h2,m0,f0) (h2,m1,f0) (h2,m0,f1) (h3,m0,f0): for a fixed h, g is
// affine in m and f, its slopes are affine in h and its intercept quadratic.
std::array<double, 7> solve(const std::array<double, 7>& v, double h1, double h2, double h3, double m0, double m1, double f0, double f1) {
    const double sm1 = (v[1] - v[0]) / (m1 - m0), sf1 = (v[2] - v[0]) / (f1 - f0);
    const double sm2 = (v[4] - v[3]) / (m1 - m0), sf2 = (v[5] - v[3]) / (f1 - f0);
    const double b = (sm2 - sm1) / (h2 - h1), e = sm1 - b * h1;
    const double c = (sf2 - sf1) / (h2 - h1), g = sf1 - c * h1;
    auto intercept = [&](double h, double value) { return value - (b * h + e) * m0 - (c * h + g) * f0; };
    const double i1 = intercept(h1, v[0]), i2 = intercept(h2, v[3]), i3 = intercept(h3, v[6]);
    // The quadratic through (h1,i1) (h2,i2) (h3,i3).
    const double a = ((i3 - i1) / (h3 - h1) - (i2 - i1) / (h2 - h1)) / (h3 - h2);
    const double d = (i2 - i1) / (h2 - h1) - a * (h1 + h2);
    const double k = i1 - a * h1 * h1 - d * h1;
    return {a, b, c, d, e, g, k};
}

// Counts (parameters, KV bytes) to the unit; FLOPs, a sum of products, to rounding.
bool agrees(int quantity, double form, double exact) {
    const double slack = quantity == ShapeForm::kFlops ? 1e-9 * std::fabs(exact) : 0.5;
    return std::fabs(form - exact) <= slack;
}

}  // namespace

std::optional<ShapeForm> ShapeForm::fit(const Exact& exact, const Shape& like, int64_t head_dim, int64_t min_layers) {
    const int64_t h1 = 16 * head_dim, h2 = 32 * head_dim, h3 = 64 * head_dim;
    const int64_t m0 = 2, m1 = 4, f0 = 1024, f1 = 2048;
    const int64_t l1 = std::max<int64_t>(min_layers, 1) + 2, l2 = l1 + 1;
    auto probe = [&](int64_t h, int64_t m, int64_t f, int64_t layers) {
        Shape s = like;
        s.hidden = h, s.heads = h / head_dim, s.kv = m, s.ffn = f, s.layers = layers, s.head_dim = 0;
        return as_array(exact(s));
    };
    const std::array<std::array<int64_t, 3>, 7> points{{{h1, m0, f0}, {h1, m1, f0}, {h1, m0, f1}, {h2, m0, f0}, {h2, m1, f0}, {h2, m0, f1}, {h3, m0, f0}}};
    std::array<std::array<double, 7>, kQuantities> per_layer{}, base{};
    for (size_t p = 0; p < points.size(); ++p) {
        const Values a = probe(points[p][0], points[p][1], points[p][2], l1), b = probe(points[p][0], points[p][1], points[p][2], l2);
        for (int q = 0; q < kQuantities; ++q) {
            per_layer[q][p] = b[q] - a[q];
            base[q][p] = a[q] - double(l1) * per_layer[q][p];
        }
    }
    ShapeForm form;
    for (int q = 0; q < kQuantities; ++q) {
        form.layer_[q] = solve(per_layer[q], double(h1), double(h2), double(h3), double(m0), double(m1), double(f0), double(f1));
        form.base_[q] = solve(base[q], double(h1), double(h2), double(h3), double(m0), double(m1), double(f0), double(f1));
    }
    // Four shapes off the probe lattice: a quantity whose form misses any has none. Widths that are
    // odd multiples of 128 catch a rounded derived width (an expert width of f / k).
    form.exact_.fill(true);
    constexpr int64_t kOff[][4] = {{48, 8, 3072, 5}, {24, 1, 1536, 10}, {40, 5, 1152, 1}, {56, 7, 2944, 3}};
    for (const auto& o : kOff) {
        const std::array<int64_t, 4> off{o[0] * head_dim, o[1], o[2], l1 + o[3]};
        const auto [h, m, f, layers] = off;
        const Values want = probe(h, m, f, layers);
        const Values got = as_array(form.at(h, m, f, layers));
        for (int q = 0; q < kQuantities; ++q)
            if (!agrees(q, got[q], want[q])) form.exact_[q] = false;
    }
    if (!form.exact_[kTotal] || !form.exact_[kActive]) return std::nullopt;
    return form;
}

double kv_bytes_per_token(const ArchSpec& spec) {
    return double(spec.num_hidden_layers) * kv_bytes_per_token_per_layer(spec, dtype_bytes(KvDtype::bf16));
}

ShapeQuantities exact_quantities(const Design& d, const Shape& s) {
    const ArchSpec spec = make_spec(d, s, d.context);
    const ParamCount count = count_parameters(spec);
    const int64_t seq = training_seq_len(d.request, d.context);
    return {double(count.total), double(count.active_per_token), 3.0 * forward_flops_per_token(spec, seq, true), kv_bytes_per_token(spec)};
}

std::shared_ptr<ShapeFormCache> shape_form_cache_for(const Design& d) {
    // Everything a shape's config takes from the design, in one text: a reference shape's config,
    // and the training sequence length the FLOPs use.
    std::string key;
    try {  // multi-head attention: kv heads = heads, which every family builds
        key = hf_config_json(make_spec(d, Shape{1024, 4, 8, 8, 2816}, d.context)).dump() + " seq " + std::to_string(training_seq_len(d.request, d.context));
    } catch (const Error&) {
        return std::make_shared<ShapeFormCache>();  // a reference no config takes: this design's own cache
    }
    MA_PER_THREAD RecentCache<std::string, std::shared_ptr<ShapeFormCache>, 8> recent;
    return recent.get(key, [] { return std::make_shared<ShapeFormCache>(); });
}

const ShapeForm* shape_form(const Design& d, const Shape& like, int64_t head_dim) {
    if (!d.shape_forms) return nullptr;
    auto& forms = d.shape_forms->forms;
    const std::array<int64_t, 3> key{head_dim, like.experts, like.experts_per_token};
    auto it = forms.find(key);
    if (it == forms.end()) {
        const int64_t min_layers = d.request.first_dense_layers.value_or(1);
        std::optional<ShapeForm> form;
        try {
            // A recipe that fixes the KV heads (all heads, or one) is probed with its own: the form then
            // holds for that count only, the one its shapes have (some families refuse any other).
            form = ShapeForm::fit([&](const Shape& s) {
                Shape own = s;
                own.kv = fixed_kv_heads(d.recipe, s.heads).value_or(s.kv);
                return exact_quantities(d, own);
            }, like, head_dim, min_layers);
        } catch (const Error&) {  // a probe shape this family cannot build: count exactly
        }
        it = forms.emplace(key, form).first;
    }
    return it->second ? &*it->second : nullptr;
}

ShapeQuantities ShapeForm::at(int64_t hidden, int64_t kv, int64_t ffn, int64_t layers) const {
    const auto x = monomials(double(hidden), double(kv), double(ffn));
    const double l = double(layers);
    Values q{};
    for (int i = 0; i < kQuantities; ++i) q[i] = exact_[i] ? l * dot(layer_[i], x) + dot(base_[i], x) : 0.0;
    return {std::round(q[0]), std::round(q[1]), q[2], q[3]};
}

double ShapeForm::total_per_layer(int64_t hidden, int64_t kv, int64_t ffn) const { return dot(layer_[0], monomials(double(hidden), double(kv), double(ffn))); }
double ShapeForm::total_base(int64_t hidden, int64_t kv, int64_t ffn) const { return dot(base_[0], monomials(double(hidden), double(kv), double(ffn))); }

}  // namespace ma

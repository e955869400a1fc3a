#include "targets.h"

#include <algorithm>
#include <cmath>

#include "../error.h"
#include "../estimates/compute.h"
#include "../format.h"

namespace ma {

double budget_flops(const DesignRequest& r) {
    const double peak = r.training.gpu.bf16_flops;
    if (r.flops) return *r.flops;
    if (r.gpu_hours) return *r.gpu_hours * 3600.0 * peak * r.planning_mfu();
    if (r.money) return *r.money / r.price_per_gpu_hour * 3600.0 * peak * r.planning_mfu();
    if (r.days) return *r.days * 86400.0 * (double(r.gpus) * peak * r.planning_mfu());
    return 0;
}

double compute_optimal_params(double flops) { return std::sqrt(flops / 120.0); }

double params_for_loss(double loss) {
    // L(N, 20N) decreases in N towards the fit's irreducible loss; bisect in log space.
    constexpr double kIrreducible = 1.8172;
    if (loss <= kIrreducible + 1e-3)
        throw Error(ErrorCode::invalid_value, "design.target_loss", "must be above the fit's irreducible loss 1.8172 (Besiroglu et al. 2024)");
    double lo = 1e6, hi = 1e14;
    if (loss_besiroglu(hi, 20 * hi) > loss) throw Error(ErrorCode::invalid_value, "design.target_loss", "is below what 100T parameters reach in the fit");
    if (loss_besiroglu(lo, 20 * lo) < loss) return lo;
    for (int i = 0; i < 200; ++i) {
        const double mid = std::sqrt(lo * hi);
        (loss_besiroglu(mid, 20 * mid) > loss ? lo : hi) = mid;
    }
    return hi;
}

Target choose_target(const DesignRequest& r, double budget, double given_params) {
    Target t;
    t.optimal_params = budget > 0 ? compute_optimal_params(budget) : 0;
    if (given_params > 0) {
        t.params = given_params;
        t.a_kind = CandidateKind::from_config;
        t.description = "the given config.json (" + fmt::si(given_params) + " parameters), unchanged";
    } else if (r.params) {
        t.params = *r.params;
        t.a_kind = CandidateKind::requested_size;
        t.description = "the requested " + fmt::si(t.params) + " parameters";
    } else if (r.target_loss) {
        t.params = params_for_loss(*r.target_loss);
        t.a_kind = CandidateKind::loss_target;
        t.description = "the size whose compute-optimal loss (Besiroglu et al. 2024 fit, 20 tokens per parameter) is " +
                        fmt::f("%.2f", *r.target_loss) + ": " + fmt::si(t.params) + " parameters";
    } else if (r.scale || budget <= 0) {
        t.cls = &scale_template(r.scale.value_or("300M-700M"));
        if (budget > 0) {
            t.params = std::clamp(t.optimal_params, t.cls->min_params, t.cls->max_params);
            if (t.optimal_params > t.cls->max_params) {
                t.a_kind = CandidateKind::largest_in_class;
                t.notes.push_back({NoteKind::budget_beyond_class, t.optimal_params, t.cls->max_params, class_for(t.optimal_params).id});
            } else if (t.optimal_params < t.cls->min_params) {
                t.a_kind = CandidateKind::smallest_in_class;
                t.notes.push_back({NoteKind::budget_below_class, t.optimal_params, t.cls->min_params, t.cls->id});
            } else {
                t.a_kind = CandidateKind::compute_optimal;
            }
            t.description = "the budget within the " + t.cls->id + " class (" + fmt::si(t.cls->min_params) + "-" +
                            fmt::si(t.cls->max_params) + "); its compute-optimal size (C = 6ND with D = 20N) is " + fmt::si(t.optimal_params);
        } else {
            t.description = "the " + t.cls->id + " template";
        }
    } else {
        t.params = t.optimal_params;
        t.a_kind = CandidateKind::compute_optimal;
        t.description = "the compute-optimal size for the budget (C = 6ND with D = 20N): " + fmt::si(t.params) + " parameters";
    }
    if (!t.cls) t.cls = r.scale ? &scale_template(*r.scale) : &class_for(t.params);
    if (budget <= 0) t.notes.push_back({NoteKind::default_tokens, published_tokens_per_param(*t.cls), 20, t.cls->id});
    if (r.tokens_available && *r.tokens_available < t.cls->min_params)
        t.notes.push_back({NoteKind::tokens_unit, *r.tokens_available, t.cls->min_params, t.cls->id});
    return t;
}

}  // namespace ma

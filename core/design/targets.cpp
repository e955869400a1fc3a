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
    if (r.gpu_hours) return *r.gpu_hours * 3600.0 * peak * r.mfu;
    if (r.money) return *r.money / r.price_per_gpu_hour * 3600.0 * peak * r.mfu;
    if (r.days) return *r.days * 86400.0 * (double(r.gpus) * peak * r.mfu);
    return 0;
}

double params_for_loss(double loss) {
    // Hoffmann L(N, 20N) decreases in N; bisect in log space.
    if (loss <= 1.69 + 1e-3) throw Error(ErrorCode::invalid_value, "design.target_loss", "must be above the fit's irreducible loss 1.69");
    double lo = 1e6, hi = 1e14;
    if (loss_hoffmann(hi, 20 * hi) > loss) throw Error(ErrorCode::invalid_value, "design.target_loss", "is below what 100T parameters reach in the fit");
    if (loss_hoffmann(lo, 20 * lo) < loss) return lo;
    for (int i = 0; i < 200; ++i) {
        const double mid = std::sqrt(lo * hi);
        (loss_hoffmann(mid, 20 * mid) > loss ? lo : hi) = mid;
    }
    return hi;
}

namespace {

const ScaleTemplate& class_for(double params) {
    const auto& t = scale_templates();
    for (const auto& c : t)
        if (params <= c.max_params) return c;
    return t.back();
}

}  // namespace

Target choose_target(const DesignRequest& r, double budget) {
    Target t;
    if (r.params) {
        t.params = *r.params;
        t.description = "the requested " + fmt::si(t.params) + " parameters";
    } else if (r.target_loss) {
        t.params = params_for_loss(*r.target_loss);
        t.description = "the size whose Chinchilla-optimal loss (Hoffmann fit) is " + fmt::f("%.2f", *r.target_loss) + ": " + fmt::si(t.params) + " parameters";
    } else if (r.scale || budget <= 0) {
        t.cls = &scale_template(r.scale.value_or("300M-700M"));
        if (budget > 0) {
            t.params = std::clamp(std::sqrt(budget / 120.0), t.cls->min_params, t.cls->max_params);
            t.description = "the compute-optimal size for the budget (C = 6ND with D = 20N), within the " + t.cls->id + " class: " + fmt::si(t.params);
        } else {
            t.description = "the " + t.cls->id + " template";
        }
    } else {
        t.params = std::sqrt(budget / 120.0);
        t.description = "the compute-optimal size for the budget (C = 6ND with D = 20N): " + fmt::si(t.params) + " parameters";
    }
    if (!t.cls) t.cls = &class_for(t.params);
    return t;
}

}  // namespace ma

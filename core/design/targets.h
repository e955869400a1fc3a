// The compute budget a request gives (FLOPs), and the target size and scale
// class it asks for: a class, a parameter count, a loss, or what the budget buys.
#pragma once

#include <string>

#include "design_request.h"
#include "scale_templates.h"

namespace ma {

// Training FLOPs the budget buys at the request's GPUs and MFU; 0 = no budget.
double budget_flops(const DesignRequest& r);

struct Target {
    const ScaleTemplate* cls = nullptr;  // the class the design falls in
    double params = 0;                   // 0 = the class's default shape
    std::string description;             // how the target was chosen, for the report
};

Target choose_target(const DesignRequest& r, double budget_flops);

// Hoffmann et al. 2022: the size whose compute-optimal loss L(N, 20N) is `loss`.
double params_for_loss(double loss);

// Loss differences below this are within what the loss law resolves.
constexpr double kLossResolution = 0.01;

}  // namespace ma

// The compute budget a request gives (FLOPs), and the target size, scale
// class and kind of candidate A it asks for: a class, a parameter count, a
// loss, a given config, or what the budget buys; with the notes the report
// owes the user about them (a budget beyond the class, suspicious units).
#pragma once

#include <string>
#include <vector>

#include "design_request.h"
#include "designer.h"
#include "scale_templates.h"

namespace ma {

// Training FLOPs the budget buys at the request's GPUs and MFU; 0 = no budget.
double budget_flops(const DesignRequest& r);

// The compute-optimal size for a budget under Chinchilla's rule: C = 6ND with D = 20N.
double compute_optimal_params(double flops);

struct Target {
    const ScaleTemplate* cls = nullptr;  // the class the design falls in
    double params = 0;                   // 0 = the class's default shape
    CandidateKind a_kind = CandidateKind::class_default;
    std::string description;             // how the target was chosen, for the report
    double optimal_params = 0;           // the budget's compute-optimal size (0 without a budget)
    std::vector<DesignNote> notes;
};

// `given_params`: the parameter count of a given config (base_config), else 0.
Target choose_target(const DesignRequest& r, double budget_flops, double given_params);

// Besiroglu et al. 2024: the size whose compute-optimal loss L(N, 20N) is `loss`.
double params_for_loss(double loss);

// Loss differences below this are within what the loss law resolves.
constexpr double kLossResolution = 0.01;

}  // namespace ma

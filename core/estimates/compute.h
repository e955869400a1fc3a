// Training compute: FLOPs per token counted from the matrix shapes (the
// explicit count of nanoGPT's transformer_sizing notebook), PaLM's 6N + 12LHQT
// approximation beside it, totals, time and cost at a stated MFU, and the
// Chinchilla data and loss estimates (a rough guide only).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../model/arch_spec.h"
#include "gpu_catalog.h"

namespace ma {

// Forward matmul FLOPs per token at sequence length `seq`: 2 x (every
// projection's weights a token passes through: attention, MLP or routed
// experts, router, lm_head) + attention scores and value reduction
// 4 x seq x heads x head_dim per layer, halved when `causal` (kernels skip the masked half), sliding-window
// layers at their window (attention_flops_per_token).
double forward_flops_per_token(const ArchSpec& spec, int64_t seq, bool causal);

// Forward FLOPs per token, split as the kernels run them (linear + attention is
// forward_flops_per_token's). The recent splits are kept: a design asks for each candidate's
// at its search, plan, throughput and inference, and a page change for the same again.
struct ForwardFlops {
    double linear = 0;          // 2 x every weight a token passes through (projections, routed experts, head)
    double attention = 0;       // scores and value products, halved for the causal mask when asked
    double layer_linear = 0;    // the linear part inside the decoder layers (what full recomputation repeats)
    double saved_op_linear = 0; // torchtitan's op-level selective recomputation repeats wk, wo and w3
};
ForwardFlops forward_flops(const ArchSpec& spec, int64_t seq, bool causal);

// The score and value products of every layer for one token of a `seq`-token sequence: a full
// layer attends to seq keys (seq / 2 on average under the causal mask), a sliding-window layer to
// at most the window (w - w^2 / 2s on average when causal, the window shorter than the sequence).
double attention_flops_per_token(const ArchSpec& spec, int64_t seq, bool causal);

// PaLM (Chowdhery et al. 2022, appendix B): 6N + 12 x L x H x Q x T per token, N the
// parameters that take part in matmuls (non-embedding, plus the head when tied).
double palm_flops_per_token(double n, double layers, double heads, double head_dim, double seq);
double palm_n(const ArchSpec& spec);

struct ComputeSetup {
    double tokens = 0;            // training tokens; 0 = Chinchilla-optimal (20 x params)
    int64_t seq_len = 4096;
    bool causal_halving = true;
    double mfu = 0.4;
    std::string mfu_source = "given";  // "predicted for torchtitan on 8 x H100-SXM", or "given"
    int64_t gpus = 8;
    double price_per_gpu_hour = 0;  // 0 = no cost
    Gpu gpu = default_gpu();
};

struct ComputeEstimate {
    double flops_per_token;         // training (3 x forward)
    double palm_flops_per_token;
    double tokens;
    bool tokens_defaulted;
    double total_flops;
    double seconds;
    double gpu_hours;
    double cost;
    double chinchilla_tokens;       // 20 x params
    double loss_hoffmann;           // Hoffmann et al. 2022 fit
    double loss_besiroglu;          // Besiroglu et al. 2024 refit
    std::vector<std::string> formulas;
    std::vector<std::string> assumptions;
};

ComputeEstimate compute_estimate(const ArchSpec& spec, const ComputeSetup& setup);

// Chinchilla-style parametric loss L(N, D) = E + A / N^alpha + B / D^beta.
double loss_hoffmann(double params, double tokens);
double loss_besiroglu(double params, double tokens);

nlohmann::json to_json(const ComputeEstimate& e);

}  // namespace ma

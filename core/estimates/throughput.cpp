#include "throughput.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "../error.h"
#include "../format.h"
#include "../model/components.h"
#include "../model/quantity.h"
#include "engines/engine_profile.h"
#include "pipeline_stages.h"

namespace ma {
namespace {

// Recomputed forward FLOPs per token: what each engine's recomputation runs again.
double recomputed_flops(const ForwardFlops& f, const TrainingSetup& s, double layers_per_stage) {
    switch (s.recompute) {
        case Recompute::none: return 0;
        case Recompute::full:
            if (s.engine == Engine::megatron && s.recompute_method == RecomputeMethod::block)
                return std::min(1.0, double(s.recompute_layers) / layers_per_stage) * (f.layer_linear + f.attention);
            return f.layer_linear + f.attention;
        case Recompute::selective:
            if (s.engine == Engine::torchtitan && s.selective_ac == SelectiveAc::layer)
                return (f.layer_linear + f.attention) / double(s.ac_every);
            if (s.engine == Engine::torchtitan) return f.saved_op_linear;  // SDPA is saved, every other matmul is not
            return f.attention;                                          // Megatron: core attention only
    }
    return 0;
}

double linear_efficiency(const ThroughputCalibration& c, const TrainingSetup& s) {
    if (s.float8) return c.linear_float8;
    return s.compile ? c.linear_compiled : c.linear_eager;
}

// Bytes one GPU sends in the data-parallel collectives of a step (ring: (n - 1) / n of each buffer).
double dp_bytes(const TrainingSetup& s, double params) {
    const double shards = s.engine == Engine::hf ? double(s.dp) : double(s.dp * s.cp);
    if (shards <= 1) return 0;
    const double ring = (shards - 1) / shards;
    switch (s.engine) {
        case Engine::torchtitan: return 8 * params * ring;  // all-gather bf16 in forward and backward, reduce-scatter fp32
        case Engine::megatron: return (s.zero_stage >= 1 ? 4 + 2 : 2 * 4) * params * ring;  // RS fp32 + AG bf16, or AR fp32
        case Engine::hf: {
            const double w = s.precision == Precision::fp32 || s.precision == Precision::amp ? 4 : 2;
            const double g = s.precision == Precision::bf16 || s.precision == Precision::mixed ? 2 : 4;
            if (s.zero_stage == 3) return (2 * w + g) * params * ring;
            if (s.zero_stage >= 1) return (g + w) * params * ring;
            return 2 * g * params * ring;
        }
    }
    return 0;
}

}  // namespace

Throughput training_throughput(const ArchSpec& input, const TrainingSetup& s) {
    const ArchSpec spec = resolve(input);
    const EngineProfile& engine = engine_profile(s.engine);
    if (const auto refusal = engine_refusal(engine, spec)) throw Error(ErrorCode::unsupported, "training.engine", *refusal);
    if (const auto problem = layout_problem(spec, s)) throw Error(ErrorCode::invalid_value, problem->where, problem->message);
    const ThroughputCalibration& c = engine.throughput;
    const ParamCount count = count_parameters(spec);
    const ForwardFlops f = forward_flops(spec, s.seq_len, true);
    const double layers = double(spec.num_hidden_layers), pp = double(s.pp), tp = double(s.tp), cp = double(s.cp);
    const double peak = s.gpu.bf16_flops, h = double(spec.hidden_size);

    Throughput out;
    out.model_flops_per_token = 3 * (f.linear + f.attention);
    const double recomputed = recomputed_flops(f, s, std::ceil(layers / pp));
    const double recomputed_attention = s.recompute == Recompute::full || (s.recompute == Recompute::selective && s.engine == Engine::megatron) ? f.attention : 0;
    const double hw_linear = 3 * f.linear + (recomputed - recomputed_attention);
    const double hw_attention = 3 * f.attention + recomputed_attention;
    out.hardware_flops_per_token = hw_linear + hw_attention;

    // Tokens this GPU's model replica runs per step, and the global step.
    const double micro_tokens = double(s.micro_batch) * double(s.seq_len) / cp;
    const double rank_tokens = micro_tokens * double(s.grad_accum);
    out.tokens_per_step = double(s.micro_batch * s.seq_len * s.grad_accum * s.dp);
    const double gpus = double(s.gpus());

    // Compute: a GPU runs 1 / (tp x pp) of the FLOPs of each token its replica handles (cp splits the tokens).
    const double eta_linear = linear_efficiency(c, s) * std::pow(h / 4096.0, c.size_exponent);
    const double eta_attention = c.attention / (1 + c.cp_slowdown * (cp - 1));
    const double share = rank_tokens / (tp * pp);
    const double t_linear = share * hw_linear / (peak * eta_linear);
    const double t_attention = share * hw_attention / (peak * eta_attention);
    out.terms.push_back({"matmuls (model + recomputed)", t_linear, Q::text_of([&] {
                             return "tokens x " + fmt::f("%.4g", hw_linear) + " FLOPs / (tp x pp x peak x " + fmt::f("%.3f", eta_linear) + ")"; })});
    out.terms.push_back({"attention kernels", t_attention, Q::text_of([&] {
                             return "tokens x " + fmt::f("%.4g", hw_attention) + " FLOPs / (tp x pp x peak x " + fmt::f("%.3f", eta_attention) + ")"; })});
    const double t_compute = t_linear + t_attention;

    // Tensor parallelism: per layer 4 all-gather/reduce-scatter pairs (or all-reduces) in forward and backward,
    // plus the forward's again where the layer is recomputed.
    double t_tp = 0;
    if (s.tp > 1) {
        const double per_layer = 8 + (s.recompute == Recompute::full ? 4 : 0);
        const double link = s.tp <= s.gpu.gpus_per_node ? s.gpu.link_bandwidth : s.gpu.network_bandwidth;
        const double bytes = rank_tokens * (layers / pp) * per_layer * 2 * h * (tp - 1) / tp;
        const double exposed = s.async_tp ? c.tp_exposed_overlapped : c.tp_exposed;
        t_tp = exposed * bytes / (link * c.collective_efficiency);
        out.terms.push_back({"tensor-parallel collectives not hidden", t_tp, Q::text_of([&] {
                                 return fmt::g(per_layer) + " x 2h bytes per token per layer x (t - 1)/t over " + fmt::bytes(link) + "/s x " +
                                        fmt::g(c.collective_efficiency) + ", " + fmt::percent(exposed) + " exposed"; })});
    }

    // Pipeline: the 1F1B bubble (Narayanan et al. 2021: (p - 1) / (v m) of the ideal time) and the sends.
    double t_bubble = 0, t_p2p = 0;
    if (s.pp > 1) {
        const double m = double(s.grad_accum), v = double(s.vpp);
        t_bubble = (t_compute + t_tp) * (pp - 1) / (v * m);
        out.terms.push_back({"pipeline bubble", t_bubble, Q::text_of([&] { return "(compute + TP) x (p - 1) / (v x m) with m = " + fmt::g(m) + " micro-batches"; })});
        const double boundary = 2 * micro_tokens * h / (s.sequence_parallel ? tp : 1);  // bf16 activations, and their gradients back
        const double across = s.gpus() > s.gpu.gpus_per_node ? s.gpu.network_bandwidth : s.gpu.link_bandwidth;
        t_p2p = 2 * m * boundary * v / across;
        out.terms.push_back({"pipeline sends and receives", t_p2p, Q::text_of([&] { return "2 x m x v x 2*b*s*h bytes over " + fmt::bytes(across) + "/s"; })});
    }

    // Data parallelism: the step's all-gathers and reduce-scatters overlap the compute; what is longer shows.
    double t_dp = 0;
    const double stage_params = double(count.total) / (tp * pp);
    const double bytes = dp_bytes(s, stage_params);
    if (bytes > 0) {
        const double group = double(s.tp * s.cp) * double(s.dp);
        const double link = group <= double(s.gpu.gpus_per_node) ? s.gpu.link_bandwidth : s.gpu.network_bandwidth;
        const double t_comm = bytes / (link * c.collective_efficiency);
        t_dp = c.dp_exposed * t_comm + std::max(0.0, t_comm - t_compute);
        out.terms.push_back({"data-parallel collectives not hidden", t_dp, Q::text_of([&] {
                                 return fmt::bytes(bytes) + " per step over " + fmt::bytes(link) + "/s x " + fmt::g(c.collective_efficiency) +
                                        " (" + fmt::f("%.3g", t_comm) + " s), beyond the " + fmt::f("%.3g", t_compute) + " s of compute"; })});
    }

    out.step_seconds = t_compute + t_tp + t_bubble + t_p2p + t_dp;
    out.tokens_per_s_per_gpu = out.tokens_per_step / out.step_seconds / gpus;
    out.mfu = out.tokens_per_s_per_gpu * out.model_flops_per_token / peak;
    out.hfu = out.tokens_per_s_per_gpu * out.hardware_flops_per_token / peak;
    if (!Q::building_text()) return out;  // what only the reports show
    out.assumptions = {
        std::string(engine.name) + " achieves " + fmt::percent(linear_efficiency(c, s)) + " of the bf16 peak in matmuls at h = 4096 (x (h/4096)^" +
            fmt::g(c.size_exponent) + ") and " + fmt::percent(c.attention) + " in attention; " + c.source,
        "peak " + fmt::f("%.0f", peak / 1e12) + " TFLOPS dense bf16 on " + s.gpu.id + "; links: " + s.gpu.interconnect_source,
        "MFU counts the model FLOPs (3 x forward, causal attention halved); HFU adds the recomputation",
    };
    return out;
}

nlohmann::json to_json(const Throughput& t) {
    nlohmann::json terms = nlohmann::json::array();
    for (const ThroughputTerm& x : t.terms) terms.push_back({{"name", x.name}, {"seconds", x.seconds}, {"formula", x.formula}});
    return {{"tokens_per_s_per_gpu", t.tokens_per_s_per_gpu}, {"mfu", t.mfu}, {"hfu", t.hfu}, {"step_seconds", t.step_seconds},
            {"tokens_per_step", t.tokens_per_step}, {"model_flops_per_token", t.model_flops_per_token},
            {"hardware_flops_per_token", t.hardware_flops_per_token}, {"terms", std::move(terms)}, {"assumptions", t.assumptions}};
}

}  // namespace ma

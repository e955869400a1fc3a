#include "checkpoint_and_fit.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>
#include <vector>

#include "../error.h"
#include "../format.h"
#include "../model/param_count.h"
#include "../model/quantity.h"
#include "../per_thread.h"
#include "../recent_cache.h"
#include "engines/engine_profile.h"

namespace ma {

namespace {

CheckpointSizes sizes_on_one_rank(const ArchSpec& spec, const TrainingSetup& single) {
    const double n = double(count_parameters(spec).total);
    const Q::NumbersOnly numbers_only;  // only the states' bytes are read
    const TrainingMemory m = training_memory(spec, single);
    double training = 0;
    for (const auto& s : m.states)
        if (s.kind != TermKind::gradients) training += s.bytes;
    return {2 * n, 4 * n, training};
}

}  // namespace

CheckpointSizes checkpoint_sizes(const ArchSpec& spec, const TrainingSetup& setup) {
    TrainingSetup single = setup;
    single.dp = single.tp = single.pp = single.cp = single.ep = single.vpp = 1;
    single.zero_stage = 0;
    single.sequence_parallel = false;
    // Each candidate's, on every page change: the same unless its shape or the engine's setup changed.
    MA_PER_THREAD RecentCache<std::tuple<ArchSpec, TrainingSetup>, CheckpointSizes, 16> recent;
    return recent.get(std::forward_as_tuple(spec, single), [&] { return sizes_on_one_rank(spec, single); });
}

std::string describe_arrangement(const TrainingSetup& s) {
    return std::to_string(s.gpus()) + " x " + s.gpu.id + ", " + name_of(s.engine) + ": dp " + std::to_string(s.dp) + ", tp " +
           std::to_string(s.tp) + ", pp " + std::to_string(s.pp) + (s.cp > 1 ? ", cp " + std::to_string(s.cp) : "") +
           (s.ep > 1 ? ", ep " + std::to_string(s.ep) : "") + ", ZeRO " + std::to_string(s.zero_stage) + ", micro-batch " +
           std::to_string(s.micro_batch) + ", recompute " + name_of(s.recompute);
}

std::string describe_fit(const FitResult& f) {
    std::string skipped;
    for (const auto& s : f.skipped) skipped += "; " + s;
    switch (f.status) {
        case FitStatus::found: return describe_arrangement(f.setup) + skipped;
        case FitStatus::requested_fits: return describe_arrangement(f.setup) + " (as requested)";
        case FitStatus::requested_over:
            return describe_arrangement(f.setup) + " as requested does not fit: " + fmt::gib(f.shortfall_bytes) + " over";
        case FitStatus::requested_invalid: return "the requested arrangement does not apply: " + f.problem;
        case FitStatus::engine_refuses: return f.problem;
        case FitStatus::none_fits:
            if (f.shortfall_bytes <= 0)
                return "no arrangement of " + std::string(f.exact ? "" : "up to ") + std::to_string(f.max_gpus) + " x " + f.setup.gpu.id +
                       " splits the model" + skipped;
            return "no arrangement of " + std::string(f.exact ? "" : "up to ") + std::to_string(f.max_gpus) + " x " + f.setup.gpu.id +
                   " fits; the closest is " + fmt::gib(f.shortfall_bytes) + " over" + skipped;
    }
    return "";
}

FitResult check_arrangement(const ArchSpec& spec, const TrainingSetup& setup) {
    FitResult r;
    r.setup = setup;
    if (const auto refusal = engine_refusal(engine_profile(setup.engine), resolve(spec))) {
        r.status = FitStatus::engine_refuses;
        r.problem = *refusal;
        return r;
    }
    if (const auto why = inexpressible(setup)) {
        r.status = FitStatus::requested_invalid;
        r.problem = *why;
        return r;
    }
    if (const auto problem = layout_problem(resolve(spec), setup)) {
        r.status = FitStatus::requested_invalid;
        r.problem = problem->message;
        return r;
    }
    r.memory = training_memory(spec, setup);
    r.found = r.memory.fits;
    r.status = r.found ? FitStatus::requested_fits : FitStatus::requested_over;
    r.shortfall_bytes = r.found ? 0 : -r.memory.headroom_bytes;
    return r;
}

namespace {

FitResult search_fit(const ArchSpec& input, const TrainingSetup& base, int64_t max_gpus, bool exact) {
    // The search compares totals; its result's memory carries numbers, not formulas (FitResult).
    const Q::NumbersOnly numbers_only;
    const ArchSpec spec = resolve(input);
    const ParamCount count = count_parameters(spec);
    FitResult best_miss;
    best_miss.setup = base;
    best_miss.max_gpus = max_gpus;
    best_miss.exact = exact;
    double best_miss_total = -1;
    // The engine's own recomputation modes and sharding stages, least invasive first.
    const EngineProfile& engine = engine_profile(base.engine);
    if (const auto refusal = engine_refusal(engine, spec)) {
        best_miss.status = FitStatus::engine_refuses;
        best_miss.problem = *refusal;
        return best_miss;
    }
    const std::vector<Recompute>& recomputes = engine.recompute;
    const bool has_ep = std::find(engine.options.begin(), engine.options.end(), "training.ep") != engine.options.end();
    constexpr int64_t kMaxMicro = 8;

    // Memory falls with more recomputation, a higher ZeRO stage and a smaller micro-batch.
    auto evaluate = [&](const TrainingSetup& s) { return training_memory(spec, count, s); };

    std::vector<int64_t> counts;
    if (exact) counts.push_back(max_gpus);
    else for (int64_t g = 1; g <= max_gpus; g *= 2) counts.push_back(g);
    for (const int64_t gpus : counts) {
        for (int64_t model_parallel = 1; model_parallel <= gpus; model_parallel *= 2) {
            if (gpus % model_parallel != 0) continue;
            for (int64_t tp = 1; tp <= std::min<int64_t>({model_parallel, 8, engine.max_tp}); tp *= 2) {
                if (model_parallel / tp > engine.max_pp) continue;  // the engine has no pipeline this deep
                TrainingSetup s = base;
                s.tp = tp;
                s.pp = model_parallel / tp;
                if ((gpus / model_parallel) % base.cp != 0) continue;
                s.dp = gpus / model_parallel / base.cp;
                s.sequence_parallel = tp > 1;
                s.vpp = s.pp > 1 ? base.vpp : 1;
                s.async_tp = base.async_tp && tp > 1;
                s.grad_accum = std::max<int64_t>(base.grad_accum, s.pp);
                // Expert parallelism, where the engine has it and the request leaves it open: the routed
                // experts split over ep ranks of dp x cp x tp, the smallest ep that fits first.
                std::vector<int64_t> eps = {base.ep};
                if (base.ep == 1 && spec.num_local_experts > 1 && has_ep)
                    for (int64_t ep = 2; ep <= spec.num_local_experts && ep <= s.dp * s.cp * s.tp; ep *= 2) eps.push_back(ep);
                for (const int64_t ep : eps) {
                s.ep = ep;
                if (const auto problem = layout_problem(spec, s)) {
                    const std::string why = "tp " + std::to_string(tp) + " x pp " + std::to_string(s.pp) + " skipped: " + problem->message;
                    if (std::find(best_miss.skipped.begin(), best_miss.skipped.end(), why) == best_miss.skipped.end()) best_miss.skipped.push_back(why);
                    continue;
                }
                // Sharding over one rank changes nothing: only the engine's lowest stage then.
                std::vector<int> zeros;
                for (const int z : engine.zero_stages) {
                    TrainingSetup probe = s;
                    probe.zero_stage = z;
                    if (!inexpressible(probe)) zeros.push_back(z);
                }
                if (zeros.empty()) continue;
                if (s.dp * s.cp == 1) zeros = {zeros.front()};
                // The leanest arrangement first: if it does not fit, nothing with this tp and pp does.
                s.recompute = recomputes.back();
                s.zero_stage = zeros.back();
                s.micro_batch = 1;
                const TrainingMemory leanest = evaluate(s);
                if (!leanest.fits) {
                    if (best_miss_total < 0 || leanest.total_bytes < best_miss_total) {
                        best_miss_total = leanest.total_bytes;
                        best_miss.setup = s;
                        best_miss.memory = leanest;
                        best_miss.shortfall_bytes = -leanest.headroom_bytes;
                    }
                    continue;
                }
                // Recomputation costs compute on every step; ZeRO sharding mostly costs memory traffic: shard first.
                for (const Recompute recompute : recomputes) {
                    for (const int zero : zeros) {
                        s.recompute = recompute;
                        s.zero_stage = zero;
                        std::optional<TrainingMemory> fit;
                        TrainingSetup fitting = s;
                        for (int64_t micro = 1; micro <= kMaxMicro; micro *= 2) {  // the largest micro-batch that fits
                            s.micro_batch = micro;
                            TrainingMemory m = evaluate(s);
                            if (!m.fits) break;
                            fit = std::move(m);
                            fitting = s;
                        }
                        if (fit) {
                            FitResult r;
                            r.skipped = best_miss.skipped;
                            r.status = FitStatus::found;
                            r.found = true;
                            r.setup = fitting;
                            r.memory = std::move(*fit);
                            r.max_gpus = max_gpus;
                            r.exact = exact;
                            return r;
                        }
                    }
                }
                }  // ep
            }
        }
    }
    return best_miss;
}

}  // namespace

FitResult find_fit(const ArchSpec& spec, const TrainingSetup& base, int64_t max_gpus, bool exact) {
    if (max_gpus < 1) throw Error(ErrorCode::invalid_value, "fit.max_gpus", "must be at least 1");
    // A page change mostly searches again what the change before it did (the scaling path's
    // steps, a candidate at another GPU count), and one design searches some specs twice.
    MA_PER_THREAD RecentCache<std::tuple<int64_t, bool, ArchSpec, TrainingSetup>, FitResult, 16> recent;
    return recent.get(std::forward_as_tuple(max_gpus, exact, spec, base), [&] { return search_fit(spec, base, max_gpus, exact); });
}

const std::vector<std::string>& fit_table_gpus() {
    static const std::vector<std::string> ids = {"RTX-4090", "L40S", "A100-80GB", "H100-SXM", "H200", "B200", "MI300X"};
    return ids;
}

std::vector<GpuFit> fits_by_gpu(const ArchSpec& spec, const TrainingSetup& base) {
    std::vector<GpuFit> out;
    for (const std::string& id : fit_table_gpus()) {
        TrainingSetup s = base;
        s.gpu = gpu_by_id(id);
        out.push_back({s.gpu, find_fit(spec, s, kFitTableMaxGpus)});
    }
    return out;
}

nlohmann::json to_json(const CheckpointSizes& c) {
    return {{"weights_16bit_bytes", std::llround(c.weights_16bit)},
            {"weights_fp32_bytes", std::llround(c.weights_fp32)},
            {"training_checkpoint_bytes", std::llround(c.training)}};
}

nlohmann::json to_json(const FitResult& f) {
    nlohmann::json j = {{"found", f.found}, {"summary", describe_fit(f)}};
    if (f.found || f.shortfall_bytes > 0) {
        j["setup"] = to_json(f.setup);
        j["total_bytes"] = std::llround(f.memory.total_bytes);
    }
    if (!f.found) j["shortfall_bytes"] = std::llround(f.shortfall_bytes);
    return j;
}

}  // namespace ma

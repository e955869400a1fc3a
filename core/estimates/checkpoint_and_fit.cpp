#include "checkpoint_and_fit.h"

#include <cmath>
#include <optional>
#include <vector>

#include "../error.h"
#include "../param_count.h"

namespace ma {

CheckpointSizes checkpoint_sizes(const ArchSpec& spec, const TrainingSetup& setup) {
    const double n = double(count_parameters(spec).total);
    TrainingSetup single = setup;
    single.dp = single.tp = single.pp = 1;
    single.zero_stage = 0;
    single.sequence_parallel = false;
    const TrainingMemory m = training_memory(spec, single);
    double training = 0;
    for (const auto& s : m.states)
        if (s.name != "gradients") training += s.bytes;
    return {2 * n, 4 * n, training};
}

namespace {

std::string arrangement_summary(const TrainingSetup& s) {
    return std::to_string(s.gpus()) + " x " + s.gpu.id + ": dp " + std::to_string(s.dp) + ", tp " + std::to_string(s.tp) +
           ", pp " + std::to_string(s.pp) + ", ZeRO " + std::to_string(s.zero_stage) + ", micro-batch " +
           std::to_string(s.micro_batch) + ", recompute " + s.recompute;
}

std::string gib(double bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    return buf;
}

}  // namespace

FitResult check_arrangement(const ArchSpec& spec, const TrainingSetup& setup) {
    FitResult r;
    r.setup = setup;
    r.memory = training_memory(spec, setup);  // throws, naming tp or pp, when the layout does not divide the model
    r.found = r.memory.fits;
    r.shortfall_bytes = r.found ? 0 : -r.memory.headroom_bytes;
    r.summary = arrangement_summary(setup) + (r.found ? " (as requested)" : " as requested does not fit: " + gib(r.shortfall_bytes) + " over");
    return r;
}

FitResult find_fit(const ArchSpec& input, const TrainingSetup& base, int64_t max_gpus, bool exact) {
    if (max_gpus < 1) throw Error(ErrorCode::invalid_value, "fit.max_gpus", "must be at least 1");
    const ArchSpec spec = resolve(input);
    const ParamCount count = count_parameters(spec);
    FitResult best_miss;
    double best_miss_total = -1;
    const char* recomputes[] = {"none", "selective", "full"};
    constexpr int64_t kMaxMicro = 8;

    // Memory falls with more recomputation, a higher ZeRO stage and a smaller micro-batch.
    // `evaluate` returns nullopt when tp or pp does not divide the model.
    auto evaluate = [&](TrainingSetup s) -> std::optional<TrainingMemory> {
        try {
            return training_memory(spec, count, s);
        } catch (const Error&) {
            return std::nullopt;
        }
    };
    auto found = [&](const TrainingSetup& s, const TrainingMemory& m) {
        FitResult r;
        r.found = true;
        r.setup = s;
        r.memory = m;
        r.summary = arrangement_summary(s);
        return r;
    };

    std::vector<int64_t> counts;
    if (exact) counts.push_back(max_gpus);
    else for (int64_t g = 1; g <= max_gpus; g *= 2) counts.push_back(g);
    for (const int64_t gpus : counts) {
        for (int64_t model_parallel = 1; model_parallel <= gpus; model_parallel *= 2) {
            if (gpus % model_parallel != 0) continue;
            for (int64_t tp = 1; tp <= std::min<int64_t>(model_parallel, 8); tp *= 2) {
                TrainingSetup s = base;
                s.tp = tp;
                s.pp = model_parallel / tp;
                s.dp = gpus / model_parallel;
                s.sequence_parallel = tp > 1;
                s.grad_accum = std::max<int64_t>(base.grad_accum, s.pp);
                const int max_zero = s.dp > 1 ? 3 : 0;
                // The leanest arrangement first: if it does not fit, nothing with this tp and pp does.
                s.recompute = "full";
                s.zero_stage = max_zero;
                s.micro_batch = 1;
                const auto leanest = evaluate(s);
                if (!leanest) continue;
                if (!leanest->fits) {
                    if (best_miss_total < 0 || leanest->total_bytes < best_miss_total) {
                        best_miss_total = leanest->total_bytes;
                        best_miss.setup = s;
                        best_miss.memory = *leanest;
                        best_miss.shortfall_bytes = -leanest->headroom_bytes;
                    }
                    continue;
                }
                // Recomputation costs compute on every step; ZeRO sharding mostly costs memory traffic: shard first.
                for (const char* recompute : recomputes) {
                    for (int zero = 0; zero <= max_zero; ++zero) {
                        s.recompute = recompute;
                        s.zero_stage = zero;
                        std::optional<TrainingMemory> fit;
                        TrainingSetup fitting = s;
                        for (int64_t micro = 1; micro <= kMaxMicro; micro *= 2) {  // the largest micro-batch that fits
                            s.micro_batch = micro;
                            const auto m = evaluate(s);
                            if (!m || !m->fits) break;
                            fit = m;
                            fitting = s;
                        }
                        if (fit) return found(fitting, *fit);
                    }
                }
            }
        }
    }
    best_miss.summary = "no arrangement of " + std::string(exact ? "" : "up to ") + std::to_string(max_gpus) + " x " + base.gpu.id +
                        " fits; the closest is " + gib(best_miss.shortfall_bytes) + " over";
    return best_miss;
}

nlohmann::json to_json(const CheckpointSizes& c) {
    return {{"weights_16bit_bytes", std::llround(c.weights_16bit)},
            {"weights_fp32_bytes", std::llround(c.weights_fp32)},
            {"training_checkpoint_bytes", std::llround(c.training)}};
}

nlohmann::json to_json(const FitResult& f) {
    nlohmann::json j = {{"found", f.found}, {"summary", f.summary}};
    if (f.found || f.shortfall_bytes > 0) {
        j["setup"] = to_json(f.setup);
        j["total_bytes"] = std::llround(f.memory.total_bytes);
    }
    if (!f.found) j["shortfall_bytes"] = std::llround(f.shortfall_bytes);
    return j;
}

}  // namespace ma

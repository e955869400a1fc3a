#include "checkpoint_and_fit.h"

#include <cmath>
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

FitResult find_fit(const ArchSpec& spec, const TrainingSetup& base, int64_t max_gpus, bool exact) {
    if (max_gpus < 1) throw Error(ErrorCode::invalid_value, "fit.max_gpus", "must be at least 1");
    FitResult best_miss;
    double best_miss_total = -1;
    const char* recomputes[] = {"none", "selective", "full"};
    std::vector<int64_t> counts;
    if (exact) counts.push_back(max_gpus);
    else for (int64_t g = 1; g <= max_gpus; g *= 2) counts.push_back(g);
    for (const int64_t gpus : counts) {
        for (int64_t model_parallel = 1; model_parallel <= gpus; model_parallel *= 2) {
            if (gpus % model_parallel != 0) continue;
            for (int64_t tp = 1; tp <= std::min<int64_t>(model_parallel, 8); tp *= 2) {
                const int64_t pp = model_parallel / tp;
                const int64_t dp = gpus / model_parallel;
                // Recomputation costs compute on every step; ZeRO sharding mostly costs memory traffic: shard first.
                for (const char* recompute : recomputes) {
                    for (int zero = 0; zero <= (dp > 1 ? 3 : 0); ++zero) {
                        for (int64_t micro = 8; micro >= 1; micro /= 2) {
                            TrainingSetup s = base;
                            s.dp = dp; s.tp = tp; s.pp = pp; s.zero_stage = zero;
                            s.recompute = recompute;
                            s.micro_batch = micro;
                            s.sequence_parallel = tp > 1;
                            s.grad_accum = std::max<int64_t>(s.grad_accum, pp);
                            TrainingMemory m;
                            try {
                                m = training_memory(spec, s);
                            } catch (const Error&) {
                                continue;  // this tp or pp does not divide the model
                            }
                            if (m.fits) {
                                FitResult r;
                                r.found = true;
                                r.setup = s;
                                r.memory = m;
                                r.summary = std::to_string(gpus) + " x " + s.gpu.id + ": dp " + std::to_string(dp) + ", tp " +
                                            std::to_string(tp) + ", pp " + std::to_string(pp) + ", ZeRO " + std::to_string(zero) +
                                            ", micro-batch " + std::to_string(micro) + ", recompute " + recompute;
                                return r;
                            }
                            if (best_miss_total < 0 || m.total_bytes < best_miss_total) {
                                best_miss_total = m.total_bytes;
                                best_miss.setup = s;
                                best_miss.memory = m;
                                best_miss.shortfall_bytes = -m.headroom_bytes;
                            }
                        }
                    }
                }
            }
        }
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f GiB", best_miss.shortfall_bytes / (1024.0 * 1024 * 1024));
    best_miss.summary = "no arrangement of " + std::string(exact ? "" : "up to ") + std::to_string(max_gpus) + " x " + base.gpu.id +
                        " fits; the closest is " + buf + " over";
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

#include "design_text.h"

#include <algorithm>

#include "../format.h"
#include "targets.h"

namespace ma {

CheckText check_text(const Design& d, const Candidate& c, const ConstraintCheck& k) {
    const DesignRequest& r = d.request;
    using fmt::f;
    switch (k.kind) {
        case ConstraintKind::training_memory:
            return {"training memory", k.met ? "fits" : "does not fit", std::to_string(r.gpus) + " x " + r.training.gpu.id, describe_fit(c.fit)};
        case ConstraintKind::training_time:
            return {"training time", f("%.1f days", k.value), f("<= %.1f days", k.limit),
                    k.met ? "within budget" : "over by " + fmt::percent(k.value / k.limit - 1)};
        case ConstraintKind::training_data:
            return {"training data", fmt::si(k.value) + " tokens wanted", "<= " + fmt::si(k.limit) + " available",
                    k.met ? "enough data for the plan"
                          : "data-limited: short by " + fmt::percent(1 - k.limit / k.value) +
                                "; trains on the available tokens (repeat them, or pick a smaller model)"};
        case ConstraintKind::decode_speed:
            return {"decode speed", f("%.0f tokens/s", k.value), f(">= %.0f tokens/s", k.limit),
                    (k.met ? std::string("met") : "short by " + fmt::percent(1 - k.value / k.limit)) + " (batch " +
                        std::to_string(r.latency_batch) + ", context " + std::to_string(d.context) + ", bf16 on " + r.training.gpu.id + ")"};
        case ConstraintKind::time_to_first_token:
            return {"time to first token", f("%.0f ms", k.value), f("<= %.0f ms", k.limit),
                    (k.met ? std::string("met") : "over by " + fmt::percent(k.value / k.limit - 1)) + " (prompt " +
                        std::to_string(std::min<int64_t>(r.prompt_tokens, d.context)) + " tokens)"};
        case ConstraintKind::inference_memory:
            return {"inference memory", fmt::bytes(k.value), "<= " + fmt::bytes(k.limit),
                    "bf16 weights and KV cache at batch " + std::to_string(r.latency_batch)};
    }
    return {};
}

std::string rationale(const Design& d) {
    const DesignRequest& r = d.request;
    const Candidate& rec = recommended(d);
    double lowest = 1e300;
    for (const Candidate& c : d.candidates)
        if (c.failed == rec.failed) lowest = std::min(lowest, c.loss);
    using fmt::f;
    std::string why = rec.label + " (" + rec.kind + ", " + fmt::si(double(rec.count.total)) + " parameters) is recommended: ";
    why += rec.failed == 0 ? "it meets every constraint" : "it fails the fewest constraints (" + std::to_string(rec.failed) + ")";
    why += rec.loss <= lowest + 1e-12 ? " and its estimated loss " + f("%.3f", rec.loss) + " is the lowest among the candidates that do as well"
                                      : " and its estimated loss " + f("%.3f", rec.loss) + " is within " + f("%.2f", kLossResolution) +
                                            " of the lowest (" + f("%.3f", lowest) + "), below what the loss law resolves, so the simpler design is preferred";
    for (const Candidate& c : d.candidates) {
        if (&c == &rec) continue;
        why += "; " + c.label + ": loss " + f("%.3f", c.loss);
        for (const auto& k : c.checks)
            if (!k.met) {
                const CheckText t = check_text(d, c, k);
                why += ", fails " + t.name + " (" + t.value + ", limit " + t.limit + ")";
            }
    }
    why += ". Training: " + fmt::si(rec.tokens) + " tokens, " + f("%.3g", rec.train_flops) + " FLOPs, " + f("%.1f", rec.train_days) +
           " days on " + std::to_string(r.gpus) + " x " + r.training.gpu.id + " at MFU " + f("%.2f", r.mfu) +
           "; decode " + f("%.0f", rec.inference.decode_tokens_per_s / double(r.latency_batch)) + " tokens/s per sequence.";
    return why;
}

}  // namespace ma

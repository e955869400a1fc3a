#include "memory_report.h"

#include <cmath>
#include <cstdio>

#include "../count_report.h"
#include "../error.h"
#include "../json_fields.h"

namespace ma {

std::string format_bytes(double bytes) {
    if (!std::isfinite(bytes))
        throw Error(ErrorCode::invalid_value, "estimate", "a computed size is not finite; check the inputs for extreme values");
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = 0;
    while (std::fabs(v) >= 1024.0 && u < 5) { v /= 1024.0; ++u; }
    char buf[48];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", v, units[u]);
    return buf;
}

MemoryReport memory_report(const ArchSpec& input, const nlohmann::json& options) {
    if (!options.is_object()) throw Error(ErrorCode::wrong_type, "options", "expected an object, found " + describe(options));
    for (auto it = options.begin(); it != options.end(); ++it)
        if (it.key() != "training" && it.key() != "inference" && it.key() != "compute" && it.key() != "fit_max_gpus")
            throw Error(ErrorCode::invalid_value, "options." + it.key(), "unknown option group '" + it.key() + "'");
    MemoryReport r;
    r.spec = resolve(input);
    r.count = count_parameters(r.spec);
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json& tr = options.contains("training") ? options["training"] : none;
    r.training_setup = training_setup_from_json(tr, "training");
    nlohmann::json inf = options.contains("inference") ? options["inference"] : none;
    nlohmann::json comp = options.contains("compute") ? options["compute"] : none;
    if (!inf.is_object()) throw Error(ErrorCode::wrong_type, "inference", "expected an object");
    if (!comp.is_object()) throw Error(ErrorCode::wrong_type, "compute", "expected an object");
    // One GPU and sequence length for the whole plan unless a group says otherwise.
    if (tr.is_object() && tr.contains("gpu")) {
        if (!inf.contains("gpu")) inf["gpu"] = tr["gpu"];
        if (!comp.contains("gpu")) comp["gpu"] = tr["gpu"];
    }
    if (!comp.contains("seq_len")) comp["seq_len"] = r.training_setup.seq_len;
    if (!comp.contains("gpus")) comp["gpus"] = r.training_setup.gpus();
    r.inference_setup = inference_setup_from_json(inf, "inference");
    r.compute_setup = compute_setup_from_json(comp, "compute");

    r.training = training_memory(r.spec, r.training_setup);
    r.inference = inference_estimate(r.spec, r.inference_setup);
    r.checkpoints = checkpoint_sizes(r.spec, r.training_setup);
    r.compute = compute_estimate(r.spec, r.compute_setup);
    if (options.contains("fit_max_gpus")) {
        const int64_t max = as_int(options["fit_max_gpus"], "options.fit_max_gpus");
        if (max < 1 || max > 65536) throw Error(ErrorCode::invalid_value, "options.fit_max_gpus", "must be between 1 and 65536");
        r.fit = find_fit(r.spec, r.training_setup, max);
    }
    return r;
}

nlohmann::json to_json(const MemoryReport& r) {
    nlohmann::json j = {{"model_type", r.spec.model_type},
                        {"total_params", r.count.total},
                        {"training_setup", to_json(r.training_setup)},
                        {"training", to_json(r.training)},
                        {"inference", to_json(r.inference)},
                        {"checkpoints", to_json(r.checkpoints)},
                        {"compute", to_json(r.compute)}};
    j["training"]["gpu_memory_bytes"] = std::llround(r.training_setup.gpu.memory_bytes);
    j["inference"]["gpu"] = r.inference_setup.gpu.id;
    j["compute"]["gpu"] = r.compute_setup.gpu.id;
    j["compute"]["gpus"] = r.compute_setup.gpus;
    j["compute"]["mfu"] = r.compute_setup.mfu;
    if (r.fit) j["fit"] = to_json(*r.fit);
    return j;
}

std::string to_text(const MemoryReport& r) {
    std::string out;
    char line[1024];
    auto row = [&](const std::string& label, double bytes, const std::string& formula) {
        std::snprintf(line, sizeof line, "  %-58s %12s  %s\n", label.c_str(), format_bytes(bytes).c_str(), formula.c_str());
        out += line;
    };
    const TrainingSetup& ts = r.training_setup;
    out += r.spec.model_type + ", " + group_digits(r.count.total) + " parameters\n\n";
    out += "training memory per GPU (" + ts.gpu.id + ", " + format_bytes(ts.gpu.memory_bytes) + "; " + ts.precision + ", " +
           ts.optimizer + ", micro-batch " + std::to_string(ts.micro_batch) + " x " + std::to_string(ts.seq_len) +
           ", dp " + std::to_string(ts.dp) + " tp " + std::to_string(ts.tp) + " pp " + std::to_string(ts.pp) +
           " ZeRO " + std::to_string(ts.zero_stage) + ", recompute " + ts.recompute + ", " + ts.attention + " attention):\n";
    for (const auto& s : r.training.states) row(s.name, s.bytes, s.formula);
    for (const auto& a : r.training.activations) row(a.name, a.bytes, a.formula);
    row(r.training.logits.name, r.training.logits.bytes, r.training.logits.formula);
    row(r.training.overhead.name, r.training.overhead.bytes, r.training.overhead.formula);
    row("total (" + r.training.busiest_stage + " stage)", r.training.total_bytes, r.training.fits ? "fits" : "does not fit");
    out += "\ninference (" + r.inference_setup.weight_dtype + " weights, " + r.inference_setup.kv_dtype + " KV cache, batch " +
           std::to_string(r.inference_setup.batch) + ", " + r.inference_setup.gpu.id + "):\n";
    row("weights", r.inference.weight_bytes, "");
    row("KV cache per token (one sequence)", r.inference.kv_bytes_per_token, "2 x layers x kv_heads x head_dim x bytes");
    row("KV cache", r.inference.kv_cache_bytes, "");
    row("prefill activation peak", r.inference.prefill_activation_bytes, "");
    row("total", r.inference.total_bytes, r.inference.fits ? "fits" : "does not fit");
    std::snprintf(line, sizeof line, "  decode: %.1f tokens/s (%.2f ms per step); prefill: %.0f tokens/s, time to first token %.1f ms\n",
                  r.inference.decode_tokens_per_s, r.inference.decode_ms_per_token, r.inference.prefill_tokens_per_s,
                  r.inference.time_to_first_token_ms);
    out += line;
    out += "\ncheckpoints:\n";
    row("weights, fp16/bf16", r.checkpoints.weights_16bit, "2 B x params");
    row("weights, fp32", r.checkpoints.weights_fp32, "4 B x params");
    row("full training checkpoint", r.checkpoints.training, "weights + master + optimizer states");
    const ComputeEstimate& c = r.compute;
    std::snprintf(line, sizeof line,
                  "\ncompute: %.4g FLOPs/token (PaLM 6N+12LHQT: %.4g), %.4g tokens%s, %.4g FLOPs total\n"
                  "  %.1f days on %lld x %s at MFU %.2f = %.0f GPU-hours%s\n"
                  "  Chinchilla-optimal tokens %.4g; loss (rough guide) Hoffmann %.3f, Besiroglu %.3f\n",
                  c.flops_per_token, c.palm_flops_per_token, c.tokens, c.tokens_defaulted ? " (20 x params)" : "", c.total_flops,
                  c.seconds / 86400, static_cast<long long>(r.compute_setup.gpus), r.compute_setup.gpu.id.c_str(), r.compute_setup.mfu,
                  c.gpu_hours, r.compute_setup.price_per_gpu_hour > 0 ? (", cost " + std::to_string(std::llround(c.cost))).c_str() : "",
                  c.chinchilla_tokens, c.loss_hoffmann, c.loss_besiroglu);
    out += line;
    if (r.fit) out += "\nfit: " + r.fit->summary + "\n";
    out += "\nassumptions:\n";
    for (const auto& a : r.training.assumptions) out += "  - " + a + "\n";
    for (const auto& a : r.inference.assumptions) out += "  - " + a + "\n";
    for (const auto& a : r.compute.assumptions) out += "  - " + a + "\n";
    return out;
}

}  // namespace ma

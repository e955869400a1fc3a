#include "memory_report.h"

#include <algorithm>
#include <cmath>

#include "../built_once.h"
#include "../error.h"
#include "../format.h"
#include "../model/count_report.h"
#include "../options/bind.h"
#include "engines/engine_profile.h"

namespace ma {

MA_BUILT_ONCE const FieldTable<MemoryOptions>& memory_fields() {
    using S = MemoryOptions;
    static const FieldTable<S> table{"option", "", {
        bind<&S::gpus>("gpus"), bind<&S::mfu>("mfu"), bind<&S::price_per_gpu_hour>("price_per_gpu_hour"),
        bind<&S::tokens>("tokens"), bind<&S::latency_batch>("latency_batch"), bind<&S::prompt_tokens>("prompt_tokens"),
        bind<&S::causal_halving>("causal_halving"), bind<&S::fit_max_gpus>("fit_max_gpus"),
    }, {
        {"training", [](S& s, const nlohmann::json& v, const std::string& at) {
             s.training = training_setup_from_json(v, at);
             s.dp_set = v.contains("dp");
         }, [](const S& s) { return to_json(s.training); }},
        {"inference", [](S& s, const nlohmann::json& v, const std::string& at) { s.inference = inference_fields().read(v, at); },
         [](const S& s) { return inference_fields().write(s.inference); }},
    }};
    return table;
}

MemoryOptions memory_options_from_json(const nlohmann::json& j, const std::string& where) {
    MemoryOptions o = memory_fields().read(j, where);
    if (o.gpus) {
        const int64_t model_parallel = o.training.tp * o.training.pp;
        if (!o.dp_set) {
            if (*o.gpus % model_parallel != 0)
                throw Error(ErrorCode::conflict, where + ".gpus", "gpus (" + std::to_string(*o.gpus) + ") is not a multiple of tp x pp (" +
                                                                      std::to_string(model_parallel) + ")");
            o.training.dp = *o.gpus / model_parallel;
        } else if (o.training.gpus() != *o.gpus) {
            throw Error(ErrorCode::conflict, where + ".gpus", "dp x tp x pp (" + std::to_string(o.training.gpus()) +
                                                                  ") does not equal gpus (" + std::to_string(*o.gpus) + ")");
        }
    }
    return o;
}

MemoryReport memory_report(const ArchSpec& input, const MemoryOptions& options) {
    MemoryReport r;
    r.spec = resolve(input);
    r.count = count_parameters(r.spec);
    r.options = options;
    const TrainingSetup& ts = options.training;
    r.inference_setup = options.inference;
    r.inference_setup.gpu = ts.gpu;
    r.inference_setup.batch = options.latency_batch;
    r.inference_setup.prompt = std::min<int64_t>(options.prompt_tokens, r.inference_setup.context > 0 ? r.inference_setup.context
                                                                                                        : r.spec.max_position_embeddings);
    r.compute_setup.tokens = options.tokens.value_or(0);
    r.compute_setup.seq_len = ts.seq_len;
    r.compute_setup.causal_halving = options.causal_halving;
    r.throughput = training_throughput(r.spec, ts);
    r.compute_setup.mfu = options.mfu.value_or(r.throughput.mfu);
    r.compute_setup.mfu_source = options.mfu ? "given" : std::string("predicted for ") + name_of(ts.engine) + " on this arrangement";
    r.compute_setup.gpus = options.gpus.value_or(ts.gpus());
    r.compute_setup.price_per_gpu_hour = options.price_per_gpu_hour;
    r.compute_setup.gpu = ts.gpu;

    r.training = training_memory(r.spec, r.count, ts);
    r.inference = inference_estimate(r.spec, r.inference_setup);
    r.checkpoints = checkpoint_sizes(r.spec, ts);
    r.compute = compute_estimate(r.spec, r.compute_setup);
    if (options.fit_max_gpus) r.fit = find_fit(r.spec, ts, *options.fit_max_gpus);
    r.fits_by_gpu = fits_by_gpu(r.spec, ts);
    return r;
}

MA_ON_DEMAND nlohmann::json to_json(const MemoryReport& r) {
    nlohmann::json j = {{"model_type", r.spec.model_type},
                        {"total_params", r.count.total},
                        {"training_setup", to_json(r.options.training)},
                        {"training", to_json(r.training)},
                        {"inference", to_json(r.inference)},
                        {"checkpoints", to_json(r.checkpoints)},
                        {"compute", to_json(r.compute)}};
    j["training"]["gpu_memory_bytes"] = std::llround(r.options.training.gpu.memory_bytes);
    j["training"]["tokens_per_s_per_gpu"] = r.throughput.tokens_per_s_per_gpu;
    j["training"]["mfu"] = r.throughput.mfu;
    j["throughput"] = to_json(r.throughput);
    j["inference"]["gpu"] = r.inference_setup.gpu.id;
    j["compute"]["gpu"] = r.compute_setup.gpu.id;
    j["compute"]["gpus"] = r.compute_setup.gpus;
    j["compute"]["mfu"] = r.compute_setup.mfu;
    j["compute"]["mfu_source"] = r.compute_setup.mfu_source;
    if (r.fit) j["fit"] = to_json(*r.fit);
    j["tables"] = display_tables(r);
    j["fits_by_gpu"] = nlohmann::json::array();
    for (const GpuFit& g : r.fits_by_gpu) j["fits_by_gpu"].push_back({{"gpu", g.gpu.id}, {"fit", to_json(g.fit)}});
    return j;
}

MA_ON_DEMAND nlohmann::json display_tables(const MemoryReport& r) {
    using nlohmann::json;
    const TrainingSetup& ts = r.options.training;
    auto terms = [](json& rows, const std::vector<MemoryTerm>& v) {
        for (const auto& t : v) rows.push_back({t.name, fmt::bytes(t.bytes), t.formula});
    };
    json training = json::array();
    terms(training, listed_terms(r.training));
    training.push_back({total_label(r.training), fmt::bytes(r.training.total_bytes),
                        std::string(r.training.fits ? "fits in " : "does not fit in ") + fmt::bytes(ts.gpu.memory_bytes) + " on " + ts.gpu.id});
    const InferenceEstimate& inf = r.inference;
    json inference = json::array({
        json::array({"weights", fmt::bytes(inf.weight_bytes)}),
        json::array({"KV cache per token (one sequence)", fmt::bytes(inf.kv_bytes_per_token)}),
        json::array({"KV cache (" + std::to_string(r.inference_setup.batch) + " sequences)", fmt::bytes(inf.kv_cache_bytes)}),
        json::array({"total", fmt::bytes(inf.total_bytes) + (inf.fits ? "" : " (does not fit)")}),
        json::array({"decode (whole batch)", fmt::f("%.0f tokens/s", inf.decode_tokens_per_s)}),
        json::array({"time to first token (" + std::to_string(r.inference_setup.prompt) + "-token prompt)", fmt::ms(inf.time_to_first_token_ms)}),
    });
    if (!inf.compact_kv_formula.empty()) {
        inference.insert(inference.begin() + 3, json::array({"latent KV cache per token (vLLM, SGLang)", fmt::bytes(inf.compact_kv_bytes_per_token)}));
        inference.insert(inference.begin() + 4, json::array({"latent KV cache (" + std::to_string(r.inference_setup.batch) + " sequences)",
                                                             fmt::bytes(inf.compact_kv_cache_bytes)}));
    }
    if (inf.experts_touched > 0) {
        inference.push_back(json::array({"weights read per decode step, batch 1 (" + fmt::f("%.0f", inf.experts_touched_batch1) + " experts per layer)",
                                         fmt::bytes(inf.decode_weight_bytes_batch1)}));
        if (r.inference_setup.batch > 1) inference.push_back(json::array({"weights read per decode step, batch " + std::to_string(r.inference_setup.batch) + " (" +
                                             fmt::f("%.1f", inf.experts_touched) + " experts per layer)",
                                         fmt::bytes(inf.decode_weight_bytes)}));
    }
    json speed = json::array();
    for (const ThroughputTerm& t : r.throughput.terms) speed.push_back({t.name, fmt::f("%.3g s", t.seconds), t.formula});
    speed.push_back({"tokens/s per GPU", fmt::f("%.0f", r.throughput.tokens_per_s_per_gpu),
                     "MFU " + fmt::f("%.3f", r.throughput.mfu) + ", HFU " + fmt::f("%.3f", r.throughput.hfu)});
    json fits = json::array();
    for (const GpuFit& g : r.fits_by_gpu) fits.push_back({g.gpu.id, fmt::bytes(g.gpu.memory_bytes), describe_fit(g.fit)});
    json out = json::array();
    out.push_back({{"title", "Training memory per GPU"}, {"header", {"term", "memory", "formula"}}, {"rows", training},
                   {"note", describe_arrangement(ts) + ", micro-batch " + std::to_string(ts.micro_batch) + " x " + std::to_string(ts.seq_len) +
                                " tokens, " + name_of(ts.precision) + ", " + name_of(ts.optimizer) + "; " + engine_options_text(ts)}});
    out.push_back({{"title", "Training step per GPU"}, {"header", {"term", "time", "formula"}}, {"rows", speed},
                   {"note", "one optimizer step of " + fmt::f("%.4g", r.throughput.tokens_per_step) + " tokens; " +
                                (r.options.mfu ? "the training time uses the given MFU" : "the training time uses this prediction")}});
    if (r.fit) out.push_back({{"title", "Smallest arrangement"}, {"header", {"search", "result"}},
                              {"rows", json::array({json::array({"up to " + std::to_string(r.fit->max_gpus) + " x " + ts.gpu.id, describe_fit(*r.fit)})})},
                              {"note", ""}});
    out.push_back({{"title", "What fits where"}, {"header", {"GPU", "memory", "smallest arrangement"}}, {"rows", fits},
                   {"note", "up to " + std::to_string(kFitTableMaxGpus) + " GPUs of each type, same precision, optimizer and sequence length"}});
    out.push_back({{"title", "Inference"}, {"header", {"", "value"}}, {"rows", inference},
                   {"note", std::string(name_of(r.inference_setup.weight_dtype)) + " weights on " + r.inference_setup.gpu.id}});
    return out;
}

namespace {

// "  <label padded to 58> <bytes right-aligned in 12>  <formula>"
std::string text_row(const std::string& label, double bytes, const std::string& note) {
    std::string padded = label;
    if (padded.size() < 58) padded.append(58 - padded.size(), ' ');
    std::string b = fmt::bytes(bytes);
    if (b.size() < 12) b.insert(0, 12 - b.size(), ' ');
    return "  " + padded + " " + b + "  " + note + "\n";
}

}  // namespace

MA_ON_DEMAND std::string to_text(const MemoryReport& r) {
    const TrainingSetup& ts = r.options.training;
    std::string out = r.spec.model_type + ", " + fmt::digits(r.count.total) + " parameters\n\n";
    out += "training memory per GPU (" + ts.gpu.id + ", " + fmt::bytes(ts.gpu.memory_bytes) + "; " + name_of(ts.precision) + ", " +
           name_of(ts.optimizer) + ", micro-batch " + std::to_string(ts.micro_batch) + " x " + std::to_string(ts.seq_len) +
           ", dp " + std::to_string(ts.dp) + " tp " + std::to_string(ts.tp) + " pp " + std::to_string(ts.pp) +
           " ZeRO " + std::to_string(ts.zero_stage) + ", recompute " + name_of(ts.recompute) + ", " + name_of(ts.attention) + " attention):\n";
    for (const auto& t : listed_terms(r.training)) out += text_row(t.name, t.bytes, t.formula);
    out += text_row(total_label(r.training), r.training.total_bytes,
                    r.training.fits ? "fits" : "does not fit");
    const InferenceSetup& is = r.inference_setup;
    out += std::string("\ninference (") + name_of(is.weight_dtype) + " weights, " + name_of(is.kv_dtype) + " KV cache, batch " +
           std::to_string(is.batch) + ", " + is.gpu.id + "):\n";
    out += text_row("weights", r.inference.weight_bytes, "");
    out += text_row("KV cache per token (one sequence)", r.inference.kv_bytes_per_token, "layers x " + r.inference.kv_formula);
    out += text_row("KV cache", r.inference.kv_cache_bytes, "");
    if (!r.inference.compact_kv_formula.empty()) {
        out += text_row("latent KV cache per token (one sequence)", r.inference.compact_kv_bytes_per_token, "layers x " + r.inference.compact_kv_formula);
        out += text_row("latent KV cache", r.inference.compact_kv_cache_bytes, "");
    }
    if (r.inference.experts_touched > 0) {
        out += text_row("weights read per decode step, batch 1", r.inference.decode_weight_bytes_batch1,
                        fmt::f("%.0f", r.inference.experts_touched_batch1) + " routed experts per MoE layer");
        if (is.batch > 1) out += text_row("weights read per decode step, batch " + std::to_string(is.batch), r.inference.decode_weight_bytes,
                        fmt::f("%.1f", r.inference.experts_touched) + " distinct experts per MoE layer (uniform routing)");
    }
    out += text_row("prefill activation peak", r.inference.prefill_activation_bytes, "");
    out += text_row("total", r.inference.total_bytes, r.inference.fits ? "fits" : "does not fit");
    out += "  decode: " + fmt::f("%.1f", r.inference.decode_tokens_per_s) + " tokens/s (" + fmt::f("%.2f", r.inference.decode_ms_per_token) +
           " ms per step); prefill: " + fmt::f("%.0f", r.inference.prefill_tokens_per_s) + " tokens/s, time to first token " +
           fmt::f("%.1f", r.inference.time_to_first_token_ms) + " ms\n";
    out += "\ncheckpoints:\n";
    out += text_row("weights, fp16/bf16", r.checkpoints.weights_16bit, "2 B x params");
    out += text_row("weights, fp32", r.checkpoints.weights_fp32, "4 B x params");
    out += text_row("full training checkpoint", r.checkpoints.training, "weights + master + optimizer states");
    out += "\ntraining step (" + std::string(name_of(ts.engine)) + ": " + engine_options_text(ts) + "):\n";
    for (const ThroughputTerm& t : r.throughput.terms) out += "  " + t.name + ": " + fmt::f("%.3g", t.seconds) + " s  (" + t.formula + ")\n";
    out += "  " + fmt::f("%.0f", r.throughput.tokens_per_s_per_gpu) + " tokens/s per GPU, MFU " + fmt::f("%.3f", r.throughput.mfu) +
           ", HFU " + fmt::f("%.3f", r.throughput.hfu) + "\n";
    const ComputeEstimate& c = r.compute;
    const ComputeSetup& cs = r.compute_setup;
    out += "\ncompute: " + fmt::f("%.4g", c.flops_per_token) + " FLOPs/token (PaLM 6N+12LHQT: " + fmt::f("%.4g", c.palm_flops_per_token) +
           "), " + fmt::f("%.4g", c.tokens) + " tokens" + (c.tokens_defaulted ? " (20 x params)" : "") + ", " +
           fmt::f("%.4g", c.total_flops) + " FLOPs total\n";
    out += "  " + fmt::f("%.1f", c.seconds / 86400) + " days on " + std::to_string(cs.gpus) + " x " + cs.gpu.id + " at MFU " +
           fmt::f("%.3f", cs.mfu) + " (" + cs.mfu_source + ") = " + fmt::f("%.0f", c.gpu_hours) + " GPU-hours" +
           (cs.price_per_gpu_hour > 0 ? ", cost " + fmt::f("%.0f", c.cost) : "") + "\n";
    out += "  Chinchilla-optimal tokens " + fmt::f("%.4g", c.chinchilla_tokens) + "; loss (rough guide) Hoffmann " +
           fmt::f("%.3f", c.loss_hoffmann) + ", Besiroglu " + fmt::f("%.3f", c.loss_besiroglu) + "\n";
    if (r.fit) out += "\nfit: " + describe_fit(*r.fit) + "\n";
    out += "\nwhat fits where (up to " + std::to_string(kFitTableMaxGpus) + " GPUs of each type):\n";
    for (const GpuFit& g : r.fits_by_gpu) out += "  " + g.gpu.id + ": " + describe_fit(g.fit) + "\n";
    out += "\nassumptions:\n";
    for (const auto& a : r.training.assumptions) out += "  - " + a + "\n";
    for (const auto& a : r.inference.assumptions) out += "  - " + a + "\n";
    for (const auto& a : r.throughput.assumptions) out += "  - " + a + "\n";
    for (const auto& a : r.compute.assumptions) out += "  - " + a + "\n";
    return out;
}

}  // namespace ma

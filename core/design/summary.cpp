#include "summary.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "../format.h"
#include "../json_writer.h"
#include "../per_thread.h"
#include "../recent_cache.h"
#include "../model/count_report.h"
#include "../model/hf_config.h"
#include "../estimates/inference.h"
#include "design_text.h"
#include "grid_report.h"
#include "reports.h"
#include "scaling_path.h"

namespace ma {
namespace {

using nlohmann::json;

// The summary is written as text (JsonObjectText): it is the largest part of what every recompute
// returns, and building, writing and freeing a tree of nlohmann nodes for it was a fifth of the call.

JsonObjectText display_term(const std::string& name, double bytes, const std::string& formula) {
    JsonObjectText o;
    o.add("name", name).add("bytes", std::llround(bytes)).add("display", fmt::bytes(bytes)).add("formula", formula);
    return o;
}

JsonArrayText context_checks(const Design& d) {
    JsonArrayText out;
    for (const auto& c : d.context_checks) out.push(JsonObjectText().add("level", c.level).add("message", c.message));
    return out;
}

JsonArrayText notes(const Design& d) {
    JsonArrayText out;
    for (const auto& n : d.notes) out.push(note_text(n));
    return out;
}

// The candidate table as the page shows it: one row per figure, one formatted cell per candidate.
JsonArrayText candidate_rows(const Design& d) {
    const DesignRequest& r = d.request;
    JsonArrayText rows;
    auto line = [&](const char* label, auto value) {
        JsonArrayText cells;
        for (const Candidate& c : d.candidates) cells.push(value(c));
        rows.push(JsonObjectText().add("label", label).add("cells", cells));
    };
    line("hidden × layers", [](const Candidate& c) { return std::to_string(c.spec.hidden_size) + " × " + std::to_string(c.spec.num_hidden_layers); });
    line("heads / kv heads", [](const Candidate& c) { return std::to_string(c.spec.num_attention_heads) + " / " + std::to_string(c.spec.kv_heads()); });
    line("intermediate_size", [](const Candidate& c) { return std::to_string(c.spec.intermediate_size); });
    line("parameters", [](const Candidate& c) { return fmt::digits(c.count.total); });
    const bool any_moe = std::any_of(d.candidates.begin(), d.candidates.end(), [](const Candidate& c) { return c.count.sparse(); });
    if (any_moe) {
        line("experts (per token)", [](const Candidate& c) {
            return c.spec.num_local_experts > 0 ? std::to_string(c.spec.num_local_experts) + " (" + std::to_string(c.spec.num_experts_per_tok) + ")"
                                                : std::string("dense");
        });
        line("active parameters per token", [](const Candidate& c) { return fmt::digits(c.count.active_per_token); });
    }
    line("training tokens", [](const Candidate& c) { return fmt::si(c.tokens); });
    line("training time", [](const Candidate& c) { return fmt::days(c.train_days); });
    line("training tokens/s per GPU", [](const Candidate& c) {
        return c.tokens_per_s_per_gpu > 0 ? fmt::f("%.0f", c.tokens_per_s_per_gpu) : std::string("— (no arrangement fits)");
    });
    line("MFU", [](const Candidate& c) { return fmt::f("%.3f", c.mfu) + (c.mfu_source == "given" ? " (given)" : ""); });
    line("estimated loss (rough)", [](const Candidate& c) {
        return fmt::f("%.3f", c.loss) + (c.loss_at_total > 0 ? " – " + fmt::f("%.3f", c.loss_at_total) : "");
    });
    line("decode tokens/s per sequence", [&](const Candidate& c) { return fmt::f("%.0f", c.inference.decode_tokens_per_s / double(r.latency_batch)); });
    line("time to first token", [](const Candidate& c) { return fmt::ms(c.inference.time_to_first_token_ms); });
    line("KV cache per token", [](const Candidate& c) { return fmt::bytes(c.inference.kv_bytes_per_token); });
    return rows;
}

// A mixture-of-experts candidate's parts, expert-parallel memory and serving reads; null when dense.
std::optional<JsonObjectText> moe_json(const Candidate& c) {
    if (!c.count.sparse()) return std::nullopt;
    JsonObjectText parts;
    for (int p = int(Part::dense_mlp); p < kParts; ++p) parts.add(part_name(static_cast<Part>(p)), c.count.by_part[p]);
    JsonArrayText ep;
    for (const auto& e : c.expert_parallel)
        ep.push(JsonObjectText().add("ep", e.ep).add("peak_bytes", std::llround(e.peak_bytes)).add("peak", fmt::bytes(e.peak_bytes))
                    .add("expert_params_per_gpu", e.expert_params_per_gpu).add("fits", e.fits));
    JsonArrayText serving;
    for (const double b : {1.0, 16.0, 64.0, 256.0})
        serving.push(JsonObjectText().add("batch", b).add("experts_read_per_layer", experts_touched(c.inference.experts, c.inference.experts_per_token, b))
                         .add("weight_bytes_read", std::llround(decode_weights_read(c.inference, b))));
    JsonObjectText out;
    out.add("experts", c.spec.num_local_experts).add("experts_per_token", c.spec.num_experts_per_tok)
        .add("active_params_per_token", c.count.active_per_token).add("total_params", c.count.total)
        .add("estimated_loss_at_active", c.loss).add("estimated_loss_at_total", c.loss_at_total)
        .add("parts", parts).add("expert_parallel", ep).add("serving", serving);
    return out;
}

// A candidate's config.json and the recommended model's count depend on its spec alone (the
// count is count_parameters' of it) and come back unchanged on most page changes: their JSON
// text is kept for the last few specs and spliced in (JsonText).
const std::string& config_part(const ArchSpec& spec) {
    MA_PER_THREAD RecentCache<ArchSpec, std::string, 8> recent;
    return recent.get(spec, [&] { return write_json(hf_config_json(spec)); });
}

const std::string& count_part(const ArchSpec& spec, const ParamCount& count) {
    MA_PER_THREAD RecentCache<ArchSpec, std::string, 4> recent;
    return recent.get(spec, [&] { return write_json(count_json(spec, count)); });
}

JsonArrayText breakdown_rows(const ParamCount& c) {
    JsonArrayText rows;
    for (int b = 0; b < 5; ++b) {
        const bool in_layer = b == int(Block::attention) || b == int(Block::mlp) || b == int(Block::norm);
        rows.push(JsonObjectText().add("block", block_name(static_cast<Block>(b))).add("all_layers", fmt::digits(c.by_block[b]))
                      .add("one_layer", in_layer ? fmt::digits(c.layer_by_block[b]) : std::string("—")));
    }
    rows.push(JsonObjectText().add("block", "total").add("all_layers", fmt::digits(c.total)).add("one_layer", fmt::digits(c.per_layer)));
    return rows;
}

// Memory terms as [{name, bytes, display, formula}] for charts and tables.
JsonArrayText display_terms(const TrainingMemory& m) {
    JsonArrayText groups;
    auto term = [&](const MemoryTerm& t) { groups.push(display_term(t.name, t.bytes, t.formula)); };
    for (const auto& s : m.states) term(s);
    std::string formulas;
    for (const auto& a : m.activations) formulas += (formulas.empty() ? "" : "\n") + a.name + ": " + a.formula;
    groups.push(display_term("activations", m.activation_bytes, formulas));
    for (const auto& b : m.buffers) term(b);
    for (const MemoryTerm& t : m.peak_phase().terms) groups.push(display_term("at the peak: " + t.name, t.bytes, t.formula));
    term(m.allocator);
    term(m.overhead);
    return groups;
}

}  // namespace

std::string design_summary(const Design& d) {
    JsonArrayText cands;
    for (const auto& c : d.candidates) {
        JsonArrayText checks;
        for (const auto& k : c.checks) {
            const CheckText t = check_text(d, c, k);
            checks.push(JsonObjectText().add("name", t.name).add("met", k.met()).add("status", check_mark(k)).add("value", t.value)
                            .add("limit", t.limit).add("detail", t.detail));
        }
        JsonArrayText warnings;
        for (const auto& w : c.warnings) warnings.push(JsonObjectText().add("rule", w.rule).add("message", w.message));
        JsonObjectText o;
        o.add("label", c.label).add("kind", candidate_name(d, c)).add("why", candidate_why(d, c)).add("comparable", c.comparable)
            .add("shape_warnings", warnings).add("config", JsonText{config_part(c.spec)})
            .add("total_params", c.count.total).add("non_embedding_params", c.count.non_embedding)
            .add("active_params_per_token", c.count.active_per_token)
            .add("tokens", c.tokens).add("train_flops", c.train_flops).add("train_days", c.train_days)
            .add("gpu_hours", c.gpu_hours).add("cost", c.cost).add("estimated_loss", c.loss)
            .add("tokens_per_s_per_gpu", c.tokens_per_s_per_gpu).add("mfu", c.mfu).add("mfu_source", c.mfu_source)
            .add("decode_tokens_per_s", c.inference.decode_tokens_per_s)
            .add("decode_tokens_per_s_per_sequence", c.inference.decode_tokens_per_s / double(d.request.latency_batch))
            .add("time_to_first_token_ms", c.inference.time_to_first_token_ms)
            .add("kv_bytes_per_token", c.inference.kv_bytes_per_token).add("fits", c.fit.found).add("arrangement", describe_fit(c.fit))
            .add("constraints", checks).add("failed", c.failed).add("moe", moe_json(c));
        cands.push(o);
    }
    JsonArrayText path;
    for (const auto& s : d.scaling_path)
        path.push(JsonObjectText().add("scale", s.scale).add("role", step_role_name(s.role)).add("params", s.params).add("tokens", s.tokens)
                      .add("flops", s.flops).add("gpu_days", s.gpu_days).add("hardware", describe_fit(s.hardware))
                      .add("hidden_size", s.spec.hidden_size).add("num_hidden_layers", s.spec.num_hidden_layers)
                      .add("display", fmt::si(double(s.params)) + " params, " + fmt::si(s.tokens) + " tokens, " + fmt::f("%.0f", s.gpu_days) + " GPU-days"));
    JsonArrayText deviations;
    for (const auto& dev : d.family.deviations) deviations.push(to_json(dev));
    const Candidate& rec = recommended(d);
    const TrainingMemory& tm = d.recommended_memory;
    JsonObjectText memory = memory_json(tm);
    memory.add("gpu", d.recommended_setup.gpu.id).add("gpu_memory_bytes", std::llround(d.recommended_setup.gpu.memory_bytes))
        .add("arrangement", describe_fit(rec.fit)).add("chart", display_terms(tm))
        .add("caption", fmt::bytes(tm.total_bytes) + " per GPU (" + (tm.fits ? "fits" : "does not fit") + " in " +
                            fmt::bytes(d.recommended_setup.gpu.memory_bytes) + "); " + describe_fit(rec.fit))
        .add("gpu_label", d.recommended_setup.gpu.id + " " + fmt::bytes(d.recommended_setup.gpu.memory_bytes));
    JsonObjectText out;
    out.add("recommended_breakdown", JsonText{count_part(rec.spec, rec.count)}).add("breakdown_rows", breakdown_rows(rec.count))
        .add("recommended_training_memory", memory).add("model_type", d.family.model_type).add("scale", d.scale).add("target", d.target)
        .add("vocab_size", d.vocab_size).add("estimate_only", d.estimate_only).add("budget_flops", d.budget_flops)
        .add("candidates", cands).add("candidate_rows", candidate_rows(d)).add("shape_grid", shape_grid_json(d))
        .add("recommended", rec.label).add("rationale", rationale(d)).add("scaling_path", path)
        .add("deviations", deviations).add("notes", notes(d)).add("context_checks", context_checks(d))
        .add("training_recipe", recipe_json(rec.run)).add("engine", name_of(d.recommended_setup.engine))
        .add("arrangement", to_json(d.recommended_setup));
    return out.text();
}

void add_design_output(JsonObjectText& out, const Design& d, ReportChoice reports) {
    JsonArrayText files;
    for (const OutputFile& f : design_files(d, reports)) {
        const bool failed = !f.text && !f.deferred;
        files.push(JsonObjectText()
                       .add("name", f.name).add("kind", kind_name(f.kind)).add("media_type", media_type_of(f.name)).add("text", f.text)
                       .add("error", failed ? std::optional<std::string_view>(f.error) : std::nullopt).add("deferred", f.deferred));
    }
    out.add("summary", JsonText{design_summary(d)}).add("files", files);
}

std::string design_output(const Design& d, ReportChoice reports) {
    JsonObjectText out;
    add_design_output(out, d, reports);
    return out.text();
}

}  // namespace ma

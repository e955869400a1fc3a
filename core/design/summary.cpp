#include "summary.h"

#include <algorithm>
#include <cmath>
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

json display_term(const MemoryTerm& t) {
    return {{"name", t.name}, {"bytes", std::llround(t.bytes)}, {"display", fmt::bytes(t.bytes)}, {"formula", t.formula}};
}

// The candidate table as the page shows it: one row per figure, one formatted cell per candidate.
json context_checks(const Design& d) {
    json out = json::array();
    for (const auto& c : d.context_checks) out.push_back({{"level", c.level}, {"message", c.message}});
    return out;
}

json notes(const Design& d) {
    json out = json::array();
    for (const auto& n : d.notes) out.push_back(note_text(n));
    return out;
}

json candidate_rows(const Design& d) {
    const DesignRequest& r = d.request;
    json rows = json::array();
    auto line = [&](const char* label, auto value) {
        json cells = json::array();
        for (const Candidate& c : d.candidates) cells.push_back(value(c));
        rows.push_back({{"label", label}, {"cells", cells}});
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
json moe_json(const Candidate& c) {
    if (!c.count.sparse()) return nullptr;
    json parts = json::object();
    for (int p = int(Part::dense_mlp); p < kParts; ++p) parts[part_name(static_cast<Part>(p))] = c.count.by_part[p];
    json ep = json::array();
    for (const auto& e : c.expert_parallel)
        ep.push_back({{"ep", e.ep}, {"peak_bytes", std::llround(e.peak_bytes)}, {"peak", fmt::bytes(e.peak_bytes)},
                      {"expert_params_per_gpu", e.expert_params_per_gpu}, {"fits", e.fits}});
    json serving = json::array();
    for (const double b : {1.0, 16.0, 64.0, 256.0})
        serving.push_back({{"batch", b}, {"experts_read_per_layer", experts_touched(c.inference.experts, c.inference.experts_per_token, b)},
                           {"weight_bytes_read", std::llround(decode_weights_read(c.inference, b))}});
    return {{"experts", c.spec.num_local_experts}, {"experts_per_token", c.spec.num_experts_per_tok},
            {"active_params_per_token", c.count.active_per_token}, {"total_params", c.count.total},
            {"estimated_loss_at_active", c.loss}, {"estimated_loss_at_total", c.loss_at_total},
            {"parts", std::move(parts)}, {"expert_parallel", std::move(ep)}, {"serving", std::move(serving)}};
}

// A candidate's config.json and the recommended model's count depend on its spec alone (the
// count is count_parameters' of it) and come back unchanged on most page changes: their JSON
// text is kept for the last few specs and spliced in (raw_json).
const json& config_part(const ArchSpec& spec) {
    MA_PER_THREAD RecentCache<ArchSpec, json, 8> recent;
    return recent.get(spec, [&] { return raw_json(write_json(hf_config_json(spec))); });
}

const json& count_part(const ArchSpec& spec, const ParamCount& count) {
    MA_PER_THREAD RecentCache<ArchSpec, json, 4> recent;
    return recent.get(spec, [&] { return raw_json(write_json(count_json(spec, count))); });
}

json breakdown_rows(const ParamCount& c) {
    json rows = json::array();
    for (int b = 0; b < 5; ++b) {
        const bool in_layer = b == int(Block::attention) || b == int(Block::mlp) || b == int(Block::norm);
        rows.push_back({{"block", block_name(static_cast<Block>(b))}, {"all_layers", fmt::digits(c.by_block[b])},
                        {"one_layer", in_layer ? fmt::digits(c.layer_by_block[b]) : "—"}});
    }
    rows.push_back({{"block", "total"}, {"all_layers", fmt::digits(c.total)}, {"one_layer", fmt::digits(c.per_layer)}});
    return rows;
}

}  // namespace

json display_terms(const TrainingMemory& m) {
    json groups = json::array();
    for (const auto& s : m.states) groups.push_back(display_term(s));
    std::string formulas;
    for (const auto& a : m.activations) formulas += (formulas.empty() ? "" : "\n") + a.name + ": " + a.formula;
    groups.push_back({{"name", "activations"}, {"bytes", std::llround(m.activation_bytes)}, {"display", fmt::bytes(m.activation_bytes)},
                      {"formula", formulas}});
    for (const auto& b : m.buffers) groups.push_back(display_term(b));
    for (MemoryTerm t : m.peak_phase().terms) {
        t.name = "at the peak: " + t.name;
        groups.push_back(display_term(t));
    }
    groups.push_back(display_term(m.allocator));
    groups.push_back(display_term(m.overhead));
    return groups;
}

json design_summary(const Design& d) {
    json cands = json::array();
    for (const auto& c : d.candidates) {
        json checks = json::array();
        for (const auto& k : c.checks) {
            const CheckText t = check_text(d, c, k);
            checks.push_back({{"name", t.name}, {"met", k.met()}, {"status", check_mark(k)}, {"value", t.value}, {"limit", t.limit}, {"detail", t.detail}});
        }
        json warnings = json::array();
        for (const auto& w : c.warnings) warnings.push_back({{"rule", w.rule}, {"message", w.message}});
        cands.push_back({{"label", c.label}, {"kind", candidate_name(d, c)}, {"why", candidate_why(d, c)}, {"comparable", c.comparable},
                         {"shape_warnings", std::move(warnings)}, {"config", config_part(c.spec)},
                         {"total_params", c.count.total}, {"non_embedding_params", c.count.non_embedding},
                         {"active_params_per_token", c.count.active_per_token},
                         {"tokens", c.tokens}, {"train_flops", c.train_flops}, {"train_days", c.train_days},
                         {"gpu_hours", c.gpu_hours}, {"cost", c.cost}, {"estimated_loss", c.loss},
                         {"tokens_per_s_per_gpu", c.tokens_per_s_per_gpu}, {"mfu", c.mfu}, {"mfu_source", c.mfu_source},
                         {"decode_tokens_per_s", c.inference.decode_tokens_per_s},
                         {"decode_tokens_per_s_per_sequence", c.inference.decode_tokens_per_s / double(d.request.latency_batch)},
                         {"time_to_first_token_ms", c.inference.time_to_first_token_ms},
                         {"kv_bytes_per_token", c.inference.kv_bytes_per_token}, {"fits", c.fit.found}, {"arrangement", describe_fit(c.fit)},
                         {"constraints", std::move(checks)}, {"failed", c.failed}, {"moe", moe_json(c)}});
    }
    json path = json::array();
    for (const auto& s : d.scaling_path)
        path.push_back({{"scale", s.scale}, {"role", step_role_name(s.role)}, {"params", s.params}, {"tokens", s.tokens}, {"flops", s.flops},
                        {"gpu_days", s.gpu_days}, {"hardware", describe_fit(s.hardware)}, {"hidden_size", s.spec.hidden_size},
                        {"num_hidden_layers", s.spec.num_hidden_layers},
                        {"display", fmt::si(double(s.params)) + " params, " + fmt::si(s.tokens) + " tokens, " + fmt::f("%.0f", s.gpu_days) + " GPU-days"}});
    json deviations = json::array();
    for (const auto& dev : d.family.deviations) deviations.push_back(to_json(dev));
    const Candidate& rec = recommended(d);
    const TrainingMemory& tm = d.recommended_memory;
    json memory = to_json(tm);
    memory["gpu"] = d.recommended_setup.gpu.id;
    memory["gpu_memory_bytes"] = std::llround(d.recommended_setup.gpu.memory_bytes);
    memory["arrangement"] = describe_fit(rec.fit);
    memory["chart"] = display_terms(tm);
    memory["caption"] = fmt::bytes(tm.total_bytes) + " per GPU (" + (tm.fits ? "fits" : "does not fit") + " in " +
                        fmt::bytes(d.recommended_setup.gpu.memory_bytes) + "); " + describe_fit(rec.fit);
    memory["gpu_label"] = d.recommended_setup.gpu.id + " " + fmt::bytes(d.recommended_setup.gpu.memory_bytes);
    return {{"recommended_breakdown", count_part(rec.spec, rec.count)}, {"breakdown_rows", breakdown_rows(rec.count)},
            {"recommended_training_memory", std::move(memory)}, {"model_type", d.family.model_type}, {"scale", d.scale}, {"target", d.target},
            {"vocab_size", d.vocab_size}, {"estimate_only", d.estimate_only}, {"budget_flops", d.budget_flops}, {"candidates", std::move(cands)},
            {"candidate_rows", candidate_rows(d)}, {"shape_grid", shape_grid_json(d)}, {"recommended", rec.label}, {"rationale", rationale(d)}, {"scaling_path", std::move(path)},
            {"deviations", std::move(deviations)}, {"notes", notes(d)}, {"context_checks", context_checks(d)},
            {"training_recipe", to_json(rec.run)}, {"engine", name_of(d.recommended_setup.engine)},
            {"arrangement", to_json(d.recommended_setup)}};
}

json design_output(const Design& d, ReportChoice reports) {
    json files = json::array();
    for (const OutputFile& f : design_files(d, reports))
        files.push_back({{"name", f.name}, {"kind", kind_name(f.kind)}, {"media_type", media_type_of(f.name)},
                         {"text", f.text ? json(*f.text) : json(nullptr)},
                         {"error", f.text || f.deferred ? json(nullptr) : json(f.error)}, {"deferred", f.deferred}});
    return {{"summary", design_summary(d)}, {"files", std::move(files)}};
}

}  // namespace ma

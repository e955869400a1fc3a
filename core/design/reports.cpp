#include "reports.h"

#include "../estimates/engines/engine_profile.h"
#include "../launch/launch_files.h"

#include <algorithm>
#include <cmath>

#include "../built_once.h"
#include "../error.h"
#include "../format.h"
#include "../model/count_report.h"
#include "../model/family.h"
#include "../model/hf_config.h"
#include "../model/layer_shapes.h"
#include "design_text.h"
#include "grid_report.h"
#include "scaling_path.h"
#include "scale_templates.h"

namespace ma {
namespace {

using fmt::cell;
using fmt::f;
using fmt::header;
using fmt::row;
using fmt::si;

std::string group_digits(uint64_t v) { return fmt::digits(v); }
std::string format_bytes(double v) { return fmt::bytes(v); }

std::string id_or_null(const SpecialTokenFact& t) { return t.id ? std::to_string(*t.id) : "null"; }

MA_ON_DEMAND std::string budget_line(const Design& d) {
    const DesignRequest& r = d.request;
    std::string gpus = std::to_string(r.gpus) + " x " + r.training.gpu.id + " trained with " + name_of(r.training.engine) +
                       (r.mfu ? " at MFU " + f("%.2f", *r.mfu) + " (given)" : "; budget converted at its typical MFU " + f("%.2f", r.planning_mfu()));
    if (d.budget_flops <= 0) return gpus + "; no compute budget: A trains on 20 tokens per parameter, the alternatives on A's compute";
    std::string how = r.flops ? "given" : r.gpu_hours ? f("%.0f GPU-hours", *r.gpu_hours) : r.money ? f("%.0f at ", *r.money) + f("%.2f per GPU-hour", r.price_per_gpu_hour) : f("%.1f days", r.days.value_or(0));
    return gpus + "; budget " + how + " = " + f("%.3g", d.budget_flops) + " FLOPs";
}

MA_ON_DEMAND std::string recipe_line(const Design& d) {
    const Recipe& r = d.request.recipe;
    const Family& fam = family_for(d.family.model_type);
    std::string s = std::string(name_of(r.attention)) + ", " + name_of(r.mlp) + ", " + name_of(r.positions) + ", " + name_of(r.norm);
    if (r.bias != BiasChoice::none) s += std::string(", bias ") + name_of(r.bias);
    if (r.qk_norm != QkNormChoice::none) s += std::string(", QK-norm ") + name_of(r.qk_norm);
    if (d.tied) s += ", tied embeddings";
    if (r.sliding_window) s += ", sliding window";
    if (r.moe) s += ", mixture of experts";
    if (r.parallel_residual) s += ", parallel residual";
    if (r.fused_projections) s += ", fused projections";
    return s + " → `" + fam.model_type + "` (`" + fam.architecture + "`)";
}

MA_ON_DEMAND std::string mark(const Design& d, const Candidate& c, const ConstraintCheck& k) {
    return check_mark(k) + " " + check_text(d, c, k).value;
}

MA_ON_DEMAND std::string tokenizer_section(const Design& d) {
    std::string out = "## Tokenizer\n\n";
    if (!d.tokenizer) {
        return out + "No tokenizer files were given: vocab_size " + std::to_string(d.vocab_size) +
               " was typed in, so every number here is an **estimate** and no config.json can be produced "
               "(it needs the tokenizer's special token ids).\n\n";
    }
    const TokenizerFacts& t = *d.tokenizer;
    out += header({"file", "what was read"});
    for (const auto& file : t.files) out += row({"`" + cell(file.name) + "`", cell(file.read)});
    out += "\n" + header({"fact", "value", "source or reason"});
    out += row({"model", cell(t.model_type) + (t.byte_level ? " (byte-level)" : ""), ""});
    out += row({"tokenizer size", std::to_string(t.tokenizer_size), "largest id + 1 (" + std::to_string(t.distinct_ids) + " ids used)"});
    const int64_t padding = d.vocab_size - t.tokenizer_size;
    out += row({"vocab_size", std::to_string(d.vocab_size),
                "padded to a multiple of " + std::to_string(d.request.vocab_multiple) + " (" + std::to_string(padding) +
                    " unused rows) for tensor-core tiles and tensor-parallel splits"});
    for (const char* role : kSpecialRoles) {
        const SpecialTokenFact& s = t.special(role);
        out += row({std::string(role) + "_token_id", id_or_null(s),
                    s.id ? "`" + cell(*s.content) + "` from " + cell(s.source) : cell(s.note)});
    }
    out += row({"model_max_length", t.model_max_length ? std::to_string(*t.model_max_length) : "null",
                t.model_max_length ? "tokenizer_config.json" : cell(t.model_max_length_note)});
    out += row({"fingerprint", "`" + t.fingerprint + "`", "BLAKE2b-256 over the tokenizer files"});
    for (const auto& n : t.notes) out += "\nNote: " + n + "\n";
    out += "\n### Context length checks\n\n";
    if (d.context_checks.empty()) out += "No sequence-length analysis or model_max_length to check against.\n";
    for (const auto& c : d.context_checks) out += "- **" + c.level + "**: " + c.message + "\n";
    if (t.corpus)
        out += "\n### Corpus sample\n\nCounted with this tokenizer exactly as HF tokenizers' `encode(text, add_special_tokens=False)` counts.\n\n" +
               corpus_markdown(*t.corpus, {d.request.corpus_bytes, d.request.corpus_documents}, d.context);
    return out + "\n";
}

}  // namespace

namespace {

// Why the design has no config.json (a value: most page changes without files meet it).
std::optional<Error> config_unavailable(const Design& d) {
    if (!d.tokenizer)
        return Error(ErrorCode::missing_input, "tokenizer",
                     "no tokenizer files were given: config.json needs the tokenizer's vocab_size and special token ids; "
                     "provide tokenizer.json (or vocab.json + merges.txt, vocab.txt, tokenizer.model) with tokenizer_config.json or special_tokens_map.json");
    return config_not_ready(*d.tokenizer);
}

}  // namespace

std::string design_config_json(const Design& d) {
    if (auto why = config_unavailable(d)) throw std::move(*why);
    return write_hf_config(recommended(d).spec);
}

namespace {

// Each mixture-of-experts candidate: where its parameters are, the memory expert parallelism leaves
// per GPU, and what serving reads per decode step at batch 1 and at the latency batch.
MA_ON_DEMAND std::string moe_section(const Design& d) {
    std::string out;
    for (const Candidate& c : d.candidates) {
        if (!c.count.sparse()) continue;
        const ParamCount& n = c.count;
        out += "\n### Mixture of experts (" + c.label + ")\n\n" + header({"part", "parameters", "per token"});
        const uint64_t routed = n.by_part[int(Part::routed_experts)];
        out += row({"routed experts", group_digits(routed), group_digits(routed - (n.total - n.active_per_token))});
        if (n.by_part[int(Part::shared_experts)] > 0)
            out += row({"shared experts", group_digits(n.by_part[int(Part::shared_experts)]), group_digits(n.by_part[int(Part::shared_experts)])});
        out += row({"routers", group_digits(n.by_part[int(Part::router)]), group_digits(n.by_part[int(Part::router)])});
        if (n.by_part[int(Part::dense_mlp)] > 0)
            out += row({"dense MLPs (" + std::to_string(n.dense_layers) + " layers)", group_digits(n.by_part[int(Part::dense_mlp)]),
                        group_digits(n.by_part[int(Part::dense_mlp)])});
        out += row({"attention, norms, embedding, head", group_digits(n.total - routed - n.by_part[int(Part::shared_experts)] - n.by_part[int(Part::router)] -
                                                                       n.by_part[int(Part::dense_mlp)]),
                    group_digits(n.active_per_token - (routed - (n.total - n.active_per_token)) - n.by_part[int(Part::shared_experts)] -
                                 n.by_part[int(Part::router)] - n.by_part[int(Part::dense_mlp)])});
        out += row({"**total**", "**" + group_digits(n.total) + "**", "**" + group_digits(n.active_per_token) + "**"});
        if (!c.expert_parallel.empty()) {
            out += "\nExpert parallelism: Megatron-LM (the engine here with expert parallelism) with the distributed optimizer, the dp, tp, pp, "
                   "micro-batch and recomputation of the arrangement above, the routed experts split over ep ranks:\n\n" + header({"ep", "routed-expert parameters per GPU", "peak memory per GPU", "fits"});
            for (const auto& e : c.expert_parallel)
                out += row({std::to_string(e.ep), si(e.expert_params_per_gpu), format_bytes(e.peak_bytes), e.fits ? "yes" : "no"});
        }
        const InferenceEstimate& inf = c.inference;
        out += "\nServing (bf16 weights, " + format_bytes(inf.weight_bytes) + " held in memory): the weights one decode step reads, under uniform "
               "routing (E (1 - (1 - k/E)^batch) distinct experts per MoE layer):\n\n" + header({"batch", "experts read per MoE layer", "weights read per step"});
        std::vector<int64_t> batches = {1, d.request.latency_batch, 16, 64, 256};
        std::sort(batches.begin(), batches.end());
        batches.erase(std::unique(batches.begin(), batches.end()), batches.end());
        for (const int64_t b : batches)
            out += row({std::to_string(b), f("%.1f", experts_touched(inf.experts, inf.experts_per_token, double(b))),
                        format_bytes(decode_weights_read(inf, double(b)))});
    }
    return out;
}

}  // namespace

MA_ON_DEMAND std::string architecture_report(const Design& d) {
    const Candidate& rec = recommended(d);
    const DesignRequest& r = d.request;
    std::string out = "# Architecture report\n\n";
    if (d.estimate_only) out += "> **Estimate**: no tokenizer files; vocab_size was typed in.\n\n";
    out += "Every number comes from model-architect's core; formulas and sources are in `docs/formulas.md` and "
           "`docs/architectures.md`.\n\n## Inputs\n\n" + header({"input", "value"});
    out += row({"target", cell(d.target)});
    out += row({"scale class", d.scale});
    out += row({"hardware and budget", cell(budget_line(d))});
    out += row({"training tokens available", r.tokens_available ? si(*r.tokens_available) : "not limited"});
    std::string latency = "none";
    if (r.min_decode_tokens_per_s || r.max_ttft_ms) {
        latency = "";
        if (r.min_decode_tokens_per_s) latency += "decode ≥ " + f("%.0f", *r.min_decode_tokens_per_s) + " tokens/s per sequence";
        if (r.max_ttft_ms) latency += std::string(latency.empty() ? "" : "; ") + "time to first token ≤ " + f("%.0f", *r.max_ttft_ms) + " ms";
        latency += " (batch " + std::to_string(r.latency_batch) + ", prompt " + std::to_string(r.prompt_tokens) + ", bf16 on " + r.training.gpu.id + ")";
    }
    out += row({"latency", latency});
    out += row({"context length", std::to_string(rec.spec.max_position_embeddings)});
    out += row({"components", recipe_line(d)});
    out += row({"training", std::string(name_of(r.training.precision)) + " precision, " + name_of(r.training.optimizer) + ", " +
                                name_of(r.training.attention) + " attention"});
    if (!d.notes.empty()) out += "\n";
    for (const auto& n : d.notes) out += "> " + note_text(n) + "\n>\n";
    if (!d.notes.empty()) out.erase(out.size() - 2);

    out += "\n## Candidates\n\n";
    std::vector<std::string> head = {""};
    for (const auto& c : d.candidates) head.push_back(c.label + (&c == &rec ? " (recommended)" : "") + ": " + candidate_name(d, c));
    out += header(head);
    auto line = [&](const std::string& name, auto value) {
        std::vector<std::string> cells = {name};
        for (const auto& c : d.candidates) cells.push_back(value(c));
        out += row(cells);
    };
    line("hidden_size", [](const Candidate& c) { return std::to_string(c.spec.hidden_size); });
    line("num_hidden_layers", [](const Candidate& c) { return std::to_string(c.spec.num_hidden_layers); });
    line("heads / kv heads / head_dim", [](const Candidate& c) {
        return std::to_string(c.spec.num_attention_heads) + " / " + std::to_string(c.spec.kv_heads()) + " / " + std::to_string(c.spec.head_size());
    });
    line("intermediate_size", [](const Candidate& c) { return std::to_string(c.spec.intermediate_size); });
    line("aspect ratio (hidden / layers)", [](const Candidate& c) { return f("%.0f", double(c.spec.hidden_size) / double(c.spec.num_hidden_layers)); });
    line("parameters", [](const Candidate& c) { return group_digits(c.count.total); });
    line("non-embedding parameters", [](const Candidate& c) { return group_digits(c.count.non_embedding); });
    const bool any_moe = std::any_of(d.candidates.begin(), d.candidates.end(), [](const Candidate& c) { return c.count.sparse(); });
    if (any_moe) {
        line("experts (routed per token) x expert width", [](const Candidate& c) {
            return c.spec.num_local_experts > 0 ? std::to_string(c.spec.num_local_experts) + " (" + std::to_string(c.spec.num_experts_per_tok) + ") x " +
                                                      std::to_string(moe_shape(family_for(c.spec.model_type), c.spec).expert_width)
                                                : std::string("dense");
        });
        line("active parameters per token", [](const Candidate& c) { return group_digits(c.count.active_per_token); });
    }
    line("training tokens", [](const Candidate& c) { return si(c.tokens); });
    line("tokens per parameter", [](const Candidate& c) { return f("%.0f", c.tokens / double(c.count.total)); });
    line("training FLOPs", [](const Candidate& c) { return f("%.3g", c.train_flops); });
    line("training time", [&](const Candidate& c) { return fmt::days(c.train_days); });
    line("training tokens/s per GPU (predicted)", [](const Candidate& c) {
        return c.tokens_per_s_per_gpu > 0 ? f("%.0f", c.tokens_per_s_per_gpu) : std::string("no arrangement fits");
    });
    line("MFU", [](const Candidate& c) { return f("%.3f", c.mfu) + " (" + c.mfu_source + ")"; });
    line("estimated loss (rough guide)", [](const Candidate& c) {
        return f("%.3f", c.loss) + (c.loss_at_total > 0 ? " at active, " + f("%.3f", c.loss_at_total) + " at total" : "");
    });
    line("decode tokens/s per sequence", [&](const Candidate& c) { return f("%.0f", c.inference.decode_tokens_per_s / double(r.latency_batch)); });
    line("time to first token", [](const Candidate& c) { return fmt::ms(c.inference.time_to_first_token_ms); });
    line("KV cache per token", [](const Candidate& c) { return format_bytes(c.inference.kv_bytes_per_token); });
    line("constraints met", [](const Candidate& c) { return std::to_string(c.checks.size() - size_t(c.failed)) + " of " + std::to_string(c.checks.size()); });
    out += "\n";
    for (const auto& c : d.candidates) out += "- **" + c.label + "** (" + candidate_name(d, c) + "): " + candidate_why(d, c) + ".\n";
    for (const auto& c : d.candidates)
        for (const auto& w : c.warnings) out += "- " + c.label + " breaks the shape rule **" + w.rule + "**: " + cell(w.message) + ".\n";

    out += "\n### Constraints\n\n";
    std::vector<std::string> chead = {"constraint", "limit"};
    for (const auto& c : d.candidates) chead.push_back(c.label);
    out += header(chead);
    for (size_t i = 0; i < rec.checks.size(); ++i) {
        const CheckText t = check_text(d, rec, rec.checks[i]);
        std::vector<std::string> cells = {t.name, cell(t.limit)};
        for (const auto& c : d.candidates) cells.push_back(i < c.checks.size() ? cell(mark(d, c, c.checks[i])) : "");
        out += row(cells);
    }
    out += "\n";
    for (const auto& c : d.candidates)
        for (const auto& chk : c.checks)
            if (chk.status != CheckStatus::met) {
                const CheckText t = check_text(d, c, chk);
                out += "- " + c.label + (chk.met() ? " uses all the data" : " fails **" + t.name + "**") + ": " + cell(t.detail) + ".\n";
            }

    out += shape_grid_section(d);
    out += moe_section(d);
    out += "\n## Recommendation\n\n" + rationale(d) + "\n\n";

    out += "## Parameter breakdown (" + rec.label + ")\n\n" + header({"block", "all layers", "one layer"});
    for (int b = 0; b < 5; ++b) {
        const bool in_layer = b == int(Block::attention) || b == int(Block::mlp) || b == int(Block::norm);
        out += row({block_name(static_cast<Block>(b)), group_digits(rec.count.by_block[b]),
                    in_layer ? group_digits(rec.count.layer_by_block[b]) : "—"});
    }
    out += row({"**total**", "**" + group_digits(rec.count.total) + "**", group_digits(rec.count.per_layer)});
    out += "\nEmbedding " + group_digits(rec.count.embedding) + ", non-embedding " + group_digits(rec.count.non_embedding) +
           (rec.count.sparse() ? ", active per token " + group_digits(rec.count.active_per_token) : "") + ".\n\n";
    out += header({"tensor", "shape", "copies", "parameters"});
    for (const auto& t : rec.count.tensors) {
        std::string shape;
        for (size_t i = 0; i < t.shape.size(); ++i) shape += (i ? " x " : "") + std::to_string(t.shape[i]);
        out += row({"`" + t.name + "`", shape, std::to_string(t.copies), t.tied ? "tied to the embedding" : group_digits(t.params())});
    }

    out += "\n## Deviations from the default recipe\n\n";
    if (d.family.deviations.empty())
        out += "None: the design follows the default recipe (GQA, SwiGLU, RoPE, RMSNorm, no biases) of HF `llama`.\n";
    for (const auto& dev : d.family.deviations)
        out += "- **" + dev.component + ": " + dev.choice + "**. Why: " + dev.why + ". Trade-offs: " + dev.tradeoffs + ".\n";
    out += "\n" + tokenizer_section(d);

    out += "## Assumptions\n\n";
    out += "- Parameter counts are exact: they equal `sum(p.numel() for p in model.parameters())` of the HF model built from config.json.\n";
    out += "- Loss estimates use one law throughout, the Besiroglu et al. 2024 refit of the Chinchilla law, with the planned tokens: a rough "
           "guide for comparing designs, not a prediction (Hoffmann et al. 2022's own fit gives " + f("%.3f", loss_hoffmann(double(rec.count.active_per_token), rec.tokens)) +
           " for " + rec.label + ").\n";
    out += "- Training time uses MFU " + f("%.3f", rec.mfu) + " (" + rec.mfu_source + ") on " + std::to_string(r.gpus) + " x " + r.training.gpu.id + "; latency assumes bf16 weights, 80% of peak memory bandwidth in decode and 50% of peak compute in prefill.\n";
    const ScaleTemplate& cls = scale_template(d.scale);
    std::string tp, pp;
    for (int64_t t : cls.tp_degrees) tp += (tp.empty() ? "" : ", ") + std::to_string(t);
    for (int64_t p : cls.pp_degrees) pp += (pp.empty() ? "" : ", ") + std::to_string(p);
    out += "- Candidates B and later move size, depth or KV heads around A. Every searched shape keeps the shape rules "
           "(docs/design.md): head_dim a FlashAttention size, heads and kv heads divisible by the class's tensor-parallel degrees (" + tp +
           "), layers by its pipeline degrees (" + pp + "), hidden sizes in multiples of 128, SwiGLU widths in multiples of 256, and a "
           "depth/width ratio within the class's published models (" + f("%.0f", cls.min_aspect) + "-" + f("%.0f", cls.max_aspect) + ").\n";
    return out;
}

MA_ON_DEMAND std::string capacity_plan(const Design& d) {
    const Candidate& rec = recommended(d);
    const DesignRequest& r = d.request;
    std::string out = "# Capacity plan\n\nFor candidate " + rec.label + " (" + candidate_name(d, rec) + "): `" + rec.spec.model_type + "`, " +
                      group_digits(rec.count.total) + " parameters.\n\n";
    if (d.estimate_only) out += "> **Estimate**: no tokenizer files; vocab_size was typed in.\n\n";

    const TrainingSetup& ts = d.recommended_setup;
    const TrainingMemory& tm = d.recommended_memory;
    out += "## Training memory per GPU\n\n";
    out += std::string(rec.fit.found ? "Arrangement found: " : "No arrangement fits; shown for the requested setup. ") + cell(describe_fit(rec.fit)) + ".\n\n";
    out += "Engine " + std::string(name_of(ts.engine)) + " (" + engine_options_text(ts) + "). ";
    out += "Micro-batch " + std::to_string(ts.micro_batch) + " x " + std::to_string(ts.seq_len) + " tokens, " + name_of(ts.precision) + " precision, " +
           name_of(ts.optimizer) + ", ZeRO " + std::to_string(ts.zero_stage) + ", dp " + std::to_string(ts.dp) + ", tp " + std::to_string(ts.tp) +
           ", pp " + std::to_string(ts.pp) + ", recompute " + name_of(ts.recompute) + ", " + name_of(ts.attention) + " attention.\n\n";
    out += header({"term", "memory", "formula"});
    for (const auto& t : listed_terms(tm)) out += row({t.name, format_bytes(t.bytes), cell(t.formula)});
    out += row({"**" + total_label(tm) + "**", "**" + format_bytes(tm.total_bytes) + "**",
                "of " + format_bytes(ts.gpu.memory_bytes) + " on " + ts.gpu.id + (tm.fits ? " (fits)" : " (does not fit)")});

    out += "\n## What fits where\n\nSmallest arrangement on up to " + std::to_string(kFitTableMaxGpus) +
           " GPUs of each type (same precision, optimizer and sequence length):\n\n";
    out += header({"GPU", "memory", "arrangement"});
    for (const GpuFit& g : recommended_fits_by_gpu(d)) out += row({g.gpu.id, format_bytes(g.gpu.memory_bytes), cell(describe_fit(g.fit))});

    out += "\n## Time and cost\n\n" + header({"", "value"});
    out += row({"training tokens", si(rec.tokens) + (rec.tokens < rec.wanted_tokens ? " (data-limited; the compute could use " + si(rec.wanted_tokens) + ")" : "")});
    out += row({"FLOPs per token (training)", f("%.4g", rec.flops_per_token)});
    out += row({"total FLOPs", f("%.4g", rec.train_flops)});
    out += row({"engine", std::string(name_of(ts.engine)) + ": " + engine_options_text(ts)});
    if (rec.tokens_per_s_per_gpu > 0) out += row({"throughput", f("%.0f", rec.tokens_per_s_per_gpu) + " tokens/s per GPU (predicted)"});
    out += row({"time", fmt::days(rec.train_days) + " on " + std::to_string(r.gpus) + " x " + r.training.gpu.id + " at MFU " + f("%.3f", rec.mfu) +
                        " (" + rec.mfu_source + ")"});
    out += row({"GPU-hours", f("%.0f", rec.gpu_hours)});
    out += row({"cost", r.price_per_gpu_hour > 0 ? f("%.0f", rec.cost) + " at " + f("%.2f", r.price_per_gpu_hour) + " per GPU-hour" : "no price given"});

    out += "\n## Training recipe\n\nFor the arrangement above; every value is in the launch files. Give any of them "
           "instead with the `run` options (`--lr`, `--global-batch-tokens`, `--schedule wsd`, ...).\n\n";
    out += header({"", "value", "source"});
    for (const RecipeValue& v : recipe_values(rec.run)) out += row({v.name, cell(v.value), cell(v.source)});
    out += "\nPublished recipes beside it (not used):\n\n" + header({"recipe", "global batch", "peak learning rate", "source"});
    for (const RecipeAlternative& a : rec.run.alternatives) out += row({a.name, si(a.batch_tokens) + " tokens", f("%.3g", a.peak_lr), a.source});

    out += "\n## Inference\n\nBatch " + std::to_string(r.latency_batch) + ", context " + std::to_string(rec.spec.max_position_embeddings) +
           " tokens, prompt " + std::to_string(std::min<int64_t>(r.prompt_tokens, rec.spec.max_position_embeddings)) + " tokens, on " + r.training.gpu.id + ".\n\n";
    out += header({"weights", "weight memory", "KV cache", "total", "decode tokens/s (batch)", "time to first token"});
    for (const WeightDtype dtype : {WeightDtype::bf16, WeightDtype::int8, WeightDtype::int4}) {
        InferenceSetup inf;
        inf.gpu = r.training.gpu;
        inf.batch = r.latency_batch;
        inf.context = rec.spec.max_position_embeddings;
        inf.prompt = std::min<int64_t>(r.prompt_tokens, inf.context);
        inf.weight_dtype = dtype;
        const InferenceEstimate e = inference_estimate(rec.spec, inf);
        out += row({name_of(dtype), format_bytes(e.weight_bytes), format_bytes(e.kv_cache_bytes), format_bytes(e.total_bytes) + (e.fits ? "" : " (does not fit)"),
                    f("%.0f", e.decode_tokens_per_s), fmt::ms(e.time_to_first_token_ms)});
    }
    out += "\nKV cache: " + format_bytes(rec.inference.kv_bytes_per_token) + " per token per sequence in bf16 (layers x " + rec.inference.kv_formula + ")" +
           (rec.inference.compact_kv_formula.empty()
                ? std::string(".\n")
                : "; a server that keeps the latent (vLLM, SGLang) stores " + format_bytes(rec.inference.compact_kv_bytes_per_token) + " (layers x " +
                      rec.inference.compact_kv_formula + ").\n");

    const CheckpointSizes ck = checkpoint_sizes(rec.spec, r.training);
    out += "\n## Checkpoints\n\n" + header({"checkpoint", "size"});
    out += row({"weights, bf16/fp16", format_bytes(ck.weights_16bit)});
    out += row({"weights, fp32", format_bytes(ck.weights_fp32)});
    out += row({std::string("full training checkpoint (") + name_of(r.training.precision) + ", " + name_of(r.training.optimizer) + ")",
                format_bytes(ck.training)});

    out += "\n## Scaling path\n\nThe same components and tokenizer through the scale classes: proxies small enough for ablations "
           "before the run, the design itself (its planned tokens and compute), and the next class up. Every step trains on " +
           f("%.0f", scaling_tokens_per_param(d)) + " tokens per parameter, as the design does (at least 20):\n\n";
    out += header({"step", "role", "shape (hidden x layers, heads/kv)", "parameters", "tokens", "FLOPs", "GPU-days (" + r.training.gpu.id + ")",
                   "smallest arrangement"});
    for (const auto& s : d.scaling_path)
        out += row({s.scale, step_role_name(s.role), std::to_string(s.spec.hidden_size) + " x " + std::to_string(s.spec.num_hidden_layers) + ", " +
                                 std::to_string(s.spec.num_attention_heads) + "/" + std::to_string(s.spec.kv_heads()),
                    group_digits(s.params), si(s.tokens), f("%.3g", s.flops), f("%.0f", s.gpu_days), cell(describe_fit(s.hardware))});

    out += "\n## Assumptions\n\n";
    for (const auto& a : tm.assumptions) out += "- " + a + "\n";
    for (const auto& a : rec.inference.assumptions) out += "- " + a + "\n";
    return out;
}

LaunchPlan launch_plan(const Design& d) {
    const Candidate& c = launch_candidate(d);
    LaunchPlan p;
    p.label = c.label;
    p.spec = c.spec;
    p.setup = &c == &recommended(d) ? d.recommended_setup : c.fit.setup;
    p.run = c.run;
    p.vocab_multiple = d.request.vocab_multiple;
    if (!c.fit.found) p.not_runnable = "candidate " + c.label + " has no arrangement to launch: " + describe_fit(c.fit);
    if (d.estimate_only) p.not_runnable = "no tokenizer files were given: a launch needs the tokenizer its vocabulary comes from";
    return p;
}

std::vector<OutputFile> design_files(const Design& d, ReportChoice reports) {
    std::vector<OutputFile> files;
    OutputFile config{"config.json", std::nullopt, "", false, OutputKind::config};
    if (const auto why = config_unavailable(d)) {
        config.error = why->what();
    } else {
        try {
            config.text = design_config_json(d);
        } catch (const Error& e) {
            config.error = e.what();
        }
    }
    files.push_back(std::move(config));
    auto report = [&](const char* name, bool wanted, std::string (*render)(const Design&)) {
        files.push_back(wanted ? OutputFile{name, render(d), "", false, OutputKind::report}
                               : OutputFile{name, std::nullopt, "", true, OutputKind::report});
    };
    report(kArchitectureReport, reports.architecture, architecture_report);
    report(kCapacityPlan, reports.capacity, capacity_plan);
    for (OutputFile& f : launch_files(launch_plan(d))) files.push_back(std::move(f));
    return files;
}

}  // namespace ma

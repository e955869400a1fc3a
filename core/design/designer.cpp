#include "designer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "../error.h"
#include "../family.h"
#include "../estimates/memory_report.h"
#include "../report_format.h"
#include "scale_templates.h"

namespace ma {
namespace {

using md::si;
std::string fmt(const char* format, double v) { return md::f(format, v); }

struct Shape {
    int64_t hidden, layers, heads, kv, ffn;
};

// The spec for a shape under the request's recipe and tokenizer.
ArchSpec make_spec(const Design& d, const Shape& s, int64_t context) {
    const DesignRequest& r = d.request;
    ArchSpec spec;
    spec.model_type = d.family.model_type;
    spec.vocab_size = d.vocab_size;
    spec.hidden_size = s.hidden;
    spec.num_hidden_layers = s.layers;
    spec.num_attention_heads = s.heads;
    spec.num_key_value_heads = s.kv;
    spec.head_dim = s.hidden / s.heads;
    spec.intermediate_size = s.ffn;
    spec.max_position_embeddings = context;
    spec.tie_word_embeddings = d.tied;
    spec.hidden_act = d.family.hidden_act;
    spec.attention_bias = d.family.attention_bias;
    spec.mlp_bias = d.family.mlp_bias;
    spec.rope_theta = context > 8192 ? 500000.0 : 10000.0;
    spec.norm_eps = family_for(spec.model_type).layout.norm == NormKind::layer ? 1e-5 : 1e-6;
    spec.use_parallel_residual = r.recipe.parallel_residual;
    if (r.recipe.sliding_window) spec.sliding_window = r.sliding_window.value_or(4096);
    if (r.recipe.moe) {
        spec.num_local_experts = r.num_local_experts;
        spec.num_experts_per_tok = r.num_experts_per_tok;
    }
    if (spec.model_type == "gpt_neox") spec.partial_rotary_factor = 0.25;
    spec.torch_dtype = "bfloat16";
    if (d.tokenizer) {
        spec.bos_token_id = d.tokenizer->bos.id;
        if (d.tokenizer->eos.id) spec.eos_token_id = {*d.tokenizer->eos.id};
        spec.pad_token_id = d.tokenizer->pad.id;
    }
    ArchSpec resolved = resolve(spec);
    // Modern pretraining uses no dropout; the gpt2 class defaults to 0.1.
    for (const char* key : {"resid_pdrop", "embd_pdrop", "attn_pdrop", "attention_dropout", "hidden_dropout"})
        if (resolved.extras.contains(key)) resolved.extras[key] = 0.0;
    if (resolved.extras.contains("hidden_activation")) resolved.extras["hidden_activation"] = spec.hidden_act;
    if (spec.model_type == "qwen2" || spec.model_type == "qwen3") {
        resolved.extras["use_sliding_window"] = r.recipe.sliding_window;
        resolved.extras["max_window_layers"] = 0;
    }
    return resolved;
}

int64_t kv_heads_for(const Recipe& recipe, int64_t heads, int64_t group) {
    if (recipe.attention == "mha" || recipe.norm == "layernorm") return heads;
    if (recipe.attention == "mqa") return 1;
    int64_t kv = std::max<int64_t>(1, heads / group);
    while (heads % kv != 0) --kv;
    return kv;
}

int64_t ffn_for(const Recipe& recipe, int64_t hidden) {
    return recipe.mlp == "gelu" ? 4 * hidden : swiglu_width(hidden);
}

// The shape closest to `target` parameters with an aspect ratio (hidden / layers) near `aspect`.
Shape search_shape(const Design& d, double target, double aspect, int64_t head_dim, int64_t group, int64_t context) {
    Shape best{};
    double best_score = 1e300;
    for (int64_t h = std::max<int64_t>(256, head_dim * 2); h <= 16384; h += 128) {
        if (h % head_dim != 0) continue;
        Shape s{h, 1, h / head_dim, 0, ffn_for(d.request.recipe, h)};
        if (d.request.recipe.attention == "gqa" && s.heads % group != 0) continue;  // keep the GQA group exact
        s.kv = kv_heads_for(d.request.recipe, s.heads, group);
        ArchSpec one = make_spec(d, s, context);
        const double c1 = double(count_parameters(one).total);
        one.num_hidden_layers = 2;
        const double per_layer = double(count_parameters(one).total) - c1;
        const double base = c1 - per_layer;
        const double layers = std::round((target - base) / per_layer);
        if (layers < 2 || layers > 256) continue;
        s.layers = static_cast<int64_t>(layers);
        const double total = base + layers * per_layer;
        const double score = std::fabs(std::log(total / target)) + 0.35 * std::fabs(std::log(double(h) / layers / aspect));
        if (score < best_score) {
            best_score = score;
            best = s;
        }
    }
    if (best.hidden == 0)
        throw Error(ErrorCode::invalid_value, "design", "no shape reaches " + si(target) + " parameters");
    return best;
}

const ScaleTemplate& class_for(double params) {
    const auto& t = scale_templates();
    for (const auto& c : t)
        if (params <= c.max_params) return c;
    return t.back();
}

double solve_params_for_loss(double loss) {
    // Hoffmann L(N, 20N) decreases in N; bisect in log space.
    if (loss <= 1.69 + 1e-3) throw Error(ErrorCode::invalid_value, "design.target_loss", "must be above the fit's irreducible loss 1.69");
    double lo = 1e6, hi = 1e14;
    if (loss_hoffmann(hi, 20 * hi) > loss) throw Error(ErrorCode::invalid_value, "design.target_loss", "is below what 100T parameters reach in the fit");
    if (loss_hoffmann(lo, 20 * lo) < loss) return lo;
    for (int i = 0; i < 200; ++i) {
        const double mid = std::sqrt(lo * hi);
        (loss_hoffmann(mid, 20 * mid) > loss ? lo : hi) = mid;
    }
    return hi;
}

double achieved_flops_per_second(const DesignRequest& r) { return double(r.gpus) * r.training.gpu.bf16_flops * r.mfu; }

void evaluate(const Design& d, Candidate& c, int64_t context) {
    const DesignRequest& r = d.request;
    c.count = count_parameters(c.spec);
    const int64_t seq = r.training_seq_len_set ? r.training.seq_len : context;
    c.flops_per_token = 3.0 * forward_flops_per_token(c.spec, seq, true);
    const double chinchilla = 20.0 * double(c.count.total);
    if (c.wanted_tokens <= 0) c.wanted_tokens = d.budget_flops > 0 ? d.budget_flops / c.flops_per_token : chinchilla;
    c.tokens = r.tokens_available ? std::min(c.wanted_tokens, *r.tokens_available) : c.wanted_tokens;
    c.train_flops = c.flops_per_token * c.tokens;
    const double seconds = c.train_flops / achieved_flops_per_second(r);
    c.train_days = seconds / 86400.0;
    c.gpu_hours = seconds * double(r.gpus) / 3600.0;
    c.cost = c.gpu_hours * r.price_per_gpu_hour;
    c.loss = loss_besiroglu(double(c.count.active_per_token), c.tokens);

    TrainingSetup t = r.training;
    t.seq_len = seq;
    if (r.arrangement_fixed) {
        try {
            c.fit = check_arrangement(c.spec, t);
        } catch (const Error& e) {
            c.fit = FitResult{};
            c.fit.setup = t;
            c.fit.summary = "the requested arrangement does not apply: " + e.message();
        }
    } else {
        c.fit = find_fit(c.spec, t, r.gpus, true);
    }
    InferenceSetup inf;
    inf.gpu = r.training.gpu;
    inf.batch = r.latency_batch;
    inf.prompt = std::min<int64_t>(r.prompt_tokens, context);
    inf.context = context;
    c.inference = inference_estimate(c.spec, inf);

    auto check = [&](std::string name, bool met, std::string value, std::string limit, std::string detail) {
        c.checks.push_back({std::move(name), met, std::move(value), std::move(limit), std::move(detail)});
        if (!met) ++c.failed;
    };
    check("training memory", c.fit.found, c.fit.found ? "fits" : "does not fit",
          std::to_string(r.gpus) + " x " + r.training.gpu.id, c.fit.summary);
    if (r.days)
        check("training time", c.train_days <= *r.days * 1.0001, fmt("%.1f days", c.train_days), fmt("<= %.1f days", *r.days),
              c.train_days <= *r.days * 1.0001 ? "within budget" : "over by " + fmt("%.0f%%", (c.train_days / *r.days - 1) * 100));
    if (r.tokens_available) {
        const bool enough = c.wanted_tokens <= *r.tokens_available * 1.0001;
        check("training data", enough, si(c.wanted_tokens) + " tokens wanted", "<= " + si(*r.tokens_available) + " available",
              enough ? "enough data for the plan" : "data-limited: short by " + fmt("%.0f%%", (1 - *r.tokens_available / c.wanted_tokens) * 100) +
                                                       "; trains on the available tokens (repeat them, or pick a smaller model)");
    }
    const double per_sequence = c.inference.decode_tokens_per_s / double(r.latency_batch);
    if (r.min_decode_tokens_per_s) {
        const bool met = per_sequence >= *r.min_decode_tokens_per_s;
        check("decode speed", met, fmt("%.0f tokens/s", per_sequence), fmt(">= %.0f tokens/s", *r.min_decode_tokens_per_s),
              (met ? std::string("met") : "short by " + fmt("%.0f%%", (1 - per_sequence / *r.min_decode_tokens_per_s) * 100)) +
                  " (batch " + std::to_string(r.latency_batch) + ", context " + std::to_string(context) + ", bf16 on " + r.training.gpu.id + ")");
    }
    if (r.max_ttft_ms) {
        const bool met = c.inference.time_to_first_token_ms <= *r.max_ttft_ms;
        check("time to first token", met, fmt("%.0f ms", c.inference.time_to_first_token_ms), fmt("<= %.0f ms", *r.max_ttft_ms),
              (met ? std::string("met") : "over by " + fmt("%.0f%%", (c.inference.time_to_first_token_ms / *r.max_ttft_ms - 1) * 100)) +
                  " (prompt " + std::to_string(std::min<int64_t>(r.prompt_tokens, context)) + " tokens)");
    }
    check("inference memory", c.inference.fits, format_bytes(c.inference.total_bytes),
          "<= " + format_bytes(r.training.gpu.memory_bytes), "bf16 weights and KV cache at batch " + std::to_string(r.latency_batch));
}

// Without a compute budget every alternative gets A's training compute, so
// the comparison is at equal cost (0 = use the budget).
double same_compute_tokens(const Design& d, const ArchSpec& spec) {
    if (d.budget_flops > 0) return 0;
    const DesignRequest& r = d.request;
    const int64_t seq = r.training_seq_len_set ? r.training.seq_len : spec.max_position_embeddings;
    return d.candidates.front().train_flops / (3.0 * forward_flops_per_token(spec, seq, true));
}

// Appends and evaluates a candidate labelled A, B, ... in order. Alternatives to A get A's
// compute when there is no budget, so all are compared at equal cost.
void add_candidate(Design& d, const Shape& shape, int64_t context, std::string kind, std::string why) {
    Candidate c;
    c.label = std::string(1, char('A' + d.candidates.size()));
    c.kind = std::move(kind);
    c.why = std::move(why);
    c.spec = make_spec(d, shape, context);
    if (!d.candidates.empty()) c.wanted_tokens = same_compute_tokens(d, c.spec);
    evaluate(d, c, context);
    d.candidates.push_back(std::move(c));
}

}  // namespace

const Candidate& recommended(const Design& d) { return d.candidates.at(d.recommended); }

Design run_design(const DesignRequest& request, const std::optional<TokenizerFacts>& tokenizer) {
    Design d;
    d.request = request;
    d.tokenizer = tokenizer;
    if (tokenizer && tokenizer->tokenizer_size > 0) {
        d.vocab_size = padded_vocab_size(tokenizer->tokenizer_size, request.vocab_multiple);
    } else if (request.vocab_size) {
        d.vocab_size = *request.vocab_size;
        d.estimate_only = true;
    } else {
        throw Error(ErrorCode::missing_input, "tokenizer",
                    "no tokenizer files and no vocab_size: the design needs the vocabulary size (give the tokenizer's files, or a vocab size for an estimate)");
    }
    if (request.vocab_size && tokenizer && *request.vocab_size < tokenizer->tokenizer_size)
        throw Error(ErrorCode::invalid_value, "design.vocab_size", "is smaller than the tokenizer (" + std::to_string(tokenizer->tokenizer_size) + ")");

    // Compute budget.
    const double rate = achieved_flops_per_second(request);
    if (request.flops) d.budget_flops = *request.flops;
    else if (request.gpu_hours) d.budget_flops = *request.gpu_hours * 3600.0 * request.training.gpu.bf16_flops * request.mfu;
    else if (request.money) d.budget_flops = *request.money / request.price_per_gpu_hour * 3600.0 * request.training.gpu.bf16_flops * request.mfu;
    else if (request.days) d.budget_flops = *request.days * 86400.0 * rate;

    // Target size.
    const ScaleTemplate* cls = nullptr;
    double target = 0;
    if (request.params) {
        target = *request.params;
        d.target = "the requested " + si(target) + " parameters";
    } else if (request.target_loss) {
        target = solve_params_for_loss(*request.target_loss);
        d.target = "the size whose Chinchilla-optimal loss (Hoffmann fit) is " + fmt("%.2f", *request.target_loss) + ": " + si(target) + " parameters";
    } else if (!request.scale.empty() || d.budget_flops <= 0) {
        cls = &scale_template(request.scale.empty() ? "300M-700M" : request.scale);
        if (d.budget_flops > 0) {
            target = std::clamp(std::sqrt(d.budget_flops / 120.0), cls->min_params, cls->max_params);
            d.target = "the compute-optimal size for the budget (C = 6ND with D = 20N), within the " + cls->id + " class: " + si(target);
        } else {
            d.target = "the " + cls->id + " template";
        }
    } else {
        target = std::sqrt(d.budget_flops / 120.0);
        d.target = "the compute-optimal size for the budget (C = 6ND with D = 20N): " + si(target) + " parameters";
    }
    if (!cls) cls = &class_for(target);
    d.scale = cls->id;
    d.tied = request.tied_set ? request.recipe.tied : cls->tie_word_embeddings;
    Recipe recipe = request.recipe;
    recipe.tied = d.tied;
    d.family = choose_family(recipe);
    const int64_t context = request.context.value_or(cls->max_position_embeddings);
    const int64_t head_dim = cls->hidden_size / cls->num_attention_heads;
    const int64_t group = std::max<int64_t>(1, cls->num_attention_heads / cls->num_key_value_heads);
    const double aspect = double(cls->hidden_size) / double(cls->num_hidden_layers);

    // A: the balanced, compute-optimal design.
    Shape a_shape;
    if (target <= 0) {
        a_shape = {cls->hidden_size, cls->num_hidden_layers, cls->num_attention_heads, 0, ffn_for(request.recipe, cls->hidden_size)};
        a_shape.kv = kv_heads_for(request.recipe, a_shape.heads, group);
    } else {
        a_shape = search_shape(d, target, aspect, head_dim, group, context);
    }
    add_candidate(d, a_shape, context, "compute-optimal",
                  d.budget_flops > 0 ? "sized for the compute budget at ~20 tokens per parameter (Chinchilla)"
                                     : "the class default, trained on ~20 tokens per parameter (Chinchilla)");
    const double a_params = double(d.candidates.front().count.total);
    auto differs = [&](const Shape& s) { return s.hidden != a_shape.hidden || s.layers != a_shape.layers; };

    // B: a smaller model trained on more tokens for the same compute: cheaper and faster to serve.
    const Shape b_shape = search_shape(d, std::max(a_params / 2.5, request.scale.empty() ? 0.0 : cls->min_params), aspect, head_dim, group, context);
    if (differs(b_shape))
        add_candidate(d, b_shape, context, "inference-optimal (over-trained)",
                      "fewer parameters trained on more tokens for the same compute: faster and cheaper to serve, slightly higher loss");
    // C: the same size, deeper and narrower.
    const Shape c_shape = search_shape(d, a_params, aspect / 3.0, head_dim, group, context);
    if (differs(c_shape))
        add_candidate(d, c_shape, context, "deeper and narrower",
                      "the same parameters in more, narrower layers: often slightly better quality at small scale (MobileLLM), slower per token");
    // D: a larger GQA group (half the KV heads): half the KV cache.
    if (request.recipe.attention == "gqa" && a_shape.kv > 1) {
        Shape s = a_shape;
        s.kv = a_shape.kv / 2;
        while (s.heads % s.kv != 0) --s.kv;
        add_candidate(d, s, context, "larger GQA group",
                      "half the key/value heads: half the KV cache and faster long-context decode, a small quality cost (Ainslie et al. 2023)");
    }

    // Recommend: fewest failed constraints; among those, the first (simplest) candidate whose
    // estimated loss is within the loss law's resolution of the lowest.
    constexpr double kLossResolution = 0.01;
    int fewest = d.candidates.front().failed;
    for (const Candidate& c : d.candidates) fewest = std::min(fewest, c.failed);
    double lowest = 1e300;
    for (const Candidate& c : d.candidates)
        if (c.failed == fewest) lowest = std::min(lowest, c.loss);
    for (size_t i = 0; i < d.candidates.size(); ++i)
        if (d.candidates[i].failed == fewest && d.candidates[i].loss <= lowest + kLossResolution) {
            d.recommended = i;
            break;
        }
    const Candidate& rec = d.candidates[d.recommended];
    std::string why = rec.label + " (" + rec.kind + ", " + si(double(rec.count.total)) + " parameters) is recommended: ";
    why += rec.failed == 0 ? "it meets every constraint" : "it fails the fewest constraints (" + std::to_string(rec.failed) + ")";
    why += rec.loss <= lowest + 1e-12 ? " and its estimated loss " + fmt("%.3f", rec.loss) + " is the lowest among the candidates that do as well"
                                      : " and its estimated loss " + fmt("%.3f", rec.loss) + " is within " + fmt("%.2f", kLossResolution) +
                                            " of the lowest (" + fmt("%.3f", lowest) + "), below what the loss law resolves, so the simpler design is preferred";
    for (const Candidate& c : d.candidates) {
        if (&c == &rec) continue;
        why += "; " + c.label + ": loss " + fmt("%.3f", c.loss);
        for (const auto& chk : c.checks)
            if (!chk.met) why += ", fails " + chk.name + " (" + chk.value + ", limit " + chk.limit + ")";
    }
    why += ". Training: " + si(rec.tokens) + " tokens, " + fmt("%.3g", rec.train_flops) + " FLOPs, " + fmt("%.1f", rec.train_days) +
           " days on " + std::to_string(request.gpus) + " x " + request.training.gpu.id + " at MFU " + fmt("%.2f", request.mfu) +
           "; decode " + fmt("%.0f", rec.inference.decode_tokens_per_s / double(request.latency_batch)) + " tokens/s per sequence.";
    d.rationale = why;

    // Scaling path: the same recipe and tokenizer through the larger classes.
    bool started = false;
    for (const ScaleTemplate& t : scale_templates()) {
        if (t.id == d.scale) started = true;
        if (!started) continue;
        Shape s{t.hidden_size, t.num_hidden_layers, t.num_attention_heads, 0, ffn_for(request.recipe, t.hidden_size)};
        s.kv = kv_heads_for(request.recipe, s.heads, std::max<int64_t>(1, t.num_attention_heads / t.num_key_value_heads));
        ScalingStep step;
        step.scale = t.id;
        step.spec = t.id == d.scale ? rec.spec : make_spec(d, s, std::max(context, t.max_position_embeddings));
        step.params = count_parameters(step.spec).total;
        step.tokens = 20.0 * double(step.params);
        step.flops = 3.0 * forward_flops_per_token(step.spec, step.spec.max_position_embeddings, true) * step.tokens;
        step.gpu_days = step.flops / (request.training.gpu.bf16_flops * request.mfu) / 86400.0;
        TrainingSetup ts = request.training;
        ts.seq_len = step.spec.max_position_embeddings;
        step.hardware = find_fit(step.spec, ts, 4096).summary;
        d.scaling_path.push_back(std::move(step));
    }
    if (tokenizer) d.context_checks = check_context_length(context, tokenizer->model_max_length, tokenizer->sequence_lengths);
    return d;
}

}  // namespace ma

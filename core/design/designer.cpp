#include "designer.h"

#include "../estimates/engines/engine_profile.h"

#include <algorithm>
#include <cmath>

#include "../error.h"
#include "../format.h"
#include "candidates.h"
#include "scaling_path.h"
#include "shape_form.h"
#include "shape_grid.h"
#include "shapes.h"
#include "shape_rules.h"
#include "targets.h"
#include "../model/hf_config.h"
#include "../model/param_count.h"

namespace ma {
namespace {

// The mixture-of-experts candidate: OLMoE's and Qwen3-30B-A3B's granularity (64 and 128 experts, 8 routed).
constexpr int64_t kMoeExperts = 64, kMoeActive = 8;
constexpr double kMoeFromParams = 5e9;  // the 7B class and larger get one unless moe_candidate is off

// The vocabulary: the tokenizer's padded size, or the typed size of an estimate.
void choose_vocabulary(Design& d) {
    const DesignRequest& r = d.request;
    if (d.tokenizer && d.tokenizer->tokenizer_size > 0) {
        d.vocab_size = padded_vocab_size(d.tokenizer->tokenizer_size, r.vocab_multiple);
    } else if (r.vocab_size) {
        d.vocab_size = *r.vocab_size;
        d.estimate_only = true;
    } else {
        throw Error(ErrorCode::missing_input, "tokenizer",
                    "no tokenizer files and no vocab_size: the design needs the vocabulary size (give the tokenizer's files, or a vocab size for an estimate)");
    }
    if (r.vocab_size && d.tokenizer && *r.vocab_size < d.tokenizer->tokenizer_size)
        throw Error(ErrorCode::invalid_value, "design.vocab_size", "is smaller than the tokenizer (" + std::to_string(d.tokenizer->tokenizer_size) + ")");
}

// A, then the alternatives that move size, depth or KV heads around it, and (without a budget)
// A's shape trained as long as current models of the class are.
void add_candidates(Design& d, const ScaleTemplate& cls, const Target& t) {
    const DesignRequest& r = d.request;
    const bool stay_in_class = r.scale.has_value() || (!r.params && !r.target_loss && !r.base_config && d.budget_flops <= 0);
    ShapeTarget target{t.params, double(cls.hidden_size) / double(cls.num_hidden_layers), cls.hidden_size / cls.num_attention_heads,
                       std::max<int64_t>(1, cls.num_attention_heads / cls.num_key_value_heads)};
    if (stay_in_class) target.min_params = cls.min_params, target.max_params = cls.max_params;

    Shape a;
    if (r.base_config) {
        a = shape_of(read_hf_config_json(*r.base_config, "base_config").spec);
        // Vary the given config around its own head size, GQA group, MLP ratio and depth.
        target.head_dim = a.head_dim;
        target.group = std::max<int64_t>(1, a.heads / a.kv);
        target.aspect = double(a.hidden) / double(a.layers);
        target.ffn_ratio = double(a.ffn) / double(a.hidden);
    } else if (t.params <= 0) {
        a = template_shape(d.recipe, cls);
        // With this tokenizer the template may fall outside the class: move to its nearest bound.
        const double total = double(count_parameters(make_spec(d, a, d.context)).total);
        if (total < cls.min_params || total > cls.max_params) {
            target.params = std::clamp(total, cls.min_params, cls.max_params);
            if (const auto found = search_shape(d, cls, target)) a = *found;
        }
    } else {
        const auto found = search_shape(d, cls, target, true);
        if (!found)
            throw Error(ErrorCode::invalid_value, "design", "no shape near " + fmt::si(t.params) + " parameters keeps the shape rules of the " +
                                                                cls.id + " class (docs/design.md, 'Shape rules')");
        a = *found;
    }
    add_candidate(d, a, t.a_kind);
    const double a_params = double(d.candidates.front().count.total);
    auto differs = [&](const Shape& s) { return s.hidden != a.hidden || s.layers != a.layers; };

    // B: a smaller model trained on more tokens for the same compute: cheaper and faster to serve.
    ShapeTarget smaller = target;
    smaller.params = std::max(a_params / 2.5, smaller.min_params);
    if (const auto b = search_shape(d, cls, smaller); b && differs(*b) && double(count_parameters(make_spec(d, *b, d.context)).total) < a_params)
        add_candidate(d, *b, CandidateKind::smaller_over_trained);
    // C: the same size, as deep as the deepest published models of the class.
    ShapeTarget deeper = target;
    deeper.params = a_params;
    deeper.aspect = cls.min_aspect;
    if (const auto c = search_shape(d, cls, deeper); c && differs(*c)) add_candidate(d, *c, CandidateKind::deeper);
    // D: a larger GQA group (half the KV heads): half the KV cache, if the heads still split over tensor parallelism.
    if (d.recipe.attention == AttentionChoice::gqa && a.kv > 1) {
        Shape s = a;
        s.kv = a.kv / 2;
        while (s.heads % s.kv != 0) --s.kv;
        const double total = double(count_parameters(make_spec(d, s, d.context)).total);
        const bool in_bounds = total >= target.min_params && total <= target.max_params;
        if ((r.base_config || tp_friendly(s.heads, s.kv, cls.tp_degrees)) && in_bounds) add_candidate(d, s, CandidateKind::larger_gqa_group);
    }
    // M: a fine-grained mixture of experts at A's active compute (A's attention, 64 experts of an eighth of
    // A's MLP width, 8 routed per token), where the design offers one.
    if (d.moe_family && a.experts == 0) {
        Shape m = a;
        m.experts = kMoeExperts;
        m.experts_per_token = kMoeActive;
        m.ffn = expert_width_for(a.ffn, kMoeActive);
        add_candidate(d, m, CandidateKind::mixture_of_experts);
    }
    // E: without a budget, A's shape on as many tokens per parameter as the class's published models.
    const double published = published_tokens_per_param(cls);
    if (d.budget_flops <= 0 && published > 20) add_candidate(d, a, CandidateKind::published_tokens, {published});
}

// Why the training engine cannot train a design of these components, or nullopt.
std::optional<std::string> engine_refuses(const Design& d, const FamilyChoice& family, bool tied) {
    ArchSpec probe = default_spec(family.model_type);
    probe.tie_word_embeddings = tied;
    probe.attention_bias = family.attention_bias;
    probe.mlp_bias = family.mlp_bias;
    if (d.recipe.sliding_window) probe.sliding_window = d.request.sliding_window.value_or(4096);
    return engine_refusal(engine_profile(d.request.training.engine), resolve(probe));
}

// Whether the design adds a mixture-of-experts candidate, and which family builds it: the request's
// components with moe on, where an HF family and the training engine have them.
void choose_moe_family(Design& d, const ScaleTemplate& cls) {
    const std::string asked = d.request.moe_candidate.value_or("");
    const bool wanted = asked == "on" || (asked.empty() && cls.min_params >= kMoeFromParams);
    if (!wanted || d.recipe.moe) return;
    Recipe moe = d.recipe;
    moe.moe = true;
    try {
        const FamilyChoice f = choose_family(moe);
        if (!engine_refuses(d, f, d.tied)) d.moe_family = f;
    } catch (const Error&) {
        // No HF family builds these components with experts: the design has no MoE candidate.
    }
    if (!d.moe_family) d.notes.push_back({NoteKind::no_moe_family, 0, 0, name_of(d.request.training.engine)});
}

// Fewest failed constraints; among those, the first (simplest) candidate whose
// estimated loss is within the loss law's resolution of the lowest.
// Only candidates at the compared compute take part (not E, which costs more).
void recommend(Design& d) {
    int fewest = 1 << 30;
    for (const Candidate& c : d.candidates)
        if (c.comparable) fewest = std::min(fewest, c.failed);
    double lowest = 1e300;
    for (const Candidate& c : d.candidates)
        if (c.comparable && c.failed == fewest) lowest = std::min(lowest, c.loss);
    for (size_t i = 0; i < d.candidates.size(); ++i)
        if (d.candidates[i].comparable && d.candidates[i].failed == fewest && d.candidates[i].loss <= lowest + kLossResolution) {
            d.recommended = i;
            return;
        }
}


// The family and components: a given config's own, or the request's with tying resolved, as
// the training engine can train them (untied where it has no tied head and tying was not asked).
void choose_components(Design& d, const ScaleTemplate& cls) {
    const DesignRequest& r = d.request;
    if (!r.base_config) {
        d.tied = r.tied_set ? r.recipe.tied : cls.tie_word_embeddings;
        d.recipe = r.recipe;
        d.recipe.tied = d.tied;
        d.family = choose_family(d.recipe);
        d.context = r.context.value_or(cls.max_position_embeddings);
        if (d.tied && !r.tied_set && engine_refuses(d, d.family, true) && !engine_refuses(d, d.family, false)) {
            d.tied = d.recipe.tied = false;
            d.notes.push_back({NoteKind::engine_untied, 0, 0, name_of(r.training.engine)});
        }
        if (const auto why = engine_refuses(d, d.family, d.tied))
            throw Error(ErrorCode::unsupported, "design.training.engine", *why + "; choose components it has a model for (docs/engines.md)");
        return;
    }
    const ArchSpec base = read_hf_config_json(*r.base_config, "base_config").spec;
    if (const auto why = engine_refusal(engine_profile(r.training.engine), resolve(base)))
        throw Error(ErrorCode::unsupported, "design.training.engine", *why);
    d.recipe = recipe_for_spec(base);
    d.tied = base.tie_word_embeddings;
    d.family = choose_family(d.recipe);
    d.family.model_type = base.model_type;  // the config's own family, even where another row builds the same recipe
    d.family.attention_bias = base.attention_bias;
    d.family.mlp_bias = base.mlp_bias;
    const nlohmann::json own = to_json(d.recipe);
    for (auto it = r.recipe_given.begin(); it != r.recipe_given.end(); ++it)
        if (own.contains(it.key()) && own[it.key()] != it.value())
            throw Error(ErrorCode::conflict, "design.recipe." + it.key(),
                        "recipe." + it.key() + " " + it.value().dump() + " differs from the given config (" + own[it.key()].dump() +
                            "): a different component is a different architecture; design it without base_config");
    if (r.context && *r.context != base.max_position_embeddings)
        throw Error(ErrorCode::conflict, "design.context", "context " + std::to_string(*r.context) + " differs from the given config's max_position_embeddings (" +
                                                               std::to_string(base.max_position_embeddings) + ")");
    d.context = base.max_position_embeddings;
}

// The recommended design's memory under the arrangement its check used (found, or requested);
// a requested layout that does not divide the model is shown on one GPU.
void plan_recommended_memory(Design& d) {
    const Candidate& rec = recommended(d);
    TrainingSetup setup = rec.fit.found ? rec.fit.setup : d.request.training;
    if (!rec.fit.found) setup.seq_len = training_seq_len(d.request, rec.spec.max_position_embeddings);
    if (layout_problem(rec.spec, setup)) {
        setup.dp = setup.tp = setup.pp = 1;
        setup.sequence_parallel = false;
    }
    d.recommended_setup = setup;
    d.recommended_memory = training_memory(rec.spec, setup);
}

}  // namespace

const Candidate& recommended(const Design& d) { return d.candidates.at(d.recommended); }

std::vector<GpuFit> recommended_fits_by_gpu(const Design& d) {
    TrainingSetup base = d.request.training;
    base.seq_len = d.recommended_setup.seq_len;
    return fits_by_gpu(recommended(d).spec, base);
}

const Candidate& launch_candidate(const Design& d) {
    if (!d.request.launch_candidate) return recommended(d);
    for (const Candidate& c : d.candidates)
        if (c.label == *d.request.launch_candidate) return c;
    throw Error(ErrorCode::invalid_value, "design.launch_candidate",
                "'" + *d.request.launch_candidate + "' is not a candidate of this design (A to " + d.candidates.back().label + ")");
}

Design run_design(const DesignRequest& given_request, const std::optional<TokenizerFacts>& tokenizer) {
    Design d;
    DesignRequest request = given_request;
    std::optional<CorpusYield> from_corpus;
    if (tokenizer && tokenizer->corpus && !request.tokens_available)
        if ((from_corpus = corpus_yield(*tokenizer->corpus, {request.corpus_bytes, request.corpus_documents})))
            request.tokens_available = from_corpus->tokens;
    d.request = request;
    d.tokenizer = tokenizer;
    choose_vocabulary(d);
    d.budget_flops = budget_flops(request);
    const double given = request.base_config ? double(count_parameters(read_hf_config_json(*request.base_config, "base_config").spec).total) : 0;
    const Target target = choose_target(request, d.budget_flops, given);
    d.target = target.description;
    d.scale = target.cls->id;
    d.optimal_params = target.optimal_params;
    d.notes = target.notes;
    if (from_corpus) d.notes.insert(d.notes.begin(), {NoteKind::corpus_tokens, from_corpus->tokens, 0, from_corpus->formula});
    choose_components(d, *target.cls);
    choose_moe_family(d, *target.cls);

    d.shape_forms = shape_form_cache_for(d);
    add_candidates(d, *target.cls, target);
    d.shape_grid = cached_search_grid(d, *target.cls);
    recommend(d);
    const Candidate& rec = recommended(d);
    if (rec.tokens < rec.wanted_tokens * 0.9999) d.notes.push_back({NoteKind::data_limited, rec.tokens, rec.wanted_tokens, ""});
    d.scaling_path = scaling_path(d);
    if (tokenizer) {
        d.context_checks = check_context_length(d.context, tokenizer->model_max_length, tokenizer->lengths_for_checks());
        if (tokenizer->corpus)
            if (const auto share = share_over_context(*tokenizer->corpus, d.context)) d.context_checks.push_back({"note", *share});
    }
    plan_recommended_memory(d);
    launch_candidate(d);  // a launch candidate the design does not have is an error now, not in the files
    return d;
}

}  // namespace ma

#include "designer.h"

#include <algorithm>
#include <cmath>

#include "../error.h"
#include "../format.h"
#include "candidates.h"
#include "scaling_path.h"
#include "shapes.h"
#include "targets.h"

namespace ma {
namespace {

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

// A, then the alternatives that move size, depth or KV heads around it.
void add_candidates(Design& d, const ScaleTemplate& cls, double target) {
    const DesignRequest& r = d.request;
    const int64_t head_dim = cls.hidden_size / cls.num_attention_heads;
    const int64_t group = std::max<int64_t>(1, cls.num_attention_heads / cls.num_key_value_heads);
    const double aspect = double(cls.hidden_size) / double(cls.num_hidden_layers);

    // A: the balanced, compute-optimal design.
    const Shape a = target <= 0 ? template_shape(r.recipe, cls) : search_shape(d, target, aspect, head_dim, group, d.context);
    add_candidate(d, a, "compute-optimal",
                  d.budget_flops > 0 ? "sized for the compute budget at ~20 tokens per parameter (Chinchilla)"
                                     : "the class default, trained on ~20 tokens per parameter (Chinchilla)");
    const double a_params = double(d.candidates.front().count.total);
    auto differs = [&](const Shape& s) { return s.hidden != a.hidden || s.layers != a.layers; };

    // B: a smaller model trained on more tokens for the same compute: cheaper and faster to serve.
    const Shape b = search_shape(d, std::max(a_params / 2.5, r.scale ? cls.min_params : 0.0), aspect, head_dim, group, d.context);
    if (differs(b))
        add_candidate(d, b, "inference-optimal (over-trained)",
                      "fewer parameters trained on more tokens for the same compute: faster and cheaper to serve, slightly higher loss");
    // C: the same size, deeper and narrower.
    const Shape c = search_shape(d, a_params, aspect / 3.0, head_dim, group, d.context);
    if (differs(c))
        add_candidate(d, c, "deeper and narrower",
                      "the same parameters in more, narrower layers: often slightly better quality at small scale (MobileLLM), slower per token");
    // D: a larger GQA group (half the KV heads): half the KV cache.
    if (r.recipe.attention == AttentionChoice::gqa && a.kv > 1) {
        Shape s = a;
        s.kv = a.kv / 2;
        while (s.heads % s.kv != 0) --s.kv;
        add_candidate(d, s, "larger GQA group",
                      "half the key/value heads: half the KV cache and faster long-context decode, a small quality cost (Ainslie et al. 2023)");
    }
}

// Fewest failed constraints; among those, the first (simplest) candidate whose
// estimated loss is within the loss law's resolution of the lowest.
void recommend(Design& d) {
    int fewest = d.candidates.front().failed;
    for (const Candidate& c : d.candidates) fewest = std::min(fewest, c.failed);
    double lowest = 1e300;
    for (const Candidate& c : d.candidates)
        if (c.failed == fewest) lowest = std::min(lowest, c.loss);
    for (size_t i = 0; i < d.candidates.size(); ++i)
        if (d.candidates[i].failed == fewest && d.candidates[i].loss <= lowest + kLossResolution) {
            d.recommended = i;
            return;
        }
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
    for (const std::string& id : fit_table_gpus()) {
        TrainingSetup base = d.request.training;
        base.gpu = gpu_by_id(id);
        base.seq_len = setup.seq_len;
        d.fits_by_gpu.push_back({base.gpu, find_fit(rec.spec, base, kFitTableMaxGpus)});
    }
}

}  // namespace

const Candidate& recommended(const Design& d) { return d.candidates.at(d.recommended); }

const std::vector<std::string>& fit_table_gpus() {
    static const std::vector<std::string> ids = {"RTX-4090", "L40S", "A100-80GB", "H100-SXM", "H200", "B200", "MI300X"};
    return ids;
}

Design run_design(const DesignRequest& request, const std::optional<TokenizerFacts>& tokenizer) {
    Design d;
    d.request = request;
    d.tokenizer = tokenizer;
    choose_vocabulary(d);
    d.budget_flops = budget_flops(request);
    const Target target = choose_target(request, d.budget_flops);
    d.target = target.description;
    d.scale = target.cls->id;
    d.tied = request.tied_set ? request.recipe.tied : target.cls->tie_word_embeddings;
    Recipe recipe = request.recipe;
    recipe.tied = d.tied;
    d.family = choose_family(recipe);
    d.context = request.context.value_or(target.cls->max_position_embeddings);

    add_candidates(d, *target.cls, target.params);
    recommend(d);
    d.scaling_path = scaling_path(d);
    if (tokenizer) d.context_checks = check_context_length(d.context, tokenizer->model_max_length, tokenizer->sequence_lengths);
    plan_recommended_memory(d);
    return d;
}

}  // namespace ma

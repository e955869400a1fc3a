#include "shapes.h"

#include <algorithm>
#include <cmath>

#include "../error.h"
#include "../format.h"
#include "../model/family.h"
#include "../model/hf_config.h"
#include "../model/param_count.h"

namespace ma {

ArchSpec make_spec(const Design& d, const Shape& s, int64_t context) {
    const DesignRequest& r = d.request;
    const Family& family = family_for(d.family.model_type);
    ArchSpec spec = default_spec(d.family.model_type);  // activation, norm eps, rotary fraction and extras: the HF defaults
    spec.vocab_size = d.vocab_size;
    spec.hidden_size = s.hidden;
    spec.num_hidden_layers = s.layers;
    spec.num_attention_heads = s.heads;
    spec.num_key_value_heads = s.kv;
    spec.head_dim = s.hidden / s.heads;
    spec.intermediate_size = s.ffn;
    spec.max_position_embeddings = context;
    spec.tie_word_embeddings = d.tied;
    spec.attention_bias = d.family.attention_bias;
    spec.mlp_bias = d.family.mlp_bias;
    spec.rope_theta = context > 8192 ? 500000.0 : 10000.0;
    spec.use_parallel_residual = r.recipe.parallel_residual;
    spec.sliding_window = r.recipe.sliding_window ? std::optional<int64_t>(r.sliding_window.value_or(4096)) : std::nullopt;
    if (r.recipe.moe) {
        spec.num_local_experts = r.experts();
        spec.num_experts_per_tok = r.num_experts_per_tok;
    }
    spec.torch_dtype = "bfloat16";
    // The tokenizer's ids, never the family's defaults (an estimate has none).
    spec.bos_token_id = d.tokenizer ? d.tokenizer->bos.id : std::nullopt;
    spec.eos_token_id = d.tokenizer && d.tokenizer->eos.id ? std::vector<int64_t>{*d.tokenizer->eos.id} : std::vector<int64_t>{};
    spec.pad_token_id = d.tokenizer ? d.tokenizer->pad.id : std::nullopt;
    ArchSpec resolved = resolve(spec);
    for (auto it = family.design.extras.begin(); it != family.design.extras.end(); ++it) resolved.extras[it.key()] = it.value();
    if (!family.keys.window_switch.empty()) resolved.extras[family.keys.window_switch] = r.recipe.sliding_window;
    return resolved;
}

int64_t kv_heads_for(const Recipe& recipe, int64_t heads, int64_t group) {
    if (recipe.attention == AttentionChoice::mha || recipe.norm == NormChoice::layernorm) return heads;
    if (recipe.attention == AttentionChoice::mqa) return 1;
    int64_t kv = std::max<int64_t>(1, heads / group);
    while (heads % kv != 0) --kv;
    return kv;
}

int64_t ffn_for(const Recipe& recipe, int64_t hidden) {
    return recipe.mlp == MlpChoice::gelu ? 4 * hidden : swiglu_width(hidden);
}

Shape template_shape(const Recipe& recipe, const ScaleTemplate& t) {
    Shape s{t.hidden_size, t.num_hidden_layers, t.num_attention_heads, 0, ffn_for(recipe, t.hidden_size)};
    s.kv = kv_heads_for(recipe, s.heads, std::max<int64_t>(1, t.num_attention_heads / t.num_key_value_heads));
    return s;
}

Shape search_shape(const Design& d, double target, double aspect, int64_t head_dim, int64_t group, int64_t context) {
    Shape best{};
    double best_score = 1e300;
    for (int64_t h = std::max<int64_t>(256, head_dim * 2); h <= 16384; h += 128) {
        if (h % head_dim != 0) continue;
        Shape s{h, 1, h / head_dim, 0, ffn_for(d.request.recipe, h)};
        if (d.request.recipe.attention == AttentionChoice::gqa && s.heads % group != 0) continue;  // keep the GQA group exact
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
        throw Error(ErrorCode::invalid_value, "design", "no shape reaches " + fmt::si(target) + " parameters");
    return best;
}

}  // namespace ma

#include "shapes.h"

#include <algorithm>
#include <cmath>

#include "../error.h"
#include "../model/family.h"
#include "../model/hf_config.h"
#include "../model/param_count.h"
#include "shape_form.h"
#include "shape_rules.h"

namespace ma {

double design_rope_theta(int64_t context) { return context > 8192 ? 500000.0 : 10000.0; }

namespace {

// A fine-grained MoE family's expert width, shared experts and leading dense layers from the request.
void set_moe_layout(ArchSpec& spec, const Family& family, const DesignRequest& r, int64_t width) {
    const FamilyLayout& l = family.layout;
    if (!l.expert_width_key) return;
    spec.extras["moe_intermediate_size"] = width;
    const int64_t shared = r.shared_experts.value_or(1);
    if (l.shared_expert == SharedExpert::gated) spec.extras["shared_expert_intermediate_size"] = shared * width;
    if (l.shared_expert == SharedExpert::summed) spec.extras["n_shared_experts"] = shared;
    const int64_t dense = std::min<int64_t>(r.first_dense_layers.value_or(l.moe_layers == MoeLayers::after_first_k ? 1 : 0), spec.num_hidden_layers);
    if (l.moe_layers == MoeLayers::after_first_k) spec.extras["first_k_dense_replace"] = dense;
    if (l.moe_layers == MoeLayers::sparse_step) {
        nlohmann::json layers = nlohmann::json::array();
        for (int64_t i = 0; i < dense; ++i) layers.push_back(i);
        spec.extras["mlp_only_layers"] = layers;
        spec.extras["decoder_sparse_step"] = 1;
    }
}

}  // namespace

int64_t expert_width_for(int64_t ffn, int64_t per_token) { return std::max<int64_t>(128, (ffn / per_token + 64) / 128 * 128); }

ArchSpec make_spec(const Design& d, const Shape& s, int64_t context) {
    const DesignRequest& r = d.request;
    // A mixture-of-experts shape of a dense design is built by the design's MoE family.
    const bool moe_variant = s.experts > 0 && !d.recipe.moe && d.moe_family;
    const FamilyChoice& choice = moe_variant ? *d.moe_family : d.family;
    const Family& family = family_for(choice.model_type);
    // A given config keeps its own non-shape fields; otherwise the HF class defaults (activation,
    // norm eps, rotary fraction, extras) plus the design's choices.
    const bool from_config = r.base_config.has_value();
    ArchSpec spec = from_config && !moe_variant ? read_hf_config_json(*r.base_config, "base_config").spec : default_spec(choice.model_type);
    spec.vocab_size = d.vocab_size;
    spec.hidden_size = s.hidden;
    spec.num_hidden_layers = s.layers;
    spec.num_attention_heads = s.heads;
    spec.num_key_value_heads = s.kv;
    spec.head_dim = s.head_dim > 0 ? s.head_dim : s.hidden / s.heads;
    spec.intermediate_size = s.ffn;
    spec.max_position_embeddings = context;
    spec.tie_word_embeddings = d.tied;
    if (!from_config || moe_variant) {
        spec.attention_bias = choice.attention_bias;
        spec.mlp_bias = choice.mlp_bias;
        spec.rope_theta = design_rope_theta(context);
        if (from_config) {  // the MoE variant of a given config keeps its rotary base and norm epsilon
            const ArchSpec given = read_hf_config_json(*r.base_config, "base_config").spec;
            spec.rope_theta = given.rope_theta;
            spec.norm_eps = given.norm_eps;
        }
        spec.use_parallel_residual = d.recipe.parallel_residual;
        spec.sliding_window = d.recipe.sliding_window ? std::optional<int64_t>(r.sliding_window.value_or(4096)) : std::nullopt;
        if (moe_variant) {
            spec.num_local_experts = s.experts;
            spec.num_experts_per_tok = s.experts_per_token;
            set_moe_layout(spec, family, r, s.ffn);  // the candidate's own expert width
        } else if (d.recipe.moe) {
            spec.num_local_experts = r.experts();
            spec.num_experts_per_tok = r.num_experts_per_tok;
            set_moe_layout(spec, family, r, r.moe_intermediate_size.value_or(expert_width_for(s.ffn, r.num_experts_per_tok)));
        }
    }
    spec.torch_dtype = "bfloat16";
    // The tokenizer's ids, never the family's defaults (an estimate has none).
    spec.bos_token_id = d.tokenizer ? d.tokenizer->bos.id : std::nullopt;
    spec.eos_token_id = d.tokenizer && d.tokenizer->eos.id ? std::vector<int64_t>{*d.tokenizer->eos.id} : std::vector<int64_t>{};
    spec.pad_token_id = d.tokenizer ? d.tokenizer->pad.id : std::nullopt;
    ArchSpec resolved = resolve(spec);
    if (!from_config || moe_variant) {
        for (auto it = family.design.extras.begin(); it != family.design.extras.end(); ++it) resolved.extras[it.key()] = it.value();
        if (!family.keys.window_switch.empty()) resolved.extras[family.keys.window_switch] = d.recipe.sliding_window;
    }
    // The recipe's initialisation is the config's (HF's _init_weights reads initializer_range).
    if (r.run.init_std) resolved.extras["initializer_range"] = *r.run.init_std;
    return resolved;
}

Shape shape_of(const ArchSpec& s) {
    return {s.hidden_size, s.num_hidden_layers, s.num_attention_heads, s.kv_heads(), s.intermediate_size, s.head_size()};
}

std::optional<int64_t> fixed_kv_heads(const Recipe& recipe, int64_t heads) {
    if (recipe.attention == AttentionChoice::mha || recipe.norm == NormChoice::layernorm) return heads;
    if (recipe.attention == AttentionChoice::mqa) return 1;
    return std::nullopt;
}

int64_t ffn_for(const Recipe& recipe, int64_t hidden, double ratio) {
    return recipe.mlp == MlpChoice::gelu ? 4 * hidden : swiglu_width(hidden, ratio);
}

int64_t kv_heads_for(const Recipe& recipe, int64_t heads, int64_t group, const ScaleTemplate& cls) {
    if (const auto fixed = fixed_kv_heads(recipe, heads)) return *fixed;
    int64_t best = 0;
    double best_gap = 1e300;
    // Over the group sizes q = heads / kv within the factor of two, kv ascending (the first of
    // equal gaps wins): a few divisions per call instead of one per possible kv count.
    for (int64_t q = std::min(2 * group, heads); q >= std::max<int64_t>(1, (group + 1) / 2); --q) {
        if (heads % q != 0) continue;
        const int64_t kv = heads / q;
        if (!tp_friendly(heads, kv, cls.tp_degrees)) continue;
        const double gap = std::fabs(std::log(double(q) / double(group)));
        if (gap < best_gap - 1e-12) best = kv, best_gap = gap;
    }
    return best;
}

int64_t layer_step(const ScaleTemplate& cls) {
    int64_t step = 1;
    for (int64_t p : cls.pp_degrees) step = std::max(step, p);  // powers of two: the largest is the lcm
    return step;
}

Shape template_shape(const Recipe& recipe, const ScaleTemplate& t) {
    const int64_t ffn = recipe.mlp == MlpChoice::gelu ? 4 * t.hidden_size : t.intermediate_size;
    Shape s{t.hidden_size, t.num_hidden_layers, t.num_attention_heads, 0, ffn};
    s.kv = kv_heads_for(recipe, s.heads, std::max<int64_t>(1, t.num_attention_heads / t.num_key_value_heads), t);
    if (s.kv == 0) s.kv = t.num_key_value_heads;
    return s;
}

namespace {

// The search within aspect bounds widened by `slack` (1 = the class's own range).
std::optional<Shape> search_within(const Design& d, const ScaleTemplate& cls, const ShapeTarget& target, double slack, bool closed_form = true) {
    const double lo = target.min_params, hi = target.max_params;
    const double min_aspect = cls.min_aspect * slack, max_aspect = cls.max_aspect / slack;
    const int64_t step = layer_step(cls);
    std::optional<Shape> best;
    double best_score = 1e300, best_total = 0;
    // The closed form of this design's totals at the head size (shape_form.h), or exact counts.
    const ShapeForm* form = closed_form ? shape_form(d, Shape{}, target.head_dim) : nullptr;
    for (int64_t h = std::max<int64_t>(256, target.head_dim * 2); h <= 16384; h += 128) {
        if (h % target.head_dim != 0) continue;
        Shape s{h, 1, h / target.head_dim, 0, ffn_for(d.recipe, h, target.ffn_ratio > 0 ? target.ffn_ratio : cls.ffn_ratio)};
        s.kv = kv_heads_for(d.recipe, s.heads, target.group, cls);
        if (s.kv == 0) continue;
        if (d.recipe.attention != AttentionChoice::mqa && !parallel_friendly(s.heads, s.kv, step, cls)) continue;
        double per_layer, base;
        if (form) {
            per_layer = std::round(form->total_per_layer(s.hidden, s.kv, s.ffn));
            base = std::round(form->total_base(s.hidden, s.kv, s.ffn));
        } else {
            ArchSpec one = make_spec(d, s, d.context);
            const double c1 = double(count_parameters(one).total);
            one.num_hidden_layers = 2;
            per_layer = double(count_parameters(one).total) - c1;
            base = c1 - per_layer;
        }
        const double exact = (target.params - base) / per_layer;
        // The multiples of the layer step on either side of the exact depth.
        for (const double layers : {std::floor(exact / double(step)) * double(step), std::ceil(exact / double(step)) * double(step)}) {
            if (layers < 2 || layers > 256) continue;
            const double total = base + layers * per_layer;
            const double aspect = double(h) / layers;
            if (total < lo || total > hi || aspect < min_aspect || aspect > max_aspect) continue;
            const double score = std::fabs(std::log(total / target.params)) + 0.35 * std::fabs(std::log(aspect / target.aspect));
            if (score < best_score) {
                best_score = score;
                best_total = total;
                s.layers = static_cast<int64_t>(layers);
                best = s;
            }
        }
    }
    // The winner's closed-form total against its exact tensor-list count: where they differ, the
    // form's checks missed a rounding of this design's, and the search counts every shape exactly.
    if (best && form && double(count_parameters(make_spec(d, *best, d.context)).total) != best_total)
        return search_within(d, cls, target, slack, false);
    return best;
}

}  // namespace

std::optional<Shape> search_shape(const Design& d, const ScaleTemplate& cls, const ShapeTarget& target, bool widen_aspect) {
    if (!widen_aspect) return search_within(d, cls, target, 1.0);
    for (const double slack : {1.0, 0.85, 0.7, 0.5})
        if (auto found = search_within(d, cls, target, slack)) return found;
    return std::nullopt;
}

}  // namespace ma

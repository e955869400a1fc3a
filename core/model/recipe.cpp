#include "recipe.h"

#include <algorithm>

#include "../built_once.h"
#include "../error.h"
#include "../options/bind.h"
#include "components.h"

namespace ma {
namespace {

// Why and at what cost, for every choice that departs from the default recipe.
// Sources are cited in docs/architectures.md ("Component choices").
const Deviation kDeviations[] = {
    {"attention", "mha",
     "multi-head attention keeps one key/value head per query head: the best quality per parameter at small scale",
     "KV cache and decode memory traffic are num_attention_heads / num_key_value_heads times those of GQA; every family supports it"},
    {"attention", "mqa",
     "multi-query attention shares one key/value head: the smallest KV cache and the fastest long-context decode",
     "measurable quality loss against GQA (Ainslie et al. 2023); the single KV head is replicated, not split, under tensor parallelism"},
    {"attention", "mla",
     "multi-head latent attention caches one kv_lora_rank latent plus a shared rotary key per token (DeepSeek-V2 2024): a KV cache several times smaller than GQA's at MHA quality",
     "only deepseek_v3 builds it in transformers (with DeepSeekMoE); HF's own cache still stores full per-head keys and values, so the saving needs vLLM or SGLang; more projections per layer"},
    {"norm", "nonparametric",
     "LayerNorm without weight or bias (OLMo 1) removes 2 x hidden_size parameters per norm and was stable at 7B",
     "later OLMo models returned to RMSNorm with weights (OLMo 2 report, 2024); only olmo builds it"},
    {"shared_expert", "true",
     "experts every token passes through beside the routed ones hold common knowledge so routed experts specialise (DeepSeekMoE, Dai et al. 2024)",
     "its compute is paid by every token; in transformers qwen2_moe (one gated shared expert) and deepseek_v3 (with MLA) build it"},
    {"mlp", "geglu",
     "a GELU-gated MLP matches SwiGLU in quality (Shazeer 2020)",
     "in transformers only the Gemma families implement it, which also scale embeddings by sqrt(hidden_size) and use (1 + w) RMSNorm weights"},
    {"mlp", "gelu",
     "a plain two-matrix GELU MLP is the simplest and matches GPT-2 / Pythia for reproduction work",
     "at equal parameters gated MLPs reach lower loss (Shazeer 2020); in transformers only with LayerNorm (gpt2, gpt_neox)"},
    {"norm", "layernorm",
     "LayerNorm with a bias reproduces GPT-2 / Pythia-style models",
     "2 x hidden_size parameters per norm and a mean subtraction; RMSNorm is cheaper and standard in current LLMs (Zhang and Sennrich 2019)"},
    {"positions", "learned",
     "learned absolute positions reproduce GPT-2",
     "a max_position_embeddings x hidden_size table that cannot extrapolate past its length; RoPE needs no parameters and supports context extension"},
    {"bias", "qkv",
     "biases on q, k and v (Qwen2) are reported to help length extrapolation",
     "(heads + 2 x kv_heads) x head_dim extra parameters per layer, negligible cost"},
    {"bias", "attention",
     "biases on q, k, v and o for compatibility with checkpoints trained that way",
     "few parameters and no clear gain at scale; PaLM removed biases for training stability"},
    {"bias", "all",
     "biases on every linear layer reproduce GPT-2 / Pythia",
     "few parameters and no clear gain at scale; PaLM removed biases for training stability"},
    {"qk_norm", "per_head",
     "RMSNorm on each query and key head (Qwen3) keeps attention logits bounded and training stable at high learning rates (Dehghani et al. 2023)",
     "2 x head_dim parameters and a little compute per layer; requires qwen3"},
    {"qk_norm", "full",
     "RMSNorm over all query and key features (OLMo 2) stabilises training (OLMo 2 report, 2024)",
     "(heads + kv_heads) x head_dim parameters per layer; requires olmo2, which also moves the norms after each sublayer"},
    {"tied", "true",
     "tying the output head to the embedding saves vocab_size x hidden_size parameters, a large share of small models with large vocabularies",
     "standard below ~3B (Gemma, Qwen2.5-0.5B, Llama-3.2-1B, SmolLM2); at 7B+ untied heads are usual and cost little in relative terms"},
    {"sliding_window", "true",
     "sliding-window attention bounds the KV cache and attention compute of local layers by the window",
     "long-range information must travel through layers (or Gemma 2's global layers); less support in long-context fine-tuning tools"},
    {"moe", "true",
     "a mixture of experts grows total parameters with the number of experts while compute per token follows only the routed experts",
     "every expert must sit in memory; training needs a load-balancing loss and expert parallelism to be efficient; serving and fine-tuning are more complex"},
    {"parallel_residual", "true",
     "attention and MLP in parallel (GPT-J, GPT-NeoX, PaLM) fuse their input matmuls: about 15% faster training at large scale",
     "a small quality cost at small scale (PaLM 2022); only gpt_neox implements it"},
    {"fused_projections", "true",
     "fused qkv and gate_up projections (Phi-3) run one larger matrix multiply instead of three and two",
     "same parameters and maths as llama; tensor-parallel sharding must split the fused weights by part; only phi3 stores them fused"},
};

const Deviation& explain(const std::string& component, const std::string& choice) {
    for (const Deviation& d : kDeviations)
        if (d.component == component && d.choice == choice) return d;
    throw Error(ErrorCode::invalid_value, "recipe: " + component, "no explanation for '" + choice + "'");
}

// What one family's layout can express, component by component.
struct Expressible {
    std::vector<AttentionChoice> attention;
    MlpChoice mlp;
    NormChoice norm;
    PositionChoice positions;
    std::vector<BiasChoice> bias;
    QkNormChoice qk_norm;
    std::vector<bool> window;
    bool moe;
    bool shared_expert;
    std::vector<bool> parallel_residual;
    bool fused;
};

Expressible expressible(const Family& f) {
    const FamilyLayout& l = f.layout;
    Expressible x;
    x.attention = l.attention == AttentionComponent::mla ? std::vector<AttentionChoice>{AttentionChoice::mla}
                  : l.gqa ? std::vector<AttentionChoice>{AttentionChoice::gqa, AttentionChoice::mha, AttentionChoice::mqa}
                          : std::vector<AttentionChoice>{AttentionChoice::mha};
    x.mlp = l.mlp == MlpKind::plain ? MlpChoice::gelu : default_activation(f) == "silu" ? MlpChoice::swiglu : MlpChoice::geglu;
    x.norm = l.norm == NormKind::layer ? NormChoice::layernorm : l.norm == NormKind::layer_no_affine ? NormChoice::nonparametric
                                                                                                 : NormChoice::rmsnorm;
    x.positions = l.positions == PositionKind::learned ? PositionChoice::learned : PositionChoice::rope;
    if (l.attn_bias == AttnBiasKind::qkv_fixed) x.bias = {BiasChoice::qkv};
    else if (l.attn_bias == AttnBiasKind::all_fixed || l.mlp_bias == MlpBiasKind::all_fixed) x.bias = {BiasChoice::all};
    else if (l.attn_bias == AttnBiasKind::none) x.bias = {BiasChoice::none};
    else if (l.mlp_bias == MlpBiasKind::from_config) x.bias = {BiasChoice::none, BiasChoice::attention, BiasChoice::all};
    else x.bias = {BiasChoice::none, BiasChoice::attention};
    x.qk_norm = l.qk_norm == QkNormKind::per_head ? QkNormChoice::per_head : l.qk_norm == QkNormKind::full ? QkNormChoice::full
                                                                                                         : QkNormChoice::none;
    x.window = l.window == WindowPattern::none ? std::vector<bool>{false}
               : l.window == WindowPattern::even_layers || l.window == WindowPattern::all_but_every_nth ? std::vector<bool>{true}
                                                                                                         : std::vector<bool>{false, true};
    x.moe = l.mlp_block == MlpComponent::moe;
    x.shared_expert = l.shared_expert != SharedExpert::none;
    x.parallel_residual = l.parallel_residual ? std::vector<bool>{false, true} : std::vector<bool>{false};
    x.fused = l.fused_qkv && l.fused_gate_up;
    return x;
}

template <class T>
bool contains(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

std::string yes_no(bool b) { return b ? "true" : "false"; }

// The components where `f` cannot build the recipe, each as "component value-it-needs".
std::vector<std::pair<std::string, std::string>> mismatches(const Recipe& r, const Family& f) {
    const Expressible x = expressible(f);
    std::vector<std::pair<std::string, std::string>> out;
    if (!contains(x.attention, r.attention)) out.push_back({"attention", name_of(x.attention.front())});
    if (r.mlp != x.mlp) out.push_back({"mlp", name_of(x.mlp)});
    if (r.norm != x.norm) out.push_back({"norm", name_of(x.norm)});
    if (r.positions != x.positions) out.push_back({"positions", name_of(x.positions)});
    if (!contains(x.bias, r.bias)) out.push_back({"bias", name_of(x.bias.front())});
    if (r.qk_norm != x.qk_norm) out.push_back({"qk_norm", name_of(x.qk_norm)});
    if (!contains(x.window, r.sliding_window)) out.push_back({"sliding_window", yes_no(x.window.front())});
    if (r.moe != x.moe) out.push_back({"moe", yes_no(x.moe)});
    if (r.shared_expert != x.shared_expert) out.push_back({"shared_expert", yes_no(x.shared_expert)});
    if (!contains(x.parallel_residual, r.parallel_residual)) out.push_back({"parallel_residual", yes_no(false)});
    if (r.fused_projections != x.fused) out.push_back({"fused_projections", yes_no(x.fused)});
    return out;
}

// The recipe's value of a component, as the mismatch lists name them.
std::string chosen(const Recipe& r, const std::string& component) {
    if (component == "attention") return name_of(r.attention);
    if (component == "mlp") return name_of(r.mlp);
    if (component == "norm") return name_of(r.norm);
    if (component == "positions") return name_of(r.positions);
    if (component == "bias") return name_of(r.bias);
    if (component == "qk_norm") return name_of(r.qk_norm);
    if (component == "sliding_window") return yes_no(r.sliding_window);
    if (component == "moe") return yes_no(r.moe);
    if (component == "shared_expert") return yes_no(r.shared_expert);
    if (component == "parallel_residual") return yes_no(r.parallel_residual);
    return yes_no(r.fused_projections);
}

std::string listed(const std::vector<std::pair<std::string, std::string>>& misses) {
    std::string out;
    for (const auto& [component, value] : misses) out += (out.empty() ? "" : ", ") + component + " " + value;
    return out;
}

// The first family (table order) that builds the recipe, or a refusal naming the nearest
// family and, for the first choice it cannot make, the nearest family that can.
const Family& family_for_recipe(const Recipe& r) {
    const Family* nearest = nullptr;
    std::vector<std::pair<std::string, std::string>> nearest_misses;
    for (const Family& f : families()) {
        auto misses = mismatches(r, f);
        if (misses.empty()) return f;
        if (!nearest || misses.size() < nearest_misses.size()) {
            nearest = &f;
            nearest_misses = std::move(misses);
        }
    }
    const std::string component = nearest_misses.front().first;
    const std::string wanted = component + " " + chosen(r, component);
    std::string message = "no supported HF architecture builds " + wanted + " with the other choices: the nearest, " +
                          nearest->model_type + ", needs " + listed(nearest_misses);
    const Family* offering = nullptr;
    std::vector<std::pair<std::string, std::string>> offering_misses;
    for (const Family& f : families()) {
        auto misses = mismatches(r, f);
        const bool offers = std::none_of(misses.begin(), misses.end(), [&](const auto& m) { return m.first == component; });
        if (offers && (!offering || misses.size() < offering_misses.size())) {
            offering = &f;
            offering_misses = std::move(misses);
        }
    }
    if (offering) message += "; " + wanted + " is built by " + offering->model_type + ", which needs " + listed(offering_misses);
    throw Error(ErrorCode::unsupported, "recipe: " + component, message);
}

}  // namespace

FamilyChoice choose_family(const Recipe& r) {
    const Family& family = family_for_recipe(r);
    FamilyChoice c;
    c.model_type = family.model_type;
    c.attention_bias = r.bias == BiasChoice::attention || r.bias == BiasChoice::all;
    c.mlp_bias = r.bias == BiasChoice::all;
    c.hidden_act = default_activation(family);

    if (r.attention != AttentionChoice::gqa) c.deviations.push_back(explain("attention", name_of(r.attention)));
    if (r.mlp != MlpChoice::swiglu) c.deviations.push_back(explain("mlp", name_of(r.mlp)));
    if (r.norm != NormChoice::rmsnorm) c.deviations.push_back(explain("norm", name_of(r.norm)));
    if (r.positions != PositionChoice::rope) c.deviations.push_back(explain("positions", name_of(r.positions)));
    if (r.bias != BiasChoice::none) c.deviations.push_back(explain("bias", name_of(r.bias)));
    if (r.qk_norm != QkNormChoice::none) c.deviations.push_back(explain("qk_norm", name_of(r.qk_norm)));
    if (r.tied) c.deviations.push_back(explain("tied", "true"));
    if (r.sliding_window) c.deviations.push_back(explain("sliding_window", "true"));
    if (r.moe) c.deviations.push_back(explain("moe", "true"));
    if (r.shared_expert) c.deviations.push_back(explain("shared_expert", "true"));
    if (r.parallel_residual) c.deviations.push_back(explain("parallel_residual", "true"));
    if (r.fused_projections) c.deviations.push_back(explain("fused_projections", "true"));
    return c;
}

MA_BUILT_ONCE const FieldTable<Recipe>& recipe_fields() {
    static const FieldTable<Recipe> table{"recipe option", "recipe.", {
        bind<&Recipe::attention>("attention"), bind<&Recipe::mlp>("mlp"), bind<&Recipe::norm>("norm"),
        bind<&Recipe::positions>("positions"), bind<&Recipe::bias>("bias"), bind<&Recipe::qk_norm>("qk_norm"),
        bind<&Recipe::tied>("tied"), bind<&Recipe::sliding_window>("sliding_window"), bind<&Recipe::moe>("moe"), bind<&Recipe::shared_expert>("shared_expert"),
        bind<&Recipe::parallel_residual>("parallel_residual"), bind<&Recipe::fused_projections>("fused_projections"),
    }, {}};
    return table;
}

Recipe recipe_from_json(const nlohmann::json& j, const std::string& where) { return recipe_fields().read(j, where); }

nlohmann::json to_json(const Recipe& r) { return recipe_fields().write(r); }

Recipe recipe_for_spec(const ArchSpec& input) {
    const ArchSpec s = resolve(input);
    const Family& f = family_for(s.model_type);
    const Expressible x = expressible(f);
    Recipe r;
    r.attention = f.layout.attention == AttentionComponent::mla ? AttentionChoice::mla
                  : s.kv_heads() == s.num_attention_heads             ? AttentionChoice::mha
                  : s.kv_heads() == 1                                 ? AttentionChoice::mqa
                                                                      : AttentionChoice::gqa;
    r.mlp = x.mlp;
    r.norm = x.norm;
    r.positions = x.positions;
    if (x.bias.size() == 1) r.bias = x.bias.front();
    else if (s.mlp_bias) r.bias = BiasChoice::all;
    else if (s.attention_bias) r.bias = BiasChoice::attention;
    r.qk_norm = x.qk_norm;
    r.tied = s.tie_word_embeddings;
    bool windowed = false;
    for (int64_t l = 0; l < s.num_hidden_layers && !windowed; ++l) windowed = windowed_layer(f, s, l);
    r.sliding_window = x.window == std::vector<bool>{true} || windowed;
    r.moe = x.moe;
    r.shared_expert = x.shared_expert;
    r.parallel_residual = s.use_parallel_residual;
    r.fused_projections = x.fused;
    return r;
}

nlohmann::json to_json(const Deviation& d) {
    return {{"component", d.component}, {"choice", d.choice}, {"why", d.why}, {"tradeoffs", d.tradeoffs}};
}

}  // namespace ma

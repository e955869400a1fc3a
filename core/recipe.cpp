#include "recipe.h"

#include <algorithm>

#include "error.h"
#include "json_fields.h"

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

void require_choice(const std::string& value, std::initializer_list<const char*> allowed, const std::string& field) {
    require_one_of(value, allowed, "recipe: " + field);
}

[[noreturn]] void refuse(const std::string& components, const std::string& reason) {
    throw Error(ErrorCode::unsupported, "recipe: " + components, reason);
}

std::string family_for_recipe(const Recipe& r) {
    if (r.positions == "learned") {
        if (r.norm != "layernorm" || r.mlp != "gelu" || r.bias != "all" || r.attention != "mha" ||
            r.qk_norm != "none" || r.sliding_window || r.moe || r.parallel_residual)
            refuse("positions",
                   "learned absolute positions exist in transformers only as gpt2, which fixes LayerNorm, a GELU MLP, "
                   "biases on every linear and multi-head attention (for example RMSNorm + learned positions is implemented by no HF architecture)");
        return "gpt2";
    }
    if (r.norm == "layernorm") {
        if (r.mlp != "gelu")
            refuse("norm", "LayerNorm with a gated MLP (" + r.mlp + ") is implemented by no supported HF architecture; use rmsnorm");
        if (r.attention != "mha") refuse("attention", "gpt_neox (LayerNorm + RoPE) has no grouped-query attention; use mha");
        if (r.bias != "all") refuse("bias", "gpt_neox always has MLP biases; choose bias 'all'");
        if (r.qk_norm != "none" || r.sliding_window || r.moe)
            refuse("norm", "gpt_neox has no QK-norm, sliding window or mixture of experts");
        return "gpt_neox";
    }
    if (r.fused_projections) {
        if (r.mlp != "swiglu" || r.bias != "none" || r.qk_norm != "none" || r.moe)
            refuse("fused_projections", "the family with fused projections (phi3) uses SwiGLU, no biases, no QK-norm and no experts");
        return "phi3";
    }
    if (r.mlp == "gelu") refuse("mlp", "RMSNorm with a plain GELU MLP is implemented by no supported HF architecture; use swiglu or geglu");
    if (r.parallel_residual) refuse("parallel_residual", "only gpt_neox (LayerNorm, GELU MLP) has a parallel residual");
    if (r.moe) {
        if (r.mlp != "swiglu" || r.bias != "none" || r.qk_norm != "none")
            refuse("moe", "the supported mixture-of-experts family (mixtral) uses SwiGLU experts, no biases and no QK-norm");
        return "mixtral";
    }
    if (r.mlp == "geglu") {
        if (r.qk_norm != "none" || (r.bias != "none" && r.bias != "attention"))
            refuse("mlp", "gemma and gemma2 have no QK-norm and bias only q, k, v and o (bias 'attention')");
        return r.sliding_window ? "gemma2" : "gemma";
    }
    if (r.qk_norm == "per_head") {
        if (r.bias != "none" && r.bias != "attention") refuse("qk_norm", "qwen3 biases only q, k, v and o together (bias 'attention')");
        return "qwen3";
    }
    if (r.qk_norm == "full") {
        if (r.sliding_window) refuse("qk_norm", "olmo2 has no sliding-window attention");
        if (r.bias != "none" && r.bias != "attention") refuse("qk_norm", "olmo2 biases only q, k, v and o together (bias 'attention')");
        return "olmo2";
    }
    if (r.bias == "qkv") return "qwen2";
    if (r.sliding_window) {
        if (r.bias != "none") refuse("sliding_window", "mistral has no biases; for q, k, v biases with a window use bias 'qkv' (qwen2)");
        return "mistral";
    }
    return "llama";
}

}  // namespace

FamilyChoice choose_family(const Recipe& r) {
    require_choice(r.attention, {"gqa", "mha", "mqa"}, "attention");
    require_choice(r.mlp, {"swiglu", "geglu", "gelu"}, "mlp");
    require_choice(r.norm, {"rmsnorm", "layernorm"}, "norm");
    require_choice(r.positions, {"rope", "learned"}, "positions");
    require_choice(r.bias, {"none", "qkv", "attention", "all"}, "bias");
    require_choice(r.qk_norm, {"none", "per_head", "full"}, "qk_norm");

    FamilyChoice c;
    c.model_type = family_for_recipe(r);
    c.attention_bias = r.bias == "attention" || r.bias == "all";
    c.mlp_bias = r.bias == "all";
    if (c.mlp_bias && c.model_type != "llama" && c.model_type != "gpt2" && c.model_type != "gpt_neox")
        refuse("bias", c.model_type + " has no MLP biases; choose bias 'attention'");
    c.hidden_act = r.mlp == "swiglu" ? "silu" : r.mlp == "geglu" ? "gelu_pytorch_tanh" : r.positions == "learned" ? "gelu_new" : "gelu";

    if (r.attention != "gqa") c.deviations.push_back(explain("attention", r.attention));
    if (r.mlp != "swiglu") c.deviations.push_back(explain("mlp", r.mlp));
    if (r.norm != "rmsnorm") c.deviations.push_back(explain("norm", r.norm));
    if (r.positions != "rope") c.deviations.push_back(explain("positions", r.positions));
    if (r.bias != "none") c.deviations.push_back(explain("bias", r.bias));
    if (r.qk_norm != "none") c.deviations.push_back(explain("qk_norm", r.qk_norm));
    if (r.tied) c.deviations.push_back(explain("tied", "true"));
    if (r.sliding_window) c.deviations.push_back(explain("sliding_window", "true"));
    if (r.moe) c.deviations.push_back(explain("moe", "true"));
    if (r.parallel_residual) c.deviations.push_back(explain("parallel_residual", "true"));
    if (r.fused_projections) c.deviations.push_back(explain("fused_projections", "true"));
    return c;
}

Recipe recipe_from_json(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, where, "expected an object, found " + describe(j));
    Recipe r;
    auto str = [&](const char* key, std::string& field) {
        if (j.contains(key)) field = as_string(j.at(key), where + ": " + key);
    };
    auto flag = [&](const char* key, bool& field) {
        if (j.contains(key)) field = as_bool(j.at(key), where + ": " + key);
    };
    str("attention", r.attention);
    str("mlp", r.mlp);
    str("norm", r.norm);
    str("positions", r.positions);
    str("bias", r.bias);
    str("qk_norm", r.qk_norm);
    flag("tied", r.tied);
    flag("sliding_window", r.sliding_window);
    flag("moe", r.moe);
    flag("parallel_residual", r.parallel_residual);
    flag("fused_projections", r.fused_projections);
    return r;
}

nlohmann::json to_json(const Recipe& r) {
    return {{"attention", r.attention}, {"mlp", r.mlp}, {"norm", r.norm}, {"positions", r.positions}, {"bias", r.bias},
            {"qk_norm", r.qk_norm}, {"tied", r.tied}, {"sliding_window", r.sliding_window}, {"moe", r.moe},
            {"parallel_residual", r.parallel_residual}, {"fused_projections", r.fused_projections}};
}

Recipe recipe_for_spec(const ArchSpec& input) {
    const ArchSpec s = resolve(input);
    const std::string& t = s.model_type;
    Recipe r;
    r.attention = s.kv_heads() == s.num_attention_heads ? "mha" : s.kv_heads() == 1 ? "mqa" : "gqa";
    r.mlp = (t == "gemma" || t == "gemma2") ? "geglu" : (t == "gpt2" || t == "gpt_neox") ? "gelu" : "swiglu";
    r.norm = (t == "gpt2" || t == "gpt_neox") ? "layernorm" : "rmsnorm";
    r.positions = t == "gpt2" ? "learned" : "rope";
    if (t == "gpt2" || t == "gpt_neox") r.bias = "all";
    else if (t == "qwen2") r.bias = "qkv";
    else if (s.mlp_bias) r.bias = "all";
    else if (s.attention_bias) r.bias = "attention";
    r.qk_norm = t == "qwen3" ? "per_head" : t == "olmo2" ? "full" : "none";
    r.tied = s.tie_word_embeddings;
    const bool qwen_window = s.extras.value("use_sliding_window", false);
    r.sliding_window = s.sliding_window.has_value() && (t == "mistral" || t == "mixtral" || t == "gemma2" || t == "phi3" ||
                                                        ((t == "qwen2" || t == "qwen3") && qwen_window));
    if (t == "gemma2") r.sliding_window = true;
    r.moe = t == "mixtral";
    r.parallel_residual = s.use_parallel_residual;
    r.fused_projections = t == "phi3";
    return r;
}

nlohmann::json to_json(const Deviation& d) {
    return {{"component", d.component}, {"choice", d.choice}, {"why", d.why}, {"tradeoffs", d.tradeoffs}};
}

}  // namespace ma

#include "training_memory.h"

#include <algorithm>
#include <cmath>

#include "../error.h"
#include "../family.h"

namespace ma {
namespace {

constexpr double GiB = 1024.0 * 1024.0 * 1024.0;

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// Activation functions whose HF implementation is a Python formula that keeps
// several intermediates (NewGELUActivation: x, tanh(...), 0.5x, 1 + tanh) rather than one input.
int activation_saves(const std::string& act) {
    if (act == "gelu_new" || act == "gelu_fast") return 4;
    return 1;
}

enum class NormCost { rms_cast_back, rms_fp32_output, layer };

NormCost norm_cost(const Family& f) {
    if (f.layout.norm == NormKind::layer) return NormCost::layer;
    // Gemma computes (1 + w) in fp32 and OLMo 2 multiplies the weight before casting back:
    // both keep the fp32 normalized tensor. Llama-style norms cast back first.
    if (f.model_type == "gemma" || f.model_type == "gemma2" || f.model_type == "olmo2") return NormCost::rms_fp32_output;
    return NormCost::rms_cast_back;
}

// Bytes one norm keeps for `elements` features over `rows` rows.
double norm_bytes(NormCost cost, double elements, double rows, double e) {
    switch (cost) {
        case NormCost::layer: return e * elements + 8 * rows;              // input, mean and rstd (fp32)
        case NormCost::rms_fp32_output: return 8 * elements + 4 * rows;    // fp32 input copy, fp32 normalized, rstd
        case NormCost::rms_cast_back: return (4 + e) * elements + 4 * rows;  // fp32 input copy, cast-back normalized, rstd
    }
    return 0;
}

std::string norm_formula(NormCost cost) {
    switch (cost) {
        case NormCost::layer: return "e*b*s*h + 8*b*s (input, fp32 mean and rstd)";
        case NormCost::rms_fp32_output: return "8*b*s*h + 4*b*s (fp32 input copy and fp32 normalized output, rstd)";
        case NormCost::rms_cast_back: return "(4 + e)*b*s*h + 4*b*s (fp32 input copy, normalized output cast back, rstd)";
    }
    return "";
}

struct Dims {
    double b, s, h, H, K, d, f, V, E, k, t, outer, e;
};

Dims dims(const ArchSpec& spec, const TrainingSetup& setup) {
    Dims x;
    x.b = double(setup.micro_batch);
    x.s = double(setup.seq_len);
    x.h = double(spec.hidden_size);
    x.H = double(spec.num_attention_heads);
    x.K = double(spec.kv_heads());
    x.d = double(spec.head_size());
    x.f = double(spec.intermediate_size);
    x.V = double(spec.vocab_size);
    x.E = double(spec.num_local_experts);
    x.k = double(spec.num_experts_per_tok);
    x.t = double(setup.tp);
    x.outer = setup.sequence_parallel ? x.t : 1.0;
    x.e = precision_bytes(setup).activation;
    return x;
}

// Layers left for the last of pp stages when the others hold ceil(L / pp) each.
double last_stage_layers(double layers, double per_stage, int64_t pp) {
    const double rest = layers - per_stage * double(pp - 1);
    return rest > 0 ? rest : per_stage;
}

}  // namespace

std::vector<MemoryTerm> layer_activation_terms(const ArchSpec& input, const TrainingSetup& setup) {
    const ArchSpec spec = resolve(input);
    const Family& fam = family_for(spec.model_type);
    const Dims x = dims(spec, setup);
    const double bs = x.b * x.s, e = x.e, t = x.t, outer = x.outer;
    const double p = setup.dropout;
    std::vector<MemoryTerm> terms;

    const NormCost nc = norm_cost(fam);
    const double norms = double(fam.layout.layer_norms.size());
    double norm_total = norms * norm_bytes(nc, bs * x.h, bs, e);
    std::string norm_text = num(norms) + " x [" + norm_formula(nc) + "]";
    if (nc == NormCost::rms_fp32_output && fam.model_type != "olmo2") {
        norm_total += norms * 4 * x.h;  // Gemma's (1 + weight) in fp32
        norm_text += " + 4*h each for (1 + weight)";
    }
    if (spec.use_parallel_residual) {
        norm_total -= e * bs * x.h;  // both norms read the same layer input
        norm_text += " - e*b*s*h (parallel residual: one shared input)";
    }
    terms.push_back({"layer norms (" + std::to_string(fam.layout.layer_norms.size()) + ")", norm_total / outer,
                     norm_text + (outer > 1 ? " / t" : "")});
    terms.push_back({"inputs of the attention and MLP projections", 2 * e * bs * x.h / outer,
                     "2 x e*b*s*h" + std::string(outer > 1 ? " / t" : "")});

    if (fam.layout.qk_norm != QkNormKind::none) {
        const double width = bs * (x.H + x.K) * x.d / t;
        const double rows = fam.layout.qk_norm == QkNormKind::per_head ? bs * (x.H + x.K) / t : 2 * bs;
        terms.push_back({"query/key norms", norm_bytes(NormCost::rms_cast_back, width, rows, e),
                         "(4 + e)*b*s*(H + K)*d / t + 4 x rows (rstd)"});
    }

    const bool flash = setup.attention == "flash";
    if (flash) {
        terms.push_back({"q, k, v kept by FlashAttention", e * bs * (x.H + 2 * x.K) * x.d / t, "e*b*s*(H + 2K)*d / t"});
        terms.push_back({"FlashAttention log-sum-exp", 4 * x.b * x.H * x.s / t, "4*b*H*s / t (fp32)"});
    } else {
        // Eager attention repeats k and v to every query head before the matmuls (repeat_kv).
        terms.push_back({"q, k, v kept by the attention matmuls", e * bs * 3 * x.H * x.d / t,
                         "e*b*s*3*H*d / t (k, v repeated to H heads)"});
        if (setup.recompute != "selective") {
            const double scores = x.b * x.H * x.s * x.s / t;
            if (setup.attention == "fused")
                terms.push_back({"attention probabilities (fused softmax)", e * scores, "e*b*H*s^2 / t"});
            else if (e < 4)
                terms.push_back({"attention probabilities (fp32 softmax output and its cast)", (4 + e) * scores,
                                 "(4 + e)*b*H*s^2 / t"});
            else  // in fp32 the cast is a no-op: one tensor
                terms.push_back({"attention probabilities (fp32 softmax output)", 4 * scores, "4*b*H*s^2 / t"});
            if (p > 0) terms.push_back({"attention dropout (mask and output)", (1 + e) * scores, "(1 + e)*b*H*s^2 / t"});
        }
    }
    terms.push_back({"attention output (o_proj input)", e * bs * x.H * x.d / t, "e*b*s*H*d / t"});

    if (fam.layout.moe) {
        const double routed = bs * x.k;
        terms.push_back({"router probabilities", 4 * bs * x.E, "4*b*s*E (fp32 softmax)"});
        terms.push_back({"expert inputs and outputs", 2 * e * routed * x.h, "2 x e*b*s*k*h (gathered tokens, weighted outputs)"});
        terms.push_back({"expert SwiGLU intermediates", 4 * e * routed * x.f / t, "4 x e*b*s*k*f / t (gate, act, up, product)"});
    } else if (fam.layout.mlp == MlpKind::gated) {
        terms.push_back({"MLP gated intermediates", 4 * e * bs * x.f / t, "4 x e*b*s*f / t (gate, act(gate), up, product)"});
    } else {
        const int saves = activation_saves(spec.hidden_act);
        terms.push_back({"MLP intermediates", (saves + 1) * e * bs * x.f / t,
                         std::to_string(saves + 1) + " x e*b*s*f / t (" + spec.hidden_act + " keeps " + std::to_string(saves) +
                             (saves == 1 ? " tensor" : " tensors") + ", fc2 input)"});
    }
    if (p > 0) terms.push_back({"residual dropout masks", 2 * bs * x.h / outer, "2 x b*s*h (1-byte masks)"});
    return terms;
}

TrainingMemory training_memory(const ArchSpec& input, const TrainingSetup& setup) {
    const ArchSpec spec = resolve(input);
    return training_memory(spec, count_parameters(spec), setup);
}

TrainingMemory training_memory(const ArchSpec& spec, const ParamCount& count, const TrainingSetup& setup) {
    const Family& fam = family_for(spec.model_type);
    const PrecisionBytes pb = precision_bytes(setup);
    const Dims x = dims(spec, setup);
    const double t = x.t;

    // Tensor parallel divisibility (Megatron-style splits).
    auto require_divisible = [&](int64_t value, const char* what) {
        if (value % setup.tp != 0)
            throw Error(ErrorCode::invalid_value, "training.tp",
                        std::string(what) + " (" + std::to_string(value) + ") is not divisible by tp (" + std::to_string(setup.tp) + ")");
    };
    if (setup.tp > 1) {
        require_divisible(spec.num_attention_heads, "num_attention_heads");
        if (spec.kv_heads() >= setup.tp) require_divisible(spec.kv_heads(), "num_key_value_heads");
        require_divisible(spec.intermediate_size, "intermediate_size");
        require_divisible(spec.vocab_size, "vocab_size");
    }
    if (setup.pp > spec.num_hidden_layers)
        throw Error(ErrorCode::invalid_value, "training.pp",
                    "pp (" + std::to_string(setup.pp) + ") exceeds num_hidden_layers (" + std::to_string(spec.num_hidden_layers) + ")");

    // Parameters per rank: split matrices and column-parallel biases by tp, replicate norms and row-parallel biases.
    const std::string o_bias = "." + fam.names.o + ".bias", down_bias = "." + fam.names.down + ".bias";
    auto ends_with = [](const std::string& s, const std::string& suffix) {
        return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    const double layers = double(spec.num_hidden_layers);
    const double layers_per_stage = std::ceil(layers / double(setup.pp));
    double per_layer = 0, embedding = 0, head = 0, final_norm = 0, matrix_per_layer = 0;
    double adafactor_layer = 0, adafactor_embed = 0, adafactor_head = 0, adafactor_final = 0;
    double small_layer = 0, small_other = 0;  // tensors under 4096 elements: 8-bit Adam keeps them in 32 bits
    for (const ParamTensor& pt : count.tensors) {
        if (pt.tied) continue;
        const bool in_layer = pt.name.find("{i}") != std::string::npos;
        const bool matrix = pt.shape.size() == 2;
        const bool replicated = (!matrix && (pt.block == Block::norm || ends_with(pt.name, o_bias) || ends_with(pt.name, down_bias))) ||
                                pt.name.find("wpe") != std::string::npos ||
                                (fam.layout.moe && pt.name.find("." + fam.names.router + ".weight") != std::string::npos);
        const double split = replicated ? 1.0 : t;
        const double per_copy = double(pt.numel()) / split;
        const double copies_in_layer = in_layer ? double(pt.copies) / layers : 1.0;
        const double params = per_copy * copies_in_layer;
        // Adafactor: rows + columns for a matrix, the full tensor for a vector (fp32 each).
        const double factored = matrix ? (double(pt.shape[0]) + double(pt.shape[1])) * copies_in_layer : params;
        const double small = per_copy < 4096 ? params : 0;
        if (in_layer) {
            per_layer += params;
            adafactor_layer += factored;
            small_layer += small;
            if (matrix) matrix_per_layer += params;
        } else if (pt.block == Block::embedding) {
            embedding += params;
            adafactor_embed += factored;
            small_other += small;
        } else if (pt.block == Block::head) {
            head += params;
            adafactor_head += factored;
        } else {
            final_norm += params;
            adafactor_final += factored;
            small_other += small;
        }
    }
    // A tied head on a separate last pipeline stage needs its own copy of the embedding.
    const double token_embedding = double(spec.vocab_size) * x.h / t;
    if (spec.tie_word_embeddings && setup.pp > 1) head += token_embedding, adafactor_head += double(spec.vocab_size) + x.h;

    struct Stage {
        std::string name;
        double params, adafactor, small, matrix, in_flight;
        bool has_embedding, has_head;
    };
    std::vector<Stage> stages;
    if (setup.pp == 1) {
        stages.push_back({"only", embedding + layers * per_layer + final_norm + head,
                          adafactor_embed + layers * adafactor_layer + adafactor_final + adafactor_head,
                          small_other + layers * small_layer, layers * matrix_per_layer, 1, true, true});
    } else {
        const double in_flight = double(std::min<int64_t>(setup.pp, setup.grad_accum));
        stages.push_back({"first", embedding + layers_per_stage * per_layer, adafactor_embed + layers_per_stage * adafactor_layer,
                          small_other + layers_per_stage * small_layer, layers_per_stage * matrix_per_layer, in_flight, true, false});
        const double ll = last_stage_layers(layers, layers_per_stage, setup.pp);
        stages.push_back({"last", ll * per_layer + final_norm + head, ll * adafactor_layer + adafactor_final + adafactor_head,
                          ll * small_layer, ll * matrix_per_layer, 1, false, true});
    }

    // Activations of one layer (with TP/SP divisions) and the terms outside layers.
    const auto layer_terms = layer_activation_terms(spec, setup);
    double layer_act = 0;
    for (const auto& term : layer_terms) layer_act += term.bytes;
    const double bs = x.b * x.s, e = x.e;
    const double layer_input = e * bs * x.h / x.outer;

    TrainingMemory best;
    double best_total = -1;
    for (const Stage& st : stages) {
        TrainingMemory m;
        m.params_on_rank = st.params;
        m.busiest_stage = st.name;
        const double dp = double(setup.dp);
        const double w_div = setup.zero_stage >= 3 ? dp : 1, g_div = setup.zero_stage >= 2 ? dp : 1, o_div = setup.zero_stage >= 1 ? dp : 1;
        m.states.push_back({"weights", st.params * pb.weights / w_div, num(pb.weights) + " B x params" + (w_div > 1 ? " / dp (ZeRO-3)" : "")});
        m.states.push_back({"gradients", st.params * pb.grads / g_div, num(pb.grads) + " B x params" + (g_div > 1 ? " / dp (ZeRO-2)" : "")});
        if (pb.master > 0)
            m.states.push_back({"fp32 master weights", st.params * pb.master / o_div, "4 B x params" + std::string(o_div > 1 ? " / dp (ZeRO-1)" : "")});
        double opt = 0;
        std::string opt_formula;
        const double sb = pb.optimizer_state;
        if (setup.optimizer == "adamw") { opt = 2 * sb * st.params; opt_formula = "2 states (m, v) x " + num(sb) + " B x params"; }
        else if (setup.optimizer == "lion" || setup.optimizer == "sgd") { opt = sb * st.params; opt_formula = "1 momentum state x " + num(sb) + " B x params"; }
        else if (setup.optimizer == "adafactor") { opt = sb * st.adafactor; opt_formula = num(sb) + " B x (rows + columns per matrix, elements per vector); no first moment"; }
        else {  // adam8bit (bitsandbytes): int8 m and v with one fp32 absmax per 2048-element block; small tensors stay 32-bit
            opt = (st.params - st.small) * (2.0 + 2 * 4.0 / 2048) + st.small * 8.0;
            opt_formula = "(2 + 8/2048) B x params in tensors >= 4096 elements, 8 B below";
        }
        m.states.push_back({"optimizer states (" + setup.optimizer + ")", opt / o_div, opt_formula + (o_div > 1 ? " / dp (ZeRO-1)" : "")});
        for (const auto& s : m.states) m.states_bytes += s.bytes;

        // Activations held: layers on the stage x micro-batches in flight (1F1B), or layer inputs under full recomputation.
        const double stage_layers = st.name == "only" ? layers : st.name == "first" ? layers_per_stage
                                                                                   : last_stage_layers(layers, layers_per_stage, setup.pp);
        const double held = stage_layers * st.in_flight;
        if (setup.recompute == "full") {
            m.activations.push_back({"layer inputs kept for recomputation", held * layer_input, "layers x in-flight x e*b*s*h"});
            m.activations.push_back({"one layer recomputed during backward", layer_act, "one layer's activations"});
        } else {
            for (const auto& term : layer_terms)
                m.activations.push_back({term.name, held * term.bytes, term.formula + " x " + num(held) + " layers" + (st.in_flight > 1 ? " (incl. micro-batches in flight)" : "")});
        }
        if (st.has_embedding) m.activations.push_back({"token ids (embedding backward)", 8 * bs * st.in_flight, "8*b*s (int64)"});
        if (setup.precision == "amp")
            m.activations.push_back({"autocast bf16 weight copies", 2 * st.matrix, "2 B x matrix params (cached for forward and backward)"});
        if (st.has_head) {
            const NormCost nc = norm_cost(fam);
            m.activations.push_back({"final norm and lm_head input", norm_bytes(nc, bs * x.h, bs, e) / x.outer + e * bs * x.h / x.outer,
                                     norm_formula(nc) + " + e*b*s*h"});
            const double v = bs * x.V / t;
            m.logits = {"logits and cross-entropy (peak at the start of backward)", (e + 4 + 8) * v,
                        "(e + 4 + 8) x b*s*V / t: logits kept by the output (e), fp32 log-softmax output saved (4), its gradient and input gradient in fp32 (8)"};
        } else {
            m.logits = {"logits and cross-entropy", 0, "on the last pipeline stage"};
        }
        for (const auto& a : m.activations) m.activation_bytes += a.bytes;
        const double tensors = m.states_bytes + m.activation_bytes + m.logits.bytes;
        m.overhead = {"runtime overhead", setup.overhead_gib * GiB + setup.fragmentation * tensors,
                      num(setup.overhead_gib) + " GiB (CUDA context, NCCL, workspaces) + " + num(setup.fragmentation * 100) + "% fragmentation"};
        m.total_bytes = tensors + m.overhead.bytes;
        if (m.total_bytes > best_total) {
            best_total = m.total_bytes;
            best = std::move(m);
        }
    }
    best.per_layer = layer_terms;
    best.fits = best.total_bytes <= setup.gpu.memory_bytes;
    best.headroom_bytes = setup.gpu.memory_bytes - best.total_bytes;
    best.assumptions = {
        "activations follow the " + spec.model_type + " modeling code in transformers with " + setup.attention +
            " attention and " + setup.precision + " precision (activation bytes e = " + num(x.e) + ")",
        "tensor parallelism splits attention heads, MLP width and the vocabulary (Megatron layout); norms are replicated" +
            std::string(setup.sequence_parallel ? "; sequence parallelism splits the rest" : ""),
        "pipeline parallelism uses 1F1B: the first stage holds min(pp, grad_accum) micro-batches of activations; the busiest stage is reported",
        "ZeRO stage " + std::to_string(setup.zero_stage) + " over dp = " + std::to_string(setup.dp) + " ranks",
        "logits are computed for every position and upcast to fp32 for the loss (HF ForCausalLMLoss)",
    };
    return best;
}

nlohmann::json to_json(const TrainingMemory& m) {
    auto terms = [](const std::vector<MemoryTerm>& v) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& t : v) a.push_back({{"name", t.name}, {"bytes", std::llround(t.bytes)}, {"formula", t.formula}});
        return a;
    };
    auto term = [](const MemoryTerm& t) { return nlohmann::json{{"name", t.name}, {"bytes", std::llround(t.bytes)}, {"formula", t.formula}}; };
    return {{"params_on_rank", std::llround(m.params_on_rank)},
            {"busiest_stage", m.busiest_stage},
            {"states", terms(m.states)},
            {"activations", terms(m.activations)},
            {"per_layer_activations", terms(m.per_layer)},
            {"logits", term(m.logits)},
            {"overhead", term(m.overhead)},
            {"states_bytes", std::llround(m.states_bytes)},
            {"activation_bytes", std::llround(m.activation_bytes)},
            {"total_bytes", std::llround(m.total_bytes)},
            {"fits", m.fits},
            {"headroom_bytes", std::llround(m.headroom_bytes)},
            {"assumptions", m.assumptions}};
}

}  // namespace ma

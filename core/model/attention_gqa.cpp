// Grouped-query attention as transformers implements it (LlamaAttention and
// the families that copy it; GPT-2 and GPT-NeoX fuse q, k and v into one
// projection): q/k/v/o projections, optional biases and q/k norms, K and V
// cached per token, and what the eager, fused-softmax and FlashAttention
// paths save for backward.
#include "checked_math.h"
#include "components.h"

namespace ma {
namespace {

uint64_t u(int64_t v) { return static_cast<uint64_t>(v); }

class GroupedQueryAttention final : public AttentionBlock {
public:
    void add_tensors(TensorList& list) const override {
        const Family& f = list.family();
        const ArchSpec& s = list.spec();
        const FamilyNames& n = f.names;
        const uint64_t d = u(s.hidden_size), hd = u(s.head_size());
        const uint64_t q_out = checked_mul(u(s.num_attention_heads), hd, "num_attention_heads x head_dim");
        const uint64_t kv_out = checked_mul(u(s.kv_heads()), hd, "num_key_value_heads x head_dim");
        const AttnBiasKind bias = f.layout.attn_bias;
        const bool configured = bias == AttnBiasKind::from_config && s.attention_bias;
        const bool qkv_bias = bias == AttnBiasKind::all_fixed || bias == AttnBiasKind::qkv_fixed || configured;
        const bool o_bias = bias == AttnBiasKind::all_fixed || configured;
        const std::string attn = list.in_layer(n.attn) + ".";

        if (f.layout.fused_qkv) {
            const uint64_t out = checked_add(q_out, checked_mul(2, kv_out, "2 x kv width"), "qkv width");
            list.add_linear(attn + n.qkv, d, out, qkv_bias, Part::attention, f.tp.qkv);
        } else {
            list.add_linear(attn + n.q, d, q_out, qkv_bias, Part::attention, f.tp.qkv);
            list.add_linear(attn + n.k, d, kv_out, qkv_bias, Part::attention, f.tp.qkv);
            list.add_linear(attn + n.v, d, kv_out, qkv_bias, Part::attention, f.tp.qkv);
        }
        list.add_linear(attn + n.o, q_out, d, o_bias, Part::attention, f.tp.o);

        if (f.layout.qk_norm == QkNormKind::per_head) {
            list.add_norm(attn + "q_norm", hd);
            list.add_norm(attn + "k_norm", hd);
        } else if (f.layout.qk_norm == QkNormKind::full) {
            list.add_norm(attn + "q_norm", q_out);
            list.add_norm(attn + "k_norm", kv_out);
        }
    }

    double kv_elements_per_token(const ArchSpec& s) const override {
        return 2.0 * double(s.kv_heads()) * double(s.head_size());
    }

    const char* kv_formula() const override { return "2 x num_key_value_heads x head_dim x bytes"; }

    double score_flops_per_token(const ArchSpec& s, double seq) const override {
        return 4.0 * seq * double(s.num_attention_heads) * double(s.head_size());
    }

    void saved_activations(const Family& f, const ArchSpec&, const ActivationSymbols& x, std::vector<ActivationRow>& rows) const override {
        const Q &b = x.b, &s = x.s, &H = x.H, &K = x.K, &d = x.d, &e = x.e, &t = x.t;
        if (f.layout.qk_norm != QkNormKind::none) {
            // Qwen3 normalises every head (one rstd per head), OLMo 2 the whole projection (one per row).
            const Q norm_rows = f.layout.qk_norm == QkNormKind::per_head ? b * s * (H + K) / t : 2 * (b * s);
            rows.push_back({"query/key norms (fp32 input copy, normalized output cast back, rstd)",
                            (4 + e) * (b * s * (H + K) * d / t) + 4 * norm_rows});
        }
        if (x.kernel == AttentionKernel::flash || x.kernel == AttentionKernel::sdpa) {  // SDPA: flash / efficient backends save the same
            rows.push_back({"q, k, v kept by FlashAttention", e * b * s * (H + 2 * K) * d / t});
            rows.push_back({"FlashAttention log-sum-exp (fp32)", 4 * b * H * s / t});
        } else {
            // Eager attention repeats k and v to every query head before the matmuls (repeat_kv).
            rows.push_back({"q, k, v kept by the attention matmuls (k, v repeated to H heads)", e * b * s * (3 * H) * d / t});
            score_rows(x, rows);
        }
        rows.push_back({"attention output (o_proj input)", e * b * s * H * d / t});
    }
};

}  // namespace

void score_rows(const ActivationSymbols& x, std::vector<ActivationRow>& rows) {
    const Q &e = x.e;
    const Q scores = x.b * x.H * x.s * x.s / x.t;
    if (x.kernel == AttentionKernel::fused)
        rows.push_back({"attention probabilities (fused softmax)", e * scores, true});
    else if (e.value() < 4)
        rows.push_back({"attention probabilities (fp32 softmax output and its cast)", (4 + e) * scores, true});
    else  // in fp32 the cast is a no-op: one tensor
        rows.push_back({"attention probabilities (fp32 softmax output)", 4 * scores, true});
    if (x.dropout) rows.push_back({"attention dropout (mask and output)", (1 + e) * scores, true});
}

const AttentionBlock& attention_block(const Family& family) {
    static const GroupedQueryAttention gqa;
    switch (family.layout.attention) {
        case AttentionComponent::gqa: return gqa;
        case AttentionComponent::mla: return latent_attention();
    }
    return gqa;
}

bool windowed_layer(const Family& family, const ArchSpec& spec, int64_t layer) {
    if (!spec.sliding_window) return false;
    switch (family.layout.window) {
        case WindowPattern::none: return false;
        case WindowPattern::every_layer: return true;
        case WindowPattern::even_layers: return layer % 2 == 0;
        case WindowPattern::all_but_every_nth: return (layer + 1) % window_pattern(spec, family) != 0;
        case WindowPattern::from_layer: {
            const bool on = extra_flag(spec, family.keys.window_switch, false);
            const auto first = spec.extras.find("max_window_layers");
            const int64_t from = first != spec.extras.end() && first->is_number_integer() ? first->get<int64_t>() : 0;
            return on && layer >= from;
        }
    }
    return false;
}

}  // namespace ma

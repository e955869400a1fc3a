// Multi-head latent attention as transformers implements it
// (DeepseekV3Attention, modeling_deepseek_v3.py): queries through an optional
// low-rank q_a_proj -> q_a_layernorm -> q_b_proj, keys and values through one
// shared kv_a_proj_with_mqa (kv_lora_rank latent + qk_rope_head_dim rotary
// part) -> kv_a_layernorm -> kv_b_proj, then per-head attention with
// qk_head_dim = qk_nope_head_dim + qk_rope_head_dim keys and v_head_dim values.
// HF's cache stores the expanded per-head keys and values; vLLM and SGLang
// store the latent and the rotary key instead.
#include "checked_math.h"
#include "components.h"

namespace ma {
namespace {

uint64_t u(int64_t v) { return static_cast<uint64_t>(v); }

class LatentAttention final : public AttentionBlock {
public:
    void add_tensors(TensorList& list) const override {
        const Family& f = list.family();
        const ArchSpec& s = list.spec();
        const MlaShape m = mla_shape(s);
        const uint64_t d = u(s.hidden_size), heads = u(s.num_attention_heads);
        const bool bias = s.attention_bias;
        const std::string attn = list.in_layer(f.names.attn) + ".";
        const uint64_t q_out = checked_mul(heads, u(m.qk_head_dim()), "num_attention_heads x qk_head_dim");
        // The down projections are small and replicated (Megatron's MLA keeps them duplicated).
        if (m.q_lora_rank) {
            list.add_linear(attn + "q_a_proj", d, u(*m.q_lora_rank), bias, Part::attention, TpSplit::replicated);
            list.add_norm(attn + "q_a_layernorm", u(*m.q_lora_rank));
            list.add_linear(attn + "q_b_proj", u(*m.q_lora_rank), q_out, false, Part::attention, f.tp.qkv);
        } else {
            list.add_linear(attn + "q_proj", d, q_out, false, Part::attention, f.tp.qkv);
        }
        list.add_linear(attn + "kv_a_proj_with_mqa", d, u(m.kv_lora_rank + m.qk_rope_head_dim), bias, Part::attention, TpSplit::replicated);
        list.add_norm(attn + "kv_a_layernorm", u(m.kv_lora_rank));
        list.add_linear(attn + "kv_b_proj", u(m.kv_lora_rank),
                        checked_mul(heads, u(m.qk_nope_head_dim + m.v_head_dim), "num_attention_heads x (qk_nope_head_dim + v_head_dim)"),
                        false, Part::attention, f.tp.qkv);
        list.add_linear(attn + f.names.o, checked_mul(heads, u(m.v_head_dim), "num_attention_heads x v_head_dim"), d, bias, Part::attention, f.tp.o);
    }

    // HF's DynamicCache holds key_states (H x qk_head_dim) and value_states (H x v_head_dim).
    double kv_elements_per_token(const ArchSpec& s) const override {
        const MlaShape m = mla_shape(s);
        return double(s.num_attention_heads) * double(m.qk_head_dim() + m.v_head_dim);
    }

    // The compressed latent and the shared rotary key (DeepSeek-V2 §2.1.2; vLLM's MLA backend).
    double compact_kv_elements_per_token(const ArchSpec& s) const override {
        const MlaShape m = mla_shape(s);
        return double(m.kv_lora_rank + m.qk_rope_head_dim);
    }

    const char* kv_formula() const override { return "num_attention_heads x (qk_nope_head_dim + qk_rope_head_dim + v_head_dim) x bytes (HF cache)"; }
    const char* compact_kv_formula() const override { return "(kv_lora_rank + qk_rope_head_dim) x bytes (latent cache, vLLM / SGLang)"; }

    double score_flops_per_token(const ArchSpec& s, double seq) const override {
        const MlaShape m = mla_shape(s);
        return 2.0 * seq * double(s.num_attention_heads) * double(m.qk_head_dim() + m.v_head_dim);
    }

    void saved_activations(const Family&, const ArchSpec& spec, const ActivationSymbols& x, std::vector<ActivationRow>& rows) const override {
        const MlaShape m = mla_shape(spec);
        const Q &b = x.b, &s = x.s, &H = x.H, &e = x.e, &t = x.t;
        const Q nope = Q::sym("dn", double(m.qk_nope_head_dim)), rope = Q::sym("dr", double(m.qk_rope_head_dim));
        const Q v = Q::sym("dv", double(m.v_head_dim)), c = Q::sym("r", double(m.kv_lora_rank));
        const Q qk = nope + rope;
        if (m.q_lora_rank) {
            const Q rq = Q::sym("rq", double(*m.q_lora_rank));
            rows.push_back({"q_a_layernorm (fp32 input copy, rstd) and q_b_proj input", (4 + e) * (b * s * rq) + 4 * (b * s) + e * (b * s * rq)});
        }
        rows.push_back({"kv_a_layernorm (fp32 input copy, rstd) and kv_b_proj input", (4 + e) * (b * s * c) + 4 * (b * s) + e * (b * s * c)});
        rows.push_back({"rotary inputs (query and shared key rotary parts)", e * (b * s * H * rope / t) + e * (b * s * rope)});
        if (x.kernel == AttentionKernel::flash || x.kernel == AttentionKernel::sdpa) {
            rows.push_back({"q, k, v kept by FlashAttention (per head: qk_head_dim, qk_head_dim, v_head_dim)",
                            e * (b * s * H * (2 * qk + v) / t)});
            rows.push_back({"FlashAttention log-sum-exp (fp32)", 4 * b * H * s / t});
        } else {
            rows.push_back({"q, k, v kept by the attention matmuls", e * (b * s * H * (2 * qk + v) / t)});
            score_rows(x, rows);
        }
        rows.push_back({"attention output (o_proj input)", e * (b * s * H * v / t)});
    }
};

}  // namespace

const AttentionBlock& latent_attention() {
    static const LatentAttention mla;
    return mla;
}

}  // namespace ma

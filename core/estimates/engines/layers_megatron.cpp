// One Megatron-Core TransformerLayer (NVIDIA/Megatron-LM at d98e8a6) as the
// activation accounting of Korthikanti et al. 2022 §4 does it (34 s b h +
// 5 a s^2 b per layer for GPT), generalised to GQA, gated MLPs, flash
// attention and the dropout setting:
//   megatron/core/transformer/transformer_layer.py  input_layernorm -> self_attention -> bias-dropout-add
//                                                   -> pre_mlp_layernorm -> mlp -> bias-dropout-add
//   megatron/core/transformer/attention.py          linear_qkv, rotary (fused), core_attention, linear_proj
//   megatron/core/transformer/dot_product_attention.py  local: baddbmm, fused scale-mask-softmax,
//                                                   attention dropout, bmm with values repeated to every head
//   megatron/core/transformer/mlp.py                linear_fc1 (gate and up fused), bias_swiglu / bias_gelu
//                                                   fusion (keeps its input), linear_fc2
//   megatron/core/transformer/transformer_block.py  _checkpointed_forward: uniform / block recomputation
//   Transformer Engine's LayerNormLinear keeps the norm input and its output, sharded under sequence
//   parallelism and all-gathered again in backward, as Megatron's own linears do.
// Bytes per layer for one micro-batch on one rank: T = b*s/c tokens, t the TP size; terms outside the
// TP-split regions are divided by t only under sequence parallelism.
#include "engine_layers.h"

#include "../activations.h"
#include "../../model/layer_shapes.h"

namespace ma {

LayerModel megatron_layer(const Family& f, const ArchSpec& spec, const TrainingSetup& setup) {
    const ActivationSymbols x = activation_symbols(spec, setup);
    const Q T = x.tokens();
    const Q &h = x.h, &H = x.H, &K = x.K, &d = x.d, &ff = x.f, &t = x.t;
    const bool gated = f.layout.mlp == MlpKind::gated;
    const bool flash = setup.attention == AttentionKernel::flash;
    LayerModel m;
    auto add = [&](auto name, const Q& bytes, bool selective_drops) {  // a name written out or put together
        m.rows.push_back({std::move(name), bytes, selective_drops});
        if (!selective_drops) m.selective_rows.push_back(m.rows.back());
    };

    const double stats = f.layout.norm == NormKind::layer ? 8 : 4;  // fp32 mean and rstd, or rstd
    add("input_layernorm and pre_mlp_layernorm inputs and statistics", x.outside(2 * (2 * (T * h) + stats * T)), false);
    add("linear_qkv and linear_fc1 inputs (layernorm outputs)", x.outside(2 * (2 * (T * h))), false);
    if (f.layout.qk_norm != QkNormKind::none)
        add("q_layernorm and k_layernorm inputs", 2 * (T * (H + K) * d) / t, false);
    add("q, k, v (core attention inputs)", 2 * (T * (H + 2 * K) * d) / t, false);
    if (flash) {
        add("flash attention log-sum-exp (fp32)", 4 * (T * H) / t, true);
    } else {
        const Q scores = T * H * x.s / t;  // per token, s keys per head (b H s^2 per micro-batch)
        if (spec.kv_heads() != spec.num_attention_heads)
            add("k, v repeated to every head for the batched matmuls", 2 * (2 * (T * (H - K) * d)) / t, true);
        add("attention probabilities (fused scale-mask-softmax output)", 2 * scores, true);
        if (x.dropout) add("attention dropout mask and output", 3 * scores, true);
    }
    add("linear_proj input (core attention output)", 2 * (T * H * d) / t, false);
    if (x.dropout) add("hidden dropout masks (bias-dropout-add, 1 byte)", x.outside(2 * (T * h)), false);
    if (f.layout.mlp_block == MlpComponent::moe) {
        // Every layer as an expert layer (a few dense layers among them keep about as much).
        const MoeShape moe = moe_shape(f, spec);
        const Q fe = moe.expert_width == spec.intermediate_size ? ff : Q::sym("fe", double(moe.expert_width));
        add("router logits and probabilities (fp32)", 8 * (T * x.E), false);
        add("tokens dispatched to and returned from the experts", 2 * (2 * (x.k * T * h)), false);
        add("expert linear_fc1 outputs and activation outputs", x.k * T * (6 * fe) / t, false);
    } else {
        add(Q::text_of([&] { return std::string("linear_fc1 output (") + (gated ? "gate and up, " : "") + "kept by the fused activation)"; }),
            (gated ? 4 : 2) * (T * ff) / t, false);
        add("linear_fc2 input (activation output)", 2 * (T * ff) / t, false);
    }

    m.checkpoint_input = {"layer input kept by full recomputation", x.outside(2 * (T * h))};
    const Q fc1_grad = (gated ? 4 : 2) * (T * ff) / t;
    m.backward_working_set = {"gradient of the linear_fc1 output during the layer's backward", fc1_grad};
    const Q probabilities_grad = 2 * (T * H * x.s) / t;  // the unfused softmax backward, when it is the larger
    if (!flash && probabilities_grad.value() > fc1_grad.value())
        m.backward_working_set = {"gradient of the attention probabilities during the layer's backward", probabilities_grad};
    return m;
}

}  // namespace ma

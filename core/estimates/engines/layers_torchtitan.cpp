// One torchtitan TransformerBlock as its own code runs it (pytorch/torchtitan
// at 9dec370, the commit docs/performance.md measured):
//   torchtitan/models/llama/model.py   Attention.forward: wq/wk/wv, apply_rotary_emb (xq.float() as complex,
//                                      times freqs_cis, type_as), repeat_kv, SDPA (flash), wo;
//                                      FeedForward.forward: w2(silu(w1(x)) * w3(x))
//   torchtitan/models/norms.py         RMSNorm.forward: _norm(x.float()).type_as(x) * weight
//   torchtitan/parallelisms/parallelize_llama.py
//                                      _save_list (mm, SDPA, reduce_scatter, abs/max) with every other mm
//                                      recomputed; TP with sequence parallel (norms on Shard(1), the
//                                      projections' inputs all-gathered); loss parallel
// Bytes per layer for one micro-batch on one rank: T = b*s/c tokens, t the TP size.
#include "engine_layers.h"

#include "../activations.h"

namespace ma {

LayerModel torchtitan_layer(const Family& f, const ArchSpec& spec, const TrainingSetup& setup) {
    const ActivationSymbols x = activation_symbols(spec, setup);
    const Q T = x.tokens();
    const Q &h = x.h, &H = x.H, &K = x.K, &d = x.d, &ff = x.f, &t = x.t;
    const bool tp = setup.tp > 1;
    auto split = [&](const Q& q) { return tp ? q / t : q; };
    LayerModel m;

    // No recomputation: everything autograd saves.
    m.rows.push_back({"attention_norm and ffn_norm: fp32 input copies, bf16 normalized outputs, rstd",
                      split(2 * (6 * (T * h) + 4 * T))});
    m.rows.push_back({Q::text_of([&] { return "inputs of wq/wk/wv and w1/w3 (bf16" + std::string(tp ? ", all-gathered over the sequence)" : ")"); }),
                      2 * (2 * (T * h))});
    m.rows.push_back({"rotary embedding: q and k upcast to fp32 (complex multiply)", split(4 * (T * (H + K) * d))});
    if (f.layout.qk_norm != QkNormKind::none)
        m.rows.push_back({"q_norm and k_norm: fp32 copies and bf16 outputs", split(6 * (T * (H + K) * d))});
    m.rows.push_back({"SDPA inputs q and k, v repeated to H heads, its output and log-sum-exp",
                      split(8 * (T * H * d) + 4 * (T * H))});
    m.rows.push_back({"wo input (attention output made contiguous)", split(2 * (T * H * d))});
    m.rows.push_back({"feed-forward: w1 output, silu output, w3 output, w2 input", split(8 * (T * ff))});

    // Selective op-level: the block's input and the outputs of the saved ops. The mm counter saves the 1st,
    // 3rd, 5th and 7th matmul (wq, wv, w1, w2); reduce_scatter outputs are saved too.
    m.selective_rows.push_back({"block input (checkpoint input)", split(2 * (T * h))});
    m.selective_rows.push_back({"saved matmul outputs wq, wv, w1", split(2 * (T * H * d) + 2 * (T * K * d) + 2 * (T * ff))});
    m.selective_rows.push_back({"saved SDPA output and log-sum-exp", split(2 * (T * H * d) + 4 * (T * H))});
    if (tp)
        m.selective_rows.push_back({"saved w2 matmul output (partial sums) and the reduce-scatter outputs of wo and w2",
                                    2 * (T * h) + 2 * (2 * (T * h) / t)});
    else
        m.selective_rows.push_back({"saved w2 matmul output", 2 * (T * h)});

    m.checkpoint_input = {"block input kept by activation checkpointing", split(2 * (T * h))};
    // Backward of the feed-forward: gradients of the w1, w3 and product tensors live together.
    m.backward_working_set = {"gradients of w1, w3 and their product during the block's backward", split(3 * (2 * (T * ff)))};
    // torch.compile fuses the norm, rotary and silu chains: a recomputed block materialises less
    // (0.7, fitted on docs/performance.md Table 1, 82.4 vs 77.0 GiB).
    m.recompute_scale = setup.compile ? 0.7 : 1.0;
    // Async TP fuses each all-gather into its matmul: the gathered inputs are not formed again in recomputation.
    if (setup.async_tp) m.recompute_unmaterialised = m.rows[1].bytes.value();
    return m;
}

}  // namespace ma

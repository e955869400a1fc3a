// The dispatch by engine, the HF layer model (rows from activations.cpp and
// the components), and each engine's loss.
#include "engine_layers.h"

#include "../activations.h"

namespace ma {

double sum_bytes(const std::vector<ActivationRow>& rows) {
    double sum = 0;
    for (const ActivationRow& r : rows) sum += r.bytes.value();
    return sum;
}

LayerModel layer_model(const Family& f, const ArchSpec& spec, const TrainingSetup& setup) {
    switch (setup.engine) {
        case Engine::hf: return hf_layer(f, spec, setup);
        case Engine::torchtitan: return torchtitan_layer(f, spec, setup);
        case Engine::megatron: return megatron_layer(f, spec, setup);
    }
    return hf_layer(f, spec, setup);
}

LayerModel hf_layer(const Family& f, const ArchSpec& spec, const TrainingSetup& setup) {
    const ActivationSymbols x = activation_symbols(spec, setup);
    LayerModel m;
    m.rows = layer_activation_rows(f, spec, setup);
    m.selective_rows.reserve(m.rows.size());
    for (const ActivationRow& r : m.rows)
        if (!r.selective_drops) m.selective_rows.push_back(r);
    // gradient_checkpointing: the decoder layer's call is checkpointed with its hidden_states input.
    m.checkpoint_input = {"layer input kept by gradient checkpointing", hf_layer_input(x)};
    // While the MLP runs backward: the gradients of its widest intermediates (gate/up or fc1 output).
    const double widest = f.layout.mlp == MlpKind::gated ? 2 : 1;
    m.backward_working_set = {"gradients of the MLP intermediates during the layer's backward",
                              widest * (x.e * x.b * x.s * x.f / x.t)};
    return m;
}

ActivationRow loss_working_set(const Family&, const ArchSpec& spec, const TrainingSetup& setup) {
    const ActivationSymbols x = activation_symbols(spec, setup);
    const Q tokens = x.tokens();
    switch (setup.engine) {
        case Engine::hf:
            // HF ForCausalLMLoss: logits.float(); cross_entropy saves the fp32 log-softmax; at the start of backward
            // the bf16 logits (kept by the model output), the log-softmax (4) and its gradient and the input gradient (8).
            return {"logits and cross-entropy (HF ForCausalLMLoss, fp32 upcast)", (x.e + 4 + 8) * (tokens * x.V / x.t)};
        case Engine::torchtitan:
            if (setup.tp > 1)  // loss_parallel: DTensor log-softmax over the vocabulary shards (fitted, docs/engines.md)
                return {"logits and loss-parallel cross-entropy (fp32, vocabulary-sharded)", 20 * (tokens * x.V / x.t)};
            // train.py: cross_entropy(pred.flatten(0, 1).float()), del pred: the fp32 log-softmax (4), its gradient and
            // the input gradient (8) at the loss backward.
            return {"logits and cross-entropy (fp32 upcast, bf16 logits freed)", 12 * (tokens * x.V)};
        case Engine::megatron:
            // tensor_parallel/cross_entropy.py: the fp32 copy becomes the softmax and then the gradient in place (4),
            // beside the bf16 logits in forward and the bf16 gradient in backward (2).
            return {"logits and vocab-parallel cross-entropy (fp32 softmax in place)", 6 * (tokens * x.V / x.t)};
    }
    return {"", Q::num(0)};
}

ActivationRow head_inputs(const Family& f, const ArchSpec& spec, const TrainingSetup& setup) {
    const ActivationSymbols x = activation_symbols(spec, setup);
    if (setup.engine == Engine::hf) return {"final norm and lm_head input", final_norm_and_head_input(f, x)};
    // torchtitan's RMSNorm and Megatron's final layernorm: the fp32 input copy (torchtitan) or input, and the
    // output the head keeps (gathered over tp for the column-parallel head).
    const Q tokens = x.tokens();
    if (setup.engine == Engine::torchtitan) return {"final norm (fp32 copy, normalized) and output input", 6 * (tokens * x.h) / x.t + 2 * (tokens * x.h)};
    return {"final layernorm input and output-layer input", x.outside(2 * (tokens * x.h)) + x.outside(2 * (tokens * x.h))};
}

}  // namespace ma

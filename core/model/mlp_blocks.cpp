// The MLP components: one dense MLP (gated gate/up/down as in LlamaMLP and
// GemmaMLP, or plain fc/proj as in GPT-2 and GPT-NeoX), and a sparse mixture
// of gated experts behind a linear router (MixtralSparseMoeBlock).
#include <string>

#include "checked_math.h"
#include "components.h"

namespace ma {
namespace {

uint64_t u(int64_t v) { return static_cast<uint64_t>(v); }

// Tensors one HF activation module keeps: NewGELUActivation and FastGELUActivation are
// Python formulas (x, tanh(...), 0.5x, 1 + tanh); the rest keep their input.
int activation_saves(const std::string& act) {
    if (act == "gelu_new" || act == "gelu_fast") return 4;
    return 1;
}

// gate/up/down (or the fused gate_up) of one MLP of width `ff`, `copies` times.
void add_mlp_projections(TensorList& list, const std::string& prefix, uint64_t ff, uint64_t copies, bool routed) {
    const Family& f = list.family();
    const FamilyNames& n = f.names;
    const uint64_t d = u(list.spec().hidden_size);
    const bool bias = list.spec().mlp_bias;
    if (f.layout.mlp == MlpKind::gated) {
        if (f.layout.fused_gate_up) {
            list.add_linear(prefix + n.gate_up, d, checked_mul(2, ff, "2 x intermediate_size"), bias, Block::mlp, copies, f.tp.gate_up, routed);
        } else {
            list.add_linear(prefix + n.gate, d, ff, bias, Block::mlp, copies, f.tp.gate_up, routed);
            list.add_linear(prefix + n.up, d, ff, bias, Block::mlp, copies, f.tp.gate_up, routed);
        }
    } else {
        list.add_linear(prefix + n.up, d, ff, bias, Block::mlp, copies, f.tp.gate_up, routed);
    }
    list.add_linear(prefix + n.down, ff, d, bias, Block::mlp, copies, f.tp.down, routed);
}

class DenseMlp final : public MlpBlock {
public:
    void add_tensors(TensorList& list) const override {
        add_mlp_projections(list, list.in_layer(list.family().names.mlp) + ".", u(list.spec().intermediate_size), list.layers(), false);
    }

    void saved_activations(const Family& f, const ArchSpec& spec, const ActivationSymbols& x, std::vector<ActivationRow>& rows) const override {
        const Q bsf = x.b * x.s * x.f / x.t;
        if (f.layout.mlp == MlpKind::gated) {
            rows.push_back({"MLP gated intermediates (gate, act(gate), up, product)", 4 * (x.e * bsf)});
            return;
        }
        const int saves = activation_saves(spec.hidden_act);
        rows.push_back({"MLP intermediates (" + spec.hidden_act + " keeps " + std::to_string(saves) +
                            (saves == 1 ? " tensor" : " tensors") + ", fc2 input)",
                        double(saves + 1) * (x.e * bsf)});
    }
};

class SparseMoe final : public MlpBlock {
public:
    void add_tensors(TensorList& list) const override {
        const Family& f = list.family();
        const ArchSpec& s = list.spec();
        const std::string mlp = list.in_layer(f.names.mlp) + ".";
        list.add_linear(mlp + f.names.router, u(s.hidden_size), u(s.num_local_experts), false, Block::mlp, list.layers(), f.tp.router);
        const uint64_t copies = checked_mul(list.layers(), u(s.num_local_experts), "num_hidden_layers x num_local_experts");
        add_mlp_projections(list, mlp + f.names.experts + ".{e}.", u(s.intermediate_size), copies, true);
    }

    void saved_activations(const Family&, const ArchSpec&, const ActivationSymbols& x, std::vector<ActivationRow>& rows) const override {
        const Q routed = x.b * x.s * x.k;
        rows.push_back({"router probabilities (fp32 softmax)", 4 * (x.b * x.s * x.E)});
        rows.push_back({"expert inputs and outputs (gathered tokens, weighted outputs)", 2 * (x.e * routed * x.h)});
        rows.push_back({"expert SwiGLU intermediates (gate, act, up, product)", 4 * (x.e * routed * x.f / x.t)});
    }
};

}  // namespace

const MlpBlock& mlp_block(const Family& family) {
    static const DenseMlp dense;
    static const SparseMoe moe;
    switch (family.layout.mlp_block) {
        case MlpComponent::dense: return dense;
        case MlpComponent::moe: return moe;
    }
    return dense;
}

}  // namespace ma

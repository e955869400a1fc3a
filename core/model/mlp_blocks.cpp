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

// gate/up/down (or the fused gate_up) of one MLP of width `ff`, in the layers of `set`, `experts` times each.
void add_mlp_projections(TensorList& list, const std::string& prefix, uint64_t ff, Part part, LayerSet set = LayerSet::all,
                         uint64_t experts = 1) {
    const Family& f = list.family();
    const FamilyNames& n = f.names;
    const uint64_t d = u(list.spec().hidden_size);
    const bool bias = list.spec().mlp_bias;
    if (f.layout.mlp == MlpKind::gated) {
        if (f.layout.fused_gate_up) {
            list.add_linear(prefix + n.gate_up, d, checked_mul(2, ff, "2 x intermediate_size"), bias, part, f.tp.gate_up, set, experts);
        } else {
            list.add_linear(prefix + n.gate, d, ff, bias, part, f.tp.gate_up, set, experts);
            list.add_linear(prefix + n.up, d, ff, bias, part, f.tp.gate_up, set, experts);
        }
    } else {
        list.add_linear(prefix + n.up, d, ff, bias, part, f.tp.gate_up, set, experts);
    }
    list.add_linear(prefix + n.down, ff, d, bias, part, f.tp.down, set, experts);
}

// What one dense MLP of width `f` keeps for backward.
void dense_rows(const Family& fam, const ArchSpec& spec, const ActivationSymbols& x, const Q& f, double layer_share, const std::string& note,
                std::vector<ActivationRow>& rows) {
    const Q bsf = x.b * x.s * f / x.t;
    // Rows averaged over the layers that hold them; the factor is left out of the formula when it is 1.
    auto share = [&](const Q& bytes) { return layer_share == 1.0 ? bytes : Q::num(layer_share) * bytes; };
    if (fam.layout.mlp == MlpKind::gated) {
        rows.push_back({Q::text_of([&] { return "MLP gated intermediates (gate, act(gate), up, product)" + note; }), share(4 * (x.e * bsf))});
        return;
    }
    const int saves = activation_saves(spec.hidden_act);
    rows.push_back({Q::text_of([&] {
                        return "MLP intermediates (" + spec.hidden_act + " keeps " + std::to_string(saves) + (saves == 1 ? " tensor" : " tensors") +
                               ", fc2 input)" + note;
                    }),
                    share(double(saves + 1) * (x.e * bsf))});
}

class DenseMlp final : public MlpBlock {
public:
    void add_tensors(TensorList& list) const override {
        add_mlp_projections(list, list.in_layer(list.family().names.mlp) + ".", u(list.spec().intermediate_size), Part::dense_mlp);
    }

    void saved_activations(const Family& f, const ArchSpec& spec, const ActivationSymbols& x, std::vector<ActivationRow>& rows) const override {
        dense_rows(f, spec, x, x.f, 1.0, "", rows);
    }
};

// Top-k routed experts behind a linear router (MixtralSparseMoeBlock, OlmoeSparseMoeBlock,
// Qwen2MoeSparseMoeBlock, Qwen3MoeSparseMoeBlock, DeepseekV3MoE), with the family's shared
// expert, in the layers the family's pattern picks; the other layers hold a dense MLP.
class SparseMoe final : public MlpBlock {
public:
    void add_tensors(TensorList& list) const override {
        const Family& f = list.family();
        const ArchSpec& s = list.spec();
        const MoeShape& m = list.moe();
        const std::string mlp = list.in_layer(f.names.mlp) + ".";
        if (list.layers(LayerSet::dense) > 0) add_mlp_projections(list, mlp, u(s.intermediate_size), Part::dense_mlp, LayerSet::dense);
        list.add_linear(mlp + f.names.router, u(s.hidden_size), u(m.experts), false, Part::router, f.tp.router, LayerSet::moe);
        add_mlp_projections(list, mlp + f.names.experts + ".{e}.", u(m.expert_width), Part::routed_experts, LayerSet::moe, u(m.experts));
        if (m.shared_width > 0) {
            add_mlp_projections(list, mlp + f.names.shared_expert + ".", u(m.shared_width), Part::shared_experts, LayerSet::moe);
            if (f.layout.shared_expert == SharedExpert::gated)  // sigmoid(shared_expert_gate(x)) scales the shared expert
                list.add_linear(mlp + f.names.shared_gate, u(s.hidden_size), 1, false, Part::shared_experts, f.tp.router, LayerSet::moe);
        }
    }

    void saved_activations(const Family& f, const ArchSpec& spec, const ActivationSymbols& x, std::vector<ActivationRow>& rows) const override {
        const MoeShape m = moe_shape(f, spec);
        const double layers = double(m.moe_layer.size()), sparse = double(m.moe_layers());
        // Where only some layers hold experts, each row is the average over the layers.
        const bool mixed = sparse < layers;
        auto share = [&](const Q& bytes) { return mixed ? Q::num(sparse / layers) * bytes : bytes; };
        const std::string note = mixed ? " (" + std::to_string(m.moe_layers()) + " of " + std::to_string(m.moe_layer.size()) + " layers)" : "";
        const Q routed = x.b * x.s * x.k;
        const Q fe = m.expert_width == spec.intermediate_size ? x.f : Q::sym("fe", double(m.expert_width));
        rows.push_back({Q::text_of([&] { return "router probabilities (fp32)" + note; }), share(4 * (x.b * x.s * x.E))});
        rows.push_back({Q::text_of([&] { return "expert inputs and outputs (gathered tokens, weighted outputs)" + note; }), share(2 * (x.e * routed * x.h))});
        rows.push_back({Q::text_of([&] { return "expert SwiGLU intermediates (gate, act, up, product)" + note; }), share(4 * (x.e * routed * fe / x.t))});
        if (m.shared_width > 0) {
            const Q fs = Q::sym("fs", double(m.shared_width));
            rows.push_back({Q::text_of([&] { return "shared expert intermediates (gate, act, up, product)" + note; }), share(4 * (x.e * x.b * x.s * fs / x.t))});
        }
        if (mixed)
            dense_rows(f, spec, x, x.f, (layers - sparse) / layers,
                       " (" + std::to_string(m.dense_layers()) + " dense layers of " + std::to_string(m.moe_layer.size()) + ")", rows);
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

#include "param_count.h"

#include "checked_math.h"
#include "family.h"

namespace ma {
namespace {

using Shape = std::vector<uint64_t>;

class TensorListBuilder {
public:
    TensorListBuilder(const Family& family, const ArchSpec& spec) : f_(family), s_(spec) {}

    std::vector<ParamTensor> build() {
        const FamilyNames& n = f_.names;
        const uint64_t vocab = u(s_.vocab_size), d = u(s_.hidden_size);

        add(n.embed + ".weight", {vocab, d}, Block::embedding, 1);
        if (f_.layout.positions == PositionKind::learned)
            add(n.positions + ".weight", {u(s_.max_position_embeddings), d}, Block::embedding, 1);

        add_layer_norms();
        add_attention();
        add_mlp();

        add_norm(n.final_norm, 1);
        add(n.lm_head + ".weight", {vocab, d}, Block::head, 1, s_.tie_word_embeddings);
        return std::move(tensors_);
    }

private:
    static uint64_t u(int64_t v) { return static_cast<uint64_t>(v); }

    std::string in_layer(const std::string& module) const { return f_.names.layer + ".{i}." + module; }

    void add(std::string name, Shape shape, Block block, uint64_t copies, bool tied = false) {
        tensors_.push_back({std::move(name), std::move(shape), block, copies, tied});
    }

    // A linear layer: weight [out, in] (GPT-2's Conv1D stores [in, out]) and optional bias [out].
    void add_linear(const std::string& module, uint64_t in, uint64_t out, bool bias, Block block,
                    uint64_t copies) {
        const bool conv1d = f_.model_type == "gpt2";
        add(module + ".weight", conv1d ? Shape{in, out} : Shape{out, in}, block, copies);
        if (bias) add(module + ".bias", {out}, block, copies);
    }

    void add_norm(const std::string& module, uint64_t copies, uint64_t width = 0) {
        if (width == 0) width = u(s_.hidden_size);
        add(module + ".weight", {width}, Block::norm, copies);
        if (f_.layout.norm == NormKind::layer) add(module + ".bias", {width}, Block::norm, copies);
    }

    void add_layer_norms() {
        for (const std::string& norm : f_.layout.layer_norms) add_norm(in_layer(norm), layers());
    }

    uint64_t layers() const { return u(s_.num_hidden_layers); }

    void add_attention() {
        const FamilyNames& n = f_.names;
        const uint64_t d = u(s_.hidden_size);
        const uint64_t hd = u(s_.head_size());
        const uint64_t q_out = checked_mul(u(s_.num_attention_heads), hd, "num_attention_heads x head_dim");
        const uint64_t kv_out = checked_mul(u(s_.kv_heads()), hd, "num_key_value_heads x head_dim");
        const AttnBiasKind bias = f_.layout.attn_bias;
        const bool qkv_bias = bias == AttnBiasKind::all_fixed || bias == AttnBiasKind::qkv_fixed ||
                              (bias == AttnBiasKind::from_config && s_.attention_bias);
        const bool o_bias = bias == AttnBiasKind::all_fixed ||
                            (bias == AttnBiasKind::from_config && s_.attention_bias);
        const std::string attn = in_layer(n.attn) + ".";

        if (f_.layout.fused_qkv) {
            const uint64_t out = checked_add(q_out, checked_mul(2, kv_out, "2 x kv width"), "qkv width");
            add_linear(attn + n.qkv, d, out, qkv_bias, Block::attention, layers());
        } else {
            add_linear(attn + n.q, d, q_out, qkv_bias, Block::attention, layers());
            add_linear(attn + n.k, d, kv_out, qkv_bias, Block::attention, layers());
            add_linear(attn + n.v, d, kv_out, qkv_bias, Block::attention, layers());
        }
        add_linear(attn + n.o, q_out, d, o_bias, Block::attention, layers());

        if (f_.layout.qk_norm == QkNormKind::per_head) {
            add_norm(attn + "q_norm", layers(), hd);
            add_norm(attn + "k_norm", layers(), hd);
        } else if (f_.layout.qk_norm == QkNormKind::full) {
            add_norm(attn + "q_norm", layers(), q_out);
            add_norm(attn + "k_norm", layers(), kv_out);
        }
    }

    void add_mlp() {
        const FamilyNames& n = f_.names;
        const uint64_t d = u(s_.hidden_size), ff = u(s_.intermediate_size);
        const bool bias = s_.mlp_bias;
        std::string mlp = in_layer(n.mlp) + ".";
        uint64_t copies = layers();
        if (f_.layout.moe) {
            add_linear(mlp + n.router, d, u(s_.num_local_experts), false, Block::mlp, layers());
            mlp += n.experts + ".{e}.";
            copies = checked_mul(layers(), u(s_.num_local_experts), "num_hidden_layers x num_local_experts");
        }
        if (f_.layout.mlp == MlpKind::gated) {
            if (f_.layout.fused_gate_up) {
                add_linear(mlp + n.gate_up, d, checked_mul(2, ff, "2 x intermediate_size"), bias, Block::mlp, copies);
            } else {
                add_linear(mlp + n.gate, d, ff, bias, Block::mlp, copies);
                add_linear(mlp + n.up, d, ff, bias, Block::mlp, copies);
            }
        } else {
            add_linear(mlp + n.up, d, ff, bias, Block::mlp, copies);
        }
        add_linear(mlp + n.down, ff, d, bias, Block::mlp, copies);
    }

    const Family& f_;
    const ArchSpec& s_;
    std::vector<ParamTensor> tensors_;
};

bool is_expert(const ParamTensor& t) { return t.name.find("{e}") != std::string::npos; }

}  // namespace

const char* block_name(Block block) {
    switch (block) {
        case Block::embedding: return "embedding";
        case Block::attention: return "attention";
        case Block::mlp: return "mlp";
        case Block::norm: return "norm";
        case Block::head: return "head";
    }
    return "";
}

uint64_t ParamTensor::numel() const {
    uint64_t n = 1;
    for (uint64_t dim : shape) n = checked_mul(n, dim, name);
    return n;
}

uint64_t ParamTensor::params() const { return tied ? 0 : checked_mul(numel(), copies, name); }

ParamCount count_parameters(const ArchSpec& input) {
    const ArchSpec spec = resolve(input);
    validate(spec);
    const Family& family = family_for(spec.model_type);

    ParamCount c;
    c.model_type = spec.model_type;
    c.tensors = TensorListBuilder(family, spec).build();

    const uint64_t layers = static_cast<uint64_t>(spec.num_hidden_layers);
    const uint64_t experts = static_cast<uint64_t>(spec.num_local_experts);
    const uint64_t routed = static_cast<uint64_t>(spec.num_experts_per_tok);
    uint64_t inactive = 0;  // expert parameters a token does not use
    for (const ParamTensor& t : c.tensors) {
        const uint64_t p = t.params();
        const int b = static_cast<int>(t.block);
        c.total = checked_add(c.total, p, "total parameters");
        c.by_block[b] = checked_add(c.by_block[b], p, block_name(t.block));
        if (t.block == Block::embedding) c.embedding = checked_add(c.embedding, p, "embedding parameters");
        if (t.copies >= layers && t.name.find("{i}") != std::string::npos) {
            const uint64_t one_layer = is_expert(t) ? checked_mul(t.numel(), experts, t.name) : t.numel();
            c.layer_by_block[b] = checked_add(c.layer_by_block[b], one_layer, "layer parameters");
            c.per_layer = checked_add(c.per_layer, one_layer, "layer parameters");
        }
        if (is_expert(t)) inactive += checked_mul(t.numel(), checked_mul(layers, experts - routed, t.name), t.name);
    }
    c.non_embedding = c.total - c.embedding;
    c.active_per_token = c.total - inactive;
    return c;
}

}  // namespace ma

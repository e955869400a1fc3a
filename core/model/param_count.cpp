#include "param_count.h"

#include "checked_math.h"
#include "components.h"
#include "family.h"

namespace ma {

void TensorList::add_linear(const std::string& module, uint64_t in, uint64_t out, bool bias, Block block, uint64_t copies,
                            TpSplit tp, bool routed_expert) {
    using Shape = std::vector<uint64_t>;
    const bool in_layer = module.find("{i}") != std::string::npos;
    add({module + ".weight", family_.layout.conv1d_weights ? Shape{in, out} : Shape{out, in}, block, copies, false, tp, in_layer,
         routed_expert});
    if (bias)
        add({module + ".bias", {out}, block, copies, false, tp == TpSplit::column ? tp : TpSplit::replicated, in_layer, routed_expert});
}

void TensorList::add_norm(const std::string& module, uint64_t copies, uint64_t width) {
    if (width == 0) width = static_cast<uint64_t>(spec_.hidden_size);
    const bool in_layer = module.find("{i}") != std::string::npos;
    add({module + ".weight", {width}, Block::norm, copies, false, family_.tp.norm, in_layer});
    if (family_.layout.norm == NormKind::layer) add({module + ".bias", {width}, Block::norm, copies, false, family_.tp.norm, in_layer});
}

namespace {

// Embedding, positions, the layers' norms, attention and MLP, the final norm and the head, in HF's order.
std::vector<ParamTensor> tensor_list(const Family& f, const ArchSpec& s) {
    TensorList list(f, s);
    const FamilyNames& n = f.names;
    const uint64_t vocab = static_cast<uint64_t>(s.vocab_size), d = static_cast<uint64_t>(s.hidden_size);
    list.add({n.embed + ".weight", {vocab, d}, Block::embedding, 1, false, f.tp.embed});
    if (f.layout.positions == PositionKind::learned)
        list.add({n.positions + ".weight", {static_cast<uint64_t>(s.max_position_embeddings), d}, Block::embedding, 1, false, f.tp.positions});
    for (const std::string& norm : f.layout.layer_norms) list.add_norm(list.in_layer(norm), list.layers());
    attention_block(f).add_tensors(list);
    mlp_block(f).add_tensors(list);
    list.add_norm(n.final_norm, 1);
    list.add({n.lm_head + ".weight", {vocab, d}, Block::head, 1, s.tie_word_embeddings, f.tp.lm_head});
    return list.take();
}

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
    c.tensors = tensor_list(family, spec);

    const uint64_t layers = static_cast<uint64_t>(spec.num_hidden_layers);
    const uint64_t experts = static_cast<uint64_t>(spec.num_local_experts);
    const uint64_t routed = static_cast<uint64_t>(spec.num_experts_per_tok);
    uint64_t inactive = 0;  // routed-expert parameters a token does not use
    for (const ParamTensor& t : c.tensors) {
        const uint64_t p = t.params();
        const int b = static_cast<int>(t.block);
        c.total = checked_add(c.total, p, "total parameters");
        c.by_block[b] = checked_add(c.by_block[b], p, block_name(t.block));
        if (t.block == Block::embedding) c.embedding = checked_add(c.embedding, p, "embedding parameters");
        if (t.in_layer) {
            const uint64_t one_layer = checked_mul(t.numel(), t.copies / layers, t.name);
            c.layer_by_block[b] = checked_add(c.layer_by_block[b], one_layer, "layer parameters");
            c.per_layer = checked_add(c.per_layer, one_layer, "layer parameters");
        }
        if (t.routed_expert)
            inactive = checked_add(inactive, checked_mul(t.numel(), checked_mul(t.copies / experts, experts - routed, t.name), t.name), t.name);
    }
    c.non_embedding = c.total - c.embedding;
    c.active_per_token = c.total - inactive;
    return c;
}

}  // namespace ma

#include "param_count.h"

#include "checked_math.h"
#include "components.h"
#include "family.h"
#include "../per_thread.h"
#include "../recent_cache.h"

namespace ma {

TensorList::TensorList(const Family& family, const ArchSpec& spec)
    : family_(family), spec_(spec), moe_(moe_shape(family, spec)) {}

uint64_t TensorList::layers(LayerSet set) const {
    const uint64_t all = static_cast<uint64_t>(spec_.num_hidden_layers);
    if (family_.layout.mlp_block != MlpComponent::moe) return set == LayerSet::moe ? 0 : all;
    switch (set) {
        case LayerSet::all: return all;
        case LayerSet::dense: return static_cast<uint64_t>(moe_.dense_layers());
        case LayerSet::moe: return static_cast<uint64_t>(moe_.moe_layers());
    }
    return all;
}

void TensorList::add_tensor(const std::string& name, std::vector<uint64_t> shape, Part part, TpSplit tp, LayerSet set,
                            uint64_t experts) {
    ParamTensor t;
    t.name = name;
    t.shape = std::move(shape);
    t.part = part;
    t.block = block_of(part);
    t.tp = tp;
    t.in_layer = name.find("{i}") != std::string::npos;
    t.layers = set;
    t.layer_count = t.in_layer ? layers(set) : 0;
    t.copies = t.in_layer ? checked_mul(t.layer_count, experts, name) : 1;
    t.routed_expert = part == Part::routed_experts;
    add(std::move(t));
}

void TensorList::add_linear(const std::string& module, uint64_t in, uint64_t out, bool bias, Part part, TpSplit tp, LayerSet set,
                            uint64_t experts) {
    using Shape = std::vector<uint64_t>;
    // GPT-2's Conv1D layers store [in, out]; its embeddings and nn.Linear head do not.
    const bool conv1d = family_.layout.conv1d_weights && part != Part::embedding && part != Part::head;
    add_tensor(module + ".weight", conv1d ? Shape{in, out} : Shape{out, in}, part, tp, set, experts);
    if (bias) add_tensor(module + ".bias", {out}, part, tp == TpSplit::column ? tp : TpSplit::replicated, set, experts);
}

void TensorList::add_norm(const std::string& module, uint64_t width) {
    if (family_.layout.norm == NormKind::layer_no_affine) return;  // F.layer_norm(x, shape, None, None)
    if (width == 0) width = static_cast<uint64_t>(spec_.hidden_size);
    add_tensor(module + ".weight", {width}, Part::norm, family_.tp.norm, LayerSet::all, 1);
    if (family_.layout.norm == NormKind::layer) add_tensor(module + ".bias", {width}, Part::norm, family_.tp.norm, LayerSet::all, 1);
}

namespace {

// Embedding, positions, the layers' norms, attention and MLP, the final norm and the head, in HF's order.
std::vector<ParamTensor> tensor_list(const Family& f, const ArchSpec& s) {
    TensorList list(f, s);
    const FamilyNames& n = f.names;
    const uint64_t vocab = static_cast<uint64_t>(s.vocab_size), d = static_cast<uint64_t>(s.hidden_size);
    list.add_linear(n.embed, d, vocab, false, Part::embedding, f.tp.embed);  // nn.Embedding weight [vocab, hidden]
    if (f.layout.positions == PositionKind::learned)
        list.add_linear(n.positions, d, static_cast<uint64_t>(s.max_position_embeddings), false, Part::embedding, f.tp.positions);
    for (const std::string& norm : f.layout.layer_norms) list.add_norm(list.in_layer(norm));
    attention_block(f).add_tensors(list);
    mlp_block(f).add_tensors(list);
    list.add_norm(n.final_norm);
    list.add_linear(n.lm_head, d, vocab, false, Part::head, f.tp.lm_head);
    std::vector<ParamTensor> tensors = list.take();
    tensors.back().tied = s.tie_word_embeddings;
    return tensors;
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

const char* part_name(Part part) {
    switch (part) {
        case Part::embedding: return "embedding";
        case Part::attention: return "attention";
        case Part::norm: return "norm";
        case Part::head: return "head";
        case Part::dense_mlp: return "dense_mlp";
        case Part::routed_experts: return "routed_experts";
        case Part::shared_experts: return "shared_experts";
        case Part::router: return "router";
    }
    return "";
}

Block block_of(Part part) {
    switch (part) {
        case Part::embedding: return Block::embedding;
        case Part::attention: return Block::attention;
        case Part::norm: return Block::norm;
        case Part::head: return Block::head;
        default: return Block::mlp;
    }
}

uint64_t ParamTensor::per_layer() const { return layer_count == 0 ? 0 : checked_mul(numel(), copies / layer_count, name); }

uint64_t ParamTensor::numel() const {
    uint64_t n = 1;
    for (uint64_t dim : shape) n = checked_mul(n, dim, name);
    return n;
}

uint64_t ParamTensor::params() const { return tied ? 0 : checked_mul(numel(), copies, name); }

namespace {

ParamCount count_resolved(const ArchSpec& input) {
    const ArchSpec spec = resolve(input);
    validate(spec);
    const Family& family = family_for(spec.model_type);

    ParamCount c;
    c.model_type = spec.model_type;
    c.tensors = tensor_list(family, spec);

    const MoeShape moe = moe_shape(family, spec);
    c.moe_layers = moe.moe_layers();
    c.dense_layers = spec.num_hidden_layers - c.moe_layers;
    const uint64_t experts = static_cast<uint64_t>(moe.experts), routed = static_cast<uint64_t>(moe.per_token);
    uint64_t inactive = 0;  // routed-expert parameters a token does not use
    for (const ParamTensor& t : c.tensors) {
        const uint64_t p = t.params();
        const int b = static_cast<int>(t.block);
        c.total = checked_add(c.total, p, "total parameters");
        c.by_block[b] = checked_add(c.by_block[b], p, block_name(t.block));
        c.by_part[int(t.part)] = checked_add(c.by_part[int(t.part)], p, part_name(t.part));
        if (t.block == Block::embedding) c.embedding = checked_add(c.embedding, p, "embedding parameters");
        if (t.in_layer) {
            const uint64_t one_layer = t.per_layer();
            // The largest layer: a mixture-of-experts layer where the family has any.
            const bool in_largest = t.layers == LayerSet::all || (t.layers == LayerSet::moe) == (c.moe_layers > 0);
            if (in_largest) {
                c.layer_by_block[b] = checked_add(c.layer_by_block[b], one_layer, "layer parameters");
                c.per_layer = checked_add(c.per_layer, one_layer, "layer parameters");
            }
            if (t.layers != LayerSet::moe) {
                c.dense_layer_by_block[b] = checked_add(c.dense_layer_by_block[b], one_layer, "layer parameters");
                c.dense_layer = checked_add(c.dense_layer, one_layer, "layer parameters");
            }
        }
        if (t.routed_expert)
            inactive = checked_add(inactive, checked_mul(t.numel(), checked_mul(t.layer_count, experts - routed, t.name), t.name), t.name);
    }
    c.non_embedding = c.total - c.embedding;
    c.active_per_token = c.total - inactive;
    c.active_non_embedding = c.active_per_token - c.embedding;
    return c;
}

}  // namespace

// A design counts each candidate in its search, its fit search, its plan and its reports: the
// recent counts are kept (a count depends on the spec alone).
ParamCount count_parameters(const ArchSpec& spec) {
    MA_PER_THREAD RecentCache<ArchSpec, ParamCount, 16> recent;
    return recent.get(spec, [&] { return count_resolved(spec); });
}

}  // namespace ma

// The components a decoder layer is built from. Each owns, for its part of
// the layer: the parameter tensors (HF names and shapes), the KV-cache
// elements per token, the forward FLOPs beyond its weights, and the
// activations the HF modeling code saves for backward. A family row picks
// one attention and one MLP component; a new family that reuses them is a
// new row only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../options/choices.h"
#include "arch_spec.h"
#include "family.h"
#include "layer_shapes.h"
#include "param_count.h"
#include "quantity.h"

namespace ma {

// Collects parameter tensors with their HF names, part, TP split and copies.
class TensorList {
public:
    TensorList(const Family& family, const ArchSpec& spec);

    const Family& family() const { return family_; }
    const ArchSpec& spec() const { return spec_; }
    const MoeShape& moe() const { return moe_; }
    // Decoder layers in a set: all of them, the dense-MLP ones or the mixture-of-experts ones.
    uint64_t layers(LayerSet set = LayerSet::all) const;
    // "model.layers.{i}." + module
    std::string in_layer(const std::string& module) const { return family_.names.layer + ".{i}." + module; }

    void add(ParamTensor t) { tensors_.push_back(std::move(t)); }
    // A linear layer: weight [out, in] (Conv1D: [in, out]) and an optional bias [out], once per layer of
    // `set` (when the module is in a layer) and `experts` times in each. Row-parallel biases are
    // replicated; column-parallel ones split with the weight.
    void add_linear(const std::string& module, uint64_t in, uint64_t out, bool bias, Part part, TpSplit tp,
                    LayerSet set = LayerSet::all, uint64_t experts = 1);
    // A norm's weight (and bias for LayerNorm) of `width` features (0 = hidden_size); none for a
    // LayerNorm without parameters.
    void add_norm(const std::string& module, uint64_t width = 0);

    std::vector<ParamTensor> take() { return std::move(tensors_); }

private:
    void add_tensor(const std::string& name, std::vector<uint64_t> shape, Part part, TpSplit tp, LayerSet set, uint64_t experts);

    const Family& family_;
    const ArchSpec& spec_;
    MoeShape moe_;
    std::vector<ParamTensor> tensors_;
};

// The symbols of the activation formulas for one micro-batch on one rank.
struct ActivationSymbols {
    Q b, s, h, H, K, d, f, V, E, k;
    Q e;                       // bytes per activation element (2 in bf16, 4 in fp32)
    Q t;                       // tensor-parallel size
    Q c;                       // context-parallel size (each rank holds s / c of every sequence)
    bool sequence_parallel;    // the tensors outside attention and MLP are split by t too
    AttentionKernel kernel;
    bool dropout;              // attention and residual dropout are on
    bool autocast;             // torch.autocast over fp32 weights: residual stream and norms stay fp32
    // Tokens of one micro-batch on this rank: b*s, or b*s / c under context parallelism.
    Q tokens() const { return c.value() > 1 ? b * s / c : b * s; }
    // `bytes`, split by t where sequence parallelism splits it.
    Q outside(const Q& bytes) const { return sequence_parallel ? bytes / t : bytes; }
};

// One tensor (or a group of tensors) autograd keeps for backward, per layer.
struct ActivationRow {
    ActivationRow() = default;
    ActivationRow(std::string name_, Q bytes_, bool selective_drops_ = false)
        : name(std::move(name_)), bytes(std::move(bytes_)), selective_drops(selective_drops_) {}
    // A name written out is copied only while text is built: a numbers-only search (Q::NumbersOnly,
    // the fit search's dozens of arrangements) compares totals and never reads a name.
    ActivationRow(const char* name_, Q bytes_, bool selective_drops_ = false)
        : ActivationRow(Q::building_text() ? std::string(name_) : std::string(), std::move(bytes_), selective_drops_) {}

    std::string name;
    Q bytes = Q::num(0);       // one layer, one micro-batch, this rank
    bool selective_drops = false;  // selective recomputation (Korthikanti et al. 2022) recomputes it
};

class AttentionBlock {
public:
    virtual ~AttentionBlock() = default;
    virtual void add_tensors(TensorList& list) const = 0;
    // Elements cached per token per layer (keys and values).
    virtual double kv_elements_per_token(const ArchSpec& spec) const = 0;
    // Elements a serving engine that keeps the compressed form caches (vLLM and SGLang for MLA); the same otherwise.
    virtual double compact_kv_elements_per_token(const ArchSpec& spec) const { return kv_elements_per_token(spec); }
    // The KV-cache formula per token and layer, in words (and that of the compact cache, "" when the same).
    virtual const char* kv_formula() const = 0;
    virtual const char* compact_kv_formula() const { return ""; }
    // Forward FLOPs per token for the score and value products of one layer, full (non-causal) mask.
    virtual double score_flops_per_token(const ArchSpec& spec, double seq) const = 0;
    virtual void saved_activations(const Family& family, const ArchSpec& spec, const ActivationSymbols& x,
                                   std::vector<ActivationRow>& rows) const = 0;
};

class MlpBlock {
public:
    virtual ~MlpBlock() = default;
    virtual void add_tensors(TensorList& list) const = 0;
    virtual void saved_activations(const Family& family, const ArchSpec& spec, const ActivationSymbols& x,
                                   std::vector<ActivationRow>& rows) const = 0;
};

const AttentionBlock& attention_block(const Family& family);
const AttentionBlock& latent_attention();  // attention_mla.cpp

// The eager (and fused-softmax) attention's probabilities and dropout, shared by both attention kinds.
void score_rows(const ActivationSymbols& x, std::vector<ActivationRow>& rows);
const MlpBlock& mlp_block(const Family& family);

// Layer `layer` (0-based) attends within the sliding window (when the spec sets one).
bool windowed_layer(const Family& family, const ArchSpec& spec, int64_t layer);

}  // namespace ma

// Exact parameter count of the Hugging Face model a spec builds: the sum of
// p.numel() over model.parameters(), tied weights counted once, buffers
// (rotary inv_freq, causal masks) excluded.
//
// The count is built from the list of parameter tensors with their HF names
// and shapes, so every number can be checked against named_parameters().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../shared_list.h"
#include "arch_spec.h"
#include "family.h"

namespace ma {

enum class Block { embedding, attention, mlp, norm, head };
const char* block_name(Block block);

// The finer parts of a layer a mixture-of-experts report shows (mlp splits into the last four).
enum class Part { embedding, attention, norm, head, dense_mlp, routed_experts, shared_experts, router };
constexpr int kParts = 8;
const char* part_name(Part part);
Block block_of(Part part);

// The decoder layers a tensor is in: every layer, or only the dense-MLP or only the mixture-of-experts layers.
enum class LayerSet { all, dense, moe };

struct ParamTensor {
    std::string name;              // HF name; "{i}" stands for the layer index, "{e}" for the expert
    std::vector<uint64_t> shape;   // as nn.Linear/Embedding store it ([out, in]; GPT-2 Conv1D [in, out])
    Block block;
    uint64_t copies;               // 1, the layers holding it, or those layers x experts
    bool tied = false;             // shares storage with another tensor: counted once, there
    TpSplit tp = TpSplit::replicated;  // how tensor parallelism splits it
    bool in_layer = false;         // one copy per decoder layer (or per layer and expert)
    bool routed_expert = false;    // a routed expert's weight: a token uses top-k of them
    Part part = Part::attention;
    LayerSet layers = LayerSet::all;
    uint64_t layer_count = 0;      // decoder layers holding it (0 outside the layers)
    uint64_t per_layer() const;    // numel x copies in one layer that holds it
    uint64_t numel() const;        // product of shape
    uint64_t params() const;       // numel x copies, 0 when tied
};

struct ParamCount {
    std::string model_type;
    SharedList<ParamTensor> tensors;  // shared by the copies the count cache hands out
    uint64_t total = 0;
    uint64_t embedding = 0;        // token embedding + learned positions (HF exclude_embeddings)
    uint64_t non_embedding = 0;    // total - embedding
    uint64_t per_layer = 0;        // one decoder layer (a mixture-of-experts layer where layers differ)
    uint64_t by_block[5] = {0, 0, 0, 0, 0};  // indexed by Block, summed over layers
    uint64_t layer_by_block[5] = {0, 0, 0, 0, 0};  // one layer (as per_layer)
    uint64_t by_part[kParts] = {};           // indexed by Part, summed over layers
    // Families that mix dense-MLP and mixture-of-experts layers (qwen3_moe mlp_only_layers,
    // deepseek_v3 first_k_dense_replace): how many of each, and one dense layer.
    int64_t moe_layers = 0, dense_layers = 0;
    uint64_t dense_layer = 0;
    uint64_t dense_layer_by_block[5] = {0, 0, 0, 0, 0};
    // Parameters one token passes through: the total less the routed experts it is not sent to
    // (embedding, head, attention, norms, routers, shared experts and the top-k routed experts stay; dense: the total).
    uint64_t active_per_token = 0;
    // The same without the input embedding (DeepSeek's "activated parameters" convention counts the head only).
    uint64_t active_non_embedding = 0;
    // A mixture of experts whose tokens skip some routed experts.
    bool sparse() const { return active_per_token != total; }
};

// Throws ma::Error on invalid shapes or 64-bit overflow. The spec is resolved first.
ParamCount count_parameters(const ArchSpec& spec);

}  // namespace ma

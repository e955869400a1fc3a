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

#include "arch_spec.h"
#include "family.h"

namespace ma {

enum class Block { embedding, attention, mlp, norm, head };
const char* block_name(Block block);

struct ParamTensor {
    std::string name;              // HF name; "{i}" stands for the layer index, "{e}" for the expert
    std::vector<uint64_t> shape;   // as nn.Linear/Embedding store it ([out, in]; GPT-2 Conv1D [in, out])
    Block block;
    uint64_t copies;               // 1, num_hidden_layers, or layers x experts
    bool tied = false;             // shares storage with another tensor: counted once, there
    TpSplit tp = TpSplit::replicated;  // how tensor parallelism splits it
    bool in_layer = false;         // one copy per decoder layer (or per layer and expert)
    bool routed_expert = false;    // a routed expert's weight: a token uses top-k of them
    uint64_t numel() const;        // product of shape
    uint64_t params() const;       // numel x copies, 0 when tied
};

struct ParamCount {
    std::string model_type;
    std::vector<ParamTensor> tensors;
    uint64_t total = 0;
    uint64_t embedding = 0;        // token embedding + learned positions (HF exclude_embeddings)
    uint64_t non_embedding = 0;    // total - embedding
    uint64_t per_layer = 0;        // one decoder layer
    uint64_t by_block[5] = {0, 0, 0, 0, 0};  // indexed by Block, summed over layers
    uint64_t layer_by_block[5] = {0, 0, 0, 0, 0};  // one layer
    uint64_t active_per_token = 0; // MoE: parameters one token passes through (= total when dense)
};

// Throws ma::Error on invalid shapes or 64-bit overflow. The spec is resolved first.
ParamCount count_parameters(const ArchSpec& spec);

}  // namespace ma

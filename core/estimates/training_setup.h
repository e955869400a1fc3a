// How a model is trained: batch shape, optimizer, precision, recomputation,
// attention kernel and parallelism. Plain data; read from the `training`
// object of the memory options and of the design request through the option
// schema (CLI flags and the page build the same object).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "../options/choices.h"
#include "../options/schema.h"
#include "gpu_catalog.h"

namespace ma {

struct TrainingSetup {
    Engine engine = Engine::hf;                   // the training code the run uses (engine_profile.h)
    int64_t micro_batch = 1;                      // sequences per GPU per step
    int64_t seq_len = 4096;                       // tokens per sequence
    Optimizer optimizer = Optimizer::adamw;
    Precision precision = Precision::mixed;       // mixed: bf16 model + fp32 master; amp: autocast, fp32 weights
    GradDtype grad_dtype = GradDtype::bf16;       // mixed only; unset: the engine's (Megatron main_grad: fp32)
    Recompute recompute = Recompute::none;
    SelectiveAc selective_ac = SelectiveAc::op;   // torchtitan selective: op-level save list or every N-th layer
    int64_t ac_every = 2;                         // torchtitan selective layer: checkpoint every N-th layer
    RecomputeMethod recompute_method = RecomputeMethod::uniform;  // Megatron full recompute
    int64_t recompute_layers = 1;                 // Megatron --recompute-num-layers
    AttentionKernel attention = AttentionKernel::flash;  // eager (HF, fp32 softmax), sdpa, fused (Megatron local), flash
    TransformerImpl transformer_impl = TransformerImpl::transformer_engine;  // Megatron
    bool compile = false;                         // torchtitan torch.compile per block
    bool float8 = false;                          // torchtitan float8 linears (torchao)
    bool async_tp = false;                        // torchtitan async tensor parallel
    double dropout = 0.0;                         // attention and residual dropout probability
    int zero_stage = 0;                           // 0..3 (3 = FSDP full shard); Megatron 1 = distributed optimizer
    int64_t dp = 1, tp = 1, pp = 1;               // data, tensor and pipeline parallel sizes
    int64_t cp = 1;                               // context parallel (splits the sequence)
    int64_t ep = 1;                               // expert parallel (carved out of dp x cp; MoE only)
    int64_t vpp = 1;                              // virtual pipeline stages per rank (interleaved 1F1B)
    bool sequence_parallel = false;               // sequence parallelism (with tp > 1)
    int64_t grad_accum = 1;                       // micro-batches per optimizer step (>= pp keeps the pipeline full)
    std::optional<double> overhead_gib;           // outside the allocator: CUDA context, NCCL; unset: the engine's
    std::optional<double> fragmentation;          // reserved / allocated - 1; unset: the engine's measured value
    Gpu gpu = default_gpu();

    int64_t gpus() const { return dp * tp * pp * cp; }
};

const FieldTable<TrainingSetup>& training_fields();

// Every member equal: the table binds each one (a cache key for the fit search).
bool operator==(const TrainingSetup& a, const TrainingSetup& b);

// Unknown keys and bad values are errors naming the key and value.
TrainingSetup training_setup_from_json(const nlohmann::json& j, const std::string& where = "training");
nlohmann::json to_json(const TrainingSetup& s);

}  // namespace ma

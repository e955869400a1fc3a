// How a model is trained: batch shape, optimizer, precision, recomputation,
// attention kernel and parallelism. Plain data; read from the `training`
// object of the memory options and of the design request through the option
// schema (CLI flags and the page build the same object).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "../options/choices.h"
#include "../options/schema.h"
#include "gpu_catalog.h"

namespace ma {

struct TrainingSetup {
    int64_t micro_batch = 1;                      // sequences per GPU per step
    int64_t seq_len = 4096;                       // tokens per sequence
    Optimizer optimizer = Optimizer::adamw;
    Precision precision = Precision::mixed;       // mixed: bf16 model + fp32 master; amp: autocast, fp32 weights
    GradDtype grad_dtype = GradDtype::bf16;       // mixed only: bf16 (ZeRO paper, 16 B/param) or fp32 (Megatron main_grad, 18 B/param)
    Recompute recompute = Recompute::none;
    AttentionKernel attention = AttentionKernel::flash;  // eager (HF, fp32 softmax), fused (Megatron fused softmax), flash
    double dropout = 0.0;                         // attention and residual dropout probability
    int zero_stage = 0;                           // 0..3 (3 = FSDP full shard)
    int64_t dp = 1, tp = 1, pp = 1;               // data, tensor and pipeline parallel sizes
    bool sequence_parallel = false;               // Megatron sequence parallelism (with tp > 1)
    int64_t grad_accum = 1;                       // micro-batches per optimizer step (>= pp keeps the pipeline full)
    double overhead_gib = 1.0;                    // CUDA context, NCCL buffers, cuBLAS workspace
    double fragmentation = 0.10;                  // allocator fragmentation on top of tensors
    Gpu gpu = default_gpu();

    int64_t gpus() const { return dp * tp * pp; }
};

const FieldTable<TrainingSetup>& training_fields();

// Unknown keys and bad values are errors naming the key and value.
TrainingSetup training_setup_from_json(const nlohmann::json& j, const std::string& where = "training");
nlohmann::json to_json(const TrainingSetup& s);

}  // namespace ma

#include "model_states.h"

#include <stdexcept>

namespace ma {

const std::vector<PrecisionRow>& precision_table() {
    static const std::vector<PrecisionRow> t = {
        {Precision::fp32, 4, 4, 0, 4, 4, "PyTorch defaults: fp32 weights, gradients, optimizer states and activations"},
        {Precision::mixed, 2, 2, 4, 4, 2,
         "Rajbhandari et al. 2020 (ZeRO) §3.1: 2 + 2 bytes of fp16/bf16 weights and gradients, K = 12 bytes of fp32 master weights and Adam moments"},
        {Precision::amp, 4, 4, 0, 4, 2, "torch.autocast over fp32 parameters: fp32 weights, gradients and states; activations in bf16"},
        {Precision::bf16, 2, 2, 0, 2, 2, "pure bf16: weights, gradients, optimizer states and activations in bf16, no master copy"},
    };
    return t;
}

const PrecisionRow& precision_row(Precision p, GradDtype grads) {
    for (const PrecisionRow& r : precision_table()) {
        if (r.precision != p) continue;
        if (p == Precision::mixed && grads == GradDtype::fp32) {
            // Megatron-LM keeps fp32 main_grad buffers: 18 bytes per parameter (Korthikanti et al. 2022 §2).
            static const PrecisionRow megatron = {Precision::mixed, 2, 4, 4, 4, 2,
                                                  "Megatron-LM mixed precision with fp32 main_grad (distributed optimizer paper, 18 B/param)"};
            return megatron;
        }
        return r;
    }
    throw std::logic_error("precision table has no row");
}

const std::vector<OptimizerRow>& optimizer_table() {
    static const std::vector<OptimizerRow> t = {
        {Optimizer::adamw, "first and second moments (m, v)", "Loshchilov and Hutter 2019; torch.optim.AdamW"},
        {Optimizer::adam8bit, "int8 m and v with one fp32 absmax per 2048-element block; tensors under 4096 elements in 32 bits",
         "Dettmers et al. 2022; bitsandbytes Adam8bit (min_8bit_size 4096, block 2048)"},
        {Optimizer::adafactor, "factored second moment: row and column statistics per matrix, no first moment",
         "Shazeer and Stern 2018; transformers Adafactor(beta1=None)"},
        {Optimizer::sgd, "one momentum buffer", "torch.optim.SGD(momentum > 0)"},
        {Optimizer::lion, "one momentum buffer", "Chen et al. 2023 (Lion)"},
    };
    return t;
}

const std::vector<ShardingRow>& sharding_table() {
    static const std::vector<ShardingRow> t = {
        {0, false, false, false, "data parallelism replicates every state"},
        {1, false, false, true, "ZeRO-1 (P_os): optimizer states and master weights sharded (Rajbhandari et al. 2020 §5.1)"},
        {2, false, true, true, "ZeRO-2 (P_os+g): gradients sharded too"},
        {3, true, true, true, "ZeRO-3 (P_os+g+p) / FSDP full shard: the weights sharded too"},
    };
    return t;
}

namespace {

// The optimizer's bytes for one rank, before ZeRO sharding.
Q optimizer_bytes(Optimizer o, const RankParams& r, double element) {
    const Q params = Q::sym("params", r.params), sb = Q::num(element);
    switch (o) {
        case Optimizer::adamw: return 2 * (sb * params);
        case Optimizer::lion:
        case Optimizer::sgd: return sb * params;
        case Optimizer::adafactor: return sb * Q::sym("(rows + columns)", r.factored);
        case Optimizer::adam8bit: {
            const Q small = Q::sym("params_small", r.small);
            return (params - small) * (2 + Q::num(8.0) / Q::num(2048)) + 8 * small;
        }
    }
    return params;
}

Q sharded(const Q& bytes, bool shard, double dp) { return shard && dp > 1 ? bytes / Q::sym("dp", dp) : bytes; }

}  // namespace

std::vector<MemoryTerm> state_terms(const RankParams& r, const StateSetup& s) {
    const PrecisionRow& p = precision_row(s.precision, s.grad_dtype);
    const ShardingRow& z = sharding_table().at(static_cast<size_t>(s.zero_stage));
    const Q params = Q::sym("params", r.params);
    std::vector<MemoryTerm> out;
    out.reserve(4);
    out.push_back(term(TermKind::weights, "weights", sharded(Q::num(p.weights) * params, z.weights, s.dp)));
    out.push_back(term(TermKind::gradients, "gradients", sharded(Q::num(p.grads) * params, z.grads, s.dp)));
    if (p.master > 0)
        out.push_back(term(TermKind::master_weights, "fp32 master weights", sharded(Q::num(p.master) * params, z.optimizer, s.dp)));
    out.push_back(term(TermKind::optimizer_states, Q::text_of([&] { return std::string("optimizer states (") + name_of(s.optimizer) + ")"; }),
                       sharded(optimizer_bytes(s.optimizer, r, p.optimizer_element), z.optimizer, s.dp)));
    return out;
}

std::vector<MemoryTerm> fsdp2_state_terms(const RankParams& r, Optimizer optimizer, double shards) {
    const Q params = Q::sym("params", r.params);
    std::vector<MemoryTerm> out;
    out.reserve(3);
    out.push_back(term(TermKind::weights, "fp32 parameters, sharded (FSDP2; cast to bf16 per all-gather)", sharded(4 * params, true, shards)));
    out.push_back(term(TermKind::gradients, "fp32 gradients, sharded (reduce_dtype fp32)", sharded(4 * params, true, shards)));
    out.push_back(term(TermKind::optimizer_states, Q::text_of([&] { return std::string("optimizer states (") + name_of(optimizer) + "), sharded"; }),
                       sharded(optimizer_bytes(optimizer, r, 4), true, shards)));
    return out;
}

}  // namespace ma

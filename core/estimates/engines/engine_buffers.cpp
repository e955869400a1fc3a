#include "engine_buffers.h"

namespace ma {
namespace {

Q params(const char* name, double n) { return Q::sym(name, n); }

// torchtitan parallelize_llama.py (9dec370): fully_shard per block with reshard_after_forward except the
// last block; the root (tok_embeddings, norm, output) resharded after forward unless PP; with PP no block
// reshards and gradients accumulate unsharded over the micro-batches.
void torchtitan(EngineBuffers& b, const Stage& st, const TrainingSetup& s) {
    const Q layer = params("layer_params", st.per_layer.params);
    if (s.pp > 1) {
        const Q stage = params("stage_params", st.params.params);
        b.held.push_back(term(TermKind::buffers, "stage's bf16 parameters unsharded (no reshard after forward under PP)", 2 * stage));
        b.held.push_back(term(TermKind::buffers, "fp32 gradients accumulated unsharded over the micro-batches", 4 * stage));
    } else {
        b.held.push_back(term(TermKind::buffers, "bf16 parameters of the last block (kept after forward) and the prefetched next", 4 * layer));
        const Q root = params("root_params", st.outside.params);
        b.loss.push_back(term(TermKind::buffers, "root module's bf16 parameters gathered (tok_embeddings, norm, output)", 2 * root));
        b.layer.push_back(term(TermKind::buffers, "root module's bf16 parameters gathered (tok_embeddings, norm, output)", 2 * root));
    }
    b.layer.push_back(term(TermKind::buffers, "block in backward: bf16 parameters gathered and prefetched (2 + 2), fp32 gradients before reduce-scatter (4)",
                           8 * layer));
    // [optimizer] fused = false: torch.optim.AdamW(foreach=True) forms sqrt(v) for every parameter at once.
    b.optimizer.push_back(term(TermKind::buffers, "AdamW foreach temporaries (fp32, one per sharded parameter)",
                               4 * params("params", st.params.params) / Q::sym("shards", state_shards(s))));
}

// Megatron keeps parameters and main_grad in contiguous buffers (the states). Without Transformer Engine or
// apex, megatron/core/optimizer/__init__.py falls back to torch.optim.AdamW (foreach): one fp32 temporary per
// parameter the optimizer steps.
void megatron(EngineBuffers& b, const Stage& st, const TrainingSetup& s) {
    if (s.transformer_impl != TransformerImpl::local) return;
    const Q stepped = s.zero_stage >= 1 ? params("params", st.params.params) / Q::sym("shards", state_shards(s)) : params("params", st.params.params);
    b.optimizer.push_back(term(TermKind::buffers, "torch AdamW foreach temporaries (fp32; no TE or apex FusedAdam with --transformer-impl local)",
                               4 * stepped));
}

// HF Trainer: FSDP FULL_SHARD / ZeRO-3 gather each layer (and prefetch the next); DDP's gradient buckets.
void hf(EngineBuffers& b, const Stage& st, const TrainingSetup& s) {
    if (s.dp <= 1) return;
    const double w = s.precision == Precision::fp32 || s.precision == Precision::amp ? 4 : 2;
    const double g = s.precision == Precision::bf16 || s.precision == Precision::mixed ? 2 : 4;
    const Q layer = params("layer_params", st.per_layer.params);
    if (s.zero_stage == 3) {
        b.held.push_back(term(TermKind::buffers, "next layer's parameters prefetched (FSDP / ZeRO-3)", w * layer));
        b.layer.push_back(term(TermKind::buffers, "layer in backward: parameters gathered and gradients before reduce-scatter", (w + g) * layer));
        b.loss.push_back(term(TermKind::buffers, "embedding and head parameters gathered", w * params("outside_params", st.outside.params)));
    } else if (s.zero_stage == 0) {
        b.layer.push_back(term(TermKind::buffers, "DDP gradient bucket (bucket_cap_mb = 25)", Q::sym("25 MiB", 25.0 * 1024 * 1024)));
    }
}

}  // namespace

double state_shards(const TrainingSetup& s) {
    return s.engine == Engine::hf ? double(s.dp) : double(s.dp) * double(s.cp);
}

EngineBuffers engine_buffers(const Stage& st, const TrainingSetup& s) {
    EngineBuffers b;
    switch (s.engine) {
        case Engine::torchtitan: torchtitan(b, st, s); break;
        case Engine::megatron: megatron(b, st, s); break;
        case Engine::hf: hf(b, st, s); break;
    }
    return b;
}

}  // namespace ma

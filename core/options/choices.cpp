#include "choices.h"

namespace ma {

const ChoiceTable<Precision>& choices(Precision) {
    static const ChoiceTable<Precision> t = {
        {Precision::fp32, "fp32", "fp32"},
        {Precision::mixed, "mixed", "mixed (bf16 + fp32 master)"},
        {Precision::amp, "amp", "autocast (fp32 weights)"},
        {Precision::bf16, "bf16", "pure bf16"},
    };
    return t;
}

const ChoiceTable<GradDtype>& choices(GradDtype) {
    static const ChoiceTable<GradDtype> t = {
        {GradDtype::bf16, "bf16", "bf16 gradients"},
        {GradDtype::fp32, "fp32", "fp32 gradients (main_grad)"},
    };
    return t;
}

const ChoiceTable<Optimizer>& choices(Optimizer) {
    static const ChoiceTable<Optimizer> t = {
        {Optimizer::adamw, "adamw", "AdamW"},
        {Optimizer::adam8bit, "adam8bit", "8-bit Adam"},
        {Optimizer::adafactor, "adafactor", "Adafactor"},
        {Optimizer::sgd, "sgd", "SGD momentum"},
        {Optimizer::lion, "lion", "Lion"},
    };
    return t;
}

const ChoiceTable<Recompute>& choices(Recompute) {
    static const ChoiceTable<Recompute> t = {
        {Recompute::none, "none", "none"},
        {Recompute::selective, "selective", "selective"},
        {Recompute::full, "full", "full"},
    };
    return t;
}

const ChoiceTable<AttentionKernel>& choices(AttentionKernel) {
    static const ChoiceTable<AttentionKernel> t = {
        {AttentionKernel::eager, "eager", "eager"},
        {AttentionKernel::sdpa, "sdpa", "SDPA (flash / efficient backend)"},
        {AttentionKernel::fused, "fused", "fused softmax"},
        {AttentionKernel::flash, "flash", "FlashAttention"},
    };
    return t;
}

const ChoiceTable<Engine>& choices(Engine) {
    static const ChoiceTable<Engine> t = {
        {Engine::hf, "hf", "HF Trainer / accelerate"},
        {Engine::torchtitan, "torchtitan", "torchtitan"},
        {Engine::megatron, "megatron", "Megatron-LM"},
    };
    return t;
}

const ChoiceTable<SelectiveAc>& choices(SelectiveAc) {
    static const ChoiceTable<SelectiveAc> t = {
        {SelectiveAc::op, "op", "op-level (save list)"},
        {SelectiveAc::layer, "layer", "every N-th layer"},
    };
    return t;
}

const ChoiceTable<RecomputeMethod>& choices(RecomputeMethod) {
    static const ChoiceTable<RecomputeMethod> t = {
        {RecomputeMethod::uniform, "uniform", "uniform (chunks of N layers)"},
        {RecomputeMethod::block, "block", "block (first N layers per stage)"},
    };
    return t;
}

const ChoiceTable<LrSchedule>& choices(LrSchedule) {
    static const ChoiceTable<LrSchedule> t = {
        {LrSchedule::cosine, "cosine", "cosine to the minimum"},
        {LrSchedule::wsd, "wsd", "warmup-stable-decay"},
    };
    return t;
}

const ChoiceTable<TransformerImpl>& choices(TransformerImpl) {
    static const ChoiceTable<TransformerImpl> t = {
        {TransformerImpl::transformer_engine, "transformer_engine", "Transformer Engine"},
        {TransformerImpl::local, "local", "local (Megatron's own modules)"},
    };
    return t;
}

const ChoiceTable<WeightDtype>& choices(WeightDtype) {
    static const ChoiceTable<WeightDtype> t = {
        {WeightDtype::fp32, "fp32", "fp32"}, {WeightDtype::bf16, "bf16", "bf16"}, {WeightDtype::fp16, "fp16", "fp16"},
        {WeightDtype::int8, "int8", "int8"}, {WeightDtype::int4, "int4", "int4"},
    };
    return t;
}

const ChoiceTable<KvDtype>& choices(KvDtype) {
    static const ChoiceTable<KvDtype> t = {
        {KvDtype::fp32, "fp32", "fp32"}, {KvDtype::bf16, "bf16", "bf16"}, {KvDtype::fp16, "fp16", "fp16"},
        {KvDtype::fp8, "fp8", "fp8"},
    };
    return t;
}

const ChoiceTable<AttentionChoice>& choices(AttentionChoice) {
    static const ChoiceTable<AttentionChoice> t = {
        {AttentionChoice::gqa, "gqa", "GQA"},
        {AttentionChoice::mha, "mha", "MHA"},
        {AttentionChoice::mqa, "mqa", "MQA"},
        {AttentionChoice::mla, "mla", "MLA (latent)"},
    };
    return t;
}

const ChoiceTable<MlpChoice>& choices(MlpChoice) {
    static const ChoiceTable<MlpChoice> t = {
        {MlpChoice::swiglu, "swiglu", "SwiGLU"},
        {MlpChoice::geglu, "geglu", "GeGLU"},
        {MlpChoice::gelu, "gelu", "GELU"},
    };
    return t;
}

const ChoiceTable<NormChoice>& choices(NormChoice) {
    static const ChoiceTable<NormChoice> t = {
        {NormChoice::rmsnorm, "rmsnorm", "RMSNorm"},
        {NormChoice::layernorm, "layernorm", "LayerNorm"},
        {NormChoice::nonparametric, "nonparametric", "LayerNorm without parameters"},
    };
    return t;
}

const ChoiceTable<PositionChoice>& choices(PositionChoice) {
    static const ChoiceTable<PositionChoice> t = {
        {PositionChoice::rope, "rope", "RoPE"},
        {PositionChoice::learned, "learned", "learned"},
    };
    return t;
}

const ChoiceTable<BiasChoice>& choices(BiasChoice) {
    static const ChoiceTable<BiasChoice> t = {
        {BiasChoice::none, "none", "none"},
        {BiasChoice::qkv, "qkv", "q, k, v"},
        {BiasChoice::attention, "attention", "attention"},
        {BiasChoice::all, "all", "all"},
    };
    return t;
}

const ChoiceTable<QkNormChoice>& choices(QkNormChoice) {
    static const ChoiceTable<QkNormChoice> t = {
        {QkNormChoice::none, "none", "none"},
        {QkNormChoice::per_head, "per_head", "per head"},
        {QkNormChoice::full, "full", "all features"},
    };
    return t;
}

}  // namespace ma

#include "compute.h"

#include <cmath>
#include <tuple>

#include "../format.h"
#include "../model/components.h"
#include "../model/param_count.h"
#include "../per_thread.h"
#include "../recent_cache.h"

namespace ma {

namespace {

bool named(const ParamTensor& t, const std::string& role) { return !role.empty() && t.name.find("." + role + ".") != std::string::npos; }

ForwardFlops split_forward_flops(const ArchSpec& input, int64_t seq, bool causal) {
    const ArchSpec spec = resolve(input);
    const ParamCount count = count_parameters(spec);
    const Family& fam = family_for(spec.model_type);
    ForwardFlops f;
    for (const ParamTensor& t : count.tensors) {
        if (t.shape.size() != 2 || t.block == Block::embedding) continue;
        double n = double(t.numel()) * double(t.copies);  // the tied head still multiplies
        if (t.routed_expert) n = n / double(spec.num_local_experts) * double(spec.num_experts_per_tok);  // only the routed experts run
        f.linear += 2 * n;
        if (t.block == Block::attention || t.block == Block::mlp) f.layer_linear += 2 * n;
        if (named(t, fam.names.k) || named(t, fam.names.o) || named(t, fam.names.up)) f.saved_op_linear += 2 * n;
    }
    f.attention = attention_flops_per_token(spec, seq, causal);
    return f;
}

}  // namespace

ForwardFlops forward_flops(const ArchSpec& spec, int64_t seq, bool causal) {
    MA_PER_THREAD RecentCache<std::tuple<int64_t, bool, ArchSpec>, ForwardFlops, 32> recent;
    return recent.get(std::forward_as_tuple(seq, causal, spec), [&] { return split_forward_flops(spec, seq, causal); });
}

double forward_flops_per_token(const ArchSpec& spec, int64_t seq, bool causal) {
    const ForwardFlops f = forward_flops(spec, seq, causal);
    return f.linear + f.attention;
}

double attention_flops_per_token(const ArchSpec& input, int64_t seq, bool causal) {
    const ArchSpec spec = resolve(input);
    const Family& family = family_for(spec.model_type);
    const AttentionBlock& attention = attention_block(family);
    const double s = double(seq);
    double total = 0;
    for (int64_t layer = 0; layer < spec.num_hidden_layers; ++layer) {
        double keys = causal ? s / 2 : s;  // score_flops_per_token is linear in the keys it is given
        if (windowed_layer(family, spec, layer) && double(*spec.sliding_window) < s) {
            const double w = double(*spec.sliding_window);
            keys = causal ? w - w * w / (2 * s) : w;
        }
        total += attention.score_flops_per_token(spec, keys);
    }
    return total;
}

double palm_n(const ArchSpec& input) {
    const ArchSpec spec = resolve(input);
    const ParamCount c = count_parameters(spec);
    const double head = spec.tie_word_embeddings ? double(spec.vocab_size) * double(spec.hidden_size) : 0.0;
    return double(c.non_embedding) + head;
}

double palm_flops_per_token(double n, double layers, double heads, double head_dim, double seq) {
    return 6.0 * n + 12.0 * layers * heads * head_dim * seq;
}

double loss_hoffmann(double n, double d) { return 1.69 + 406.4 / std::pow(n, 0.34) + 410.7 / std::pow(d, 0.28); }
double loss_besiroglu(double n, double d) { return 1.8172 + 482.01 / std::pow(n, 0.3478) + 2085.43 / std::pow(d, 0.3658); }

ComputeEstimate compute_estimate(const ArchSpec& input, const ComputeSetup& setup) {
    const ArchSpec spec = resolve(input);
    const ParamCount count = count_parameters(spec);
    ComputeEstimate e{};
    const double params = double(count.active_per_token);
    e.flops_per_token = 3.0 * forward_flops_per_token(spec, setup.seq_len, setup.causal_halving);
    e.palm_flops_per_token = palm_flops_per_token(palm_n(spec), double(spec.num_hidden_layers), double(spec.num_attention_heads),
                                                  double(spec.head_size()), double(setup.seq_len));
    e.chinchilla_tokens = 20.0 * double(count.total);
    e.tokens_defaulted = setup.tokens <= 0;
    e.tokens = e.tokens_defaulted ? e.chinchilla_tokens : setup.tokens;
    e.total_flops = e.flops_per_token * e.tokens;
    e.seconds = e.total_flops / (double(setup.gpus) * setup.gpu.bf16_flops * setup.mfu);
    e.gpu_hours = e.seconds * double(setup.gpus) / 3600.0;
    e.cost = e.gpu_hours * setup.price_per_gpu_hour;
    e.loss_hoffmann = loss_hoffmann(params, e.tokens);
    e.loss_besiroglu = loss_besiroglu(params, e.tokens);
    e.formulas = {
        "training FLOPs per token = 3 x forward (backward = 2 x forward); forward = 2 x weights of every projection a token passes through + 4 x s x H x d per layer for attention" +
            std::string(setup.causal_halving ? ", halved for the causal mask" : ""),
        "PaLM approximation: 6N + 12 x L x H x Q x T with N = " + std::to_string(std::llround(palm_n(spec))),
        "time = total FLOPs / (GPUs x bf16 peak x MFU)",
        "Chinchilla: compute-optimal tokens ~ 20 x parameters (Hoffmann et al. 2022)",
        "loss L(N, D) = E + A/N^alpha + B/D^beta: Hoffmann (1.69, 406.4, 410.7, 0.34, 0.28); Besiroglu et al. 2024 refit (1.8172, 482.01, 2085.43, 0.3478, 0.3658)",
    };
    e.assumptions = {
        "MFU " + fmt::f("%.3f", setup.mfu) + " (" + setup.mfu_source + ") on " + std::to_string(setup.gpus) + " x " + setup.gpu.id,
        "sequence length " + std::to_string(setup.seq_len),
        std::string("the loss estimates are a rough guide: fitted on MassiveText with another tokenizer; use them to compare designs, not to predict"),
    };
    if (e.tokens_defaulted) e.assumptions.push_back("tokens not given: the Chinchilla-optimal 20 x parameters");
    return e;
}

nlohmann::json to_json(const ComputeEstimate& e) {
    return {{"flops_per_token", e.flops_per_token},
            {"palm_flops_per_token", e.palm_flops_per_token},
            {"tokens", e.tokens},
            {"tokens_defaulted", e.tokens_defaulted},
            {"total_flops", e.total_flops},
            {"seconds", e.seconds},
            {"days", e.seconds / 86400.0},
            {"gpu_hours", e.gpu_hours},
            {"cost", e.cost},
            {"chinchilla_tokens", e.chinchilla_tokens},
            {"loss_hoffmann", e.loss_hoffmann},
            {"loss_besiroglu", e.loss_besiroglu},
            {"formulas", e.formulas},
            {"assumptions", e.assumptions}};
}

}  // namespace ma

#include "run_recipe.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "../estimates/throughput.h"
#include "../format.h"
#include "../model/param_count.h"
#include "../options/bind.h"

namespace ma {
namespace {

constexpr const char* kDeepSeek = "DeepSeek LLM (Bi et al. 2024) §3.1: B_opt = 0.2920 C^0.3271, eta_opt = 0.3118 C^-0.1250, C = M x D";
constexpr const char* kDeepSeekAdam = "DeepSeek LLM (2024) §2.3 and Llama 2 (Touvron et al. 2023) §2.2";
constexpr const char* kLlama2 = "Llama 2 (Touvron et al. 2023) §2.2: cosine to 10% of the peak";
constexpr const char* kWsd = "Hagele et al. 2024: a 20% linear cooldown matches cosine; MiniCPM (Hu et al. 2024) decays ~10%";

// GPT-3 (Brown et al. 2020) Table 2.1: batch in tokens and learning rate by size.
struct Gpt3Row { const char* name; double params, batch_tokens, lr; };
const Gpt3Row kGpt3[] = {
    {"GPT-3 Small", 125e6, 0.5e6, 6.0e-4}, {"GPT-3 Medium", 350e6, 0.5e6, 3.0e-4}, {"GPT-3 Large", 760e6, 0.5e6, 2.5e-4},
    {"GPT-3 XL", 1.3e9, 1e6, 2.0e-4},      {"GPT-3 2.7B", 2.7e9, 1e6, 1.6e-4},     {"GPT-3 6.7B", 6.7e9, 2e6, 1.2e-4},
    {"GPT-3 13B", 13e9, 2e6, 1.0e-4},      {"GPT-3 175B", 175e9, 3.2e6, 0.6e-4},
};

// A fitted value as an engineer writes it: three significant digits (4.85e-4).
double three_digits(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", v);
    return std::strtod(text, nullptr);  // the double nearest the written decimal, so every file prints it back the same
}

template <class T>
T given_or(const std::optional<T>& given, T value, std::string& source, const std::string& fallback) {
    source = given ? "given" : fallback;
    return given.value_or(value);
}

// Steps, warmup, decay and the optimizer settings for the recipe's tokens, with every value's source.
void fill_schedule(RunRecipe& r, const RunOptions& o) {
    r.steps = std::max<int64_t>(1, int64_t(std::ceil(r.tokens / r.global_batch_tokens)));
    std::string warmup_source;
    r.warmup_steps = given_or<int64_t>(o.warmup_steps, std::min<int64_t>(2000, std::max<int64_t>(1, r.steps / 10)), warmup_source,
                                       "DeepSeek LLM and Llama 2: 2000 steps, at most 10% of the run");
    r.warmup_steps = std::min(r.warmup_steps, r.steps);
    r.schedule = o.schedule;
    std::string min_source, decay_source, b1, b2, eps, wd, clip, init;
    const double min_ratio = given_or(o.min_lr_ratio, 0.1, min_source, kLlama2);
    r.min_lr = three_digits(r.peak_lr * min_ratio);
    r.decay_fraction = r.schedule == LrSchedule::wsd ? given_or(o.decay_fraction, 0.2, decay_source, kWsd) : 0.0;
    r.decay_steps = r.schedule == LrSchedule::wsd ? std::max<int64_t>(1, std::llround(r.decay_fraction * double(r.steps)))
                                                  : std::max<int64_t>(1, r.steps - r.warmup_steps);
    r.beta1 = given_or(o.beta1, 0.9, b1, kDeepSeekAdam);
    r.beta2 = given_or(o.beta2, 0.95, b2, kDeepSeekAdam);
    r.eps = given_or(o.eps, 1e-8, eps, "torch.optim.AdamW default (torchtitan, Megatron and HF Trainer use it)");
    r.weight_decay = given_or(o.weight_decay, 0.1, wd, kDeepSeekAdam);
    r.grad_clip = given_or(o.grad_clip, 1.0, clip, kDeepSeekAdam);
    r.init_std = given_or(o.init_std, 0.02, init, "initializer_range of the HF config (GPT-2 and Llama use 0.02; DeepSeek LLM 0.006)");
    r.checkpoint_minutes = o.checkpoint_minutes;

    const std::string arrangement = std::to_string(r.micro_batch) + " x dp " + std::to_string(r.dp) + " x " + std::to_string(r.grad_accum) +
                                    " micro-steps x " + std::to_string(r.seq_len) + " tokens";
    r.values = {
        {"compute C = M x D", fmt::f("%.3g FLOPs", r.compute), "M = 6 x non-embedding matmul weights + 6 L H d s (causal), D the planned tokens"},
        {"fitted global batch B_opt", fmt::si(r.fitted_batch_tokens) + " tokens", kDeepSeek},
        {"global batch", fmt::si(r.global_batch_tokens) + " tokens = " + arrangement, r.batch_source + "; rounded to what the arrangement runs"},
        {"gradient accumulation", std::to_string(r.grad_accum), "global batch / (micro-batch x dp), at least pp"},
        {"peak learning rate", fmt::f("%.3g", r.peak_lr), r.lr_source},
        {"schedule", r.schedule == LrSchedule::cosine ? "cosine after warmup" : "warmup-stable-decay, linear decay over the last " + fmt::percent(r.decay_fraction),
         r.schedule == LrSchedule::cosine ? kLlama2 : decay_source},
        {"warmup", std::to_string(r.warmup_steps) + " steps", warmup_source},
        {"minimum learning rate", fmt::f("%.3g", r.min_lr) + " (" + fmt::g(min_ratio) + " x peak)", min_source},
        {"AdamW betas", fmt::g(r.beta1) + ", " + fmt::g(r.beta2), b1 == "given" || b2 == "given" ? "given" : b1},
        {"AdamW eps", fmt::g(r.eps), eps},
        {"weight decay", fmt::g(r.weight_decay), wd},
        {"gradient clipping (global norm)", fmt::g(r.grad_clip), clip},
        {"initialization std", fmt::g(r.init_std), init},
        {"steps", std::to_string(r.steps), "tokens / global batch, rounded up"},
    };
}

}  // namespace

const FieldTable<RunOptions>& run_fields() {
    using S = RunOptions;
    static const FieldTable<S> table{"run option", "run.", {
        bind<&S::global_batch_tokens>("global_batch_tokens"), bind<&S::peak_lr>("peak_lr"), bind<&S::min_lr_ratio>("min_lr_ratio"),
        bind<&S::warmup_steps>("warmup_steps"), bind<&S::schedule>("schedule"), bind<&S::decay_fraction>("decay_fraction"),
        bind<&S::beta1>("beta1"), bind<&S::beta2>("beta2"), bind<&S::eps>("eps"), bind<&S::weight_decay>("weight_decay"),
        bind<&S::grad_clip>("grad_clip"), bind<&S::init_std>("init_std"), bind<&S::checkpoint_minutes>("checkpoint_minutes"),
    }, {}};
    return table;
}

double deepseek_flops_per_token(const ArchSpec& spec, int64_t seq_len) {
    const ForwardFlops f = forward_flops(spec, seq_len, true);
    return 3 * (f.layer_linear + f.attention);  // 6 x non-embedding matmul weights + causal attention (6 L h s for MHA)
}

RunRecipe plan_run(const ArchSpec& spec, const TrainingSetup& a, double tokens, const RunOptions& o, double compute_flops) {
    RunRecipe r;
    r.seq_len = a.seq_len;
    r.micro_batch = a.micro_batch;
    r.dp = a.dp;
    r.tokens = tokens;
    r.compute = compute_flops > 0 ? compute_flops : deepseek_flops_per_token(spec, a.seq_len) * tokens;
    r.fitted_batch_tokens = 0.2920 * std::pow(r.compute, 0.3271);
    r.fitted_lr = 0.3118 * std::pow(r.compute, -0.1250);

    // The batch the arrangement runs: micro_batch x dp sequences per micro-step, enough micro-steps for the
    // target (and at least pp of them, so 1F1B fills its pipeline).
    const double target = given_or(o.global_batch_tokens, r.fitted_batch_tokens, r.batch_source, kDeepSeek);
    const double per_step = double(a.micro_batch) * double(a.dp) * double(a.seq_len);
    r.grad_accum = std::max<int64_t>({1, a.pp, std::llround(target / per_step)});
    r.global_batch_sequences = a.micro_batch * a.dp * r.grad_accum;
    r.global_batch_tokens = double(r.global_batch_sequences) * double(a.seq_len);
    r.peak_lr = given_or(o.peak_lr, three_digits(r.fitted_lr), r.lr_source, kDeepSeek);

    fill_schedule(r, o);
    const double n = double(count_parameters(spec).total);
    const Gpt3Row* nearest = &kGpt3[0];
    for (const Gpt3Row& g : kGpt3)
        if (std::fabs(std::log(g.params / n)) < std::fabs(std::log(nearest->params / n))) nearest = &g;
    r.alternatives = {
        {std::string("GPT-3 table, nearest size (") + nearest->name + ")", nearest->batch_tokens, nearest->lr, "Brown et al. 2020, Table 2.1"},
        {"Llama 2 7B / 13B", 4e6, 3.0e-4, "Touvron et al. 2023, Table 1 and §2.2 (34B / 70B: 1.5e-4)"},
    };
    return r;
}

void set_tokens(RunRecipe& r, double tokens, const RunOptions& o) {
    r.tokens = tokens;
    fill_schedule(r, o);
}

void set_checkpoint_cadence(RunRecipe& r, double step_seconds, double checkpoint_bytes) {
    r.checkpoint_bytes = checkpoint_bytes;
    r.checkpoint_interval_steps = std::clamp<int64_t>(int64_t(r.checkpoint_minutes * 60.0 / std::max(step_seconds, 1e-9)), 1, r.steps);
    r.values.push_back({"checkpoint every", std::to_string(r.checkpoint_interval_steps) + " steps (" + fmt::g(r.checkpoint_minutes) +
                                                 " minutes at the predicted step time)",
                        "a full training checkpoint is " + fmt::bytes(checkpoint_bytes) + " (weights, fp32 master and optimizer states)"});
}

nlohmann::json to_json(const RunRecipe& r) {
    nlohmann::json values = nlohmann::json::array();
    for (const RecipeValue& v : r.values) values.push_back({{"name", v.name}, {"value", v.value}, {"source", v.source}});
    nlohmann::json alternatives = nlohmann::json::array();
    for (const RecipeAlternative& a : r.alternatives)
        alternatives.push_back({{"name", a.name}, {"batch_tokens", a.batch_tokens}, {"peak_lr", a.peak_lr}, {"source", a.source}});
    return {{"compute", r.compute}, {"fitted_batch_tokens", r.fitted_batch_tokens}, {"fitted_lr", r.fitted_lr},
            {"seq_len", r.seq_len}, {"micro_batch", r.micro_batch}, {"dp", r.dp}, {"grad_accum", r.grad_accum},
            {"global_batch_sequences", r.global_batch_sequences}, {"global_batch_tokens", r.global_batch_tokens},
            {"peak_lr", r.peak_lr}, {"min_lr", r.min_lr}, {"warmup_steps", r.warmup_steps}, {"schedule", name_of(r.schedule)},
            {"decay_fraction", r.decay_fraction}, {"decay_steps", r.decay_steps}, {"beta1", r.beta1}, {"beta2", r.beta2},
            {"eps", r.eps}, {"weight_decay", r.weight_decay}, {"grad_clip", r.grad_clip}, {"init_std", r.init_std},
            {"tokens", r.tokens}, {"steps", r.steps}, {"checkpoint_bytes", r.checkpoint_bytes},
            {"checkpoint_interval_steps", r.checkpoint_interval_steps}, {"values", values}, {"alternatives", alternatives}};
}

}  // namespace ma

#include "run_recipe.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "../built_once.h"
#include "../estimates/throughput.h"
#include "../format.h"
#include "../json_writer.h"
#include "../model/param_count.h"
#include "../options/bind.h"

namespace ma {
namespace {

constexpr const char* kDeepSeek = "DeepSeek LLM (Bi et al. 2024) §3.1: B_opt = 0.2920 C^0.3271, eta_opt = 0.3118 C^-0.1250, C = M x D";
constexpr const char* kDeepSeekAdam = "DeepSeek LLM (2024) §2.3 and Llama 2 (Touvron et al. 2023) §2.2";
constexpr const char* kLlama2 = "Llama 2 (Touvron et al. 2023) §2.2: cosine to 10% of the peak";
constexpr const char* kWsd = "Hagele et al. 2024: a 20% linear cooldown matches cosine; MiniCPM (Hu et al. 2024) decays ~10%";

// A published default with its source: fill_schedule takes the number, recipe_values shows the source.
struct Published { double value; const char* source; };
constexpr Published kMinLrRatio{0.1, kLlama2}, kDecayFraction{0.2, kWsd};
constexpr Published kBeta1{0.9, kDeepSeekAdam}, kBeta2{0.95, kDeepSeekAdam}, kWeightDecay{0.1, kDeepSeekAdam}, kGradClip{1.0, kDeepSeekAdam};
constexpr Published kEps{1e-8, "torch.optim.AdamW default (torchtitan, Megatron and HF Trainer use it)"};
constexpr Published kInitStd{0.02, "initializer_range of the HF config (GPT-2 and Llama use 0.02; DeepSeek LLM 0.006)"};
constexpr const char* kWarmupSource = "DeepSeek LLM and Llama 2: 2000 steps, at most 10% of the run";

// GPT-3 (Brown et al. 2020) Table 2.1: batch in tokens and learning rate by size.
struct Gpt3Row { const char* name; double params, batch_tokens, lr; };
const Gpt3Row kGpt3[] = {
    {"GPT-3 Small", 125e6, 0.5e6, 6.0e-4}, {"GPT-3 Medium", 350e6, 0.5e6, 3.0e-4}, {"GPT-3 Large", 760e6, 0.5e6, 2.5e-4},
    {"GPT-3 XL", 1.3e9, 1e6, 2.0e-4},      {"GPT-3 2.7B", 2.7e9, 1e6, 1.6e-4},     {"GPT-3 6.7B", 6.7e9, 2e6, 1.2e-4},
    {"GPT-3 13B", 13e9, 2e6, 1.0e-4},      {"GPT-3 175B", 175e9, 3.2e6, 0.6e-4},
};

// A fitted value as an engineer writes it: three significant digits (4.85e-4).
double three_digits(double v) {
    return std::strtod(fmt::general(v, 3).c_str(), nullptr);  // the double nearest the written decimal, so every file prints it back the same
}

// The source of a value: "given" when the user gave it, else the paper or model card.
template <class T>
const char* source_of(const std::optional<T>& given, const char* fallback) {
    return given ? "given" : fallback;
}

// Steps, warmup and decay for the recipe's tokens; the optimizer settings, given or published.
// Only numbers: the rows with their sources are built where they are shown (recipe_values).
void fill_schedule(RunRecipe& r, const RunOptions& o) {
    r.given = o;
    r.steps = std::max<int64_t>(1, int64_t(std::ceil(r.tokens / r.global_batch_tokens)));
    r.warmup_steps = o.warmup_steps.value_or(std::min<int64_t>(2000, std::max<int64_t>(1, r.steps / 10)));
    r.warmup_steps = std::min(r.warmup_steps, r.steps);
    r.schedule = o.schedule;
    r.min_lr_ratio = o.min_lr_ratio.value_or(kMinLrRatio.value);
    r.min_lr = three_digits(r.peak_lr * r.min_lr_ratio);
    r.decay_fraction = r.schedule == LrSchedule::wsd ? o.decay_fraction.value_or(kDecayFraction.value) : 0.0;
    r.decay_steps = r.schedule == LrSchedule::wsd ? std::max<int64_t>(1, std::llround(r.decay_fraction * double(r.steps)))
                                                  : std::max<int64_t>(1, r.steps - r.warmup_steps);
    r.beta1 = o.beta1.value_or(kBeta1.value);
    r.beta2 = o.beta2.value_or(kBeta2.value);
    r.eps = o.eps.value_or(kEps.value);
    r.weight_decay = o.weight_decay.value_or(kWeightDecay.value);
    r.grad_clip = o.grad_clip.value_or(kGradClip.value);
    r.init_std = o.init_std.value_or(kInitStd.value);
    r.checkpoint_minutes = o.checkpoint_minutes;
}

}  // namespace

MA_BUILT_ONCE const FieldTable<RunOptions>& run_fields() {
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
    const double target = o.global_batch_tokens.value_or(r.fitted_batch_tokens);
    const double per_step = double(a.micro_batch) * double(a.dp) * double(a.seq_len);
    r.grad_accum = std::max<int64_t>({1, a.pp, std::llround(target / per_step)});
    r.global_batch_sequences = a.micro_batch * a.dp * r.grad_accum;
    r.global_batch_tokens = double(r.global_batch_sequences) * double(a.seq_len);
    r.peak_lr = o.peak_lr ? *o.peak_lr : three_digits(r.fitted_lr);

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
}

std::vector<RecipeValue> recipe_values(const RunRecipe& r) {
    const RunOptions& o = r.given;
    const std::string arrangement = std::to_string(r.micro_batch) + " x dp " + std::to_string(r.dp) + " x " + std::to_string(r.grad_accum) +
                                    " micro-steps x " + std::to_string(r.seq_len) + " tokens";
    std::vector<RecipeValue> values = {
        {"compute C = M x D", fmt::f("%.3g FLOPs", r.compute), "M = 6 x non-embedding matmul weights + 6 L H d s (causal), D the planned tokens"},
        {"fitted global batch B_opt", fmt::si(r.fitted_batch_tokens) + " tokens", kDeepSeek},
        {"global batch", fmt::si(r.global_batch_tokens) + " tokens = " + arrangement,
         std::string(source_of(o.global_batch_tokens, kDeepSeek)) + "; rounded to what the arrangement runs"},
        {"gradient accumulation", std::to_string(r.grad_accum), "global batch / (micro-batch x dp), at least pp"},
        {"peak learning rate", fmt::f("%.3g", r.peak_lr), source_of(o.peak_lr, kDeepSeek)},
        {"schedule", r.schedule == LrSchedule::cosine ? "cosine after warmup" : "warmup-stable-decay, linear decay over the last " + fmt::percent(r.decay_fraction),
         r.schedule == LrSchedule::cosine ? kLlama2 : source_of(o.decay_fraction, kDecayFraction.source)},
        {"warmup", std::to_string(r.warmup_steps) + " steps", source_of(o.warmup_steps, kWarmupSource)},
        {"minimum learning rate", fmt::f("%.3g", r.min_lr) + " (" + fmt::g(r.min_lr_ratio) + " x peak)", source_of(o.min_lr_ratio, kMinLrRatio.source)},
        {"AdamW betas", fmt::g(r.beta1) + ", " + fmt::g(r.beta2), o.beta1 || o.beta2 ? "given" : kBeta1.source},
        {"AdamW eps", fmt::g(r.eps), source_of(o.eps, kEps.source)},
        {"weight decay", fmt::g(r.weight_decay), source_of(o.weight_decay, kWeightDecay.source)},
        {"gradient clipping (global norm)", fmt::g(r.grad_clip), source_of(o.grad_clip, kGradClip.source)},
        {"initialization std", fmt::g(r.init_std), source_of(o.init_std, kInitStd.source)},
        {"steps", std::to_string(r.steps), "tokens / global batch, rounded up"},
    };
    if (r.checkpoint_interval_steps > 0)
        values.push_back({"checkpoint every", std::to_string(r.checkpoint_interval_steps) + " steps (" + fmt::g(r.checkpoint_minutes) +
                                                  " minutes at the predicted step time)",
                          "a full training checkpoint is " + fmt::bytes(r.checkpoint_bytes) + " (weights, fp32 master and optimizer states)"});
    return values;
}

JsonObjectText recipe_json(const RunRecipe& r) {
    JsonArrayText values;
    for (const RecipeValue& v : recipe_values(r)) values.push(JsonObjectText().add("name", v.name).add("value", v.value).add("source", v.source));
    JsonArrayText alternatives;
    for (const RecipeAlternative& a : r.alternatives)
        alternatives.push(JsonObjectText().add("name", a.name).add("batch_tokens", a.batch_tokens).add("peak_lr", a.peak_lr).add("source", a.source));
    JsonObjectText out;
    out.add("compute", r.compute).add("fitted_batch_tokens", r.fitted_batch_tokens).add("fitted_lr", r.fitted_lr)
        .add("seq_len", r.seq_len).add("micro_batch", r.micro_batch).add("dp", r.dp).add("grad_accum", r.grad_accum)
        .add("global_batch_sequences", r.global_batch_sequences).add("global_batch_tokens", r.global_batch_tokens)
        .add("peak_lr", r.peak_lr).add("min_lr", r.min_lr).add("warmup_steps", r.warmup_steps).add("schedule", name_of(r.schedule))
        .add("decay_fraction", r.decay_fraction).add("decay_steps", r.decay_steps).add("beta1", r.beta1).add("beta2", r.beta2)
        .add("eps", r.eps).add("weight_decay", r.weight_decay).add("grad_clip", r.grad_clip).add("init_std", r.init_std)
        .add("tokens", r.tokens).add("steps", r.steps).add("checkpoint_bytes", r.checkpoint_bytes)
        .add("checkpoint_interval_steps", r.checkpoint_interval_steps).add("values", values).add("alternatives", alternatives);
    return out;
}

}  // namespace ma

// The training recipe of a run: the global batch and peak learning rate from
// a published compute fit (DeepSeek LLM 2024), rounded to what the
// arrangement runs, the schedule, AdamW settings, clipping, initialisation,
// steps and checkpoint cadence. Every value carries its source; any of them
// can be given instead (the `run` options). The launch files (core/launch/)
// and the capacity plan read this one struct.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../estimates/training_setup.h"
#include "../json_writer.h"
#include "../model/arch_spec.h"
#include "../options/schema.h"

namespace ma {

// What the user gives instead of the fitted or published values.
struct RunOptions {
    std::optional<double> global_batch_tokens;
    std::optional<double> peak_lr;
    std::optional<double> min_lr_ratio;
    std::optional<int64_t> warmup_steps;
    LrSchedule schedule = LrSchedule::cosine;
    std::optional<double> decay_fraction;   // warmup-stable-decay: the share of steps that decays
    std::optional<double> beta1, beta2, eps, weight_decay, grad_clip, init_std;
    double checkpoint_minutes = 60;
};

const FieldTable<RunOptions>& run_fields();

// One value of the recipe as the reports show it.
struct RecipeValue {
    std::string name;
    std::string value;
    std::string source;   // "given", or the paper / model card it comes from
};

// A published recipe beside the one used.
struct RecipeAlternative {
    std::string name;
    double batch_tokens = 0;
    double peak_lr = 0;
    std::string source;
};

struct RunRecipe {
    double compute = 0;              // C = M x D (DeepSeek LLM: non-embedding FLOPs per token x tokens)
    double fitted_batch_tokens = 0;  // B_opt = 0.2920 C^0.3271
    double fitted_lr = 0;            // eta_opt = 0.3118 C^-0.1250
    int64_t seq_len = 0, micro_batch = 0, dp = 0, grad_accum = 0;
    int64_t global_batch_sequences = 0;  // micro_batch x dp x grad_accum
    double global_batch_tokens = 0;
    double peak_lr = 0, min_lr = 0;
    int64_t warmup_steps = 0;
    LrSchedule schedule = LrSchedule::cosine;
    double decay_fraction = 0;       // wsd only
    int64_t decay_steps = 0;         // wsd: the decaying steps; cosine: steps - warmup
    double beta1 = 0, beta2 = 0, eps = 0, weight_decay = 0, grad_clip = 0, init_std = 0;
    double tokens = 0;
    int64_t steps = 0;
    double checkpoint_bytes = 0, checkpoint_minutes = 0;
    int64_t checkpoint_interval_steps = 0;
    double min_lr_ratio = 0;
    std::vector<RecipeAlternative> alternatives;
    RunOptions given;  // what the user gave instead: those values' source is "given"
};

// The recipe for `tokens` on the arrangement (its micro-batch and dp; grad_accum is chosen here).
// `compute_flops`: the run's C in DeepSeek's units (0: M x tokens).
RunRecipe plan_run(const ArchSpec& spec, const TrainingSetup& arrangement, double tokens, const RunOptions& options,
                   double compute_flops = 0);

// The same batch and learning rate for `tokens` (the final plan): steps, warmup and decay again.
void set_tokens(RunRecipe& recipe, double tokens, const RunOptions& options);

// Steps between checkpoints for the interval, once the step time is known; and the checkpoint's size.
void set_checkpoint_cadence(RunRecipe& recipe, double step_seconds, double checkpoint_bytes);

// DeepSeek LLM's M: non-embedding FLOPs per token (72 L h^2 + 6 L h s for its MHA models).
double deepseek_flops_per_token(const ArchSpec& spec, int64_t seq_len);

// The recipe's values as the reports show them, each with its source; built only where shown.
std::vector<RecipeValue> recipe_values(const RunRecipe& recipe);

// The recipe as the design summary writes it (JSON text: the summary is written on every change).
JsonObjectText recipe_json(const RunRecipe& r);

}  // namespace ma

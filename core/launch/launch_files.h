// The files that start the planned run on its engine: torchtitan's job
// config and model flavor, Megatron-LM's pretrain_gpt.py launch script, or
// HF Trainer's accelerate (and DeepSpeed) config with its TrainingArguments.
// Every value comes from the plan (the arrangement, the recipe, the spec);
// a combination the engine cannot express is refused with the reason, never
// written wrong. docs/engines.md lists each file's keys and sources.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../estimates/training_setup.h"
#include "../model/arch_spec.h"
#include "../output_file.h"
#include "../plan/run_recipe.h"

namespace ma {

struct LaunchPlan {
    std::string label;                     // the candidate, "A"
    ArchSpec spec;                         // resolved; its config.json is written beside
    TrainingSetup setup;                   // the arrangement (engine, degrees, micro-batch, grad_accum, ...)
    RunRecipe run;
    std::string tokenizer_dir = "./tokenizer";  // where the launch expects the tokenizer files
    int64_t vocab_multiple = 128;          // the design padded vocab_size to a multiple of it
    std::string not_runnable;              // why the plan has no arrangement to launch ("" = it has one)
};

// The launch files of the plan's engine, each with its text or why it cannot be written.
std::vector<OutputFile> launch_files(const LaunchPlan& plan);

// Why the plan's files cannot be written: the plan's own reason (not_runnable) before the
// engine's refusal of it, "" when they can. Each engine's files write no text when it is set.
std::string launch_refusal(const LaunchPlan& plan, const std::string& engine_refusal);

// Per engine (launch_files() picks one).
std::vector<OutputFile> torchtitan_files(const LaunchPlan& plan);
std::vector<OutputFile> megatron_files(const LaunchPlan& plan);
std::vector<OutputFile> hf_files(const LaunchPlan& plan);

// torchtitan's FeedForward width (torchtitan/models/llama3/model/model.py, v0.2.2):
// int(2 * 4 dim / 3), times ffn_dim_multiplier when set, rounded up to multiple_of.
int64_t torchtitan_ffn_width(int64_t dim, int64_t multiple_of, double ffn_dim_multiplier);

// multiple_of and ffn_dim_multiplier (its shortest decimal text) that give exactly `width`.
struct TorchtitanFfn {
    int64_t multiple_of = 0;
    double multiplier = 0;
    std::string multiplier_text;
};
TorchtitanFfn torchtitan_ffn_args(int64_t dim, int64_t width);

// Nodes of gpus_per_node GPUs the run needs.
int64_t nodes_for(const TrainingSetup& setup);

}  // namespace ma

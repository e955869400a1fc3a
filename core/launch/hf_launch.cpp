// HF Trainer with accelerate: the accelerate config (DDP, DeepSpeed ZeRO 1-2 with its JSON, or FSDP for
// ZeRO-3, as the plan chose), and the TrainingArguments for a train.py that builds the model from the
// emitted config.json. Keys from accelerate's `accelerate config` files (accelerate 1.x, FSDP2) and
// transformers' TrainingArguments (4.56+); DeepSpeed values left "auto" are filled by the Trainer.
#include "../estimates/engines/engine_profile.h"
#include "../format.h"
#include "../model/family.h"
#include "launch_files.h"
#include "launch_text.h"

namespace ma {
namespace {

using launch::float_text;
using launch::quoted;

constexpr const char* kVersions = "accelerate 1.x, transformers >= 4.56 (HF Trainer), DeepSpeed >= 0.15";

std::string accelerate_yaml(const LaunchPlan& p) {
    const TrainingSetup& s = p.setup;
    std::string o = "# " + std::string(kVersions) + ": accelerate config for model-architect candidate " + p.label + ".\n";
    o += "# Launch on each node: accelerate launch --config_file accelerate_config.yaml --machine_rank $NODE_RANK train.py\n";
    o += "compute_environment: LOCAL_MACHINE\n";
    const bool fsdp = s.zero_stage == 3, deepspeed = s.zero_stage == 1 || s.zero_stage == 2;
    o += std::string("distributed_type: ") + (fsdp ? "FSDP" : deepspeed ? "DEEPSPEED" : s.gpus() > 1 ? "MULTI_GPU" : "NO") + "\n";
    if (deepspeed) {
        o += "deepspeed_config:\n";
        o += "  deepspeed_config_file: ds_config.json\n";
        o += "  zero3_init_flag: false\n";
    }
    if (fsdp) {
        o += "fsdp_config:\n";
        o += "  fsdp_version: 2\n";
        o += "  fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP\n";
        o += "  fsdp_transformer_layer_cls_to_wrap: " + decoder_layer_class(family_for(p.spec.model_type)) + "\n";
        o += "  fsdp_reshard_after_forward: true\n";
        o += "  fsdp_state_dict_type: SHARDED_STATE_DICT\n";
        o += std::string("  fsdp_activation_checkpointing: ") + launch::toml_bool(s.recompute == Recompute::full) + "\n";
    }
    const bool bf16 = s.precision == Precision::mixed || s.precision == Precision::amp;
    o += std::string("mixed_precision: ") + (bf16 ? "bf16" : "'no'") + "\n";  // quoted: YAML reads a bare no as false
    o += "num_machines: " + std::to_string(nodes_for(s)) + "\n";
    o += "num_processes: " + std::to_string(s.gpus()) + "\n";
    o += "machine_rank: 0\n";
    o += "main_process_ip: localhost\n";
    o += "main_process_port: 29500\n";
    o += "rdzv_backend: static\n";
    o += "same_network: true\n";
    return o;
}

std::string deepspeed_json(const LaunchPlan& p) {
    const TrainingSetup& s = p.setup;
    nlohmann::ordered_json j;
    j["bf16"] = {{"enabled", s.precision == Precision::mixed}};
    j["zero_optimization"] = {{"stage", s.zero_stage}, {"overlap_comm", true}, {"contiguous_gradients", true},
                              {"reduce_bucket_size", "auto"}, {"allgather_bucket_size", "auto"}};
    j["gradient_accumulation_steps"] = "auto";
    j["train_micro_batch_size_per_gpu"] = "auto";
    j["train_batch_size"] = "auto";
    j["gradient_clipping"] = "auto";
    return j.dump(2) + "\n";
}

std::string training_args(const LaunchPlan& p) {
    const TrainingSetup& s = p.setup;
    const RunRecipe& r = p.run;
    std::string o = "# " + std::string(kVersions) + ": the TrainingArguments of model-architect candidate " + p.label + ".\n";
    o += "# In train.py: build the model from config.json, pass `args` and your tokenized dataset to Trainer.\n";
    o += "import torch\nfrom transformers import AutoConfig, AutoModelForCausalLM, TrainingArguments\n\n";
    const char* attn = s.attention == AttentionKernel::flash ? "flash_attention_2" : name_of(s.attention);
    o += "config = AutoConfig.from_pretrained(\".\")  # the config.json written beside this file\n";
    o += "config.initializer_range = " + float_text(r.init_std) + "\n";
    const std::string dtype = s.precision == Precision::bf16 ? "torch.bfloat16" : "torch.float32";
    o += "model = AutoModelForCausalLM.from_config(config, attn_implementation=" + quoted(attn) + ", torch_dtype=" + dtype + ")\n\n";
    o += "args = TrainingArguments(\n";
    auto arg = [&](const std::string& key, const std::string& value) { o += "    " + key + "=" + value + ",\n"; };
    arg("output_dir", quoted("./outputs"));
    arg("per_device_train_batch_size", std::to_string(s.micro_batch));
    arg("gradient_accumulation_steps", std::to_string(r.grad_accum));
    arg("max_steps", std::to_string(r.steps));
    arg("learning_rate", float_text(r.peak_lr));
    if (r.schedule == LrSchedule::wsd) {
        arg("lr_scheduler_type", quoted("warmup_stable_decay"));
        arg("lr_scheduler_kwargs", "{\"num_decay_steps\": " + std::to_string(r.decay_steps) + ", \"min_lr_ratio\": " +
                                       float_text(r.min_lr / r.peak_lr) + ", \"decay_type\": \"linear\"}");
    } else {
        arg("lr_scheduler_type", quoted("cosine_with_min_lr"));
        arg("lr_scheduler_kwargs", "{\"min_lr_rate\": " + float_text(r.min_lr / r.peak_lr) + "}");
    }
    arg("warmup_steps", std::to_string(r.warmup_steps));
    arg("adam_beta1", float_text(r.beta1));
    arg("adam_beta2", float_text(r.beta2));
    arg("adam_epsilon", float_text(r.eps));
    arg("weight_decay", float_text(r.weight_decay));
    arg("max_grad_norm", float_text(r.grad_clip));
    arg("optim", quoted("adamw_torch_fused"));
    arg("bf16", launch::py_bool(s.precision == Precision::mixed || s.precision == Precision::amp));
    arg("gradient_checkpointing", launch::py_bool(s.recompute == Recompute::full && s.zero_stage != 3));  // FSDP checkpoints itself
    arg("save_strategy", quoted("steps"));
    arg("save_steps", std::to_string(r.checkpoint_interval_steps));
    arg("logging_steps", "10");
    o += ")\n";
    return o;
}

std::string refusal(const LaunchPlan& p) {
    if (const auto why = inexpressible(p.setup)) return *why;
    if (p.setup.optimizer != Optimizer::adamw) return std::string("the launch files write AdamW; ") + name_of(p.setup.optimizer) + " is not planned";
    return "";
}

}  // namespace

std::vector<OutputFile> hf_files(const LaunchPlan& p) {
    const std::string why = launch_refusal(p, refusal(p));
    const bool deepspeed = p.setup.zero_stage == 1 || p.setup.zero_stage == 2;
    std::vector<OutputFile> out;
    auto add = [&](const char* name, auto make) {
        if (why.empty()) out.push_back({name, make(p), ""});
        else out.push_back({name, std::nullopt, why});
    };
    add("accelerate_config.yaml", accelerate_yaml);
    if (deepspeed) add("ds_config.json", deepspeed_json);
    add("training_args.py", training_args);
    return out;
}

}  // namespace ma

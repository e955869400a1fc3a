// torchtitan v0.2.2 (73a0e69, 2026-02-20), the last release whose jobs are
// TOML files (torchtitan/config/job_config.py); later versions define jobs in
// Python (torchtitan/models/<model>/config_registry.py). A new size is a new
// flavor: torchtitan_flavor.py adds it to the model's args dict.
#include <cmath>
#include <cstdlib>

#include "../estimates/engines/engine_profile.h"
#include "../format.h"
#include "../model/param_count.h"
#include "launch_files.h"
#include "launch_text.h"

namespace ma {
namespace {

using launch::float_text;
using launch::quoted;
using launch::toml_bool;

constexpr const char* kVersion = "torchtitan v0.2.2 (73a0e69, 2026-02-20)";

std::string flavor_name(const LaunchPlan& p) { return "model_architect_" + std::string(1, char(std::tolower(p.label[0]))); }

// torchtitan's model for the family (refusal() has checked there is one).
const EngineModel& titan(const ArchSpec& spec) { return *engine_model(engine_profile(Engine::torchtitan), spec); }

// What the plan asks that torchtitan's job config cannot say.
std::string refusal(const LaunchPlan& p) {
    if (const auto why = engine_refusal(engine_profile(Engine::torchtitan), p.spec)) return *why;
    if (p.setup.optimizer != Optimizer::adamw) return std::string("torchtitan's [optimizer] has Adam and AdamW, not ") + name_of(p.setup.optimizer);
    if (p.setup.dropout > 0) return "torchtitan's models have no dropout; plan with --dropout 0";
    if (p.run.init_std != 0.02)
        return "torchtitan initialises with its own init_weights (std 0.02, depth-scaled); an init std of " + fmt::g(p.run.init_std) +
               " cannot be set in its job config";
    return "";
}

std::string toml(const LaunchPlan& p) {
    const TrainingSetup& s = p.setup;
    const RunRecipe& r = p.run;
    const int64_t nodes = nodes_for(s);
    std::string o;
    auto line = [&](const std::string& key, const std::string& value) { o += key + " = " + value + "\n"; };
    o += "# " + std::string(kVersion) + ": the last torchtitan release whose jobs are TOML files;\n";
    o += "# later versions define jobs in Python (torchtitan/models/<model>/config_registry.py).\n";
    o += "# model-architect candidate " + p.label + ": " + p.spec.model_type + ", " + fmt::digits(count_parameters(p.spec).total) + " parameters, " +
         std::to_string(s.gpus()) + " x " + s.gpu.id + ".\n";
    o += "# Add torchtitan_flavor.py's entry to torchtitan/models/" + std::string(titan(p.spec).engine_model) +
         "/__init__.py, put the tokenizer files in " + p.tokenizer_dir + ", then on each of the " + std::to_string(nodes) + " node(s):\n";
    o += "#   NGPU=" + std::to_string(std::min<int64_t>(s.gpus(), s.gpu.gpus_per_node)) + " CONFIG_FILE=./torchtitan.toml ./run_train.sh\n\n";

    o += "[job]\n";
    line("dump_folder", quoted("./outputs"));
    line("description", quoted("model-architect candidate " + p.label));
    o += "\n[metrics]\n";
    line("log_freq", "10");
    o += "\n[model]\n";
    line("name", quoted(titan(p.spec).engine_model));
    line("flavor", quoted(flavor_name(p)));
    line("hf_assets_path", quoted(p.tokenizer_dir));
    if (s.float8) line("converters", "[\"quantize.linear.float8\"]");  // components/quantization/float8.py registers this name
    o += "\n[optimizer]\n";
    line("name", quoted("AdamW"));
    line("lr", float_text(r.peak_lr));
    line("beta1", float_text(r.beta1));
    line("beta2", float_text(r.beta2));
    line("eps", float_text(r.eps));
    line("weight_decay", float_text(r.weight_decay));
    line("implementation", quoted("foreach"));  // as the measured runs the memory plan is fitted on
    o += "\n[lr_scheduler]\n";
    line("warmup_steps", std::to_string(r.warmup_steps));
    if (r.schedule == LrSchedule::wsd) line("decay_ratio", float_text(r.decay_fraction));
    line("decay_type", quoted(r.schedule == LrSchedule::wsd ? "linear" : "cosine"));
    line("min_lr_factor", float_text(r.min_lr / r.peak_lr));
    o += "\n[training]\n";
    // With PP a rank's local batch is split into micro-batches; without it, accumulation makes up the global batch.
    const int64_t local = s.pp > 1 ? s.micro_batch * r.grad_accum : s.micro_batch;
    line("local_batch_size", std::to_string(local));
    line("global_batch_size", std::to_string(r.global_batch_sequences));
    line("seq_len", std::to_string(r.seq_len));
    line("max_norm", float_text(r.grad_clip));
    line("steps", std::to_string(r.steps));
    line("dataset", quoted("c4"));
    o += "# replace the dataset with yours (torchtitan/hf_datasets/text_datasets.py)\n";
    o += "\n[parallelism]\n";
    line("data_parallel_replicate_degree", "1");
    line("data_parallel_shard_degree", std::to_string(s.dp));
    line("tensor_parallel_degree", std::to_string(s.tp));
    line("enable_async_tensor_parallel", toml_bool(s.async_tp));
    line("pipeline_parallel_degree", std::to_string(s.pp));
    line("pipeline_parallel_schedule", quoted(s.vpp > 1 ? "Interleaved1F1B" : "1F1B"));
    if (s.vpp > 1)
        line("pipeline_parallel_layers_per_stage",
             std::to_string((p.spec.num_hidden_layers + s.pp * s.vpp - 1) / (s.pp * s.vpp)));
    line("pipeline_parallel_microbatch_size", std::to_string(s.micro_batch));
    line("context_parallel_degree", std::to_string(s.cp));
    o += "\n[checkpoint]\n";
    line("enable", "true");
    line("folder", quoted("checkpoint"));
    line("interval", std::to_string(r.checkpoint_interval_steps));
    line("async_mode", quoted("disabled"));
    o += "\n[compile]\n";
    line("enable", toml_bool(s.compile));
    line("components", "[\"model\", \"loss\"]");
    o += "\n[activation_checkpoint]\n";
    line("mode", quoted(name_of(s.recompute)));
    if (s.recompute == Recompute::selective)
        line("selective_ac_option", quoted(s.selective_ac == SelectiveAc::op ? "op" : std::to_string(s.ac_every)));
    if (s.float8) {
        o += "\n[quantize.linear.float8]\n";
        line("filter_fqns", "[\"output\"]");
    }
    return o;
}

std::string flavor(const LaunchPlan& p) {
    const ArchSpec& a = p.spec;
    const EngineModel& m = titan(a);
    std::string o;
    o += "# " + std::string(kVersion) + ": the model flavor torchtitan.toml names (model-architect candidate " + p.label + ").\n";
    o += "# Append to torchtitan/models/" + std::string(m.engine_model) + "/__init__.py, below the " + m.engine_model + "_args dict.\n";
    o += "from " + std::string(m.args_module) + " import " + m.args_class + "\n\n";
    o += std::string(m.engine_model) + "_args[" + quoted(flavor_name(p)) + "] = " + m.args_class + "(\n";
    auto arg = [&](const std::string& key, const std::string& value) { o += "    " + key + "=" + value + ",\n"; };
    arg("dim", std::to_string(a.hidden_size));
    arg("n_layers", std::to_string(a.num_hidden_layers));
    arg("n_heads", std::to_string(a.num_attention_heads));
    arg("n_kv_heads", std::to_string(a.kv_heads()));
    arg("vocab_size", std::to_string(a.vocab_size));
    if (m.explicit_ffn) {
        arg("head_dim", std::to_string(a.head_size()));
        arg("hidden_dim", std::to_string(a.intermediate_size));
        arg("qk_norm", "True");
        arg("enable_weight_tying", launch::py_bool(a.tie_word_embeddings));
    } else {
        // torchtitan derives the FeedForward width from these: int(2 * 4 dim / 3), x ffn_dim_multiplier, up to multiple_of.
        const TorchtitanFfn f = torchtitan_ffn_args(a.hidden_size, a.intermediate_size);
        arg("multiple_of", std::to_string(f.multiple_of));
        if (!f.multiplier_text.empty()) arg("ffn_dim_multiplier", f.multiplier_text);
        o += "    # FeedForward width: " + std::to_string(torchtitan_ffn_width(a.hidden_size, f.multiple_of, f.multiplier)) +
             " = intermediate_size of config.json\n";
    }
    arg("norm_eps", float_text(a.norm_eps));
    arg("rope_theta", float_text(a.rope_theta));
    arg("max_seq_len", std::to_string(p.run.seq_len));
    o += ")\n";
    return o;
}

}  // namespace

int64_t torchtitan_ffn_width(int64_t dim, int64_t multiple_of, double ffn_dim_multiplier) {
    int64_t hidden = int64_t(2.0 * double(4 * dim) / 3.0);                      // int(2 * hidden_dim / 3)
    if (ffn_dim_multiplier > 0) hidden = int64_t(ffn_dim_multiplier * double(hidden));  // int(ffn_dim_multiplier * hidden_dim)
    return multiple_of * ((hidden + multiple_of - 1) / multiple_of);
}

TorchtitanFfn torchtitan_ffn_args(int64_t dim, int64_t width) {
    const int64_t base = int64_t(2.0 * double(4 * dim) / 3.0);
    // Without a multiplier where a power of two rounds the 8/3 width up to it (Llama-2-7B: 11008 = 43 x 256).
    for (int64_t m = 1024; m >= 2; m /= 2)
        if (width % m == 0 && torchtitan_ffn_width(dim, m, 0) == width) return {m, 0, ""};
    int64_t m = 1024;
    while (width % m != 0) m /= 2;
    // The shortest multiplier that lands within the last multiple below the width.
    const double targets[] = {(double(width) - double(m) / 2.0) / double(base), double(width) / double(base),
                              std::nextafter(double(width) / double(base), 1e300)};
    for (int digits = 1; digits <= 17; ++digits)
        for (const double t : targets) {
            const double multiplier = std::strtod(fmt::general(t, digits).c_str(), nullptr);
            if (multiplier > 0 && torchtitan_ffn_width(dim, m, multiplier) == width) return {m, multiplier, launch::float_text(multiplier)};
        }
    return {width, 1.0, "1.0"};  // multiple_of = the width itself rounds any smaller value up to it
}

std::vector<OutputFile> torchtitan_files(const LaunchPlan& p) {
    const std::string why = launch_refusal(p, refusal(p));
    if (!why.empty()) return {{"torchtitan.toml", std::nullopt, why}, {"torchtitan_flavor.py", std::nullopt, why}};
    return {{"torchtitan.toml", toml(p), ""}, {"torchtitan_flavor.py", flavor(p), ""}};
}

}  // namespace ma

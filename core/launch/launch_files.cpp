#include "launch_files.h"

namespace ma {

int64_t nodes_for(const TrainingSetup& s) { return (s.gpus() + s.gpu.gpus_per_node - 1) / s.gpu.gpus_per_node; }

// A plan that cannot run gets its engine's file names with the reason and no text: most page
// changes without tokenizer files meet it, and writing the files only to drop them was a
// twentieth of such a recompute.
std::string launch_refusal(const LaunchPlan& p, const std::string& engine_refusal) {
    return p.not_runnable.empty() ? engine_refusal : p.not_runnable;
}

std::vector<OutputFile> launch_files(const LaunchPlan& p) {
    switch (p.setup.engine) {
        case Engine::torchtitan: return torchtitan_files(p);
        case Engine::megatron: return megatron_files(p);
        case Engine::hf: return hf_files(p);
    }
    return {};
}

}  // namespace ma

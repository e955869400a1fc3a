#include "launch_files.h"

namespace ma {

int64_t nodes_for(const TrainingSetup& s) { return (s.gpus() + s.gpu.gpus_per_node - 1) / s.gpu.gpus_per_node; }

namespace {

std::vector<OutputFile> engine_files(const LaunchPlan& p) {
    switch (p.setup.engine) {
        case Engine::torchtitan: return torchtitan_files(p);
        case Engine::megatron: return megatron_files(p);
        case Engine::hf: return hf_files(p);
    }
    return {};
}

}  // namespace

std::vector<OutputFile> launch_files(const LaunchPlan& p) {
    std::vector<OutputFile> files = engine_files(p);
    if (!p.not_runnable.empty())
        for (OutputFile& f : files) f.text.reset(), f.error = p.not_runnable;
    return files;
}

}  // namespace ma

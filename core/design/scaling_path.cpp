#include "scaling_path.h"

#include <algorithm>

#include "shapes.h"

namespace ma {

double scaling_tokens_per_param(const Design& d) {
    const Candidate& rec = recommended(d);
    return std::max(20.0, rec.tokens / double(rec.count.total));
}

const char* step_role_name(StepRole role) {
    switch (role) {
        case StepRole::proxy: return "proxy (ablations)";
        case StepRole::design: return "the design";
        case StepRole::next: return "next step";
    }
    return "";
}

std::vector<ScalingStep> scaling_path(const Design& d) {
    const DesignRequest& r = d.request;
    const Candidate& rec = recommended(d);
    const double ratio = scaling_tokens_per_param(d);
    const auto& classes = scale_templates();
    size_t design = 0;
    while (design < classes.size() && classes[design].id != d.scale) ++design;
    std::vector<ScalingStep> path;
    for (size_t i = 0; i < classes.size() && i <= design + 1; ++i) {
        const ScaleTemplate& t = classes[i];
        ScalingStep step;
        step.role = i < design ? StepRole::proxy : i == design ? StepRole::design : StepRole::next;
        step.scale = t.id;
        if (step.role == StepRole::design) {
            step.spec = rec.spec;
            step.params = rec.count.total;
            step.tokens = rec.tokens;
            step.flops = rec.train_flops;
            step.gpu_days = rec.gpu_hours / 24.0;
        } else {
            step.spec = make_spec(d, template_shape(d.recipe, t), std::max(d.context, t.max_position_embeddings));
            step.params = count_parameters(step.spec).total;
            step.tokens = ratio * double(step.params);
            step.flops = 3.0 * forward_flops_per_token(step.spec, step.spec.max_position_embeddings, true) * step.tokens;
            step.gpu_days = step.flops / (r.training.gpu.bf16_flops * r.planning_mfu()) / 86400.0;
        }
        TrainingSetup ts = r.training;
        ts.seq_len = step.spec.max_position_embeddings;
        step.hardware = find_fit(step.spec, ts, 4096);
        path.push_back(std::move(step));
    }
    return path;
}

}  // namespace ma

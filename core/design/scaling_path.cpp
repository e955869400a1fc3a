#include "scaling_path.h"

#include <algorithm>

#include "shapes.h"

namespace ma {

std::vector<ScalingStep> scaling_path(const Design& d) {
    const DesignRequest& r = d.request;
    std::vector<ScalingStep> path;
    bool started = false;
    for (const ScaleTemplate& t : scale_templates()) {
        if (t.id == d.scale) started = true;
        if (!started) continue;
        ScalingStep step;
        step.scale = t.id;
        step.spec = t.id == d.scale ? recommended(d).spec
                                    : make_spec(d, template_shape(r.recipe, t), std::max(d.context, t.max_position_embeddings));
        step.params = count_parameters(step.spec).total;
        step.tokens = 20.0 * double(step.params);
        step.flops = 3.0 * forward_flops_per_token(step.spec, step.spec.max_position_embeddings, true) * step.tokens;
        step.gpu_days = step.flops / (r.training.gpu.bf16_flops * r.mfu) / 86400.0;
        TrainingSetup ts = r.training;
        ts.seq_len = step.spec.max_position_embeddings;
        step.hardware = find_fit(step.spec, ts, 4096);
        path.push_back(std::move(step));
    }
    return path;
}

}  // namespace ma

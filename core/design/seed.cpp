#include "seed.h"

#include "../model/param_count.h"
#include "../model/recipe.h"
#include "design_request.h"
#include "scale_templates.h"

namespace ma {

nlohmann::json seed_request(const nlohmann::json& config, const ArchSpec& input) {
    const ArchSpec s = resolve(input);
    const Recipe recipe = recipe_for_spec(s);
    nlohmann::json request = {{"base_config", config}, {"scale", class_for(double(count_parameters(s).total)).id},
                              {"context", s.max_position_embeddings}, {"recipe", to_json(recipe)}};
    if (recipe.sliding_window && s.sliding_window) request["sliding_window"] = *s.sliding_window;
    if (recipe.moe) {
        request["num_local_experts"] = s.num_local_experts;
        request["num_experts_per_tok"] = s.num_experts_per_tok;
    }
    design_request_from_json(request, "seed");  // what the page will send must be valid
    return request;
}

}  // namespace ma

// A design request seeded from an existing config.json: the config itself as
// `base_config` (candidate A is that architecture, unchanged), its scale
// class, context length and component choices, so a form shows them.
#pragma once

#include <nlohmann/json.hpp>

#include "../model/arch_spec.h"

namespace ma {

// {"base_config", "scale", "context", "recipe", ...}: a request design_request_from_json() accepts.
nlohmann::json seed_request(const nlohmann::json& config, const ArchSpec& spec);

}  // namespace ma

// A design request seeded from an existing architecture: its parameter
// count as the target, its context length and its component choices.
#pragma once

#include <nlohmann/json.hpp>

#include "../model/arch_spec.h"

namespace ma {

// {"params", "context", "recipe", ...}: a request design_request_from_json() accepts.
nlohmann::json seed_request(const ArchSpec& spec);

}  // namespace ma

// Renders a parameter count as JSON (for --json and the page) or as a plain
// text table (for the terminal).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arch_spec.h"
#include "param_count.h"

namespace ma {

nlohmann::json count_json(const ArchSpec& spec, const ParamCount& count);
std::string count_text(const ArchSpec& spec, const ParamCount& count);

}  // namespace ma

// The three deliverables of a design, generated here so the page and the CLI
// write the same bytes: config.json, architecture_report.md, capacity_plan.md.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "designer.h"

namespace ma {

// Throws Error(missing_input) when the design has no tokenizer files or no eos token.
std::string design_config_json(const Design& d);
std::string architecture_report(const Design& d);
std::string capacity_plan(const Design& d);
// Candidates, recommendation and scaling path as JSON (for --json and the page).
nlohmann::json design_summary(const Design& d);

}  // namespace ma

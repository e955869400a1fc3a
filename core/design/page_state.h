// The page's one call: a design from a state {"request": {...}, "tokenizer":
// link facts or null} and the tokenizer files loaded (may be none). Files win
// over a share link's facts; a fingerprint that differs from the link's gives
// a warning. Returns, as JSON text, design_output()'s members plus "corpus", "tokenizer" (facts),
// "warnings", "state" (normalized, with the facts) and "share" (the link fragment).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <optional>

#include "../tokenizer/tokenizer_facts.h"
#include "reports.h"

namespace ma {

std::string design_state(const std::vector<InputFile>& files, const nlohmann::json& state);
// The same with the files' facts already read (the page reads its files once, on load; null:
// none). `reports`: which long reports to render (the page's open panels); the others come back
// deferred.
std::string design_state(const TokenizerFacts* loaded, const nlohmann::json& state, ReportChoice reports = {});

// The ReportChoice for a JSON array of report names ("architecture_report.md", "capacity_plan.md").
ReportChoice report_choice_from_json(const nlohmann::json& names, const std::string& where);

}  // namespace ma

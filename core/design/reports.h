// The deliverables of a design, generated here so the page and the CLI write
// the same bytes: config.json, architecture_report.md, capacity_plan.md.
#pragma once

#include "../output_file.h"

#include <optional>
#include <string>
#include <vector>

#include "designer.h"

namespace ma {

// Throws Error(missing_input) when the design has no tokenizer files or no eos token.
std::string design_config_json(const Design& d);
std::string architecture_report(const Design& d);
std::string capacity_plan(const Design& d);

// One deliverable: its text, or why it cannot be produced (config.json without tokenizer files).

// The run the launch files start: the launch candidate's spec, arrangement and recipe.
struct LaunchPlan;
LaunchPlan launch_plan(const Design& d);

// Which of the two long reports to render (their text is most of a design's output; the page
// renders one only while its panel is open or for a download). Skipped ones come back deferred.
struct ReportChoice {
    bool architecture = true, capacity = true;
};
constexpr const char* kArchitectureReport = "architecture_report.md";
constexpr const char* kCapacityPlan = "capacity_plan.md";

// Every deliverable, in the order the page lists its downloads: the three files, then the engine's launch files.
std::vector<OutputFile> design_files(const Design& d, ReportChoice reports = {});

}  // namespace ma

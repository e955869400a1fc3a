// A design as JSON for `design --json` and the page: the computed numbers
// (exact integers stay integers) beside display tables the core has already
// formatted, so the page shows core-formatted text and never formats a figure.
#pragma once

#include <string>

#include "../json_writer.h"
#include "designer.h"
#include "reports.h"

namespace ma {

// The summary's JSON text (the keys in nlohmann's order, so write_json's text of the same object).
std::string design_summary(const Design& d);

// What design() returns, as JSON text: {"summary": design_summary, "files": [{name, kind,
// media_type, text or null, error or null, deferred}]}; a report left out of `reports` has text
// and error null and deferred true.
std::string design_output(const Design& d, ReportChoice reports = {});
// The same two members added to an object the caller goes on writing (the page's state).
void add_design_output(JsonObjectText& out, const Design& d, ReportChoice reports);

}  // namespace ma

// The shape grid's result for people: the section of architecture_report.md and the
// summary's "shape_grid" object the page plots (the same thinned front in both).
#pragma once

#include <optional>
#include <string>

#include "../json_writer.h"

#include "designer.h"

namespace ma {

std::string shape_grid_section(const Design& d);
std::optional<JsonObjectText> shape_grid_json(const Design& d);  // empty (null) without a grid

}  // namespace ma

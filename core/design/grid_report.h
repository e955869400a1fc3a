// The shape grid's result for people: the section of architecture_report.md and the
// summary's "shape_grid" object the page plots (the same thinned front in both).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "designer.h"

namespace ma {

std::string shape_grid_section(const Design& d);
nlohmann::json shape_grid_json(const Design& d);

}  // namespace ma

// Compact JSON text of a value, byte for byte what nlohmann's dump() writes, in a third of the
// time: dump() pushes most characters one at a time through a virtual output adapter and
// decodes every string byte by byte, which was a sixth of a design recompute in wasm.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ma {

// Invalid UTF-8 in a string throws nlohmann's type_error, as dump() does.
std::string write_json(const nlohmann::json& value);
void append_json(const nlohmann::json& value, std::string& out);

}  // namespace ma

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

// JSON text written once and spliced in verbatim wherever the value is written again: the shape
// grid's plotted front (a quarter of a design's JSON) is reused unchanged across most changes.
// `text` must be write_json's output. write_json splices it; for dump() and for code that reads
// the tree, expand_raw_json parses every such part back into the value it was written from.
nlohmann::json raw_json(const std::string& text);
nlohmann::json expand_raw_json(nlohmann::json value);

}  // namespace ma

// Spelling values for the launch files' formats: TOML, YAML and Python take
// floats that read back to the same double, strings quoted and escaped.
#pragma once

#include <string>

namespace ma::launch {

// The shortest decimal that reads back to `v`, always with a '.' or an exponent ("1.0", "0.000485", "1e-08").
std::string float_text(double v);

// A double-quoted string with backslash and quote escaped (TOML basic string, Python, YAML).
std::string quoted(const std::string& s);

// "true" / "false" (TOML, YAML) and "True" / "False" (Python).
inline std::string toml_bool(bool b) { return b ? "true" : "false"; }
inline std::string py_bool(bool b) { return b ? "True" : "False"; }

}  // namespace ma::launch

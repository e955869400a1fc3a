#include "launch_text.h"

#include <cstdlib>

#include "../format.h"

namespace ma::launch {

std::string float_text(double v) {
    if (v == double(static_cast<long long>(v)) && v > -1e15 && v < 1e15) return fmt::f("%.1f", v);  // 10000.0, not 1e+04
    std::string s;
    for (int precision = 1; precision <= 17; ++precision) {
        s = fmt::general(v, precision);
        if (std::strtod(s.c_str(), nullptr) == v) break;
    }
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // TOML and Python read "1" as an integer
    return s;
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace ma::launch

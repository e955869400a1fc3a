#include "launch_text.h"

#include <cstdio>
#include <cstdlib>

namespace ma::launch {

std::string float_text(double v) {
    char buf[40];
    if (v == double(static_cast<long long>(v)) && v > -1e15 && v < 1e15) {  // 10000.0, not 1e+04
        std::snprintf(buf, sizeof buf, "%.1f", v);
        return buf;
    }
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    std::string s = buf;
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

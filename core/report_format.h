// Small formatting helpers shared by the text and Markdown reports.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "error.h"

namespace ma::md {

// printf-formats one number; a non-finite figure is refused, never printed as inf or nan.
inline std::string f(const char* format, double v) {
    if (!std::isfinite(v))
        throw Error(ErrorCode::invalid_value, "estimate",
                    "a computed figure is not finite; check the inputs for extreme values");
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

// 1234567 -> "1.23M" (SI), for tokens and FLOPs.
inline std::string si(double v) {
    const char* units[] = {"", "K", "M", "B", "T", "P", "E"};
    int u = 0;
    while (v >= 1000 && u < 6) { v /= 1000; ++u; }
    return f(u == 0 ? "%.0f" : "%.2f", v) + units[u];
}

inline std::string row(const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells) out += " " + c + " |";
    return out + "\n";
}

inline std::string header(const std::vector<std::string>& cells) {
    std::string out = row(cells) + "|";
    for (size_t i = 0; i < cells.size(); ++i) out += " --- |";
    return out + "\n";
}

// Pipes and newlines in text from files must not break a table.
inline std::string cell(std::string s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '\n' || c == '\r') out += ' ';
        else out += c;
    }
    return out;
}

}  // namespace ma::md

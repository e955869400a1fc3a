// Every number the core shows, formatted in one place: reports, the CLI's
// text output and the page (which receives these strings, or raw values with
// their units). A non-finite figure is refused here, never printed as inf or nan.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ma::fmt {

// printf-formats one number ("%.1f", "%.3g", ...).
std::string f(const char* format, double v);

// The shortest form that round-trips the common cases: 2, 0.5, 1e-05 ("%g").
std::string g(double v);

// `digits` significant digits, as "%.{digits}g" writes them.
std::string general(double v, int digits);

// 1234567 -> "1.23M" (SI, for tokens, FLOPs and parameters in prose).
std::string si(double v);

// 6738415616 -> "6,738,415,616".
std::string digits(uint64_t v);

// 1536 -> "1.50 KiB"; binary units, as GPUs report memory.
std::string bytes(double v);

// 82.4 GiB -> "82.4 GiB" (one decimal: what memory monitors print).
std::string gib(double bytes);

// 0.173 -> "17%".
std::string percent(double fraction);

// A training duration: "13.2 days", or "3.4 hours" below one day.
std::string days(double days);

// A latency: "46 ms", or "0.42 ms" below 10 ms.
std::string ms(double milliseconds);

// Markdown tables. `cell` escapes pipes and newlines in text that comes from files.
std::string row(const std::vector<std::string>& cells);
std::string header(const std::vector<std::string>& cells);
std::string cell(std::string text);

}  // namespace ma::fmt

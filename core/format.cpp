#include "format.h"

#include <cmath>
#include <cstdio>

#include "error.h"
#include "printf_decimal.h"

namespace ma::fmt {

namespace {

// A non-finite figure is refused, never printed as inf or nan; `what` names it ("figure", "size").
void require_finite(double v, const char* what) {
    if (!std::isfinite(v))
        throw Error(ErrorCode::invalid_value, "estimate",
                    std::string("a computed ") + what + " is not finite; check the inputs for extreme values");
}

std::string printf_format(const char* format, double v) {
    char buf[64];
    const int n = std::snprintf(buf, sizeof buf, format, v);
    if (n < int(sizeof buf)) return buf;
    std::string out(size_t(n) + 1, '\0');  // "%.0f" of 1e300 is 301 digits: never cut
    std::snprintf(&out[0], out.size(), format, v);
    out.resize(size_t(n));
    return out;
}

// Text with "%%" as '%' appended up to the first lone '%' (returned) or the end (nullptr).
const char* append_literal(std::string& out, const char* p) {
    for (; *p; ++p) {
        if (*p != '%') out += *p;
        else if (p[1] == '%') out += '%', ++p;
        else return p;
    }
    return nullptr;
}

}  // namespace

std::string f(const char* format, double v) {
    require_finite(v, "figure");
    // One "%[.N](f|g|e)" among literal text goes to printf_decimal (exact, and far faster than
    // the C library in wasm); any other format to snprintf.
    std::string out;
    const char* p = append_literal(out, format);
    if (!p) return out;
    ++p;
    int precision = 6;
    if (*p == '.') {
        precision = 0;
        for (++p; *p >= '0' && *p <= '9' && precision < 100; ++p) precision = precision * 10 + (*p - '0');
    }
    const char conversion = *p;
    if ((conversion != 'f' && conversion != 'g' && conversion != 'e') || !append_printf_decimal(out, v, conversion, precision))
        return printf_format(format, v);
    if (append_literal(out, p + 1)) return printf_format(format, v);  // a second conversion
    return out;
}

std::string g(double v) { return f("%g", v); }

std::string general(double v, int digits) { return f(("%." + std::to_string(digits) + "g").c_str(), v); }

std::string si(double v) {
    const char* units[] = {"", "K", "M", "B", "T", "P", "E"};
    int u = 0;
    while (v >= 1000 && u < 6) { v /= 1000; ++u; }
    return f(u == 0 ? "%.0f" : "%.2f", v) + units[u];
}

std::string digits(uint64_t value) {
    std::string d = std::to_string(value), out;
    for (size_t i = 0; i < d.size(); ++i) {
        if (i > 0 && (d.size() - i) % 3 == 0) out += ',';
        out += d[i];
    }
    return out;
}

std::string bytes(double v) {
    require_finite(v, "size");
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (std::fabs(v) >= 1024.0 && u < 5) { v /= 1024.0; ++u; }
    return f(u == 0 ? "%.0f" : "%.2f", v) + " " + units[u];
}

std::string gib(double b) { return f("%.1f GiB", b / (1024.0 * 1024 * 1024)); }

std::string percent(double fraction) { return f("%.0f%%", fraction * 100); }

std::string days(double d) { return d < 1 ? f("%.1f hours", d * 24) : f("%.1f days", d); }

std::string ms(double v) { return v < 10 ? f("%.2f ms", v) : f("%.0f ms", v); }

std::string row(const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells) out += " " + c + " |";
    return out + "\n";
}

std::string header(const std::vector<std::string>& cells) {
    std::string out = row(cells) + "|";
    for (size_t i = 0; i < cells.size(); ++i) out += " --- |";
    return out + "\n";
}

std::string cell(std::string s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '\n' || c == '\r') out += ' ';
        else out += c;
    }
    return out;
}

}  // namespace ma::fmt

// printf_decimal against the C library's own printf (glibc here, which prints the exact binary
// value rounded half to even): every number the core shows goes through it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "format.h"
#include "printf_decimal.h"

namespace {

std::string c_printf(const char* format, double v) {
    char buf[512];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

struct Conversion {
    const char* format;
    char conversion;
    int precision;
};

const std::vector<Conversion>& conversions() {
    static const std::vector<Conversion> all = {
        {"%.0f", 'f', 0}, {"%.1f", 'f', 1}, {"%.2f", 'f', 2}, {"%.3f", 'f', 3}, {"%.4f", 'f', 4}, {"%.6f", 'f', 6},
        {"%.0g", 'g', 0}, {"%.1g", 'g', 1}, {"%.3g", 'g', 3}, {"%.4g", 'g', 4}, {"%g", 'g', 6}, {"%.12g", 'g', 12},
        {"%.17g", 'g', 17}, {"%.0e", 'e', 0}, {"%.2e", 'e', 2}, {"%e", 'e', 6}};
    return all;
}

// Where the 128-bit integers hold the digits (so a refusal there is a defect): style f below 1e19,
// e and g for P significant digits from 10^(P - 30) (m * 5^n with n = P - 1 - exponent) to 1e30.
bool held(double v, const Conversion& c) {
    const double a = std::fabs(v);
    if (c.conversion == 'f') return a < 1e19;
    const int digits = c.conversion == 'e' ? c.precision + 1 : std::max(c.precision, 1);
    return a == 0 || (a >= std::pow(10.0, digits - 30) && a < 1e30);
}

// Checks one value under every conversion; values the integers cannot hold may be refused.
void check_value(double v, bool in_range) {
    for (const Conversion& c : conversions()) {
        const bool must_format = in_range && held(v, c);
        std::string ours = "x";
        const bool formatted = ma::append_printf_decimal(ours, v, c.conversion, c.precision);
        if (!formatted) {
            INFO(c.format << " refused " << c_printf("%.17g", v));
            CHECK(ours == "x");  // nothing appended
            CHECK_FALSE(must_format);
            continue;
        }
        const std::string expected = "x" + c_printf(c.format, v);
        if (ours != expected) {
            INFO(c.format << " of " << c_printf("%.17g", v));
            CHECK(ours == expected);
        }
    }
}

}  // namespace

TEST_CASE("printf_decimal writes what printf writes: ties, boundaries, signs, zero", "[format][properties]") {
    const std::vector<double> values = {
        0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.005, 2.675, 9.995, 9.9995, 99.5, 999.5, 0.0001, 0.00009999,
        0.00001, 123456.0, 999999.5, 1234567.0, 1e15, 1e16, 1e17, 9007199254740993.0, 1e-5, 5e-5, 0.1, 0.2, 0.3,
        1.0 / 3.0, 2.0 / 3.0, 6.02214076e23, 1.2e21, 3.5e-7, -0.04, -0.0004, 4.35, 0.045, 1e-30, 1e19, 123.456,
        79.6484375, 1048576.0, 0.9999999, 0.99999999999, 9.5, 10.5, 0.05, 0.95, 0.015625};
    for (double v : values) check_value(v, true);
    for (int k = -30; k <= 20; ++k) {  // around each power of ten, where %g changes style or digit count
        const double p = std::pow(10.0, k);
        for (double v : {p, std::nextafter(p, 0.0), std::nextafter(p, 1e300), p * 0.99995, p * 0.9995, p * 9.9995})
            check_value(v, true);
    }
}

TEST_CASE("printf_decimal writes what printf writes over random doubles of every magnitude", "[format][properties]") {
    std::mt19937_64 rng(20261203);
    std::uniform_int_distribution<int> exponent(-40, 25);
    std::uniform_real_distribution<double> mantissa(1.0, 10.0);
    std::uniform_int_distribution<int> digits(0, 6);
    for (int i = 0; i < 60000; ++i) {
        double v = mantissa(rng) * std::pow(10.0, exponent(rng));
        if (i % 3 == 1) v = std::round(v * std::pow(10.0, digits(rng))) / std::pow(10.0, digits(rng));  // short decimals
        if (i % 3 == 2) {  // halves, quarters, eighths: exact ties for %.0f ... %.3f
            v = std::floor(mantissa(rng) * 1000.0) / 8.0;
        }
        if (i % 2) v = -v;
        check_value(v, true);
    }
    for (int i = 0; i < 20000; ++i) {  // any bit pattern of a finite double
        uint64_t bits = rng();
        double v;
        std::memcpy(&v, &bits, sizeof v);
        if (std::isfinite(v)) check_value(v, false);
    }
}

TEST_CASE("fmt::f keeps the literal text around the number and falls back for other formats", "[format]") {
    for (double v : {0.0, 3.14159, -2.5, 1234.5678, 6.2e21, 1e-7}) {
        for (const char* format : {"%.0f tokens/s", "%.3g s", "%.3g FLOPs", "MFU %.3f", "%.0f%%", "%.1f GiB", "%.2f ms",
                                   "%5.1f", "%+.2f", "%.1f hours", "%a", "%.3e", "100%% at %.1f%%"}) {
            INFO(format << " of " << v);
            CHECK(ma::fmt::f(format, v) == c_printf(format, v));
        }
    }
    CHECK(ma::fmt::f("no number", 1.0) == "no number");
}

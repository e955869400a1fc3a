#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "error.h"
#include "format.h"

TEST_CASE("numbers are formatted in one place, as the reports print them", "[format]") {
    CHECK(ma::fmt::digits(6738415616ULL) == "6,738,415,616");
    CHECK(ma::fmt::digits(0) == "0");
    CHECK(ma::fmt::si(999) == "999");
    CHECK(ma::fmt::si(1.234e9) == "1.23B");
    CHECK(ma::fmt::si(2e12) == "2.00T");
    CHECK(ma::fmt::bytes(1536) == "1.50 KiB");
    CHECK(ma::fmt::bytes(512) == "512 B");
    CHECK(ma::fmt::bytes(81559.0 * 1024 * 1024) == "79.65 GiB");
    CHECK(ma::fmt::gib(82.4 * 1024 * 1024 * 1024) == "82.4 GiB");
    CHECK(ma::fmt::percent(0.173) == "17%");
    CHECK(ma::fmt::g(1e-5) == "1e-05");
    CHECK(ma::fmt::g(0.5) == "0.5");
}

TEST_CASE("a figure longer than the formatting buffer is written whole", "[format]") {
    CHECK(ma::fmt::f("%.0f", 1e300).size() == 301);  // was cut at 63 characters
    CHECK(ma::fmt::f("%.0f", 1e300).substr(0, 4) == "1000");
    const std::string big = ma::fmt::f("%.1f GiB", -1e70);  // 71 digits, ".0", the sign and the suffix
    CHECK(big.size() == 78);
    CHECK(big.substr(big.size() - 6) == ".0 GiB");
}

TEST_CASE("a non-finite figure is refused, never printed", "[format][errors]") {
    const double inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(ma::fmt::f("%.1f", inf), ma::Error);
    CHECK_THROWS_AS(ma::fmt::bytes(std::nan("")), ma::Error);
}

TEST_CASE("markdown cells escape pipes and newlines from files", "[format]") {
    CHECK(ma::fmt::cell("a|b\nc") == "a\\|b c");
    CHECK(ma::fmt::header({"x", "y"}) == "| x | y |\n| --- | --- |\n");
}

#include <catch2/catch.hpp>

#include "model/quantity.h"

using ma::Q;

TEST_CASE("an expression's value and its formula come from the same operations", "[quantity]") {
    const Q b = Q::sym("b", 2), s = Q::sym("s", 4096), h = Q::sym("h", 1024), t = Q::sym("t", 2), K = Q::sym("K", 8);
    const Q kv = b * s * (h + 2 * K) / t;
    CHECK(kv.value() == 2.0 * 4096 * (1024 + 16) / 2);
    CHECK(kv.text() == "b*s*(h + 2*K) / t");
    // A quotient is wrapped before it is multiplied again.
    CHECK((Q::num(24) * kv).text() == "24*(b*s*(h + 2*K) / t)");
    CHECK(((4 + Q::sym("e", 2)) * b).text() == "(4 + e)*b");
    CHECK((b - (s - h)).text() == "b - (s - h)");
    CHECK((b - (s - h)).value() == 2 - (4096 - 1024));
}

TEST_CASE("numbers only: the same values without formula text, and the text is back after the scope", "[quantity]") {
    const auto expr = [] { return (ma::Q::sym("b", 2) * ma::Q::sym("s", 4096) + 3.0) / ma::Q::sym("t", 8); };
    const ma::Q with = expr();
    {
        const ma::Q::NumbersOnly numbers_only;
        const ma::Q without = expr();
        CHECK(without.value() == with.value());
        CHECK(without.text().empty());
    }
    CHECK(expr().text() == with.text());
    CHECK(!with.text().empty());
}

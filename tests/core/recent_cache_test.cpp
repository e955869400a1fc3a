#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "recent_cache.h"

TEST_CASE("a recent cache computes a key once, keeps the most recently used and nothing a throw left", "[recent_cache]") {
    ma::RecentCache<int, std::string, 2> cache;
    int made = 0;
    const auto get = [&](int k) { return cache.get(k, [&] { ++made; return std::to_string(k); }); };
    CHECK(get(1) == "1");
    CHECK(get(1) == "1");
    CHECK(made == 1);
    CHECK(get(2) == "2");
    CHECK(get(1) == "1");  // 1 is now the most recent: 2 is the one a third key evicts
    CHECK(get(3) == "3");
    CHECK(made == 3);
    CHECK(get(1) == "1");
    CHECK(made == 3);
    CHECK(get(2) == "2");
    CHECK(made == 4);
    CHECK_THROWS_AS(cache.get(9, []() -> std::string { throw std::runtime_error("bad input"); }), std::runtime_error);
    CHECK(get(9) == "9");  // the throw kept nothing under 9
    CHECK(made == 5);
}

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "handle_registry.h"
#include "test_support.h"

TEST_CASE("a handle registry numbers from 1, never reuses a number, and names an unknown one", "[handle_registry][errors]") {
    ma::HandleRegistry<std::unique_ptr<std::string>> r("open thing");
    const int a = r.add(std::make_unique<std::string>("a"));
    const int b = r.add(std::make_unique<std::string>("b"));
    CHECK(a == 1);
    CHECK(b == 2);
    CHECK(*r.at(a) == "a");
    CHECK(*r.take(b) == "b");  // a move-only value comes out whole
    CHECK(r.size() == 1);
    r.remove(a);
    r.remove(a);  // closing twice is harmless
    CHECK(r.size() == 0);
    CHECK(r.add(std::make_unique<std::string>("c")) == 3);
    const auto e = error_of([&] { r.at(b); });
    CHECK(e.code() == ma::ErrorCode::invalid_value);
    CHECK(e.where() == "open thing");
    CHECK(std::string(e.what()).find("no open thing 2") != std::string::npos);
    CHECK(error_of([&] { r.take(a); }).code() == ma::ErrorCode::invalid_value);
}

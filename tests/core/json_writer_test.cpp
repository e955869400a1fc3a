// write_json against nlohmann's own dump(): the same bytes for real design outputs and for
// random values (every escape, UTF-8 of each length, floats and integer extremes), and the same
// refusal of invalid UTF-8.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <random>

#include "design/page_state.h"
#include "json_writer.h"
#include "test_support.h"

namespace {
using nlohmann::json;

std::string random_text(std::mt19937& rng) {
    static const char* pieces[] = {"a", "Z", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1f", "\x7f",
                                   "\xC3\xA9", "\xE2\x96\x81", "\xF0\x9F\x98\x80", "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF", "<", "&"};
    std::string s;
    const int n = int(rng() % (rng() % 4 == 0 ? 60 : 12));  // long runs take the eight-byte path
    for (int i = 0; i < n; ++i) s += pieces[rng() % (sizeof pieces / sizeof *pieces)];
    if (rng() % 9 == 0) s += std::string(1, '\0');
    return s;
}

json random_value(std::mt19937& rng, int depth) {
    switch (rng() % (depth > 3 ? 6 : 8)) {
        case 0: return nullptr;
        case 1: return rng() % 2 == 0;
        case 2: {
            static const int64_t ints[] = {0, -1, 7, INT64_MIN, INT64_MAX, -9007199254740993LL};
            return ints[rng() % 6];
        }
        case 3: return uint64_t(UINT64_MAX - rng() % 3);
        case 4: {
            static const double floats[] = {0.0, -0.0, 0.1, 1.0 / 3, 1e300, -2.5e-310, 123456789.0, 1e21, 5e-7,
                                            std::numeric_limits<double>::infinity(), std::nan("")};
            return floats[rng() % 11] * (rng() % 2 ? 1 : -1);
        }
        case 5: return random_text(rng);
        case 6: {
            json a = json::array();
            for (int i = int(rng() % 4); i > 0; --i) a.push_back(random_value(rng, depth + 1));
            return a;
        }
        default: {
            json o = json::object();
            for (int i = int(rng() % 4); i > 0; --i) o[random_text(rng)] = random_value(rng, depth + 1);
            return o;
        }
    }
}

}  // namespace

TEST_CASE("write_json writes what dump() writes", "[json_writer]") {
    std::mt19937 rng(20261203);
    for (int i = 0; i < 3000; ++i) {
        const json v = random_value(rng, 0);
        REQUIRE(ma::write_json(v) == v.dump());
    }
    for (const char* request : {R"({"scale":"1B-3B","vocab_size":128256,"gpus":9})", R"({"scale":"7B+","vocab_size":128256,"days":30,"gpus":64})",
                                R"({"scale":"1B-3B","vocab_size":151936,"recipe":{"moe":true},"num_local_experts":16,"num_experts_per_tok":4})"}) {
        // The page's state, written by the text writers: dump()'s text of the tree it parses to.
        const std::string out = ma::design_state(nullptr, {{"request", json::parse(request)}, {"tokenizer", nullptr}});
        const json tree = json::parse(out);
        CHECK(tree["summary"]["shape_grid"]["front"].size() > 10);
        CHECK(tree["files"].size() >= 3);
        CHECK(out.size() > 10000);
        CHECK(out == tree.dump());
        CHECK(ma::write_json(tree) == out);
    }
}

TEST_CASE("write_json refuses invalid UTF-8 as dump() does", "[json_writer][errors]") {
    for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "ok\xE2\x96", "\x80", "\xF8\x88\x80\x80\x80"}) {
        const json v = {{"k", std::string("x") + bad}};
        CHECK_THROWS_AS(v.dump(), json::type_error);
        CHECK_THROWS_AS(ma::write_json(v), json::type_error);
    }
}

TEST_CASE("write_json writes a binary value as dump() does", "[json_writer]") {
    const json binary = {{"b", json::binary({1, 2}, 7)}, {"n", 3}};
    CHECK(ma::write_json(binary) == binary.dump());
}

// JsonObjectText against the tree it stands for: members given in a random order (a key given
// twice keeps its first value, as an initializer list does), values of each C++ type (JSON text
// spliced in, an optional).
TEST_CASE("JsonObjectText writes what dump() writes of the same object", "[json_writer]") {
    static const char* keys[] = {"b", "a", "ab", "", "z", "A", "a b", "\u00e9", "aa", "ba"};
    std::mt19937 rng(20261204);
    for (int i = 0; i < 2000; ++i) {
        ma::JsonObjectText text;
        json tree = json::object();
        ma::JsonArrayText array;
        json array_tree = json::array();
        for (int m = int(rng() % 8); m > 0; --m) {
            const char* key = keys[rng() % (sizeof keys / sizeof *keys)];
            const bool fresh = !tree.contains(key);
            switch (rng() % 11) {
                case 0: { const std::string v = random_text(rng); text.add(key, v); if (fresh) tree[key] = v; break; }
                case 1: { const bool v = rng() % 2; text.add(key, v); if (fresh) tree[key] = v; break; }
                case 2: { const int64_t v = int64_t(rng()) * (rng() % 2 ? 1 : -1) * 977; text.add(key, v); if (fresh) tree[key] = v; break; }
                case 3: { const size_t v = size_t(rng()) * 31; text.add(key, v); if (fresh) tree[key] = v; break; }
                case 4: { const double v = double(int(rng() % 2000) - 1000) / 7.0 * std::pow(10.0, int(rng() % 40) - 20); text.add(key, v); if (fresh) tree[key] = v; break; }
                case 5: { const json v = random_value(rng, 2); text.add(key, v); if (fresh) tree[key] = v; break; }
                case 6: {  // a nested object, given as its writer
                    ma::JsonObjectText inner;
                    inner.add("y", 2.5).add("x", int64_t(-3));
                    text.add(key, inner);
                    if (fresh) tree[key] = {{"y", 2.5}, {"x", -3}};
                    break;
                }
                case 7: {  // a nested array, given as its writer
                    ma::JsonArrayText inner;
                    inner.push("a").push(json(7)).push(ma::JsonObjectText().add("k", true));
                    text.add(key, inner);
                    if (fresh) tree[key] = json::array({"a", 7, {{"k", true}}});
                    break;
                }
                case 8: {  // an optional: its value, or null when empty
                    const std::optional<ma::JsonObjectText> v = rng() % 2 ? std::optional(ma::JsonObjectText().add("o", 1.0)) : std::nullopt;
                    text.add(key, v);
                    if (fresh) tree[key] = v ? json{{"o", 1.0}} : json(nullptr);
                    break;
                }
                case 9: { text.add(key, ma::JsonText{"[1,{\"t\":\"x\"}]"}); if (fresh) tree[key] = json::array({1, {{"t", "x"}}}); break; }
                default: { text.add(key, nullptr); if (fresh) tree[key] = nullptr; break; }
            }
        }
        REQUIRE(text.text() == tree.dump());
        const std::string word = random_text(rng);
        array.push(text).push(tree).push(ma::JsonText{"[]"}).push(word);
        array_tree.push_back(tree);
        array_tree.push_back(tree);
        array_tree.push_back(json::array());
        array_tree.push_back(word);
        REQUIRE(array.text() == array_tree.dump());
    }
    // More members than the sort keeps on the stack, given in reverse order and each twice.
    static std::vector<std::string> many;
    for (int k = 0; k < 60; ++k) many.push_back("k" + std::to_string(k));
    ma::JsonObjectText wide;
    json wide_tree = json::object();
    for (int k = 59; k >= 0; --k) {
        wide.add(many[size_t(k)].c_str(), int64_t(k)).add(many[size_t(k)].c_str(), "second");
        wide_tree[many[size_t(k)]] = k;
    }
    CHECK(wide.text() == wide_tree.dump());
    CHECK(ma::JsonObjectText().text() == "{}");
    CHECK(ma::JsonArrayText().text() == "[]");
}

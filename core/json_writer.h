// Compact JSON text of a value, byte for byte what nlohmann's dump() writes, in a third of the
// time: dump() pushes most characters one at a time through a virtual output adapter and
// decodes every string byte by byte, which was a sixth of a design recompute in wasm.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

namespace ma {

// Invalid UTF-8 in a string throws nlohmann's type_error, as dump() does.
std::string write_json(const nlohmann::json& value);
void append_json(const nlohmann::json& value, std::string& out);

// JSON text of one value, as write_json writes it: a string escaped (invalid UTF-8 throws
// dump()'s type_error), an integer or a double as the nlohmann value of that C++ type.
void append_json_string(std::string_view text, std::string& out);
void append_json_integer(int64_t v, std::string& out);
void append_json_integer(uint64_t v, std::string& out);
void append_json_double(double v, std::string& out);

class JsonObjectText;
class JsonArrayText;

// A value that is JSON text already (write_json's or a writer's), spliced in verbatim by the
// text writers.
struct JsonText {
    std::string_view text;
};

namespace detail {
template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};
}  // namespace detail

// Any value the writers take, by its C++ type: bool, null, an nlohmann tree, another writer, JSON
// text, an optional (null when empty), a number, or else a string.
template <typename T>
void append_json_value(const T& value, std::string& out) {
    if constexpr (std::is_same_v<T, bool>) out += value ? "true" : "false";
    else if constexpr (detail::is_optional<T>::value) {
        if (value) append_json_value(*value, out);
        else out += "null";
    } else if constexpr (std::is_same_v<T, JsonText>) out += value.text;
    else if constexpr (std::is_same_v<T, std::nullptr_t>) out += "null";
    else if constexpr (std::is_same_v<T, nlohmann::json>) append_json(value, out);
    else if constexpr (std::is_same_v<T, JsonObjectText> || std::is_same_v<T, JsonArrayText>) value.append_to(out);
    else if constexpr (std::is_floating_point_v<T>) append_json_double(double(value), out);
    else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) append_json_integer(int64_t(value), out);
    else if constexpr (std::is_integral_v<T>) append_json_integer(uint64_t(value), out);
    else append_json_string(std::string_view(value), out);
}

// An object written as text as its members are given, in any order: text() puts them in key
// order, as nlohmann's objects (a std::map) hold them, so it is write_json's text of the same
// object. For what a recompute writes every time (the design summary): no tree of nodes to
// build, write and free. Keys are string literals (kept by pointer) that JSON writes as they
// are, with no quote, backslash or control character; a key given twice keeps its first value,
// as an initializer list does.
class JsonObjectText {
public:
    // Room for a dozen members from the start: most objects have more than one, and growing from
    // one member and fifteen bytes reallocated both buffers several times per object.
    JsonObjectText() {
        text_.reserve(192);
        members_.reserve(12);
    }
    template <typename T>
    JsonObjectText& add(const char* key, const T& value) {
        const size_t begin = text_.size();
        append_json_value(value, text_);
        members_.push_back({key, begin, text_.size() - begin});
        return *this;
    }
    std::string text() const;
    void append_to(std::string& out) const;  // text(), written at the end of `out`

private:
    struct Member {
        std::string_view key;
        size_t begin, size;
    };
    std::string text_;  // the values, one after another
    std::vector<Member> members_;
};

// An array written as text, element by element (any value append_json_value takes).
class JsonArrayText {
public:
    template <typename T>
    JsonArrayText& push(const T& value) {
        if (text_.size() > 1) text_.push_back(',');
        append_json_value(value, text_);
        return *this;
    }
    std::string text() const { return text_ + "]"; }
    void append_to(std::string& out) const {
        out += text_;
        out += ']';
    }

private:
    std::string text_ = "[";
};

}  // namespace ma

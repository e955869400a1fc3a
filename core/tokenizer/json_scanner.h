// A streaming JSON reader over bytes in memory: the caller walks the
// structure it needs and skips the rest without building values. Used for
// large tokenizer files (a 33 MB tokenizer.json whose bulk is the `merges`
// list we never need) so that no DOM is built and memory stays bounded by the
// input. Strings are checked for valid UTF-8 even when skipped; errors name
// the file, the line, the column and the byte offset.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ma {

enum class JsonKind { object, array, string, number, boolean, null, end };

class JsonScanner {
public:
    JsonScanner(std::string_view text, std::string file);
    // A piece of a file that starts at the file's byte `origin`: errors name the file's byte
    // (not a line and column, which the piece cannot count), and no byte order mark is passed.
    JsonScanner(std::string_view text, std::string file, size_t origin);

    JsonKind peek();  // the kind of the next value (skips whitespace); fails at the end of input

    // Objects: begin_object(), then while (next_key(key)) { read or skip the value }.
    void begin_object();
    bool next_key(std::string& key);
    // The same, with the key as a view of the text when it has no escape (no copy: a vocabulary's
    // pieces), else decoded into `scratch` and viewed there; valid while both live.
    bool next_key(std::string_view& key, std::string& scratch);
    // A whole member `"key":integer` in its common form in one step (no whitespace, no escape in
    // the key, an id's digits, then ',' or '}'): a vocabulary's 262k entries. False, at the same
    // place, for anything else, which next_key() and read_int() then read and word errors for.
    bool next_plain_key_int(std::string_view& key, int64_t& value);
    // Arrays: begin_array(), then while (next_element()) { read or skip the value }.
    void begin_array();
    bool next_element();

    std::string read_string();
    int64_t read_int();          // an integer literal that fits in 64 bits
    double read_number();
    bool read_bool();
    void read_null();
    // Skips one value of any kind and returns its raw text.
    std::string_view skip_value();
    // The text starts inside an array whose '[' came before it (and, `after_separator`, a ',' of
    // the array's own level: an element comes first): skipped as skip_value() skips the array,
    // true past its closing bracket (at pos()). False when the text ends first, at pos() after the
    // last ',' on the array's own level (and the spaces after it; else where it started): the rest
    // may be an element cut by the end of the text, so with `more_to_come` an error after that
    // separator is left for a text that goes on from there (a real one recurs there; without
    // `more_to_come` it is thrown).
    bool skip_array_inside(bool more_to_come, bool after_separator);
    size_t pos() const { return pos_; }
    void expect_end();           // only whitespace may follow the top-level value

    [[noreturn]] void fail(const std::string& message) const;
    [[noreturn]] void fail_at(size_t pos, const std::string& message) const;
    const std::string& file() const { return file_; }

private:
    void skip_ws();
    char next_char();                 // consumes one non-whitespace char
    void expect(char c);
    void scan_string(std::string* out);  // at the opening quote; decodes into out when given
    // At the opening quote: true with `plain` set to the body when it has no escape (nothing is
    // copied), else false with the decoded string in `out` when given.
    bool scan_string_plain(std::string_view& plain, std::string& out);
    bool scan_string(std::string* out, std::string_view* plain);
    bool key_start();  // next_key's separators: false at the object's end
    // An id's digits at i, in one pass: up to 18, no sign, no leading zero, and nothing after them
    // that continues a number; else false.
    bool plain_digits(size_t& i, int64_t& value) const;
    void check_utf8_sequence(size_t& i) const;
    std::string_view number_text();
    void literal(const char* word);
    // What may come next inside the innermost open bracket.
    // Flags, so that a test for either of two is one mask.
    struct Expect {
        enum Flag : unsigned char { value = 1, value_or_close = 2, separator_or_close = 4, key = 8, key_or_close = 16, colon = 32 };
    };
    [[noreturn]] __attribute__((cold)) void fail_expecting(Expect::Flag expect) const;
    bool skip_nested(char open, bool to_end, Expect::Flag expect);

    std::string_view text_;
    std::string file_;
    size_t pos_ = 0;
    bool piece_ = false;  // text_ is a piece of the file, starting at its byte origin_
    size_t origin_ = 0;
    size_t level_end_ = 0;  // skip_nested: after the last ',' with one bracket open
    // Per container: whether the next member is the first (no comma expected).
    bool first_ = true;
};

}  // namespace ma

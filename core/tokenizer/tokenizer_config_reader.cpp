// tokenizer_config.json (transformers) read straight from the text in its common shape: the
// special-token declarations, added_tokens_decoder and model_max_length. Gemma-3's is 1.1 MB of
// added tokens; as a DOM it was 5 % of the page's tokenizer read. Anything unusual (a duplicate
// key among those read, a value of another type, an id key that is not plain digits, an invalid
// value) goes to the DOM reader, which decides it as before and words every error: the two
// cannot differ in what they refuse or in a message, and the test holds their results equal.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "../built_once.h"
#include "../error.h"
#include "json_scanner.h"
#include "tokenizer_sources.h"

namespace ma {
namespace {

struct Unusual {};  // a shape the DOM reader decides

void unusual_unless(bool ok) {
    if (!ok) throw Unusual{};
}

// A token written as "<s>", as {"content": "<s>", ...} (AddedToken) or null. `special`, when
// given, gets the object's "special" (which must then be true or false).
MA_COMPILED_FOR_SIZE std::optional<std::string> read_token(JsonScanner& s, std::optional<bool>* special) {
    switch (s.peek()) {
        case JsonKind::null: s.read_null(); return std::nullopt;
        case JsonKind::string: return s.read_string();
        case JsonKind::object: break;
        default: throw Unusual{};
    }
    std::optional<std::string> content;
    std::string_view key;
    std::string scratch;
    s.begin_object();
    while (s.next_key(key, scratch)) {
        if (key == "content") {
            unusual_unless(!content && s.peek() == JsonKind::string);
            content = s.read_string();
        } else if (key == "special" && special) {
            unusual_unless(!special->has_value() && s.peek() == JsonKind::boolean);
            *special = s.read_bool();
        } else {
            s.skip_value();
        }
    }
    unusual_unless(content.has_value());
    return content;
}

std::optional<int64_t> plain_id(std::string_view key) {
    if (key.empty() || key.size() > 18) return std::nullopt;
    int64_t id = 0;
    for (const char c : key) {
        if (c < '0' || c > '9') return std::nullopt;
        id = id * 10 + (c - '0');
    }
    return id;
}

struct Decoded {
    std::string key;
    AddedToken token;
};

// As nlohmann's object holds them: by key (so "10" before "9"), each key once.
MA_COMPILED_FOR_SIZE std::vector<AddedToken> read_decoder(JsonScanner& s, const std::string& file) {
    std::vector<Decoded> decoded;
    std::string_view key;
    std::string scratch;
    s.begin_object();
    while (s.next_key(key, scratch)) {
        const std::optional<int64_t> id = plain_id(key);
        unusual_unless(id.has_value());
        std::optional<bool> special;
        const std::optional<std::string> content = read_token(s, &special);
        unusual_unless(content.has_value());
        std::string where = file + ": added_tokens_decoder[\"" + std::string(key) + "\"]";
        decoded.push_back({std::string(key), AddedToken(*content, *id, special.value_or(false), std::move(where), *id)});
    }
    const auto by_key = [](const Decoded& a, const Decoded& b) { return a.key < b.key; };
    if (!std::is_sorted(decoded.begin(), decoded.end(), by_key)) std::sort(decoded.begin(), decoded.end(), by_key);  // equal keys are refused below
    std::vector<AddedToken> out;
    out.reserve(decoded.size());
    for (size_t i = 0; i < decoded.size(); ++i) {
        unusual_unless(i == 0 || decoded[i].key != decoded[i - 1].key);
        out.push_back(std::move(decoded[i].token));
    }
    return out;
}

// The keys read, by name; a second of any of them is unusual.
struct Read {
    std::optional<TokenDeclaration> roles[std::size(kSpecialRoles)];
    std::optional<size_t> additional;        // additional_special_tokens, when a list
    std::optional<std::vector<AddedToken>> added;
    std::optional<double> model_max_length;
    bool seen[std::size(kSpecialRoles) + 3] = {};
};

MA_COMPILED_FOR_SIZE void read_member(JsonScanner& s, std::string_view key, const std::string& file, Read& r) {
    const auto first = [&](size_t slot) {
        unusual_unless(!r.seen[slot]);
        r.seen[slot] = true;
    };
    static const std::array<std::string, std::size(kSpecialRoles)> role_keys = [] {
        std::array<std::string, std::size(kSpecialRoles)> keys;
        for (size_t k = 0; k < keys.size(); ++k) keys[k] = std::string(kSpecialRoles[k]) + "_token";
        return keys;
    }();
    for (size_t k = 0; k < role_keys.size(); ++k)
        if (key == role_keys[k]) {
            first(k);
            if (auto content = read_token(s, nullptr)) r.roles[k] = TokenDeclaration{*content, file + ": " + std::string(key)};
            return;
        }
    const size_t extra = std::size(kSpecialRoles);
    const auto null_here = [&] {  // null: the key says nothing
        if (s.peek() != JsonKind::null) return false;
        s.read_null();
        return true;
    };
    if (key == "additional_special_tokens") {
        first(extra);
        if (null_here()) return;
        unusual_unless(s.peek() == JsonKind::array);
        size_t n = 0;
        s.begin_array();
        for (; s.next_element(); ++n) read_token(s, nullptr);
        r.additional = n;
    } else if (key == "added_tokens_decoder") {
        first(extra + 1);
        if (null_here()) return;
        unusual_unless(s.peek() == JsonKind::object);
        r.added = read_decoder(s, file);
    } else if (key == "model_max_length") {
        first(extra + 2);
        if (null_here()) return;
        unusual_unless(s.peek() == JsonKind::number);
        r.model_max_length = s.read_number();
    } else {
        s.skip_value();
    }
}

}  // namespace

MA_COMPILED_FOR_SIZE bool read_tokenizer_config_common(const InputFile& file, TokenizerSources& out) {
    Read r;
    try {
        JsonScanner s(file.bytes, file.name);
        std::string_view key;
        std::string scratch;
        s.begin_object();
        while (s.next_key(key, scratch)) read_member(s, key, file.name, r);
        s.expect_end();
    } catch (const Unusual&) {
        return false;
    } catch (const Error&) {
        return false;
    }
    const std::optional<double> limit = r.model_max_length;
    if (limit && !model_max_length_unset(*limit) && !(*limit >= 1 && *limit == std::floor(*limit)))
        return false;  // the DOM reader words it

    // Committed only now: `out` is untouched when the DOM reader takes over.
    for (size_t k = 0; k < std::size(kSpecialRoles); ++k)
        if (r.roles[k]) out.from_config[kSpecialRoles[k]] = std::move(*r.roles[k]);
    std::string summary = declarations_summary(out.from_config, r.additional);
    if (r.added) {
        summary += added_tokens_summary(r.added->size());
        for (AddedToken& t : *r.added) out.added.push_back(std::move(t));
    }
    if (limit) summary += set_model_max_length(out, *limit);
    out.files.push_back({file.name, file.size(), "tokenizer config", summary});
    return true;
}

void read_tokenizer_config_json(const InputFile& file, TokenizerSources& out) {
    if (!read_tokenizer_config_common(file, out)) read_tokenizer_config_dom(file, out);
}

}  // namespace ma

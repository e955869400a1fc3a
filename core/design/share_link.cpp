#include "share_link.h"

#include "design_request.h"
#include "../error.h"
#include "../json_fields.h"

namespace ma {
namespace {

const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(const std::string& in) {
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const uint32_t v = uint32_t(uint8_t(in[i])) << 16 | uint32_t(uint8_t(in[i + 1])) << 8 | uint8_t(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
    }
    if (i + 1 == in.size()) {
        const uint32_t v = uint32_t(uint8_t(in[i])) << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
    } else if (i + 2 == in.size()) {
        const uint32_t v = uint32_t(uint8_t(in[i])) << 16 | uint32_t(uint8_t(in[i + 1])) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

std::string unbase64url(const std::string& in) {
    int value[256];
    for (int& v : value) v = -1;
    for (int i = 0; i < 64; ++i) value[static_cast<unsigned char>(kAlphabet[i])] = i;
    if (in.size() % 4 == 1) throw Error(ErrorCode::invalid_value, "link", "the link is truncated (bad length)");
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < in.size(); ++i) {
        const int v = value[static_cast<unsigned char>(in[i])];
        if (v < 0) throw Error(ErrorCode::invalid_value, "link", "character " + std::to_string(i + 1) + " is not part of a share link");
        acc = acc << 6 | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

nlohmann::json opt_id(const std::optional<int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json link_facts(const TokenizerFacts& f) {
    nlohmann::json j = {{"tokenizer_size", f.tokenizer_size}, {"model_type", f.model_type},
                        {"model_max_length", opt_id(f.model_max_length)}, {"fingerprint", f.fingerprint}};
    for (const char* role : kSpecialRoles) {
        const SpecialTokenFact& s = f.special(role);
        j[std::string(role) + "_token_id"] = opt_id(s.id);
        j[std::string(role) + "_token"] = s.content ? nlohmann::json(*s.content) : nlohmann::json(nullptr);
    }
    return j;
}

TokenizerFacts facts_from_link(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, where, "expected an object, found " + describe(j));
    TokenizerFacts f;
    auto get = [&](const char* key) -> const nlohmann::json& {
        auto it = j.find(key);
        if (it == j.end()) throw Error(ErrorCode::missing_field, where + "." + key, std::string(key) + " is missing");
        return *it;
    };
    f.tokenizer_size = as_int(get("tokenizer_size"), where + ".tokenizer_size");
    if (f.tokenizer_size < 1 || f.tokenizer_size > 2147483647)
        throw Error(ErrorCode::invalid_value, where + ".tokenizer_size", "must be between 1 and 2^31 - 1");
    f.model_type = as_string(get("model_type"), where + ".model_type").substr(0, 40);
    f.model_max_length = as_optional_int(get("model_max_length"), where + ".model_max_length");
    if (f.model_max_length && *f.model_max_length < 1)
        throw Error(ErrorCode::invalid_value, where + ".model_max_length", "must be positive");
    f.fingerprint = as_string(get("fingerprint"), where + ".fingerprint");
    if (f.fingerprint.size() != 72 || f.fingerprint.rfind("blake2b:", 0) != 0 ||
        f.fingerprint.find_first_not_of("0123456789abcdef", 8) != std::string::npos)
        throw Error(ErrorCode::invalid_value, where + ".fingerprint", "is not a tokenizer fingerprint (blake2b:<64 hex digits>)");
    for (const char* role : kSpecialRoles) {
        SpecialTokenFact& s = f.special(role);
        s.role = role;
        const std::string key = std::string(role) + "_token";
        s.id = as_optional_int(get((key + "_id").c_str()), where + "." + key + "_id");
        if (s.id && (*s.id < 0 || *s.id >= f.tokenizer_size))
            throw Error(ErrorCode::invalid_value, where + "." + key + "_id", "must be an id below tokenizer_size (" + std::to_string(f.tokenizer_size) + ")");
        const auto& content = get(key.c_str());
        if (!content.is_null()) s.content = as_string(content, where + "." + key).substr(0, 200);
        if (s.id && !s.content) throw Error(ErrorCode::missing_field, where + "." + key, "an id needs its token text");
        s.source = "share link";
        if (!s.id) s.note = "the shared tokenizer defines no " + std::string(role) + " token";
    }
    f.files.push_back({"(share link)", 0, "tokenizer facts from a share link", "size, special ids and fingerprint; load the files to verify"});
    f.distinct_ids = static_cast<uint64_t>(f.tokenizer_size);
    return f;
}

namespace {

// The state's fields checked, and its request (an empty one where it has none).
nlohmann::json request_of(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, where, "expected an object");
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "request" && it.key() != "tokenizer" && it.key() != "corpus")
            throw Error(ErrorCode::invalid_value, where + "." + it.key(), "unknown field");
    return j.contains("request") ? j["request"] : nlohmann::json::object();
}

// The state as a link carries it: the request as given (the callers read it), the tokenizer's
// facts and the corpus statistics normalized.
nlohmann::json normalized(const nlohmann::json& j, const std::string& where, nlohmann::json request) {
    nlohmann::json out;
    out["request"] = std::move(request);
    out["tokenizer"] = nullptr;
    if (j.contains("tokenizer") && !j["tokenizer"].is_null())
        out["tokenizer"] = link_facts(facts_from_link(j["tokenizer"], where + ".tokenizer"));
    // A corpus sample is recorded as its derived statistics only, never its text.
    out["corpus"] = nullptr;
    if (j.contains("corpus") && !j["corpus"].is_null()) out["corpus"] = to_json(corpus_summary_from_json(j["corpus"], where + ".corpus"));
    return out;
}

std::string encoded(const nlohmann::json& normalized_state) { return "v1." + base64url(normalized_state.dump()); }

}  // namespace

std::string share_encode(const nlohmann::json& state) { return encoded(normalize_state(state, "state")); }

std::string share_encode_read(const nlohmann::json& state) { return encoded(normalized(state, "state", request_of(state, "state"))); }

nlohmann::json share_decode(const std::string& fragment) {
    std::string text = fragment;
    if (!text.empty() && text[0] == '#') text = text.substr(1);
    if (text.size() > kMaxShareFragment)
        throw Error(ErrorCode::invalid_value, "link", "the link is too long (" + std::to_string(text.size()) + " characters)");
    if (text.rfind("v1.", 0) != 0) {
        const size_t dot = text.find('.');
        const std::string version = dot == std::string::npos ? text.substr(0, 8) : text.substr(0, std::min<size_t>(dot, 8));
        throw Error(ErrorCode::unsupported, "link", "version '" + version + "' is not one this page reads (v1)");
    }
    return normalize_state(parse_json(unbase64url(text.substr(3)), "link"), "link");
}

ReadState read_state(const nlohmann::json& j, const std::string& where) {
    nlohmann::json request = request_of(j, where);
    DesignRequest read = design_request_from_json(request, where + ".request");  // validates every field, first
    return {normalized(j, where, std::move(request)), std::move(read)};
}

nlohmann::json normalize_state(const nlohmann::json& j, const std::string& where) { return read_state(j, where).normalized; }

}  // namespace ma

// tokenizer_config.json and special_tokens_map.json (transformers): the
// special-token declarations, added_tokens_decoder and model_max_length,
// parsed as a DOM. tokenizer_config.json in its common shape is read
// straight from the text first (tokenizer_config_reader.cpp).
#include <cmath>

#include "../error.h"
#include "../json_fields.h"
#include "tokenizer_sources.h"

namespace ma {
namespace {

using nlohmann::json;

// A token written as "<s>" or as {"content": "<s>", ...} (AddedToken); null means none.
std::optional<std::string> token_content(const json& v, const std::string& where) {
    if (v.is_null()) return std::nullopt;
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object()) {
        auto c = v.find("content");
        if (c == v.end()) throw Error(ErrorCode::missing_field, where, "the token object has no \"content\"");
        return as_string(*c, where + ".content");
    }
    throw Error(ErrorCode::wrong_type, where, "expected a token string or {\"content\": ...}, found " + describe(v));
}

json parse_object(const InputFile& file) {
    json j = parse_json(file.bytes, file.name);
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, file.name, "expected a JSON object, found " + describe(j));
    return j;
}

std::string read_declarations(const json& j, const std::string& file, std::map<std::string, TokenDeclaration>& out) {
    for (const char* role : kSpecialRoles) {
        const std::string key = std::string(role) + "_token";
        auto it = j.find(key);
        if (it == j.end()) continue;
        const std::string where = file + ": " + key;
        if (auto content = token_content(*it, where)) out[role] = {*content, where};
    }
    std::optional<size_t> additional;
    auto extra = j.find("additional_special_tokens");
    if (extra != j.end() && !extra->is_null()) {
        if (!extra->is_array())
            throw Error(ErrorCode::wrong_type, file + ": additional_special_tokens", "expected a list, found " + describe(*extra));
        for (size_t i = 0; i < extra->size(); ++i)
            token_content((*extra)[i], file + ": additional_special_tokens[" + std::to_string(i) + "]");
        additional = extra->size();
    }
    return declarations_summary(out, additional);
}

}  // namespace

std::string declarations_summary(const std::map<std::string, TokenDeclaration>& declared, std::optional<size_t> additional) {
    std::string summary;
    for (const char* role : kSpecialRoles)
        if (auto it = declared.find(role); it != declared.end())
            summary += (summary.empty() ? "" : ", ") + std::string(role) + "_token " + it->second.content;
    if (additional) summary += (summary.empty() ? "" : ", ") + std::to_string(*additional) + " additional special tokens";
    return summary.empty() ? "no special tokens declared" : summary;
}

std::string added_tokens_summary(size_t count) { return ", " + std::to_string(count) + " added tokens"; }

std::string set_model_max_length(TokenizerSources& out, double v) {
    if (model_max_length_unset(v)) {
        out.model_max_length_sentinel = true;
        return ", model_max_length unset";
    }
    out.model_max_length = static_cast<int64_t>(v);
    return ", model_max_length " + std::to_string(*out.model_max_length);
}

void read_special_tokens_map_json(const InputFile& file, TokenizerSources& out) {
    const json j = parse_object(file);
    const std::string summary = read_declarations(j, file.name, out.from_map);
    out.files.push_back({file.name, file.size(), "special tokens map", summary});
}

void read_tokenizer_config_dom(const InputFile& file, TokenizerSources& out) {
    const json j = parse_object(file);
    std::string summary = read_declarations(j, file.name, out.from_config);

    auto decoder = j.find("added_tokens_decoder");
    if (decoder != j.end() && !decoder->is_null()) {
        if (!decoder->is_object())
            throw Error(ErrorCode::wrong_type, file.name + ": added_tokens_decoder", "expected an object, found " + describe(*decoder));
        for (auto it = decoder->begin(); it != decoder->end(); ++it) {
            const std::string where = file.name + ": added_tokens_decoder[\"" + it.key() + "\"]";
            size_t used = 0;
            long long id = -1;
            try {
                id = std::stoll(it.key(), &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != it.key().size() || id < 0)
                throw Error(ErrorCode::invalid_value, where, "the key must be a non-negative integer id");
            const auto content = token_content(it.value(), where);
            if (!content) throw Error(ErrorCode::invalid_value, where, "the token has no content");
            bool special = false;
            if (it.value().is_object() && it.value().contains("special"))
                special = as_bool(it.value()["special"], where + ".special");
            out.added.push_back({*content, id, special, where, id});
        }
        summary += added_tokens_summary(decoder->size());
    }

    auto limit = j.find("model_max_length");
    if (limit != j.end() && !limit->is_null()) {
        const std::string where = file.name + ": model_max_length";
        const double v = as_double(*limit, where);
        if (!model_max_length_unset(v) && (v < 1 || v != std::floor(v)))
            throw Error(ErrorCode::invalid_value, where, "expected a positive integer, found " + describe(*limit));
        summary += set_model_max_length(out, v);
    }
    out.files.push_back({file.name, file.size(), "tokenizer config", summary});
}

}  // namespace ma

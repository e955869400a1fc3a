// The normalizers and pre-tokenizers of tokenizer.json, built from their JSON
// and applied as HF tokenizers applies them (tokenizers/src/normalizers and
// pre_tokenizers). A type or option that is not implemented is refused by
// name (Error unsupported), never approximated.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pieces.h"

namespace ma {

class Normalizer {
public:
    virtual ~Normalizer() = default;
    virtual void normalize(std::string& text) const = 0;
};

class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    virtual void pre_tokenize(std::vector<Piece>& pieces) const = 0;
};

// `where` names the JSON path in errors ("tokenizer.json: normalizer.normalizers[1]").
// A null JSON gives nullptr (no step).
std::unique_ptr<Normalizer> make_normalizer(const nlohmann::json& j, const std::string& where);
std::unique_ptr<PreTokenizer> make_pre_tokenizer(const nlohmann::json& j, const std::string& where);

// GPT-2's byte-to-character map (bytes_to_unicode): the UTF-8 of the character standing for each byte.
const std::string& byte_level_char(unsigned char b);

}  // namespace ma

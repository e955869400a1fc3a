// Text -> token ids exactly as HF tokenizers' Tokenizer::encode(text,
// add_special_tokens=false) gives them for a tokenizer.json: added tokens
// split out, normalizer, pre-tokenizer, model. Built once from the file;
// refuses (Error unsupported, naming the field) anything it does not implement.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../tokenizer/tokenizer_sources.h"

namespace ma {

class Encoder {
public:
    // `file` must be a tokenizer.json. Added-token ids are the ones HF assigns on load.
    static Encoder from_tokenizer_json(const InputFile& file);
    Encoder(Encoder&&) noexcept;
    Encoder& operator=(Encoder&&) noexcept;
    ~Encoder();

    // Appends the ids of `text` (any bytes: ill-formed UTF-8 is replaced as TextDecoder does).
    void encode(std::string_view text, std::vector<int32_t>& ids) const;

    const std::string& model_type() const;
    const std::vector<std::string>& notes() const;  // e.g. truncation set in the file but not applied

private:
    struct Impl;
    explicit Encoder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace ma

// The tokenizer models of tokenizer.json (BPE, Unigram, WordPiece,
// WordLevel), each turning one pre-tokenized piece into ids exactly as HF
// tokenizers' Model::tokenize does (tokenizers/src/models).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "../tokenizer/vocabulary.h"

namespace ma {

class TokenModel {
public:
    virtual ~TokenModel() = default;
    virtual void tokenize(std::string_view piece, std::vector<int32_t>& ids) const = 0;
};

// What a model needs from tokenizer.json beyond the vocabulary: model.* options as raw JSON,
// BPE merges, Unigram scores (in vocabulary order).
struct ModelData {
    std::string type;                 // "BPE", "Unigram", "WordPiece", "WordLevel"
    nlohmann::json options = nlohmann::json::object();  // model.* except vocab and merges
    std::vector<std::pair<std::string, std::string>> merges;
    std::vector<double> scores;
};

// Throws Error naming `file` and the model.* field at fault (a merge whose token is not in the
// vocabulary, as HF refuses it; dropout, which is random).
std::unique_ptr<TokenModel> make_model(const Vocabulary& vocab, ModelData data, const std::string& file);

}  // namespace ma

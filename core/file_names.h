// What a file's name says: its extension, or the one file named for what it is.
#pragma once

#include <string_view>

namespace ma {

// HF tokenizers' file: the only one whose model.merges a streamed read passes without keeping, and
// the one the corpus step tokenizes with.
constexpr std::string_view kTokenizerJson = "tokenizer.json";

inline bool ends_with(std::string_view name, std::string_view suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace ma

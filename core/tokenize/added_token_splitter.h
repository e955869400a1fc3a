// Added and special tokens split out of the text before normalization and
// pre-tokenization, as AddedVocabulary::extract_and_normalize does: leftmost-
// longest matches (Aho-Corasick LeftmostLongest in HF), lstrip/rstrip taking
// the whitespace beside a match, single_word requiring non-word neighbours;
// tokens with normalized=false match the original text, the others the
// normalized text (their content normalized the same way).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "piece_map.h"
#include "pieces.h"

namespace ma {

struct AddedTokenSpec {
    std::string content;
    int32_t id;
    bool single_word = false, lstrip = false, rstrip = false, normalized = true;
};

class AddedTokenSplitter {
public:
    void add(const std::string& pattern, const AddedTokenSpec& token);  // pattern: the text to find
    bool empty() const { return tokens_.empty(); }
    // Splits every piece without a token; matched tokens become pieces with their id.
    void split(std::vector<Piece>& pieces) const;

private:
    struct Found { size_t start, end; size_t token; };
    bool longest_at(const std::string& s, size_t i, Found& f) const;
    std::vector<AddedTokenSpec> tokens_;
    ByteTrie patterns_;          // pattern -> index in tokens_
    bool first_byte_[256] = {};  // a quick no for positions no pattern starts at
};

}  // namespace ma

// The pieces a text is cut into on its way to the model (HF tokenizers'
// PreTokenizedString, without offsets: only ids are needed), and the split
// behaviours every pre-tokenizer shares.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ma {

struct Piece {
    std::string text;     // normalized text
    int32_t token = -1;   // an added token's id: the piece is final
    bool at_start = false;  // starts at offset 0 of the original text (Metaspace prepend_scheme "first")
};

// HF SplitDelimiterBehavior.
enum class SplitBehavior { removed, isolated, merged_with_previous, merged_with_next, contiguous };

struct Span { size_t start, end; bool is_match; };

// NormalizedString::split: applies `behavior` to the matches (which cover `text` in order,
// as Pattern::find_matches returns them) and appends the non-empty pieces to `out`.
void split_by_spans(const Piece& piece, std::vector<Span> spans, SplitBehavior behavior, std::vector<Piece>& out);

// Pattern for Fn(char) -> bool: every matching character is a match of its own.
template <typename Pred>
std::vector<Span> char_spans(std::string_view text, Pred&& pred);

// PreTokenizedString::split: runs `fn(piece, out)` on every piece without a token; keeps the rest.
template <typename Fn>
void split_pieces(std::vector<Piece>& pieces, Fn&& fn) {
    std::vector<Piece> next;
    next.reserve(pieces.size());
    for (Piece& p : pieces) {
        if (p.token >= 0) next.push_back(std::move(p));
        else fn(p, next);
    }
    pieces = std::move(next);
}

}  // namespace ma

#include "unicode.h"

template <typename Pred>
std::vector<ma::Span> ma::char_spans(std::string_view text, Pred&& pred) {
    std::vector<Span> spans;
    size_t last = 0;
    for (size_t pos = 0; pos < text.size();) {
        const size_t start = pos;
        if (pred(unicode::decode_at(text, pos))) {
            if (last < start) spans.push_back({last, start, false});
            spans.push_back({start, pos, true});
            last = pos;
        }
    }
    if (last < text.size()) spans.push_back({last, text.size(), false});
    return spans;
}

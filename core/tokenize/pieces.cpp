#include "pieces.h"

namespace ma {

void split_by_spans(const Piece& piece, std::vector<Span> spans, SplitBehavior behavior, std::vector<Piece>& out) {
    // Each span: (start, end, remove). Mirrors NormalizedString::split in tokenizers/src/tokenizer/normalizer.rs.
    std::vector<Span> kept;
    kept.reserve(spans.size());
    bool previous_match = false;
    switch (behavior) {
        case SplitBehavior::isolated:
            for (Span s : spans) kept.push_back({s.start, s.end, false});
            break;
        case SplitBehavior::removed:
            kept = spans;
            break;
        case SplitBehavior::contiguous:
            for (Span s : spans) {
                if (s.is_match == previous_match && !kept.empty()) kept.back().end = s.end;
                else kept.push_back({s.start, s.end, false});
                previous_match = s.is_match;
            }
            break;
        case SplitBehavior::merged_with_previous:
            for (Span s : spans) {
                if (s.is_match && !previous_match && !kept.empty()) kept.back().end = s.end;
                else kept.push_back({s.start, s.end, false});
                previous_match = s.is_match;
            }
            break;
        case SplitBehavior::merged_with_next:
            for (size_t i = spans.size(); i-- > 0;) {
                const Span s = spans[i];
                if (s.is_match && !previous_match && !kept.empty()) kept.back().start = s.start;
                else kept.push_back({s.start, s.end, false});
                previous_match = s.is_match;
            }
            std::vector<Span>(kept.rbegin(), kept.rend()).swap(kept);
            break;
    }
    for (const Span& s : kept) {
        if (s.is_match || s.end == s.start) continue;  // removed, or empty (PreTokenizedString drops empty splits)
        out.push_back({piece.text.substr(s.start, s.end - s.start), -1, piece.at_start && s.start == 0});
    }
}

}  // namespace ma

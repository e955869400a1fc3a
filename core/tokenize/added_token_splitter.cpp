#include "added_token_splitter.h"

#include "unicode.h"

namespace ma {

void AddedTokenSplitter::add(const std::string& pattern, const AddedTokenSpec& token) {
    if (pattern.empty()) return;
    first_byte_[static_cast<unsigned char>(pattern[0])] = true;
    int32_t& slot = patterns_.value_at(pattern);
    if (slot >= 0) return;  // the first token with this pattern wins
    slot = int32_t(tokens_.size());
    tokens_.push_back(token);
}

bool AddedTokenSplitter::longest_at(const std::string& s, size_t i, Found& f) const {
    if (!first_byte_[static_cast<unsigned char>(s[i])]) return false;
    bool any = false;
    patterns_.prefixes(s, i, [&](size_t end, int32_t token) { f = {i, end, size_t(token)}; any = true; });
    return any;
}

namespace {
bool ends_with_word(const std::string& s, size_t end) {  // Rust regex \w$ on s[..end]
    if (end == 0) return false;
    size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    return unicode::is_word_char(unicode::decode_at(s, start));
}
bool starts_with_word(const std::string& s, size_t start) {
    return start < s.size() && unicode::is_word_char(unicode::decode_at(s, start));
}
}  // namespace

void AddedTokenSplitter::split(std::vector<Piece>& pieces) const {
    if (tokens_.empty()) return;
    split_pieces(pieces, [&](const Piece& p, std::vector<Piece>& out) {
        const std::string& s = p.text;
        size_t emitted = 0;  // start_offset in find_matches
        auto emit_text = [&](size_t a, size_t b) {
            if (b > a) out.push_back({s.substr(a, b - a), -1, p.at_start && a == 0});
        };
        for (size_t i = 0; i < s.size();) {
            Found f;
            if (!longest_at(s, i, f)) { ++i; continue; }
            const AddedTokenSpec& t = tokens_[f.token];
            size_t start = f.start, stop = f.end;
            if (t.single_word && ((start > 0 && ends_with_word(s, start)) || (stop < s.size() && starts_with_word(s, stop)))) {
                i = f.end;  // the match is discarded; Aho-Corasick resumes after it
                continue;
            }
            if (t.lstrip) {
                size_t b = start;
                while (b > emitted) {
                    size_t c = b - 1;
                    while (c > 0 && (static_cast<unsigned char>(s[c]) & 0xC0) == 0x80) --c;
                    size_t q = c;
                    if (!unicode::is_white_space(unicode::decode_at(s, q))) break;
                    b = c;
                }
                start = b;
            }
            if (t.rstrip)
                while (stop < s.size()) {
                    size_t q = stop;
                    if (!unicode::is_white_space(unicode::decode_at(s, q))) break;
                    stop = q;
                }
            emit_text(emitted, start);
            out.push_back({s.substr(start, stop - start), t.id, p.at_start && start == 0});
            emitted = stop;
            i = f.end;
        }
        emit_text(emitted, s.size());
    });
}

}  // namespace ma

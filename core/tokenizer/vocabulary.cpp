#include "vocabulary.h"

#include <algorithm>

#include "../error.h"

namespace ma {

static uint64_t fnv1a(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

static std::string quoted(std::string_view s) {
    std::string out = "'";
    out.append(s.substr(0, 60));
    if (s.size() > 60) out += "...";
    return out + "'";
}

void Vocabulary::add(std::string_view piece, int64_t id) {
    if (arena_.size() + piece.size() > UINT32_MAX)
        throw Error(ErrorCode::invalid_value, file_, "vocabulary text exceeds 4 GB");
    entries_.push_back({static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(piece.size()), id});
    arena_.append(piece);
}

void Vocabulary::finish(const std::string& where) {
    for (const Entry& e : entries_)
        if (e.id < 0)
            throw Error(ErrorCode::invalid_value, where,
                        "piece " + quoted(piece(e)) + " has a negative id (" + std::to_string(e.id) + ")");
    std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.id < b.id; });
    for (size_t i = 1; i < entries_.size(); ++i)
        if (entries_[i].id == entries_[i - 1].id)
            throw Error(ErrorCode::conflict, where,
                        "id " + std::to_string(entries_[i].id) + " is given to both " + quoted(piece(entries_[i - 1])) +
                            " and " + quoted(piece(entries_[i])));
    max_id_ = entries_.empty() ? -1 : entries_.back().id;

    by_piece_.resize(entries_.size());
    for (uint32_t i = 0; i < by_piece_.size(); ++i) by_piece_[i] = {fnv1a(piece(entries_[i])), i};
    std::sort(by_piece_.begin(), by_piece_.end(),
              [](const Hashed& a, const Hashed& b) { return a.hash != b.hash ? a.hash < b.hash : a.index < b.index; });
    // Equal pieces have equal hashes, so duplicates sit within runs of one hash.
    for (size_t i = 0; i < by_piece_.size();) {
        size_t end = i + 1;
        while (end < by_piece_.size() && by_piece_[end].hash == by_piece_[i].hash) ++end;
        for (size_t a = i; a < end; ++a)
            for (size_t b = a + 1; b < end; ++b) {
                const Entry& x = entries_[by_piece_[a].index];
                const Entry& y = entries_[by_piece_[b].index];
                if (piece(x) == piece(y))
                    throw Error(ErrorCode::conflict, where,
                                "piece " + quoted(piece(x)) + " appears twice, with ids " + std::to_string(x.id) +
                                    " and " + std::to_string(y.id));
            }
        i = end;
    }
}

std::optional<int64_t> Vocabulary::id_of(std::string_view p) const {
    const uint64_t h = fnv1a(p);
    auto it = std::lower_bound(by_piece_.begin(), by_piece_.end(), h,
                               [](const Hashed& e, uint64_t v) { return e.hash < v; });
    for (; it != by_piece_.end() && it->hash == h; ++it)
        if (piece(entries_[it->index]) == p) return entries_[it->index].id;
    return std::nullopt;
}

std::optional<std::string_view> Vocabulary::piece_of(int64_t id) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), id,
                               [](const Entry& e, int64_t v) { return e.id < v; });
    if (it == entries_.end() || it->id != id) return std::nullopt;
    return piece(*it);
}

}  // namespace ma

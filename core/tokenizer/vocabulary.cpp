#include "vocabulary.h"

#include <algorithm>

#include "../error.h"

namespace ma {

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
    for (uint32_t i = 0; i < by_piece_.size(); ++i) by_piece_[i] = i;
    std::sort(by_piece_.begin(), by_piece_.end(),
              [&](uint32_t a, uint32_t b) { return piece(entries_[a]) < piece(entries_[b]); });
    for (size_t i = 1; i < by_piece_.size(); ++i)
        if (piece(entries_[by_piece_[i]]) == piece(entries_[by_piece_[i - 1]]))
            throw Error(ErrorCode::conflict, where,
                        "piece " + quoted(piece(entries_[by_piece_[i]])) + " appears twice, with ids " +
                            std::to_string(entries_[by_piece_[i - 1]].id) + " and " +
                            std::to_string(entries_[by_piece_[i]].id));
}

std::optional<int64_t> Vocabulary::id_of(std::string_view p) const {
    auto it = std::lower_bound(by_piece_.begin(), by_piece_.end(), p,
                               [&](uint32_t i, std::string_view v) { return piece(entries_[i]) < v; });
    if (it == by_piece_.end() || piece(entries_[*it]) != p) return std::nullopt;
    return entries_[*it].id;
}

std::optional<std::string_view> Vocabulary::piece_of(int64_t id) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), id,
                               [](const Entry& e, int64_t v) { return e.id < v; });
    if (it == entries_.end() || it->id != id) return std::nullopt;
    return piece(*it);
}

}  // namespace ma

// One vocabulary (piece -> id) read from one file, stored compactly: all
// pieces in one arena, entries sorted by id, and a piece index sorted by a
// 64-bit hash of the piece (integer sorting is several times faster than
// sorting strings). A 262k-entry vocabulary costs a few MB; lookups are
// binary searches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ma {

// The largest token id any file may give: ids are int32 in every tokenizer library.
constexpr int64_t kMaxTokenId = 2147483646;

class Vocabulary {
public:
    explicit Vocabulary(std::string file = "") : file_(std::move(file)) {}

    void add(std::string_view piece, int64_t id);
    // Sorts the indexes; throws Error(conflict) naming both pieces for a duplicate id,
    // or both ids for a duplicate piece, and Error(invalid_value) for a negative id.
    void finish(const std::string& where);

    std::optional<int64_t> id_of(std::string_view piece) const;
    std::optional<std::string_view> piece_of(int64_t id) const;
    size_t size() const { return entries_.size(); }
    template <typename Fn>
    void for_each_id(Fn&& fn) const {  // ascending, after finish()
        for (const Entry& e : entries_) fn(e.id);
    }
    template <typename Fn>
    void for_each_piece(Fn&& fn) const {  // fn(piece, id), ascending ids after finish()
        for (const Entry& e : entries_) fn(piece(e), e.id);
    }
    int64_t max_id() const { return max_id_; }  // -1 when empty
    const std::string& file() const { return file_; }

private:
    // 12 bytes a piece, 8 in the hash index: a 262k-piece vocabulary's index is 5 MB, not 8 MB.
    struct Entry {
        uint32_t offset;
        uint32_t length;
        int32_t id;  // add() keeps the first id outside int32 (every tokenizer library's id type) for finish()
    };
    std::string_view piece(const Entry& e) const { return std::string_view(arena_).substr(e.offset, e.length); }

    std::string file_;
    std::string arena_;
    std::vector<Entry> entries_;          // sorted by id after finish()
    struct Hashed {
        uint32_t hash;   // equal hashes are compared piece by piece
        uint32_t index;  // into entries_
    };
    std::vector<Hashed> by_piece_;        // sorted by (hash, index)
    int64_t max_id_ = -1;
    std::optional<std::pair<std::string, int64_t>> out_of_range_;  // the first piece whose id int32 cannot hold
};

}  // namespace ma

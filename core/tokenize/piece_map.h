// Piece -> id lookups on the tokenization hot path: open addressing over one
// arena of piece bytes (no allocation per piece), and the same for BPE merge
// pairs. Vocabulary (binary search by hash) is built for reading files; these
// are built once per loaded tokenizer for encoding.
#pragma once

#include <cstdint>
#include <string>
#include <cstdio>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ma {

inline uint64_t hash_bytes(std::string_view s) {  // FNV-1a, then a mix for the low bits
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h ^ (h >> 29);
}

class PieceMap {
public:
    void reserve(size_t n) {
        size_t cap = 16;
        while (cap < n * 2) cap *= 2;
        slots_.assign(cap, Slot{});
        arena_.reserve(n * 6);
    }
    // Keeps the first id for a repeated piece unless `overwrite`.
    void insert(std::string_view piece, int32_t id, bool overwrite = false) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        Slot& s = slots_[probe(piece, hash_bytes(piece))];
        if (s.id >= 0) { if (overwrite) s.id = id; return; }
        s = {hash_bytes(piece), uint32_t(arena_.size()), uint32_t(piece.size()), id};
        arena_.append(piece);
        ++count_;
    }
    int32_t find(std::string_view piece) const {  // -1 when absent
        if (slots_.empty()) return -1;
        return slots_[probe(piece, hash_bytes(piece))].id;
    }

private:
    struct Slot { uint64_t hash = 0; uint32_t offset = 0, length = 0; int32_t id = -1; };
    size_t probe(std::string_view piece, uint64_t h) const {
        const size_t mask = slots_.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot& s = slots_[i];
            if (s.id < 0 || (s.hash == h && s.length == piece.size() && std::string_view(arena_).substr(s.offset, s.length) == piece)) return i;
        }
    }
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
        const size_t mask = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.id < 0) continue;
            size_t i = s.hash & mask;
            while (slots_[i].id >= 0) i = (i + 1) & mask;
            slots_[i] = s;
        }
    }
    std::vector<Slot> slots_;
    std::string arena_;
    size_t count_ = 0;
};

// (left id, right id) -> (rank, merged id).
class MergeMap {
public:
    struct Value { uint32_t rank; int32_t id; };
    void reserve(size_t n) {
        size_t cap = 16;
        while (cap < n * 2) cap *= 2;
        keys_.assign(cap, kEmpty);
        values_.assign(cap, Value{0, -1});
    }
    void insert_or_assign(int32_t a, int32_t b, Value v) {  // a later duplicate pair wins, as in HF's collect()
        const size_t i = slot(key(a, b));
        keys_[i] = key(a, b);
        values_[i] = v;
    }
    const Value* find(int32_t a, int32_t b) const {
        const size_t i = slot(key(a, b));
        return keys_[i] == kEmpty ? nullptr : &values_[i];
    }

private:
    static constexpr uint64_t kEmpty = ~0ull;
    static uint64_t key(int32_t a, int32_t b) { return (uint64_t(uint32_t(a)) << 32) | uint32_t(b); }
    size_t slot(uint64_t k) const {
        const size_t mask = keys_.size() - 1;
        uint64_t h = k * 0x9E3779B97F4A7C15ull;
        for (size_t i = (h >> 20) & mask;; i = (i + 1) & mask)
            if (keys_[i] == k || keys_[i] == kEmpty) return i;
    }
    std::vector<uint64_t> keys_;
    std::vector<Value> values_;
};

// The ids of "<0x00>" .. "<0xFF>" (-1 where absent): what byte fallback emits for a byte.
inline void byte_fallback_ids(const PieceMap& vocab, int32_t (&ids)[256]) {
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        ids[b] = vocab.find(name);
    }
}

// A trie over bytes with a value per node (-1: none), for prefix searches from a position
// (Unigram's common-prefix search, added tokens' leftmost-longest match).
class ByteTrie {
public:
    // The value slot of `key`'s node, created with -1 if new.
    int32_t& value_at(std::string_view key) {
        uint32_t node = 0;
        for (unsigned char c : key) {
            const auto [it, added] = edges_.emplace((uint64_t(node) << 8) | c, uint32_t(values_.size()));
            if (added) values_.push_back(-1);
            node = it->second;
        }
        return values_[node];
    }
    // fn(end, value) for every key that is a prefix of text[from..], shortest first.
    template <typename Fn>
    void prefixes(std::string_view text, size_t from, Fn&& fn) const {
        uint32_t node = 0;
        for (size_t i = from; i < text.size(); ++i) {
            const auto it = edges_.find((uint64_t(node) << 8) | static_cast<unsigned char>(text[i]));
            if (it == edges_.end()) return;
            node = it->second;
            if (values_[node] >= 0) fn(i + 1, values_[node]);
        }
    }

private:
    std::vector<int32_t> values_{-1};               // node -> value; node 0 is the root
    std::unordered_map<uint64_t, uint32_t> edges_;  // (node << 8 | byte) -> node
};

}  // namespace ma

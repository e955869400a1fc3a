// BPE as tokenizers/src/models/bpe/{model,word}.rs: characters (with the
// continuing-subword prefix and end-of-word suffix), byte fallback or unk for
// unknown ones, then merges applied lowest rank first, leftmost first, with a
// heap over a linked list of symbols; ignore_merges takes a whole piece in the
// vocabulary as it is.
#include <optional>
#include <queue>
#include <unordered_map>

#include "../error.h"
#include "models.h"
#include "piece_map.h"
#include "step_json.h"
#include "unicode.h"

namespace ma {
namespace {

class Bpe : public TokenModel {
public:
    Bpe(const Vocabulary& vocab, ModelData& data, const std::string& file) {
        const nlohmann::json& o = data.options;
        const std::string model = file + ": model";
        auto where = [&](const std::string& key) { return model + "." + key; };
        if (step_json::optional_number(o, "dropout", model).value_or(0.0) != 0.0)
            throw Error(ErrorCode::unsupported, where("dropout"), "BPE dropout is random: a corpus count with it is not reproducible");
        auto text = [&](const char* key) { return step_json::optional_text(o, key, model); };
        prefix_ = text("continuing_subword_prefix");
        suffix_ = text("end_of_word_suffix");
        fuse_unk_ = step_json::flag(o, "fuse_unk", false, model);
        byte_fallback_ = step_json::flag(o, "byte_fallback", false, model);
        ignore_merges_ = step_json::flag(o, "ignore_merges", false, model);

        vocab_.reserve(vocab.size());
        vocab.for_each_piece([&](std::string_view piece, int64_t id) { vocab_.insert(piece, int32_t(id)); });
        if (const auto unk = text("unk_token")) {
            unk_name_ = *unk;
            unk_ = vocab_.find(*unk);
        }
        if (byte_fallback_) byte_fallback_ids(vocab_, byte_ids_);
        const size_t prefix_len = prefix_ ? prefix_->size() : 0;
        merges_.reserve(data.merges.size());
        for (size_t i = 0; i < data.merges.size(); ++i) {
            const auto& [a, b] = data.merges[i];
            auto id_of = [&](const std::string& piece) {
                const int32_t id = vocab_.find(piece);
                if (id < 0)
                    throw Error(ErrorCode::invalid_value, where("merges[" + std::to_string(i) + "]"),
                                "the merge token '" + piece.substr(0, 60) + "' is not in the vocabulary (HF tokenizers refuses the file)");
                return id;
            };
            const int32_t ia = id_of(a), ib = id_of(b);
            const int32_t merged = id_of(a + (b.size() >= prefix_len ? b.substr(prefix_len) : std::string()));
            merges_.insert_or_assign(ia, ib, {uint32_t(i), merged});
        }
        data.merges.clear();
        data.merges.shrink_to_fit();
    }

    void tokenize(std::string_view piece, std::vector<int32_t>& ids) const override {
        if (piece.empty()) return;
        if (ignore_merges_)
            if (const int32_t id = vocab_.find(piece); id >= 0) { ids.push_back(id); return; }
        const bool cacheable = piece.size() < 256;
        if (cacheable)
            if (const auto it = cache_.find(std::string(piece)); it != cache_.end()) {
                ids.insert(ids.end(), it->second.begin(), it->second.end());
                return;
            }
        const size_t before = ids.size();
        merge_word(piece, ids);
        if (cacheable && cache_.size() < 100000) cache_.emplace(std::string(piece), std::vector<int32_t>(ids.begin() + long(before), ids.end()));
    }

private:
    struct Symbol { int32_t id; int32_t prev, next; bool removed; };

    void merge_word(std::string_view w, std::vector<int32_t>& ids) const {
        std::vector<Symbol> symbols;
        symbols.reserve(w.size());
        auto add = [&](int32_t id) {
            const int32_t n = int32_t(symbols.size());
            symbols.push_back({id, n - 1, n + 1, false});
        };
        int32_t pending_unk = -1;  // an unk not yet added (fused with the next unknown character)
        std::string buffer;
        for (size_t pos = 0; pos < w.size();) {
            const size_t start = pos;
            pos += unicode::utf8_length(static_cast<unsigned char>(w[pos]));
            std::string_view s = w.substr(start, pos - start);
            if ((start > 0 && prefix_) || (pos == w.size() && suffix_)) {
                buffer.assign(start > 0 && prefix_ ? *prefix_ : "");
                buffer.append(s);
                if (pos == w.size() && suffix_) buffer.append(*suffix_);
                s = buffer;
            }
            if (const int32_t id = vocab_.find(s); id >= 0) {
                if (pending_unk >= 0) { add(pending_unk); pending_unk = -1; }
                add(id);
                continue;
            }
            if (byte_fallback_) {
                bool all = true;
                for (unsigned char b : s) all = all && byte_ids_[b] >= 0;
                if (all) {  // HF adds the bytes without flushing a pending unk first
                    for (unsigned char b : s) add(byte_ids_[b]);
                    continue;
                }
            }
            if (!unk_name_) continue;  // no unk token: the character is dropped
            if (unk_ < 0)
                throw Error(ErrorCode::invalid_value, "model.unk_token", "the unk token '" + *unk_name_ + "' is not in the vocabulary");
            if (pending_unk >= 0 && !fuse_unk_) add(pending_unk);
            pending_unk = unk_;
        }
        if (pending_unk >= 0) add(pending_unk);
        if (!symbols.empty()) symbols.back().next = -1;

        struct Merge { uint32_t pos; uint32_t rank; int32_t id; };
        auto later = [](const Merge& a, const Merge& b) { return a.rank != b.rank ? a.rank > b.rank : a.pos > b.pos; };
        std::priority_queue<Merge, std::vector<Merge>, decltype(later)> queue(later);
        for (size_t i = 0; i + 1 < symbols.size(); ++i)
            if (const auto* m = merges_.find(symbols[i].id, symbols[i + 1].id)) queue.push({uint32_t(i), m->rank, m->id});
        while (!queue.empty()) {
            const Merge top = queue.top();
            queue.pop();
            Symbol& cur = symbols[top.pos];
            if (cur.removed || cur.next == -1) continue;
            Symbol& right = symbols[size_t(cur.next)];
            const auto* m = merges_.find(cur.id, right.id);
            if (!m || m->id != top.id) continue;  // an expired entry
            cur.id = top.id;
            right.removed = true;
            cur.next = right.next;
            if (cur.next >= 0) symbols[size_t(cur.next)].prev = int32_t(top.pos);
            if (cur.prev >= 0)
                if (const auto* p = merges_.find(symbols[size_t(cur.prev)].id, cur.id)) queue.push({uint32_t(cur.prev), p->rank, p->id});
            if (cur.next >= 0)
                if (const auto* n = merges_.find(cur.id, symbols[size_t(cur.next)].id)) queue.push({top.pos, n->rank, n->id});
        }
        for (const Symbol& s : symbols)
            if (!s.removed) ids.push_back(s.id);
    }

    PieceMap vocab_;
    MergeMap merges_;
    std::optional<std::string> prefix_, suffix_, unk_name_;
    int32_t unk_ = -1;
    int32_t byte_ids_[256];
    bool fuse_unk_ = false, byte_fallback_ = false, ignore_merges_ = false;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;  // words under 256 bytes, as HF caches them
};

}  // namespace

std::unique_ptr<TokenModel> make_bpe_model(const Vocabulary& vocab, ModelData& data, const std::string& file) {
    return std::make_unique<Bpe>(vocab, data, file);
}

}  // namespace ma

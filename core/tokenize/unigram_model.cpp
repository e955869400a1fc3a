// Unigram as tokenizers/src/models/unigram/model.rs (encode_optimized): a
// Viterbi best path over the vocabulary's pieces, unknown characters scored
// min_score - 10 and fused, then byte fallback for pieces not in the vocabulary.
#include "../error.h"
#include "models.h"
#include "piece_map.h"
#include "step_json.h"
#include "unicode.h"

namespace ma {
namespace {

class Unigram : public TokenModel {
public:
    Unigram(const Vocabulary& vocab, const ModelData& data, const std::string& file) {
        const nlohmann::json& o = data.options;
        const std::string model = file + ": model";
        byte_fallback_ = step_json::flag(o, "byte_fallback", false, model);
        unk_id_ = int32_t(step_json::optional_int_in(o, "unk_id", model, 0, kMaxTokenId).value_or(-1));
        if (data.scores.size() != vocab.size())
            throw Error(ErrorCode::invalid_value, file + ": model.vocab", "every Unigram piece needs a score");
        scores_ = data.scores;
        pieces_.reserve(vocab.size());
        vocab.for_each_piece([&](std::string_view piece, int64_t id) {
            pieces_.insert(piece, int32_t(id), true);  // token_to_ids: a repeated piece keeps its last id
            trie_.value_at(piece) = int32_t(id);
            min_score_ = std::min(min_score_, scores_[size_t(id)]);
        });
        if (byte_fallback_) byte_fallback_ids(pieces_, byte_ids_);
    }

    void tokenize(std::string_view s, std::vector<int32_t>& ids) const override {
        if (s.empty()) return;
        struct Best { int32_t id = 0; double score = 0; int64_t start = -1; };
        std::vector<Best> best(s.size() + 1);
        const double unk_score = min_score_ - 10.0;
        for (size_t at = 0; at < s.size();) {
            const double here = best[at].score;
            const size_t mblen = unicode::utf8_length(static_cast<unsigned char>(s[at]));
            bool single = false;
            trie_.prefixes(s, at, [&](size_t end, int32_t id) {  // common prefix search
                Best& target = best[end];
                const double cand = scores_[size_t(id)] + here;
                if (target.start < 0 || cand > target.score) target = {id, cand, int64_t(at)};
                if (end - at == mblen) single = true;
            });
            if (!single) {
                if (unk_id_ < 0) throw Error(ErrorCode::invalid_value, "model.unk_id", "the text needs an unk token and the Unigram model has no unk_id");
                Best& target = best[at + mblen];
                const double cand = unk_score + here;
                if (target.start < 0 || cand > target.score) target = {unk_id_, cand, int64_t(at)};
            }
            at += mblen;
        }
        std::vector<std::string_view> pieces;  // backwards, unknown runs fused
        size_t fused_end = 0;
        bool fusing = false;
        for (size_t end = s.size(); end > 0;) {
            const Best& b = best[end];
            const size_t start = size_t(b.start);
            if (b.id == unk_id_) {
                if (!fusing) { fusing = true; fused_end = end; }
            } else {
                if (fusing) { pieces.push_back(s.substr(end, fused_end - end)); fusing = false; }
                pieces.push_back(s.substr(start, end - start));
            }
            end = start;
        }
        if (fusing) pieces.push_back(s.substr(0, fused_end));
        for (size_t i = pieces.size(); i-- > 0;) {
            const std::string_view p = pieces[i];
            if (const int32_t id = pieces_.find(p); id >= 0) { ids.push_back(id); continue; }
            if (byte_fallback_) {
                bool all = true;
                for (unsigned char b : p) all = all && byte_ids_[b] >= 0;
                if (all) { for (unsigned char b : p) ids.push_back(byte_ids_[b]); continue; }
            }
            ids.push_back(unk_id_);
        }
    }

private:
    PieceMap pieces_;
    ByteTrie trie_;  // piece -> id
    std::vector<double> scores_;
    double min_score_ = 1e300;
    int32_t unk_id_ = -1;
    bool byte_fallback_ = false;
    int32_t byte_ids_[256];
};

// WordPiece (models/wordpiece/mod.rs): greedy longest match, the continuing prefix inside a word,
// the whole word as unk when a part is not found or it is longer than max_input_chars_per_word.
class WordPiece : public TokenModel {
public:
    WordPiece(const Vocabulary& vocab, const ModelData& data, const std::string& file) {
        const nlohmann::json& o = data.options;
        const std::string model = file + ": model";
        prefix_ = step_json::optional_text(o, "continuing_subword_prefix", model).value_or("##");
        max_chars_ = size_t(step_json::optional_int_in(o, "max_input_chars_per_word", model, 0, INT64_MAX).value_or(100));
        unk_name_ = step_json::optional_text(o, "unk_token", model).value_or("[UNK]");
        vocab_.reserve(vocab.size());
        vocab.for_each_piece([&](std::string_view piece, int64_t id) { vocab_.insert(piece, int32_t(id), true); });
    }
    void tokenize(std::string_view s, std::vector<int32_t>& ids) const override {
        size_t chars = 0;
        for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
        const size_t before = ids.size();
        if (chars <= max_chars_) {
            std::string sub;
            for (size_t start = 0; start < s.size();) {
                size_t end = s.size();
                int32_t found = -1;
                while (start < end) {
                    sub.assign(start > 0 ? prefix_ : "");
                    sub.append(s.substr(start, end - start));
                    if ((found = vocab_.find(sub)) >= 0) break;
                    do --end; while (end > start && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80);
                }
                if (found < 0) { ids.resize(before); return push_unk(ids); }
                ids.push_back(found);
                start = end;
            }
            return;
        }
        push_unk(ids);
    }

private:
    void push_unk(std::vector<int32_t>& ids) const {
        const int32_t unk = vocab_.find(unk_name_);
        if (unk < 0) throw Error(ErrorCode::invalid_value, "model.unk_token", "the unk token '" + unk_name_ + "' is not in the vocabulary");
        ids.push_back(unk);
    }
    PieceMap vocab_;
    std::string prefix_, unk_name_;
    size_t max_chars_;
};

// WordLevel (models/wordlevel/mod.rs): the whole piece, or unk.
class WordLevel : public TokenModel {
public:
    WordLevel(const Vocabulary& vocab, const ModelData& data, const std::string& file) {
        unk_name_ = step_json::optional_text(data.options, "unk_token", file + ": model").value_or("<unk>");
        vocab_.reserve(vocab.size());
        vocab.for_each_piece([&](std::string_view piece, int64_t id) { vocab_.insert(piece, int32_t(id), true); });
    }
    void tokenize(std::string_view s, std::vector<int32_t>& ids) const override {
        int32_t id = vocab_.find(s);
        if (id < 0) id = vocab_.find(unk_name_);
        if (id < 0) throw Error(ErrorCode::invalid_value, "model.unk_token", "the unk token '" + unk_name_ + "' is not in the vocabulary");
        ids.push_back(id);
    }

private:
    PieceMap vocab_;
    std::string unk_name_;
};

}  // namespace

std::unique_ptr<TokenModel> make_bpe_model(const Vocabulary& vocab, ModelData& data, const std::string& file);

std::unique_ptr<TokenModel> make_model(const Vocabulary& vocab, ModelData data, const std::string& file) {
    if (data.type == "BPE") return make_bpe_model(vocab, data, file);
    if (data.type == "Unigram") return std::make_unique<Unigram>(vocab, data, file);
    if (data.type == "WordPiece") return std::make_unique<WordPiece>(vocab, data, file);
    if (data.type == "WordLevel") return std::make_unique<WordLevel>(vocab, data, file);
    throw Error(ErrorCode::unsupported, file + ": model.type", "the model '" + data.type + "' is not implemented");
}

}  // namespace ma

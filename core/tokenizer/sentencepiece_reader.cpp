// SentencePiece tokenizer.model: a serialized ModelProto, read straight from
// the protobuf wire format (sentencepiece_model.proto):
//   ModelProto   { repeated SentencePiece pieces = 1; TrainerSpec trainer_spec = 2; ... }
//   SentencePiece{ string piece = 1; float score = 2; Type type = 3; }
//     Type: NORMAL=1 UNKNOWN=2 CONTROL=3 USER_DEFINED=4 UNUSED=5 BYTE=6
//   TrainerSpec  { ModelType model_type = 3; int32 vocab_size = 4;
//                  int32 unk_id = 40 [0]; bos_id = 41 [1]; eos_id = 42 [2]; pad_id = 43 [-1] }
// An id of -1 disables that token.
#include <cstring>

#include "../error.h"
#include "tokenizer_sources.h"

namespace ma {
namespace {

class WireReader {
public:
    WireReader(const std::string& data, size_t begin, size_t end, const std::string& where)
        : d_(data), pos_(begin), end_(end), where_(where) {}

    bool done() const { return pos_ >= end_; }
    size_t pos() const { return pos_; }

    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= end_) fail("truncated varint");
            const auto b = static_cast<unsigned char>(d_[pos_++]);
            v |= static_cast<uint64_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) return v;
        }
        fail("varint longer than 10 bytes");
    }

    // Returns [begin, end) of a length-delimited field.
    std::pair<size_t, size_t> bytes() {
        const uint64_t len = varint();
        if (len > end_ - pos_) fail("a field runs past the end of the data (the file is truncated)");
        const size_t begin = pos_;
        pos_ += static_cast<size_t>(len);
        return {begin, pos_};
    }

    void skip(uint32_t wire) {
        switch (wire) {
            case 0: varint(); break;
            case 1: advance(8); break;
            case 2: bytes(); break;
            case 5: advance(4); break;
            default: fail("unsupported wire type " + std::to_string(wire) + " (not a SentencePiece model?)");
        }
    }

    [[noreturn]] void fail(const std::string& message) const {
        throw Error(ErrorCode::invalid_value, where_, "byte " + std::to_string(pos_) + ": " + message);
    }

private:
    void advance(size_t n) {
        if (n > end_ - pos_) fail("truncated fixed-width field");
        pos_ += n;
    }

    const std::string& d_;
    size_t pos_, end_;
    const std::string& where_;
};

int32_t as_int32(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v & 0xFFFFFFFFu)); }

}  // namespace

void read_sentencepiece_model(const InputFile& file, TokenizerSources& out) {
    const std::string& data = file.bytes;
    if (data.empty()) throw Error(ErrorCode::invalid_value, file.name, "the file is empty");
    WireReader model(data, 0, data.size(), file.name);
    Vocabulary vocab(file.name);
    int64_t next_id = 0;
    size_t control = 0, user_defined = 0, byte_pieces = 0, unknown = 0;
    int32_t model_type = 1, unk_id = 0, bos_id = 1, eos_id = 2, pad_id = -1;

    while (!model.done()) {
        const uint64_t tag = model.varint();
        const auto field = static_cast<uint32_t>(tag >> 3);
        const auto wire = static_cast<uint32_t>(tag & 7);
        if (field == 1 && wire == 2) {
            const auto [begin, end] = model.bytes();
            WireReader piece(data, begin, end, file.name);
            std::string text;
            bool has_text = false;
            uint64_t type = 1;
            while (!piece.done()) {
                const uint64_t t = piece.varint();
                if ((t >> 3) == 1 && (t & 7) == 2) {
                    const auto [b, e] = piece.bytes();
                    text.assign(data, b, e - b);
                    has_text = true;
                } else if ((t >> 3) == 3 && (t & 7) == 0) {
                    type = piece.varint();
                } else {
                    piece.skip(static_cast<uint32_t>(t & 7));
                }
            }
            if (!has_text) model.fail("piece " + std::to_string(next_id) + " has no text");
            if (type < 1 || type > 6) model.fail("piece " + std::to_string(next_id) + " has unknown type " + std::to_string(type));
            control += type == 3;
            user_defined += type == 4;
            byte_pieces += type == 6;
            unknown += type == 2;
            vocab.add(text, next_id++);
        } else if (field == 2 && wire == 2) {
            const auto [begin, end] = model.bytes();
            WireReader trainer(data, begin, end, file.name);
            while (!trainer.done()) {
                const uint64_t t = trainer.varint();
                const auto f = static_cast<uint32_t>(t >> 3);
                if ((t & 7) != 0 || (f != 3 && (f < 40 || f > 43))) {
                    trainer.skip(static_cast<uint32_t>(t & 7));
                    continue;
                }
                const int32_t v = as_int32(trainer.varint());
                if (f == 3) model_type = v;
                if (f == 40) unk_id = v;
                if (f == 41) bos_id = v;
                if (f == 42) eos_id = v;
                if (f == 43) pad_id = v;
            }
        } else {
            model.skip(wire);
        }
    }
    if (vocab.size() == 0) throw Error(ErrorCode::invalid_value, file.name, "no pieces found (not a SentencePiece model?)");
    vocab.finish(file.name);

    const char* types[] = {"?", "Unigram", "BPE", "Word", "Char"};
    out.model_type = std::string("SentencePiece ") + (model_type >= 1 && model_type <= 4 ? types[model_type] : "?");
    out.byte_fallback = out.byte_fallback || byte_pieces > 0;
    const std::pair<const char*, int32_t> ids[] = {{"unk", unk_id}, {"bos", bos_id}, {"eos", eos_id}, {"pad", pad_id}};
    for (const auto& [role, id] : ids) {
        if (id < 0) continue;  // disabled by the trainer
        if (!vocab.piece_of(id))
            throw Error(ErrorCode::invalid_value, file.name + ": trainer_spec." + role + "_id",
                        std::to_string(id) + " is not a piece id (the model has " + std::to_string(vocab.size()) + " pieces)");
        out.sentencepiece_ids[role] = id;
    }
    out.files.push_back({file.name, file.size(), "SentencePiece model",
                         out.model_type + ", " + std::to_string(vocab.size()) + " pieces (" + std::to_string(control) +
                             " control, " + std::to_string(user_defined) + " user-defined, " +
                             std::to_string(byte_pieces) + " byte, " + std::to_string(unknown) + " unknown)"});
    out.vocabularies.push_back(std::move(vocab));
}

}  // namespace ma

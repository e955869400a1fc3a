// tokenizer.json (Hugging Face `tokenizers`): one streaming pass that reads
// added_tokens and model.{type, vocab, unk_token, unk_id, byte_fallback},
// looks at the pre-tokenizer and decoder for ByteLevel, and skips the rest
// (model.merges is most of the file) without decoding it.
#include <string>

#include "../error.h"
#include "../json_fields.h"
#include "json_scanner.h"
#include "tokenizer_sources.h"

namespace ma {
namespace {

// `path` builds the JSON path for the message only when there is an error:
// these run once per vocabulary entry.
template <typename Path>
int64_t read_id(JsonScanner& s, Path&& path) {
    if (s.peek() != JsonKind::number) s.fail(path() + ": expected an integer id");
    return s.read_int();
}

template <typename Path>
std::string read_text(JsonScanner& s, Path&& path) {
    if (s.peek() != JsonKind::string) s.fail(path() + ": expected a string");
    return s.read_string();
}

int64_t read_id(JsonScanner& s, const char* path) {
    return read_id(s, [&] { return std::string(path); });
}

std::string read_text(JsonScanner& s, const char* path) {
    return read_text(s, [&] { return std::string(path); });
}

void read_added_tokens(JsonScanner& s, TokenizerSources& out, const std::string& file) {
    if (s.peek() != JsonKind::array) s.fail("added_tokens: expected an array");
    s.begin_array();
    for (size_t i = 0; s.next_element(); ++i) {
        const std::string path = "added_tokens[" + std::to_string(i) + "]";  // also the token's source
        if (s.peek() != JsonKind::object) s.fail(path + ": expected an object");
        s.begin_object();
        std::optional<int64_t> id;
        std::optional<std::string> content;
        AddedToken token{"", 0, false, file + ": " + path};
        std::string key;
        while (s.next_key(key)) {
            const bool is_bool = s.peek() == JsonKind::boolean;
            if (key == "id") id = read_id(s, [&] { return path + ".id"; });
            else if (key == "content") content = read_text(s, [&] { return path + ".content"; });
            else if (key == "special" && is_bool) token.special = s.read_bool();
            else if (key == "single_word" && is_bool) token.single_word = s.read_bool();
            else if (key == "lstrip" && is_bool) token.lstrip = s.read_bool();
            else if (key == "rstrip" && is_bool) token.rstrip = s.read_bool();
            else if (key == "normalized" && is_bool) token.normalized = s.read_bool();
            else s.skip_value();
        }
        if (!id) s.fail(path + ": missing \"id\"");
        if (!content) s.fail(path + ": missing \"content\"");
        token.content = *content;
        token.id = token.declared_id = *id;
        out.added.push_back(std::move(token));
    }
}

// model.vocab: {"piece": id, ...} (BPE, WordPiece, WordLevel) or [["piece", score], ...] (Unigram).
void read_vocab(JsonScanner& s, Vocabulary& vocab, bool& is_list, std::vector<double>* scores) {
    if (s.peek() == JsonKind::object) {
        read_piece_id_object(s, vocab, "model.vocab");
        return;
    }
    if (s.peek() != JsonKind::array) s.fail("model.vocab: expected an object or an array");
    is_list = true;
    s.begin_array();
    for (int64_t id = 0; s.next_element(); ++id) {
        auto path = [&] { return "model.vocab[" + std::to_string(id) + "]"; };
        if (s.peek() != JsonKind::array) s.fail(path() + ": expected [piece, score]");
        s.begin_array();
        if (!s.next_element()) s.fail(path() + ": expected [piece, score]");
        vocab.add(read_text(s, [&] { return path() + "[0]"; }), id);
        if (scores) {
            if (!s.next_element() || s.peek() != JsonKind::number) s.fail(path() + "[1]: expected a score");
            scores->push_back(s.read_number());
        }
        while (s.next_element()) s.skip_value();
    }
}

// model.merges: ["a b", ...] (each with exactly one space, as HF requires) or [["a", "b"], ...].
void read_merges(JsonScanner& s, std::vector<std::pair<std::string, std::string>>& merges) {
    if (s.peek() != JsonKind::array) s.fail("model.merges: expected an array");
    s.begin_array();
    for (size_t i = 0; s.next_element(); ++i) {
        auto path = [&] { return "model.merges[" + std::to_string(i) + "]"; };
        if (s.peek() == JsonKind::string) {
            const std::string line = s.read_string();
            const size_t space = line.find(' ');
            if (space == std::string::npos || line.find(' ', space + 1) != std::string::npos)
                s.fail(path() + ": expected two tokens separated by one space");
            merges.emplace_back(line.substr(0, space), line.substr(space + 1));
            continue;
        }
        if (s.peek() != JsonKind::array) s.fail(path() + ": expected \"a b\" or [\"a\", \"b\"]");
        s.begin_array();
        std::string parts[2];
        for (std::string& part : parts) {
            if (!s.next_element()) s.fail(path() + ": expected two tokens");
            part = read_text(s, [&] { return path(); });
        }
        if (s.next_element()) s.fail(path() + ": expected two tokens");
        merges.emplace_back(std::move(parts[0]), std::move(parts[1]));
    }
}

// A small section (normalizer, pre_tokenizer, a model option) as a JSON value; the scanner has
// already checked its syntax. parse_json's one parser instantiation keeps the wasm small.
nlohmann::json parse_raw(JsonScanner& s, const std::string& path) {
    return parse_json(std::string(s.skip_value()), s.file() + ": " + path);
}

}  // namespace

void read_piece_id_object(JsonScanner& s, Vocabulary& vocab, const std::string& path) {
    std::string_view piece;
    std::string escaped;  // a piece written with an escape, decoded
    s.begin_object();
    for (int64_t id; true;) {
        if (s.next_plain_key_int(piece, id)) {
            vocab.add(piece, id);
            continue;
        }
        if (!s.next_key(piece, escaped)) break;
        vocab.add(piece, read_id(s, [&] { return path + "[\"" + std::string(piece.substr(0, 40)) + "\"]"; }));
    }
}

void read_tokenizer_json(const InputFile& file, TokenizerSources& out) {
    JsonScanner s(file.bytes, file.name);
    if (s.peek() != JsonKind::object) s.fail("expected a JSON object");
    Vocabulary vocab(file.name);
    std::string type;
    bool vocab_is_list = false, has_vocab = false, has_merges = false, wordpiece_keys = false;
    std::optional<std::string> unk_token;
    std::optional<int64_t> unk_id;
    std::string key, model_key;
    EncodingInputs& enc = out.encoding;

    s.begin_object();
    while (s.next_key(key)) {
        if (key == "version") {
            // tokenizers' serde refuses every version but "1.0" ("Unknown tokenizer version").
            const std::string version = s.peek() == JsonKind::string ? s.read_string() : (s.skip_value(), std::string("(not a string)"));
            if (version != "1.0")
                throw Error(ErrorCode::unsupported, file.name + ": version",
                            "tokenizer version '" + version + "' is unknown to HF tokenizers, which reads only \"1.0\"");
        } else if (key == "added_tokens") {
            read_added_tokens(s, out, file.name);
        } else if (key == "model") {
            if (s.peek() != JsonKind::object) s.fail("model: expected an object");
            s.begin_object();
            while (s.next_key(model_key)) {
                if (model_key == "type") {
                    type = read_text(s, "model.type");
                } else if (model_key == "vocab") {
                    read_vocab(s, vocab, vocab_is_list, enc.wanted ? &enc.model.scores : nullptr);
                    has_vocab = true;
                } else if (model_key == "merges" && enc.wanted) {
                    read_merges(s, enc.model.merges);
                    has_merges = true;
                } else if (model_key == "unk_token") {
                    if (s.peek() == JsonKind::null) s.read_null();
                    else unk_token = read_text(s, "model.unk_token");
                } else if (model_key == "unk_id") {
                    if (s.peek() == JsonKind::null) s.read_null();
                    else unk_id = read_id(s, "model.unk_id");
                } else if (model_key == "byte_fallback" && s.peek() == JsonKind::boolean) {
                    out.byte_fallback = s.read_bool();
                    enc.model.options[model_key] = out.byte_fallback;
                } else if (enc.wanted) {
                    if (model_key == "continuing_subword_prefix" || model_key == "max_input_chars_per_word") wordpiece_keys = true;
                    enc.model.options[model_key] = parse_raw(s, "model." + model_key);
                } else {
                    if (model_key == "merges") has_merges = true;
                    if (model_key == "continuing_subword_prefix" || model_key == "max_input_chars_per_word")
                        wordpiece_keys = true;
                    s.skip_value();
                }
            }
        } else if (key == "normalizer" && enc.wanted) {
            enc.normalizer = parse_raw(s, key);
        } else if ((key == "truncation" || key == "padding") && enc.wanted) {
            (key == "truncation" ? enc.truncation : enc.padding) = s.peek() != JsonKind::null;
            s.skip_value();
        } else if (key == "pre_tokenizer" || key == "decoder") {
            const std::string_view raw = s.skip_value();
            if (raw.find("\"ByteLevel\"") != std::string_view::npos) out.byte_level = true;
            if (key == "pre_tokenizer" && enc.wanted) enc.pre_tokenizer = parse_json(std::string(raw), file.name + ": pre_tokenizer");
        } else {
            s.skip_value();
        }
    }
    s.expect_end();
    if (!has_vocab) throw Error(ErrorCode::missing_field, file.name + ": model.vocab", "the model has no vocabulary");

    // Files written by old `tokenizers` versions omit model.type.
    if (type.empty()) type = vocab_is_list ? "Unigram" : has_merges ? "BPE" : wordpiece_keys ? "WordPiece" : "WordLevel";
    if (type != "BPE" && type != "Unigram" && type != "WordPiece" && type != "WordLevel")
        throw Error(ErrorCode::unsupported, file.name + ": model.type",
                    "'" + type + "' is not a tokenizer model type (BPE, Unigram, WordPiece, WordLevel)");
    vocab.finish(file.name + ": model.vocab");
    out.model_type = type;
    enc.model.type = type;
    if (enc.wanted) {
        if (unk_token) enc.model.options["unk_token"] = *unk_token;
        if (unk_id) enc.model.options["unk_id"] = *unk_id;
    }

    if (unk_id) {
        const auto piece = vocab.piece_of(*unk_id);
        if (!piece)
            throw Error(ErrorCode::invalid_value, file.name + ": model.unk_id",
                        "unk_id " + std::to_string(*unk_id) + " is not in the vocabulary");
        out.model_unk = TokenDeclaration{std::string(*piece), file.name + ": model.unk_id"};
    } else if (unk_token) {
        out.model_unk = TokenDeclaration{*unk_token, file.name + ": model.unk_token"};
    }

    size_t file_added = 0;
    for (const AddedToken& a : out.added)
        if (a.source.compare(0, file.name.size() + 2, file.name + ": ") == 0) ++file_added;
    out.files.push_back({file.name, file.size(), "tokenizers model",
                         type + " vocabulary of " + std::to_string(vocab.size()) + " pieces, " +
                             std::to_string(file_added) + " added tokens" + (out.byte_level ? ", byte-level" : "")});
    out.fast_vocab = out.vocabularies.size();
    out.vocabularies.push_back(std::move(vocab));
}

}  // namespace ma

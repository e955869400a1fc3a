#include "encoder.h"

#include "../error.h"
#include "../tokenizer/added_vocabulary.h"
#include "added_token_splitter.h"
#include "models.h"
#include "text_steps.h"
#include "unicode.h"

namespace ma {

struct Encoder::Impl {
    std::string model_type;
    std::vector<std::string> notes;
    std::unique_ptr<Normalizer> normalizer;
    std::unique_ptr<PreTokenizer> pre_tokenizer;
    std::unique_ptr<TokenModel> model;
    AddedTokenSplitter raw_tokens, normalized_tokens;  // normalized=false / true
};

Encoder::Encoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Encoder::Encoder(Encoder&&) noexcept = default;
Encoder& Encoder::operator=(Encoder&&) noexcept = default;
Encoder::~Encoder() = default;

Encoder Encoder::from_tokenizer_json(const InputFile& file) {
    TokenizerSources src;
    src.encoding.wanted = true;
    read_tokenizer_json(file, src);
    assign_loaded_ids(src);  // the ids HF tokenizers loads added tokens with

    auto impl = std::make_unique<Impl>();
    impl->model_type = src.model_type;
    EncodingInputs& enc = src.encoding;
    impl->normalizer = make_normalizer(enc.normalizer, file.name + ": normalizer");
    impl->pre_tokenizer = make_pre_tokenizer(enc.pre_tokenizer, file.name + ": pre_tokenizer");
    impl->model = make_model(src.vocabularies[*src.fast_vocab], std::move(enc.model), file.name);
    for (const AddedToken& a : src.added) {
        const AddedTokenSpec spec{a.content, int32_t(a.id), a.single_word, a.lstrip, a.rstrip, a.normalized.value_or(!a.special)};
        if (!spec.normalized) {
            impl->raw_tokens.add(a.content, spec);
            continue;
        }
        std::string pattern = a.content;  // refresh_added_tokens: the normalized form of the content
        if (impl->normalizer) impl->normalizer->normalize(pattern);
        impl->normalized_tokens.add(pattern, spec);
    }
    if (enc.truncation)
        impl->notes.push_back(file.name + ": truncation is set; documents are counted whole (as encode() without truncation)");
    if (enc.padding) impl->notes.push_back(file.name + ": padding is set; documents are counted without padding");
    return Encoder(std::move(impl));
}

void Encoder::encode(std::string_view text, std::vector<int32_t>& ids) const {
    std::vector<Piece> pieces;
    pieces.push_back({unicode::sanitize_utf8(text), -1, true});
    if (pieces[0].text.empty()) return;
    const Impl& m = *impl_;
    m.raw_tokens.split(pieces);
    if (m.normalizer)
        split_pieces(pieces, [&](Piece& p, std::vector<Piece>& out) {
            m.normalizer->normalize(p.text);
            if (!p.text.empty()) out.push_back(std::move(p));
        });
    m.normalized_tokens.split(pieces);
    if (m.pre_tokenizer) m.pre_tokenizer->pre_tokenize(pieces);
    for (const Piece& p : pieces) {
        if (p.token >= 0) ids.push_back(p.token);
        else m.model->tokenize(p.text, ids);
    }
}

const std::string& Encoder::model_type() const { return impl_->model_type; }
const std::vector<std::string>& Encoder::notes() const { return impl_->notes; }

}  // namespace ma

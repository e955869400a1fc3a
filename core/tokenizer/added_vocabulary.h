// Added-token ids as HF loads them. `tokenizers` does not trust the ids a
// tokenizer.json declares for added_tokens: AddedVocabulary::add_tokens
// re-adds them in order, a content already in the model vocabulary takes that
// id, any other the next free one (the model's vocabulary size, or one past the
// largest added id once that is beyond it), and a repeated content is dropped;
// a declared id that differs only warns. transformers' PreTrainedTokenizerFast
// then adds tokenizer_config.json's added_tokens_decoder entries whose index is
// not already an added id, through the same add_tokens. Without a tokenizer.json
// (slow tokenizers) the declared ids stand.
#pragma once

#include "tokenizer_sources.h"

namespace ma {

// Rewrites src.added to the tokens and ids HF ends up with, with a note for
// every id that differs from the declared one and every entry HF drops.
void assign_loaded_ids(TokenizerSources& src);

}  // namespace ma

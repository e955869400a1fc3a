// Added tokens and the four special-token roles a model config needs.
#pragma once

#include <string>

#include "tokenizer_facts.h"
#include "tokenizer_sources.h"

namespace ma {

// Throws Error(conflict / invalid_value) naming the file and token when added
// tokens disagree with each other or with a vocabulary, or an id is out of range.
void check_added_tokens(const TokenizerSources& src);

// `role`'s token from special_tokens_map.json, then tokenizer_config.json, then the
// model's unk, then SentencePiece trainer ids; null with the reason. `read` lists the files.
SpecialTokenFact resolve_role(const TokenizerSources& src, const std::string& role, const std::string& read);

}  // namespace ma

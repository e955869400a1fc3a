// Share links: every design input plus the tokenizer's derived facts and
// fingerprint, encoded into a URL fragment "v1.<base64url of compact JSON>".
// Decoding validates everything (version, size, alphabet, JSON, schema) and
// returns the normalized state or an Error naming what is wrong, so a
// hostile or truncated link can never reach the page as anything else.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "../tokenizer/tokenizer_facts.h"
#include "design_request.h"

namespace ma {

constexpr size_t kMaxShareFragment = 16384;

// state: {"request": {...design request...}, "tokenizer": {...facts...} or null}.
std::string share_encode(const nlohmann::json& state);
// The same for a state whose request read_state() has already read (it is not read again).
std::string share_encode_read(const nlohmann::json& state);
nlohmann::json share_decode(const std::string& fragment);
// Validates a state object and returns it normalized (what encode and decode both do).
nlohmann::json normalize_state(const nlohmann::json& state, const std::string& where = "link");
// The same with the request it holds, read (each call reads a request once).
struct ReadState {
    nlohmann::json normalized;
    DesignRequest request;
};
ReadState read_state(const nlohmann::json& state, const std::string& where = "link");

// The facts a link carries (no files): size, special ids and texts, model_max_length, fingerprint.
nlohmann::json link_facts(const TokenizerFacts& facts);
TokenizerFacts facts_from_link(const nlohmann::json& j, const std::string& where = "link.tokenizer");

}  // namespace ma

// One line of a memory estimate: what it is, its bytes and the formula that
// produced them (from the same expression, see model/quantity.h).
#pragma once

#include <string>

#include "../json_writer.h"

#include "../model/quantity.h"

namespace ma {

enum class TermKind { weights, gradients, master_weights, optimizer_states, buffers, activations, logits, allocator, overhead };

struct MemoryTerm {
    TermKind kind = TermKind::activations;
    std::string name;     // "attention scores (softmax output, fp32)"
    double bytes = 0;     // on the most-loaded GPU
    std::string formula;  // "(4 + e)*b*H*s*s / t"
};

inline MemoryTerm term(TermKind kind, std::string name, const Q& bytes) {
    return {kind, std::move(name), bytes.value(), bytes.text()};
}
// A name written out is copied only while text is built: a numbers-only search (Q::NumbersOnly)
// compares totals and never reads a name.
inline MemoryTerm term(TermKind kind, const char* name, const Q& bytes) {
    return term(kind, Q::building_text() ? std::string(name) : std::string(), bytes);
}

// {"name", "bytes", "formula"}
JsonObjectText term_json(const MemoryTerm& t);

}  // namespace ma

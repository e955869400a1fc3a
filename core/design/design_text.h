// The words for a design's computed values: candidate kinds, constraint
// checks, notes on the inputs and the recommendation's rationale. Shared by
// the reports and the summary JSON.
#pragma once

#include <string>

#include "designer.h"

namespace ma {

struct CheckText {
    std::string name;    // "decode speed"
    std::string value;   // "142 tokens/s"
    std::string limit;   // ">= 100 tokens/s"
    std::string detail;  // "short by 17%" or the arrangement
};

CheckText check_text(const Design& d, const Candidate& c, const ConstraintCheck& check);
// "✓" (met, or a plan that trains on every available token) or "✗".
std::string check_mark(const ConstraintCheck& check);

// What a candidate is ("compute-optimal for the budget") and the trade-off it stands for.
std::string candidate_name(const Design& d, const Candidate& c);
std::string candidate_why(const Design& d, const Candidate& c);

// One sentence per note on the inputs and the budget.
std::string note_text(const DesignNote& n);

// Why the recommended candidate won, citing each alternative's loss and failed constraints.
std::string rationale(const Design& d);

}  // namespace ma

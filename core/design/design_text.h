// The words for a design's computed values: constraint checks, the
// recommendation's rationale. Shared by the reports and the summary JSON.
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

// Why the recommended candidate won, citing each alternative's loss and failed constraints.
std::string rationale(const Design& d);

}  // namespace ma

// The scaling path: the same components and tokenizer through the scale
// classes from the design's own upward, each with its tokens, compute and
// the smallest arrangement that fits.
#pragma once

#include <vector>

#include "designer.h"

namespace ma {

std::vector<ScalingStep> scaling_path(const Design& d);

}  // namespace ma

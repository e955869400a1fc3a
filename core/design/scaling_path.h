// The scaling path: the same components and tokenizer through the scale
// classes, from proxies small enough for ablations, through the design
// itself (its planned tokens, FLOPs and GPU-days, exactly as the plan has
// them), to the next class up. Every step trains on the design's tokens per
// parameter (at least Chinchilla's 20), so each mirrors the planned run.
#pragma once

#include <vector>

#include "designer.h"

namespace ma {

std::vector<ScalingStep> scaling_path(const Design& d);

// Tokens per parameter every step trains on.
double scaling_tokens_per_param(const Design& d);

const char* step_role_name(StepRole role);

}  // namespace ma

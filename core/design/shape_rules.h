// Shape rules from the kernels and the parallel layout, as data with their
// sources (shape_rules.cpp). The design search only proposes shapes that keep
// every rule; a shape the user gives (a seed config) may break one, and then
// each broken rule is reported by name with the values at fault.
#pragma once

#include <string>
#include <vector>

#include "../model/arch_spec.h"
#include "scale_templates.h"

namespace ma {

struct ShapeRule {
    std::string id;      // "flash_head_dim"
    std::string rule;    // what it asks, in words
    std::string source;  // the kernel or engine code it comes from
};

const std::vector<ShapeRule>& shape_rules();

// head_dim values FlashAttention kernels are built for (vLLM FlashAttentionBackend).
const std::vector<int64_t>& flash_head_dims();

struct ShapeWarning {
    std::string rule;     // a ShapeRule id
    std::string message;  // "head_dim 125 is not one FlashAttention supports (32, 64, ...)"
};

// The rules `spec` breaks for the class's parallel degrees and the vocab padding multiple.
std::vector<ShapeWarning> check_shape(const ArchSpec& spec, const ScaleTemplate& cls, int64_t vocab_multiple);

// Whether heads and kv heads split evenly over every tensor-parallel degree.
bool tp_friendly(int64_t heads, int64_t kv, const std::vector<int64_t>& tp_degrees);
// The same, and layers over every pipeline degree of the class (what the search keeps).
bool parallel_friendly(int64_t heads, int64_t kv, int64_t layers, const ScaleTemplate& cls);

}  // namespace ma

#include "count_report.h"

#include <cstdio>

#include "family.h"
#include "param_count.h"
#include "../format.h"

namespace ma {

using nlohmann::json;

json count_json(const ArchSpec& spec, const ParamCount& c) {
    const Family& family = family_for(spec.model_type);
    json blocks = json::object(), layer = json::object();
    for (int b = 0; b < 5; ++b) {
        blocks[block_name(static_cast<Block>(b))] = c.by_block[b];
        if (b == int(Block::attention) || b == int(Block::mlp) || b == int(Block::norm))
            layer[block_name(static_cast<Block>(b))] = c.layer_by_block[b];
    }
    json parts = json::object();
    for (int p = 0; p < kParts; ++p) parts[part_name(static_cast<Part>(p))] = c.by_part[p];
    json tensors = json::array();
    for (const ParamTensor& t : c.tensors)
        tensors.push_back({{"name", t.name}, {"shape", t.shape}, {"block", block_name(t.block)}, {"part", part_name(t.part)},
                           {"copies", t.copies}, {"tied", t.tied}, {"params", t.params()}});
    const bool moe = family.layout.mlp_block == MlpComponent::moe;
    json layers = {{"moe_layers", c.moe_layers}, {"dense_layers", c.dense_layers}};
    if (moe && c.dense_layers > 0) layers["dense_layer_params"] = c.dense_layer;
    return {
        {"model_type", spec.model_type},
        {"architecture", family.architecture},
        {"total_params", c.total},
        {"total_params_display", fmt::digits(c.total)},
        {"active_params_display", fmt::digits(c.active_per_token)},
        {"embedding_params", c.embedding},
        {"non_embedding_params", c.non_embedding},
        {"active_params_per_token", c.active_per_token},
        {"active_params_non_embedding", c.active_non_embedding},
        {"head_params", c.by_block[int(Block::head)]},
        {"num_hidden_layers", spec.num_hidden_layers},
        {"per_layer_params", c.per_layer},
        {"breakdown", blocks},
        {"per_layer_breakdown", layer},
        {"parts", parts},
        {"layers", layers},
        {"tensors", tensors},
    };
}

std::string count_text(const ArchSpec& spec, const ParamCount& c) {
    const Family& family = family_for(spec.model_type);
    std::string out;
    char line[256];
    auto row = [&](const std::string& label, uint64_t value) {
        std::snprintf(line, sizeof line, "  %-28s %22s  %8s\n", label.c_str(), fmt::digits(value).c_str(),
                      fmt::si(double(value)).c_str());
        out += line;
    };
    out += family.architecture + " (model_type " + spec.model_type + ")\n";
    row("total", c.total);
    row("embedding", c.embedding);
    row("non-embedding", c.non_embedding);
    if (c.active_per_token != c.total) {
        row("active per token", c.active_per_token);
        row("  without input embedding", c.active_non_embedding);
        out += "by part (all layers):\n";
        for (int p = int(Part::dense_mlp); p < kParts; ++p)
            if (c.by_part[p] > 0) row(part_name(static_cast<Part>(p)), c.by_part[p]);
    }
    out += "by block (all " + std::to_string(spec.num_hidden_layers) + " layers):\n";
    for (int b = 0; b < 5; ++b) row(block_name(static_cast<Block>(b)), c.by_block[b]);
    out += c.dense_layers > 0 && c.moe_layers > 0
               ? "one mixture-of-experts layer (" + std::to_string(c.moe_layers) + " of them; " + std::to_string(c.dense_layers) +
                     " dense layers of " + fmt::digits(c.dense_layer) + "):\n"
               : "one layer:\n";
    row("attention", c.layer_by_block[int(Block::attention)]);
    row("mlp", c.layer_by_block[int(Block::mlp)]);
    row("norm", c.layer_by_block[int(Block::norm)]);
    row("layer total", c.per_layer);
    out += "tensors (x copies):\n";
    for (const ParamTensor& t : c.tensors) {
        std::string shape = "[";
        for (size_t i = 0; i < t.shape.size(); ++i) shape += (i ? ", " : "") + std::to_string(t.shape[i]);
        shape += "]";
        std::snprintf(line, sizeof line, "  %-56s %-16s x%-6llu %s\n", t.name.c_str(), shape.c_str(),
                      static_cast<unsigned long long>(t.copies),
                      t.tied ? "tied to the embedding" : fmt::digits(t.params()).c_str());
        out += line;
    }
    return out;
}

}  // namespace ma

// Accelerators as data: memory, dense bf16 peak and HBM bandwidth. Sources
// per row in gpu_catalog.cpp; docs/formulas.md lists them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ma {

struct Gpu {
    std::string id;             // "H100-SXM"
    std::string name;           // "NVIDIA H100 SXM5 80GB"
    double memory_bytes;        // usable device memory as the driver reports it
    double bf16_flops;          // dense bf16 tensor peak, FLOP/s (no sparsity)
    double bandwidth;           // HBM/GDDR bandwidth, bytes/s
    std::string source;
    double link_bandwidth = 32e9;     // to the other GPUs of a node, per direction, bytes/s (NVLink; else PCIe)
    double network_bandwidth = 12.5e9;  // between nodes, per GPU, bytes/s (the reference node's NICs / its GPUs)
    int64_t gpus_per_node = 8;
    std::string interconnect_source = "assumed: PCIe Gen4 x16 between GPUs, 100 Gb/s per GPU between nodes";
};

// Every field equal (a user-defined GPU may share a catalog id).
bool operator==(const Gpu& a, const Gpu& b);
inline bool operator!=(const Gpu& a, const Gpu& b) { return !(a == b); }

const std::vector<Gpu>& gpu_catalog();

// H100-SXM: what the estimates assume when no GPU is given.
const Gpu& default_gpu();

// Looks up by id (case-insensitive); throws Error(invalid_value) listing the known ids.
const Gpu& gpu_by_id(const std::string& id, const std::string& where = "gpu");

nlohmann::json to_json(const Gpu& g);

// A user-defined device: {"id", "memory_gib", "bf16_tflops", "bandwidth_gbs"} and optionally
// "link_gbs", "network_gbs" (per direction, per GPU), "gpus_per_node".
Gpu gpu_from_json(const nlohmann::json& j, const std::string& where = "gpu");

}  // namespace ma

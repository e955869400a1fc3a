#include "gpu_catalog.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "../built_once.h"
#include "../error.h"
#include "../json_fields.h"

namespace ma {
namespace {

constexpr double MiB = 1024.0 * 1024.0;
constexpr double GiB = 1024.0 * MiB;
constexpr double GB = 1e9;
constexpr double TFLOPS = 1e12;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

}  // namespace

MA_BUILT_ONCE const std::vector<Gpu>& gpu_catalog() {
    // Memory: the total nvidia-smi / rocm-smi reports (MiB) where known, else the advertised GB.
    // Peak: dense bf16 tensor throughput from the vendor's datasheet (sparsity figures halved).
    static const std::vector<Gpu> table = [] {
        std::vector<Gpu> t = {
            {"A100-40GB", "NVIDIA A100 SXM4 40GB", 40960 * MiB, 312 * TFLOPS, 1555 * GB, "NVIDIA A100 datasheet; nvidia-smi 40960 MiB"},
            {"A100-80GB", "NVIDIA A100 SXM4 80GB", 81920 * MiB, 312 * TFLOPS, 2039 * GB, "NVIDIA A100 datasheet; nvidia-smi 81920 MiB"},
            {"H100-SXM", "NVIDIA H100 SXM5 80GB", 81559 * MiB, 989 * TFLOPS, 3350 * GB, "NVIDIA H100 datasheet (1979 TFLOPS with sparsity); nvidia-smi 81559 MiB"},
            {"H100-96GB", "NVIDIA H100 96GB HBM2e (500 W, Grand Teton)", 95 * GiB, 989 * TFLOPS, 2400 * GB,
             "torchtitan docs/performance.md: 96 GB HBM2e, 2.4 TB/s, 500 W, peak between SXM and NVL (989 TFLOPS used, as torchtitan does); "
             "usable memory assumed 95 GiB"},
            {"H100-PCIe", "NVIDIA H100 PCIe 80GB", 81559 * MiB, 756 * TFLOPS, 2000 * GB, "NVIDIA H100 datasheet; nvidia-smi 81559 MiB"},
            {"H200", "NVIDIA H200 SXM 141GB", 143771 * MiB, 989 * TFLOPS, 4800 * GB, "NVIDIA H200 datasheet; nvidia-smi 143771 MiB"},
            {"B200", "NVIDIA B200 180GB", 180 * GB, 2250 * TFLOPS, 8000 * GB, "NVIDIA DGX B200 / HGX B200 datasheet (4.5 PFLOPS bf16 with sparsity)"},
            {"L40S", "NVIDIA L40S 48GB", 46068 * MiB, 362 * TFLOPS, 864 * GB, "NVIDIA L40S datasheet (733 TFLOPS with sparsity)"},
            {"L4", "NVIDIA L4 24GB", 23034 * MiB, 121 * TFLOPS, 300 * GB, "NVIDIA L4 datasheet (242 TFLOPS with sparsity)"},
            {"A10G", "NVIDIA A10G 24GB (AWS)", 23028 * MiB, 70 * TFLOPS, 600 * GB, "AWS G5 documentation; dense bf16 tensor peak as reported for A10G (A10: 125)"},
            {"RTX-4090", "NVIDIA GeForce RTX 4090 24GB", 24564 * MiB, 165.2 * TFLOPS, 1008 * GB, "Ada whitepaper: 165.2 TFLOPS bf16 with fp32 accumulate (dense)"},
            {"RTX-3090", "NVIDIA GeForce RTX 3090 24GB", 24576 * MiB, 71 * TFLOPS, 936 * GB, "Ampere GA102 whitepaper: 71 TFLOPS bf16 with fp32 accumulate (dense)"},
            {"RTX-PRO-6000", "NVIDIA RTX PRO 6000 Blackwell Server Edition 96GB", 96 * GiB, 500 * TFLOPS, 1597 * GB,
             "NVIDIA RTX PRO 6000 Blackwell datasheet: 96 GB GDDR7, 1.6 TB/s; bf16 dense derived from 4 PFLOPS FP4 with sparsity"},
            {"MI300X", "AMD Instinct MI300X 192GB", 192 * GB, 1307.4 * TFLOPS, 5300 * GB, "AMD MI300X datasheet"},
        };
        // Links per direction from the datasheets; between nodes, the vendor reference node's NICs per GPU.
        struct Links { const char* id; double link, network; const char* source; };
        const Links links[] = {
            {"A100-40GB", 300 * GB, 25 * GB, "NVLink 3 600 GB/s bidirectional; DGX A100: 8 x 200 Gb/s HDR"},
            {"A100-80GB", 300 * GB, 25 * GB, "NVLink 3 600 GB/s bidirectional; DGX A100: 8 x 200 Gb/s HDR"},
            {"H100-SXM", 450 * GB, 50 * GB, "NVLink 4 900 GB/s bidirectional; DGX H100: 8 x 400 Gb/s NDR"},
            {"H100-96GB", 450 * GB, 50 * GB, "torchtitan docs/performance.md: NVLink fully connected, 400 Gb/s RDMA per GPU"},
            {"H100-PCIe", 64 * GB, 50 * GB, "PCIe Gen5 x16 (no NVLink bridge assumed); 400 Gb/s per GPU assumed"},
            {"H200", 450 * GB, 50 * GB, "NVLink 4 900 GB/s bidirectional; DGX H200: 8 x 400 Gb/s NDR"},
            {"B200", 900 * GB, 50 * GB, "NVLink 5 1.8 TB/s bidirectional; DGX B200: 8 x 400 Gb/s"},
            {"MI300X", 448 * GB, 50 * GB, "AMD Infinity Fabric 896 GB/s aggregate bidirectional; 8 x 400 Gb/s assumed"},
            {"RTX-PRO-6000", 64 * GB, 25 * GB, "PCIe Gen5 x16 (no NVLink); 200 Gb/s per GPU assumed (AWS g7e)"},
        };
        for (Gpu& g : t)
            for (const Links& l : links)
                if (g.id == l.id) g.link_bandwidth = l.link, g.network_bandwidth = l.network, g.interconnect_source = l.source;
        return t;
    }();
    return table;
}

nlohmann::json to_json(const Gpu& g) {
    return {{"id", g.id}, {"name", g.name}, {"memory_bytes", g.memory_bytes}, {"bf16_flops", g.bf16_flops},
            {"bandwidth", g.bandwidth}, {"source", g.source}, {"link_bandwidth", g.link_bandwidth},
            {"network_bandwidth", g.network_bandwidth}, {"gpus_per_node", g.gpus_per_node},
            {"interconnect_source", g.interconnect_source}};
}

const Gpu& default_gpu() { return gpu_by_id("H100-SXM"); }

const Gpu& gpu_by_id(const std::string& id, const std::string& where) {
    for (const Gpu& g : gpu_catalog())
        if (lower(g.id) == lower(id)) return g;
    std::string known;
    for (const Gpu& g : gpu_catalog()) known += (known.empty() ? "" : ", ") + g.id;
    throw Error(ErrorCode::invalid_value, where, "'" + id + "' is not in the GPU catalog (" + known + "), or define one");
}

bool operator==(const Gpu& a, const Gpu& b) {
    return a.id == b.id && a.name == b.name && a.memory_bytes == b.memory_bytes && a.bf16_flops == b.bf16_flops &&
           a.bandwidth == b.bandwidth && a.source == b.source && a.link_bandwidth == b.link_bandwidth &&
           a.network_bandwidth == b.network_bandwidth && a.gpus_per_node == b.gpus_per_node &&
           a.interconnect_source == b.interconnect_source;
}

Gpu gpu_from_json(const nlohmann::json& j, const std::string& where) {
    if (j.is_string()) return gpu_by_id(j.get<std::string>(), where);
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, where, "expected a GPU id or an object, found " + describe(j));
    auto number = [&](const char* key) {
        if (!j.contains(key)) throw Error(ErrorCode::missing_field, where + "." + key, std::string(key) + " is required");
        return as_positive(j.at(key), where + "." + key, 1e9);
    };
    Gpu g;
    g.id = j.contains("id") ? as_string(j.at("id"), where + ".id") : "custom";
    g.name = g.id + " (user-defined)";
    g.memory_bytes = number("memory_gib") * 1024 * MiB;
    g.bf16_flops = number("bf16_tflops") * TFLOPS;
    g.bandwidth = number("bandwidth_gbs") * GB;
    g.source = "user-defined";
    if (j.contains("link_gbs")) g.link_bandwidth = as_positive(j.at("link_gbs"), where + ".link_gbs", 1e6) * GB;
    if (j.contains("network_gbs")) g.network_bandwidth = as_positive(j.at("network_gbs"), where + ".network_gbs", 1e6) * GB;
    if (j.contains("gpus_per_node")) g.gpus_per_node = int64_t(as_positive(j.at("gpus_per_node"), where + ".gpus_per_node", 1024));
    g.interconnect_source = "user-defined";
    return g;
}

}  // namespace ma

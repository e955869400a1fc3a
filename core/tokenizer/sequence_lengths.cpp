#include "sequence_lengths.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "../error.h"
#include "../format.h"
#include "../json_fields.h"

namespace ma {
namespace {

using nlohmann::json;

double positive(const json& v, const std::string& where) {
    const double d = as_double(v, where);
    if (!std::isfinite(d) || d < 0) throw Error(ErrorCode::invalid_value, where, "expected a non-negative number, found " + describe(v));
    return d;
}

// "p95" / "95" / "p99.0" -> 95 / 99; other keys -> -1.
int percentile_key(const std::string& key) {
    std::string k = key;
    if (!k.empty() && (k[0] == 'p' || k[0] == 'P')) k = k.substr(1);
    if (k.empty() || k.size() > 5) return -1;
    char* end = nullptr;
    const double v = std::strtod(k.c_str(), &end);
    if (*end != '\0' || v <= 0 || v >= 100 || v != std::floor(v)) return -1;
    return static_cast<int>(v);
}

// `prefix` names the place of o's members: "lengths.json: " or "lengths.json: percentiles.".
void read_stats_object(const json& o, const std::string& prefix, SequenceLengths& out) {
    for (auto it = o.begin(); it != o.end(); ++it) {
        const std::string at = prefix + it.key();
        if (const int p = percentile_key(it.key()); p > 0) out.percentiles[p] = positive(it.value(), at);
        else if (it.key() == "median") out.percentiles[50] = positive(it.value(), at);
        else if (it.key() == "max") out.max = positive(it.value(), at);
        else if (it.key() == "mean") out.mean = positive(it.value(), at);
    }
}

// histogram {"bin_edges": [e0..en], "counts": [c0..cn-1]}: documents with e_i <= length < e_(i+1).
void read_histogram(const json& h, const std::string& where, SequenceLengths& out) {
    if (!h.is_object() || !h.contains("bin_edges") || !h.contains("counts"))
        throw Error(ErrorCode::wrong_type, where, "expected {\"bin_edges\": [...], \"counts\": [...]}");
    const json& edges = h["bin_edges"];
    const json& counts = h["counts"];
    if (!edges.is_array() || !counts.is_array() || edges.size() != counts.size() + 1 || counts.empty())
        throw Error(ErrorCode::invalid_value, where, "bin_edges must be a list one longer than counts");
    std::vector<double> e, c;
    for (size_t i = 0; i < edges.size(); ++i) e.push_back(positive(edges[i], where + ".bin_edges[" + std::to_string(i) + "]"));
    for (size_t i = 0; i < counts.size(); ++i) c.push_back(positive(counts[i], where + ".counts[" + std::to_string(i) + "]"));
    for (size_t i = 1; i < e.size(); ++i)
        if (e[i] <= e[i - 1]) throw Error(ErrorCode::invalid_value, where + ".bin_edges", "edges must increase");
    double total = 0;
    for (double v : c) total += v;
    if (total <= 0) throw Error(ErrorCode::invalid_value, where + ".counts", "the histogram is empty");
    if (!out.documents) out.documents = total;
    for (int p : {50, 90, 95, 99}) {
        if (out.percentiles.count(p)) continue;
        const double target = total * p / 100.0;
        double seen = 0;
        for (size_t i = 0; i < c.size(); ++i) {
            if (seen + c[i] >= target) {
                const double frac = c[i] > 0 ? (target - seen) / c[i] : 0;
                out.percentiles[p] = e[i] + frac * (e[i + 1] - e[i]);
                break;
            }
            seen += c[i];
        }
        out.from_histogram = true;
    }
    if (!out.max) out.max = e.back();
}

std::string tokens(double v) { return fmt::f("%.0f", v); }

}  // namespace

SequenceLengths read_sequence_lengths_json(const InputFile& file) {
    const json j = parse_json(file.bytes, file.name);
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, file.name, "expected a JSON object, found " + describe(j));
    SequenceLengths out;
    out.file = file.name;
    for (const char* key : {"tokens_per_document", "percentiles"})
        if (j.contains(key)) {
            if (!j[key].is_object()) throw Error(ErrorCode::wrong_type, file.name + ": " + key, "expected an object, found " + describe(j[key]));
            read_stats_object(j[key], file.name + ": " + key + ".", out);
        }
    read_stats_object(j, file.name + ": ", out);
    if (j.contains("bytes_per_token")) out.bytes_per_token = positive(j["bytes_per_token"], file.name + ": bytes_per_token");
    if (j.contains("documents")) out.documents = positive(j["documents"], file.name + ": documents");
    if (j.contains("histogram")) read_histogram(j["histogram"], file.name + ": histogram", out);
    if (out.percentiles.empty() && !out.max)
        throw Error(ErrorCode::missing_field, file.name,
                    "no token-length statistics found: expected tokens_per_document {p50, p95, p99, max, ...} or a histogram");
    double last = 0;
    for (const auto& [p, v] : out.percentiles) {
        if (v < last) throw Error(ErrorCode::invalid_value, file.name, "percentiles decrease at p" + std::to_string(p));
        last = v;
    }
    return out;
}

std::optional<SequenceLengths> read_tokenizer_report_md(const InputFile& file) {
    SequenceLengths out;
    out.file = file.name;
    size_t start = 0;
    while (start < file.bytes.size()) {
        size_t end = file.bytes.find('\n', start);
        if (end == std::string::npos) end = file.bytes.size();
        std::string line = file.bytes.substr(start, end - start);
        start = end + 1;
        // A table row: | label | value | ...
        if (line.size() < 5 || line.find('|') == std::string::npos) continue;
        std::vector<std::string> cells;
        std::string cell;
        for (char ch : line) {
            if (ch == '|') { cells.push_back(cell); cell.clear(); } else cell += ch;
        }
        cells.push_back(cell);
        auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(" \t`*"));
            s.erase(s.find_last_not_of(" \t\r`*") + 1);
            return s;
        };
        std::vector<std::string> values;
        for (auto& c : cells) if (!trim(c).empty()) values.push_back(trim(c));
        if (values.size() < 2) continue;
        std::string label = values[0];
        std::transform(label.begin(), label.end(), label.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string number;
        for (char ch : values[1]) if (ch != ',' && ch != '_') number += ch;
        char* stop = nullptr;
        const double v = std::strtod(number.c_str(), &stop);
        if (number.empty() || *stop != '\0' || !std::isfinite(v) || v < 0) continue;
        const bool about_tokens = label.find("token") != std::string::npos || label.find("length") != std::string::npos;
        if (label.find("bytes per token") != std::string::npos || label.find("bytes/token") != std::string::npos) {
            out.bytes_per_token = v;
        } else if (about_tokens || label.size() <= 4) {
            std::string first = label.substr(0, label.find_first_of(" (:"));
            if (const int p = percentile_key(first); p > 0) out.percentiles[p] = v;
            else if (first == "median") out.percentiles[50] = v;
            else if (first == "max" && about_tokens) out.max = v;
            else if (first == "mean" && about_tokens) out.mean = v;
        }
    }
    if (out.percentiles.empty() && !out.max && !out.bytes_per_token) return std::nullopt;
    return out;
}

std::vector<ContextCheck> check_context_length(int64_t context, std::optional<int64_t> model_max_length,
                                               const std::optional<SequenceLengths>& lengths) {
    std::vector<ContextCheck> checks;
    const std::string ctx = std::to_string(context);
    const double length = static_cast<double>(context);
    if (model_max_length && *model_max_length != context)
        checks.push_back({"warning", "max_position_embeddings (" + ctx + ") differs from the tokenizer's model_max_length (" +
                                         std::to_string(*model_max_length) +
                                         "): set model_max_length to the model's context so truncation and the model agree"});
    if (!lengths) return checks;
    const auto& p = lengths->percentiles;
    const std::string src = " (" + lengths->file + (lengths->from_histogram ? ", interpolated from the histogram" : "") + ")";
    if (p.count(50) && length < p.at(50)) {
        checks.push_back({"warning", "context " + ctx + " is below the median document length of " + tokens(p.at(50)) +
                                         " tokens" + src + ": most documents are cut; without packing or chunking, training never sees their ends"});
    } else if (p.count(95) && length < p.at(95)) {
        checks.push_back({"warning", "context " + ctx + " is below the p95 document length of " + tokens(p.at(95)) +
                                         " tokens" + src + ": more than 5% of documents are truncated when packing is off"});
    } else if (p.count(95)) {
        checks.push_back({"ok", "context " + ctx + " covers the p95 document length of " + tokens(p.at(95)) + " tokens" + src});
    }
    if (p.count(99) && length > 4 * p.at(99))
        checks.push_back({"note", "context " + ctx + " is far above the p99 document length of " + tokens(p.at(99)) +
                                      " tokens" + src + ": sequences will be packed from many documents and attention compute beyond p99 serves few of them"});
    return checks;
}

}  // namespace ma

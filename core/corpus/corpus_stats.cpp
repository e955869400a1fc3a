#include "corpus_stats.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "../error.h"
#include "../format.h"
#include "../json_fields.h"

namespace ma {
namespace {
constexpr int kPercentiles[] = {50, 90, 95, 99};
constexpr int64_t kLongestRecordedContext = int64_t(1) << 20;
std::string pct(double share) { return fmt::f("%.1f", 100.0 * share) + "%"; }
}  // namespace

void summarize(CorpusStats& s) {
    CorpusSummary& m = s.summary;
    std::vector<int64_t> sorted = s.tokens_per_document;
    std::sort(sorted.begin(), sorted.end());
    m.documents = sorted.size();
    m.percentiles.clear();
    m.max = sorted.empty() ? 0 : sorted.back();
    if (!sorted.empty())
        for (int p : kPercentiles) {  // nearest rank: the smallest length with at least p% of documents at or below it
            const size_t rank = size_t(std::ceil(double(p) / 100.0 * double(sorted.size())));
            m.percentiles[p] = sorted[std::max<size_t>(rank, 1) - 1];
        }
    // Histogram: [0,1), [1,2), [2,4), [4,8) ... up to the bin holding the longest document.
    m.histogram_edges = {0, 1};
    while (m.histogram_edges.back() <= m.max) m.histogram_edges.push_back(m.histogram_edges.back() * 2);
    m.histogram_counts.assign(m.histogram_edges.size() - 1, 0);
    for (int64_t n : sorted) {
        size_t bin = 0;
        while (bin + 1 < m.histogram_counts.size() && n >= m.histogram_edges[bin + 1]) ++bin;
        ++m.histogram_counts[bin];
    }
    m.longer_than.clear();
    for (int64_t c = 64; c <= kLongestRecordedContext; c *= 2)
        m.longer_than[c] = uint64_t(sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), c));
}

std::optional<CorpusYield> corpus_yield(const CorpusSummary& s, const FullCorpus& full) {
    if (!s.tokens) return std::nullopt;
    if (full.bytes)
        return CorpusYield{*full.bytes / s.file_bytes_per_token(),
                           "full corpus " + fmt::digits(uint64_t(*full.bytes)) + " bytes" + " / sample file bytes per token " + fmt::f("%.3f", s.file_bytes_per_token())};
    if (full.documents)
        return CorpusYield{*full.documents * s.mean_tokens(),
                           "full corpus " + fmt::digits(uint64_t(*full.documents)) + " documents" + " x sample mean tokens per document " + fmt::f("%.1f", s.mean_tokens())};
    return std::nullopt;
}

nlohmann::json to_json(const CorpusSummary& s) {
    nlohmann::json p = nlohmann::json::object(), longer = nlohmann::json::object();
    for (const auto& [k, v] : s.percentiles) p[std::to_string(k)] = v;
    for (const auto& [k, v] : s.longer_than) longer[std::to_string(k)] = v;
    return {{"documents", s.documents}, {"tokens", s.tokens}, {"bytes", s.bytes}, {"characters", s.characters}, {"file_bytes", s.file_bytes},
            {"bytes_per_token", s.bytes_per_token()}, {"characters_per_token", s.characters_per_token()},
            {"mean_tokens_per_document", s.mean_tokens()}, {"percentiles", std::move(p)}, {"max", s.max},
            {"histogram", {{"edges", s.histogram_edges}, {"counts", s.histogram_counts}}},
            {"longer_than", std::move(longer)}, {"tokenizer_fingerprint", s.tokenizer_fingerprint}};
}

CorpusSummary corpus_summary_from_json(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, where, "expected an object, found " + describe(j));
    auto get = [&](const char* key) -> const nlohmann::json& {
        auto it = j.find(key);
        if (it == j.end()) throw Error(ErrorCode::missing_field, where + "." + key, std::string(key) + " is missing");
        return *it;
    };
    auto count = [&](const nlohmann::json& v, const std::string& at) {
        const int64_t n = as_int(v, at);
        if (n < 0) throw Error(ErrorCode::invalid_value, at, "must not be negative");
        return n;
    };
    CorpusSummary s;
    s.documents = uint64_t(count(get("documents"), where + ".documents"));
    s.tokens = uint64_t(count(get("tokens"), where + ".tokens"));
    s.bytes = uint64_t(count(get("bytes"), where + ".bytes"));
    s.characters = uint64_t(count(get("characters"), where + ".characters"));
    s.file_bytes = uint64_t(count(get("file_bytes"), where + ".file_bytes"));
    s.max = count(get("max"), where + ".max");
    const nlohmann::json& p = get("percentiles");
    if (!p.is_object()) throw Error(ErrorCode::wrong_type, where + ".percentiles", "expected an object");
    for (int k : kPercentiles)
        if (p.contains(std::to_string(k))) s.percentiles[k] = count(p[std::to_string(k)], where + ".percentiles." + std::to_string(k));
    const nlohmann::json& h = get("histogram");
    if (!h.is_object() || !h.contains("edges") || !h.contains("counts") || !h["edges"].is_array() || !h["counts"].is_array() ||
        h["edges"].size() != h["counts"].size() + 1 || h["edges"].size() > 64)
        throw Error(ErrorCode::invalid_value, where + ".histogram", "expected {edges, counts} with one more edge than counts");
    for (const auto& e : h["edges"]) s.histogram_edges.push_back(count(e, where + ".histogram.edges"));
    for (const auto& c : h["counts"]) s.histogram_counts.push_back(uint64_t(count(c, where + ".histogram.counts")));
    const nlohmann::json& l = get("longer_than");
    if (!l.is_object() || l.size() > 64) throw Error(ErrorCode::invalid_value, where + ".longer_than", "expected an object of context -> documents");
    for (auto it = l.begin(); it != l.end(); ++it) {
        int64_t c = 0;
        try { c = std::stoll(it.key()); } catch (...) { c = -1; }
        if (c < 1 || std::to_string(c) != it.key()) throw Error(ErrorCode::invalid_value, where + ".longer_than." + it.key(), "is not a context length");
        s.longer_than[c] = uint64_t(count(it.value(), where + ".longer_than." + it.key()));
    }
    s.tokenizer_fingerprint = as_string(get("tokenizer_fingerprint"), where + ".tokenizer_fingerprint").substr(0, 80);
    return s;
}

nlohmann::json to_json(const CorpusStats& s, const FullCorpus& full) {
    nlohmann::json j = to_json(s.summary);
    j["counted_as"] = "HF tokenizers Tokenizer.encode(text, add_special_tokens=False), one count per document";
    j["tokens_per_document"] = s.tokens_per_document;
    nlohmann::json files = nlohmann::json::array();
    for (const CorpusFile& f : s.files) files.push_back({{"name", f.name}, {"format", f.format}, {"bytes", f.bytes}, {"documents", f.documents}});
    j["files"] = files;
    j["notes"] = s.notes;
    if (const auto y = corpus_yield(s.summary, full))
        j["full_corpus"] = {{"bytes", full.bytes ? nlohmann::json(*full.bytes) : nlohmann::json(nullptr)},
                            {"documents", full.documents ? nlohmann::json(*full.documents) : nlohmann::json(nullptr)},
                            {"tokens", y->tokens}, {"formula", y->formula}};
    else
        j["full_corpus"] = nullptr;
    return j;
}

SequenceLengths to_sequence_lengths(const CorpusSummary& s) {
    SequenceLengths l;
    l.file = "corpus sample, " + std::to_string(s.documents) + " documents";
    for (const auto& [k, v] : s.percentiles) l.percentiles[k] = double(v);
    l.max = double(s.max);
    l.mean = s.mean_tokens();
    if (s.tokens) l.bytes_per_token = s.bytes_per_token();
    l.documents = double(s.documents);
    return l;
}

std::optional<std::string> share_over_context(const CorpusSummary& s, int64_t context) {
    const auto it = s.longer_than.find(context);
    if (it == s.longer_than.end() || !s.documents) return std::nullopt;
    return std::to_string(it->second) + " of " + std::to_string(s.documents) + " sample documents (" +
           pct(double(it->second) / double(s.documents)) + ") are longer than the context of " + std::to_string(context) + " tokens";
}

std::vector<std::pair<std::string, std::string>> corpus_rows(const CorpusSummary& s, const FullCorpus& full, std::optional<int64_t> context) {
    std::vector<std::pair<std::string, std::string>> rows;
    auto row = [&](std::string k, std::string v) { rows.emplace_back(std::move(k), std::move(v)); };
    row("documents", fmt::digits(s.documents));
    row("tokens", fmt::digits(s.tokens) + " (HF encode without special tokens)");
    row("bytes per token", fmt::f("%.3f", s.bytes_per_token()));
    row("characters per token", fmt::f("%.3f", s.characters_per_token()));
    row("mean tokens per document", fmt::f("%.1f", s.mean_tokens()));
    for (const auto& [p, v] : s.percentiles) row("p" + std::to_string(p) + " tokens per document", fmt::digits(uint64_t(v)));
    row("max tokens per document", fmt::digits(uint64_t(s.max)));
    if (context) {
        const auto share = share_over_context(s, *context);
        row("longer than the context", share ? *share : "not recorded for context " + std::to_string(*context) + " (only powers of two are)");
    }
    if (const auto y = corpus_yield(s, full)) row("tokens in the full corpus", fmt::si(y->tokens) + " = " + y->formula);
    return rows;
}

std::vector<std::pair<std::string, uint64_t>> corpus_histogram(const CorpusSummary& s) {
    std::vector<std::pair<std::string, uint64_t>> bins;
    for (size_t i = 0; i < s.histogram_counts.size(); ++i) {
        const int64_t lo = s.histogram_edges[i], hi = s.histogram_edges[i + 1] - 1;
        bins.emplace_back(lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi), s.histogram_counts[i]);
    }
    return bins;
}

nlohmann::json corpus_display(const CorpusSummary& s, const FullCorpus& full, std::optional<int64_t> context) {
    nlohmann::json rows = nlohmann::json::array(), bins = nlohmann::json::array();
    for (const auto& [k, v] : corpus_rows(s, full, context)) rows.push_back({k, v});
    for (const auto& [label, n] : corpus_histogram(s)) bins.push_back({{"label", label}, {"documents", n}});
    return {{"rows", std::move(rows)}, {"histogram", std::move(bins)}};
}

std::string corpus_markdown(const CorpusSummary& s, const FullCorpus& full, std::optional<int64_t> context) {
    std::string out = fmt::header({"corpus sample", "value"});
    for (const auto& [k, v] : corpus_rows(s, full, context)) out += fmt::row({k, v});
    out += "\nTokens per document:\n\n" + fmt::header({"tokens", "documents"});
    for (const auto& [label, n] : corpus_histogram(s))
        if (n) out += fmt::row({label, std::to_string(n)});
    return out;
}

}  // namespace ma

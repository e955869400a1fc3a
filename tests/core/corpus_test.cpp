// Corpus samples: documents out of .txt and .jsonl as chunks arrive, the
// statistics of the token counts, and the summary a share link carries.
#include <catch2/catch.hpp>

#include "corpus/corpus_session.h"
#include "corpus/corpus_stats.h"
#include "corpus/document_reader.h"
#include "error.h"
#include "test_support.h"

namespace {
// Every document of `text` fed in chunks of `chunk` bytes.
std::vector<std::string> documents(const std::string& name, const std::string& text, size_t chunk,
                                   ma::TxtSplit split = ma::TxtSplit::blank_lines, const std::string& field = "text") {
    std::vector<std::string> out;
    ma::DocumentReader r(name, field, split, [&](std::string_view d) { out.emplace_back(d); });
    for (size_t i = 0; i < text.size(); i += chunk) r.feed(std::string_view(text).substr(i, chunk));
    r.finish();
    return out;
}

}  // namespace

TEST_CASE("documents split the same whatever the chunk size", "[corpus]") {
    const std::string txt = "first line\nsecond\n\n \t\n\nnext doc\r\n\nlast";
    for (size_t chunk : {1, 2, 3, 7, 100}) {
        CHECK(documents("a.txt", txt, chunk) == std::vector<std::string>{"first line\nsecond", "next doc\r", "last"});
        CHECK(documents("a.txt", txt, chunk, ma::TxtSplit::file) == std::vector<std::string>{txt});
    }
    const std::string jsonl = "{\"text\": \"a \\u00e9\", \"id\": 1}\n\n{\"meta\": {\"text\": 1}, \"text\": \"b\\nc\"}\n{\"body\":\"x\",\"text\":\"\"}";
    for (size_t chunk : {1, 5, 1000}) CHECK(documents("s.jsonl", jsonl, chunk) == std::vector<std::string>{"a \xC3\xA9", "b\nc", ""});
    CHECK(documents("s.jsonl", "{\"body\": \"x\"}\n", 4, ma::TxtSplit::file, "body") == std::vector<std::string>{"x"});
}

TEST_CASE("bad sample files are refused naming the file and line", "[corpus][errors]") {
    auto e = error_of([] { documents("s.jsonl", "{\"text\": \"ok\"}\n{\"body\": \"x\"}\n", 3); });
    CHECK(e.where() == "s.jsonl:2");
    CHECK(std::string(e.what()).find("no \"text\" field") != std::string::npos);
    e = error_of([] { documents("s.jsonl", "{\"text\": 3}\n", 100); });
    CHECK(std::string(e.what()).find("not a string") != std::string::npos);
    e = error_of([] { documents("s.jsonl", "{\"text\": \"a\"} trailing\n", 100); });
    CHECK(e.where().rfind("s.jsonl:1", 0) == 0);
    e = error_of([] { documents("s.csv", "a,b\n", 100); });
    CHECK(e.code() == ma::ErrorCode::unsupported);
}

TEST_CASE("statistics: nearest-rank percentiles, power-of-two histogram, documents longer than each context", "[corpus]") {
    ma::CorpusStats s;
    for (int64_t n = 1; n <= 100; ++n) s.tokens_per_document.push_back(n * 50);  // 50 .. 5000
    s.summary.tokens = 252500;
    s.summary.bytes = 1010000;
    s.summary.file_bytes = 1100000;
    ma::summarize(s);
    const auto& m = s.summary;
    CHECK(m.documents == 100);
    CHECK(m.percentiles.at(50) == 2500);
    CHECK(m.percentiles.at(90) == 4500);
    CHECK(m.percentiles.at(99) == 4950);
    CHECK(m.max == 5000);
    CHECK(m.longer_than.at(4096) == 19);   // 4100 .. 5000
    CHECK(m.longer_than.at(64) == 99);
    uint64_t total = 0;
    for (size_t i = 0; i < m.histogram_counts.size(); ++i) {
        total += m.histogram_counts[i];
        CHECK(m.histogram_edges[i + 1] == std::max<int64_t>(1, m.histogram_edges[i] * 2));
    }
    CHECK(total == 100);
    CHECK(m.histogram_edges.back() > m.max);
    const auto y = ma::corpus_yield(m, {1.1e9, std::nullopt});
    REQUIRE(y);
    CHECK(y->tokens == Approx(2.525e8));  // 1.1e9 bytes / (1.1e6 bytes / 252,500 tokens)
    CHECK(ma::share_over_context(m, 4096)->find("19 of 100 sample documents (19.0%)") != std::string::npos);
    CHECK_FALSE(ma::share_over_context(m, 3000));
    const auto back = ma::corpus_summary_from_json(ma::to_json(m), "state.corpus");
    CHECK(ma::to_json(back) == ma::to_json(m));
}

TEST_CASE("a summary from a link is validated field by field", "[corpus][errors]") {
    ma::CorpusStats s;
    s.tokens_per_document = {3, 4};
    ma::summarize(s);
    nlohmann::json j = ma::to_json(s.summary);
    j["longer_than"]["abc"] = 1;
    CHECK(error_of([&] { ma::corpus_summary_from_json(j, "link.corpus"); }).where() == "link.corpus.longer_than.abc");
    j = ma::to_json(s.summary);
    j["histogram"]["counts"].push_back(1);
    CHECK(error_of([&] { ma::corpus_summary_from_json(j, "link.corpus"); }).where() == "link.corpus.histogram");
    j = ma::to_json(s.summary);
    j["tokens"] = -1;
    CHECK(error_of([&] { ma::corpus_summary_from_json(j, "link.corpus"); }).where() == "link.corpus.tokens");
}

TEST_CASE("a corpus session counts what the encoder gives, per file and in input order", "[corpus]") {
    ma::CorpusSession session(fixture("trainer_export", {"tokenizer.json"}), {});
    session.feed("a.txt", "hello ", false);
    session.feed("a.txt", "world", true);
    session.feed("b.jsonl", "{\"text\":\"x\"", false);  // a line may span chunks
    CHECK(error_of([&] { session.feed("c.txt", "x", true); }).where() == "c.txt");  // but files do not interleave
    session.feed("b.jsonl", "}\n{\"text\":\"hello\"}\n", true);
    const ma::CorpusStats st = session.finish();
    REQUIRE(st.files.size() == 2);
    CHECK(st.files[0].documents == 1);
    CHECK(st.files[1].documents == 2);
    CHECK(st.tokens_per_document.size() == 3);
    CHECK(st.tokens_per_document[0] == int64_t(session.encode("hello world").size()));
    CHECK(st.summary.bytes == 11 + 1 + 5);
}

TEST_CASE("a corpus sample feeds the design: tokens available, context checks and the report", "[corpus][designer]") {
    ma::TokenizerFacts facts = ma::read_tokenizer(fixture("trainer_export"));
    ma::CorpusStats s;
    for (int64_t n = 1; n <= 200; ++n) s.tokens_per_document.push_back(n * 30);  // 30 .. 6000 tokens
    s.summary.tokens = 603000;
    s.summary.bytes = s.summary.file_bytes = 2412000;  // 4 bytes per token
    ma::summarize(s);
    s.summary.tokenizer_fingerprint = facts.fingerprint;
    facts.corpus = s.summary;
    ma::DesignRequest r;
    r.params = 1e9;
    r.context = 4096;
    r.corpus_bytes = 4e11;  // 400 GB -> 1e11 tokens
    const ma::Design d = ma::run_design(r, facts);
    REQUIRE(d.request.tokens_available);
    CHECK(*d.request.tokens_available == Approx(1e11));
    REQUIRE_FALSE(d.notes.empty());
    CHECK(d.notes.front().kind == ma::NoteKind::corpus_tokens);
    bool share = false, p95 = false;
    for (const auto& c : d.context_checks) {
        share = share || c.message.find("64 of 200 sample documents (32.0%) are longer than the context of 4096") != std::string::npos;
        p95 = p95 || c.message.find("p95 document length of 5700 tokens (corpus sample, 200 documents)") != std::string::npos;
    }
    CHECK(share);
    CHECK(p95);
    r.tokens_available = 5e10;  // given: it wins
    CHECK(*ma::run_design(r, facts).request.tokens_available == 5e10);
}

// Embind layer: forwards to ma::api and converts types, nothing else.
// Every function returns a plain JS object {ok, body, error_code, error_where,
// error_message, error_text}; nothing for JS to delete.
#include <emscripten/bind.h>
#include <malloc.h>

#include "api.h"

using namespace emscripten;

namespace {

// Bytes from JS: a Uint8Array or ArrayBuffer is copied into wasm memory in one TypedArray.set
// (Embind's std::string conversion copies byte by byte in JS); a string converts as usual.
std::string bytes_of(const val& v) {
    if (v.isString()) return v.as<std::string>();
    const val bytes = v.instanceof(val::global("Uint8Array")) ? v : val::global("Uint8Array").new_(v);
    std::string out(bytes["length"].as<size_t>(), '\0');
    val(typed_memory_view(out.size(), reinterpret_cast<unsigned char*>(out.data()))).call<void>("set", bytes);
    return out;
}

// UTF-8 text to a JS string in one TextDecoder call over wasm memory: Emscripten 3.1.6's
// std::string conversion walks the bytes one by one in JS (9 % of a design call for 54 KB).
val js_text(const std::string& text) {
    if (text.empty()) return val("");
    static const val decoder = val::global("TextDecoder").new_();
    return decoder.call<val>("decode", typed_memory_view(text.size(), reinterpret_cast<const unsigned char*>(text.data())));
}

val to_js(const ma::api::Result& r) {
    val out = val::object();
    out.set("ok", r.ok);
    out.set("body", js_text(r.body));
    out.set("error_code", js_text(r.error_code));
    out.set("error_where", js_text(r.error_where));
    out.set("error_message", js_text(r.error_message));
    out.set("error_text", js_text(r.error_text));
    return out;
}

// A core call bound with its Result converted by to_js; string arguments convert as usual.
template <auto F> struct AsJs;
template <typename... A, ma::api::Result (*F)(A...)> struct AsJs<F> {
    static val call(A... args) { return to_js(F(args...)); }
};

// [{name, bytes}] from JS (bytes: Uint8Array, ArrayBuffer or string) -> core input files.
std::vector<ma::InputFile> to_input_files(const val& files) {
    std::vector<ma::InputFile> out;
    const auto n = files["length"].as<unsigned>();
    out.reserve(n);
    for (unsigned i = 0; i < n; ++i) out.push_back({files[i]["name"].as<std::string>(), bytes_of(files[i]["bytes"])});
    return out;
}

ma::api::Result read_tokenizer(const val& files, const std::string& format, double context) {
    return ma::api::read_tokenizer(to_input_files(files), format, static_cast<int64_t>(context));
}

ma::api::Result design(const val& files, const std::string& request) {
    return ma::api::design(to_input_files(files), request);
}

ma::api::Result design_state(const val& files, const std::string& state) {
    return ma::api::design_state(to_input_files(files), state);
}

ma::api::Result corpus_open(const val& files, const std::string& options) {
    return ma::api::corpus_open(to_input_files(files), options);
}

// chunk / text: Uint8Array (bytes) or string.
ma::api::Result corpus_feed(int session, const std::string& file, const val& chunk, bool last) {
    return ma::api::corpus_feed(session, file, bytes_of(chunk), last);
}

ma::api::Result corpus_encode(int session, const val& text) { return ma::api::corpus_encode(session, bytes_of(text)); }

ma::api::Result tokenizer_open(const val& files) { return ma::api::tokenizer_open(to_input_files(files)); }

// One piece of a streamed file, copied into wasm memory in bulk (a Uint8Array from File.slice()).
ma::api::Result tokenizer_stream_feed(int session, const std::string& name, const val& bytes) {
    return ma::api::tokenizer_stream_feed(session, name, bytes_of(bytes));
}

// Bytes the allocator holds for live objects (linear memory itself never shrinks): lets tests
// check that closing a tokenizer or a corpus session gives everything back.
double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(model_architect) {
    function("countParams", &AsJs<&ma::api::count_params>::call);
    function("listFamilies", &AsJs<&ma::api::list_families>::call);
    function("readTokenizer", &AsJs<&read_tokenizer>::call);
    function("estimateMemory", &AsJs<&ma::api::estimate_memory>::call);
    function("design", &AsJs<&design>::call);
    function("designState", &AsJs<&design_state>::call);
    function("tokenizerOpen", &AsJs<&tokenizer_open>::call);
    function("designStateLoaded", &AsJs<&ma::api::design_state_loaded>::call);
    function("tokenizerClose", &ma::api::tokenizer_close);
    function("tokenizerStreamOpen", &AsJs<&ma::api::tokenizer_stream_open>::call);
    function("tokenizerStreamFeed", &AsJs<&tokenizer_stream_feed>::call);
    function("tokenizerStreamFinish", &AsJs<&ma::api::tokenizer_stream_finish>::call);
    function("tokenizerStreamClose", &ma::api::tokenizer_stream_close);
    function("shareEncode", &AsJs<&ma::api::share_encode>::call);
    function("shareDecode", &AsJs<&ma::api::share_decode>::call);
    function("designSeed", &AsJs<&ma::api::design_seed>::call);
    function("listGpus", &AsJs<&ma::api::list_gpus>::call);
    function("describeOptions", &AsJs<&ma::api::describe_options>::call);
    function("isTokenizerInputName", &ma::api::is_tokenizer_input_name);
    function("corpusOpen", &AsJs<&corpus_open>::call);
    function("corpusFeed", &AsJs<&corpus_feed>::call);
    function("corpusFinish", &AsJs<&ma::api::corpus_finish>::call);
    function("corpusEncode", &AsJs<&corpus_encode>::call);
    function("corpusClose", &ma::api::corpus_close);
    function("heapInUse", &heap_in_use);
}

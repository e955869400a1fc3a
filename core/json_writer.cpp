#include "json_writer.h"

#include <cmath>
#include <cstring>

#include "text_bytes.h"

namespace ma {
namespace {

// Bytes dump() writes as they are: printable ASCII other than '"' and '\\' (0x7F included).
struct PlainBytes {
    bool plain[256] = {};
    PlainBytes() {
        for (int c = 0x20; c < 0x80; ++c) plain[c] = true;
        plain[int('"')] = plain[int('\\')] = false;
    }
};
const PlainBytes kPlain;

template <typename Int>
void append_digits(Int v, std::string& out) {
    char buf[24];
    char* end = buf + sizeof buf;
    char* p = end;
    // Negate in unsigned arithmetic so INT64_MIN is written too.
    using U = std::make_unsigned_t<Int>;
    U u = v < 0 ? U(0) - U(v) : U(v);
    do *--p = char('0' + u % 10); while ((u /= 10) != 0);
    if (v < 0) *--p = '-';
    out.append(p, size_t(end - p));
}

}  // namespace

void append_json_string(std::string_view text, std::string& out) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    out.push_back('"');
    size_t run = 0;  // start of the bytes not yet copied
    for (size_t i = 0; i < n;) {
        if (n - i >= 8) {  // most text is plain ASCII: eight bytes a step
            uint64_t w;
            std::memcpy(&w, s + i, 8);
            if (!text_bytes::json_string_stops(w)) { i += 8; continue; }
        }
        const unsigned char c = s[i];
        if (kPlain.plain[c]) { ++i; continue; }
        if (c >= 0x80) {
            const size_t len = text_bytes::utf8_sequence_length(s + i, n - i);
            if (len == 0) (void)nlohmann::json(std::string(text)).dump();  // throws dump()'s own type_error 316
            i += len;
            continue;
        }
        out.append(text.substr(run, i - run));
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            default: {
                static const char hex[] = "0123456789abcdef";
                const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                out.append(u, 6);
            }
        }
        run = ++i;
    }
    out.append(text.substr(run, n - run));
    out.push_back('"');
}

void append_json_integer(int64_t v, std::string& out) { append_digits(v, out); }
void append_json_integer(uint64_t v, std::string& out) { append_digits(v, out); }

void append_json_double(double x, std::string& out) {
    if (!std::isfinite(x)) {
        out += "null";
        return;
    }
    char buf[64];
    const char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, x);  // dump()'s own Grisu2
    out.append(buf, size_t(end - buf));
}

void append_json(const nlohmann::json& v, std::string& out) {
    using T = nlohmann::json::value_t;
    switch (v.type()) {
        case T::object: {
            out.push_back('{');
            bool first = true;
            for (const auto& [key, item] : v.get_ref<const nlohmann::json::object_t&>()) {
                if (!first) out.push_back(',');
                first = false;
                append_json_string(key, out);
                out.push_back(':');
                append_json(item, out);
            }
            out.push_back('}');
            return;
        }
        case T::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& item : v.get_ref<const nlohmann::json::array_t&>()) {
                if (!first) out.push_back(',');
                first = false;
                append_json(item, out);
            }
            out.push_back(']');
            return;
        }
        case T::string: return append_json_string(v.get_ref<const std::string&>(), out);
        case T::boolean: out += v.get<bool>() ? "true" : "false"; return;
        case T::number_integer: return append_json_integer(v.get<int64_t>(), out);
        case T::number_unsigned: return append_json_integer(v.get<uint64_t>(), out);
        case T::number_float: return append_json_double(v.get<double>(), out);
        case T::null: out += "null"; return;
        default: out += v.dump(); return;  // binary and discarded values: as dump() writes them
    }
}

std::string write_json(const nlohmann::json& value) {
    std::string out;
    out.reserve(4096);
    append_json(value, out);
    return out;
}

std::string JsonObjectText::text() const {
    std::string out;
    append_to(out);  // which reserves the room
    return out;
}

void JsonObjectText::append_to(std::string& out) const {
    // Members in key order by insertion sort, stable (of a key given twice, the first stays first
    // and is the one written): an object has a few dozen members at most, and this allocates
    // nothing where std::stable_sort took a buffer for every object of every summary.
    constexpr size_t kOnStack = 48;
    const Member* on_stack[kOnStack];
    std::vector<const Member*> on_heap;
    const Member** order = on_stack;
    if (members_.size() > kOnStack) {
        on_heap.resize(members_.size());
        order = on_heap.data();
    }
    for (size_t i = 0; i < members_.size(); ++i) {
        const Member* m = &members_[i];
        size_t j = i;
        for (; j > 0 && m->key < order[j - 1]->key; --j) order[j] = order[j - 1];
        order[j] = m;
    }
    out.reserve(out.size() + text_.size() + members_.size() * 24 + 2);
    out.push_back('{');
    for (size_t i = 0; i < members_.size(); ++i) {
        if (i > 0 && order[i]->key == order[i - 1]->key) continue;
        out += i > 0 ? ",\"" : "\"";
        out += order[i]->key;  // a literal JSON writes as it is (the class's contract): no scan
        out += "\":";
        out.append(text_, order[i]->begin, order[i]->size);
    }
    out.push_back('}');
}

}  // namespace ma

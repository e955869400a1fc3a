#include "error.h"

namespace ma {

const char* error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_json: return "invalid_json";
        case ErrorCode::missing_field: return "missing_field";
        case ErrorCode::wrong_type: return "wrong_type";
        case ErrorCode::invalid_value: return "invalid_value";
        case ErrorCode::unsupported: return "unsupported";
        case ErrorCode::overflow: return "overflow";
        case ErrorCode::missing_input: return "missing_input";
        case ErrorCode::conflict: return "conflict";
    }
    return "error";
}

namespace {

// Messages quote user input; keep them valid UTF-8 so every consumer (JSON,
// the page, a terminal) can show them. Invalid bytes become U+FFFD.
std::string valid_utf8(const std::string& in) {
    std::string out;
    size_t i = 0;
    while (i < in.size()) {
        const auto c = static_cast<unsigned char>(in[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = len > 0 && i + len <= in.size();
        for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(in[i + k]) >> 6) == 0x2;
        const bool printable = len > 1 || c >= 0x20 || c == '\n' || c == '\t';
        if (ok && printable) {
            out.append(in, i, len);
            i += len;
        } else {
            out += ok && len == 1 ? " " : "\xEF\xBF\xBD";  // control characters become spaces
            i += ok ? len : 1;
        }
    }
    return out;
}

std::string join(const std::string& where, const std::string& message) {
    return where.empty() ? message : where + ": " + message;
}

}  // namespace

Error::Error(ErrorCode code, std::string where, const std::string& message)
    : std::runtime_error(valid_utf8(join(where, message))),
      code_(code),
      where_(valid_utf8(where)),
      message_(valid_utf8(message)) {}

}  // namespace ma

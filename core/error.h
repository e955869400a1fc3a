// One typed error for every input path of the core. The message always names
// where the fault is (file, field or value) so callers can show it unchanged.
#pragma once

#include <stdexcept>
#include <string>

namespace ma {

enum class ErrorCode {
    invalid_json,     // text is not JSON, or not UTF-8, or truncated
    missing_field,    // a required field is absent
    wrong_type,       // a field has the wrong JSON type
    invalid_value,    // a value is out of range or violates a shape rule
    unsupported,      // a combination no Hugging Face architecture implements
    overflow,         // a count or size does not fit in 64 bits
    missing_input,    // a whole artifact (file) is missing
    conflict,         // two inputs disagree
};

const char* error_code_name(ErrorCode code);

class Error : public std::runtime_error {
public:
    // `where` names the input ("config.json", "config.json: hidden_size");
    // `message` says what is wrong with it, naming the values.
    Error(ErrorCode code, std::string where, const std::string& message);

    ErrorCode code() const { return code_; }
    const std::string& where() const { return where_; }
    const std::string& message() const { return message_; }

private:
    ErrorCode code_;
    std::string where_;
    std::string message_;
};

}  // namespace ma

// One file the tool writes: its name and text, or why it cannot be written.
#pragma once

#include <optional>
#include <string>

namespace ma {

struct OutputFile {
    std::string name;
    std::optional<std::string> text;
    std::string error;  // when !text
};

}  // namespace ma

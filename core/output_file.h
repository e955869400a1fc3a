// One file the tool writes: its name and text, or why it cannot be written.
#pragma once

#include <optional>
#include <string>

namespace ma {

struct OutputFile {
    std::string name;
    std::optional<std::string> text;
    std::string error;  // when !text
    bool deferred = false;  // not rendered on this call (the page asks for a report when its panel opens)
};

}  // namespace ma

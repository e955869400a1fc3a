// One file the tool writes: its name and text, or why it cannot be written; what it is (the page
// lists the launch files apart) and its media type (the page's downloads say it).
#pragma once

#include <optional>
#include <string>

namespace ma {

enum class OutputKind { config, report, launch };

struct OutputFile {
    std::string name;
    std::optional<std::string> text;
    std::string error;  // when !text
    bool deferred = false;  // not rendered on this call (the page asks for a report when its panel opens)
    OutputKind kind = OutputKind::launch;  // design_files() sets the config's and the reports'
};

const char* kind_name(OutputKind kind);  // "config", "report", "launch"

// By the name's extension: application/json, text/markdown, application/toml, text/yaml,
// text/x-python, text/x-shellscript; text/plain otherwise.
const char* media_type_of(const std::string& file_name);

}  // namespace ma

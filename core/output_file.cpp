#include "output_file.h"

#include "file_names.h"

namespace ma {

const char* kind_name(OutputKind kind) {
    switch (kind) {
        case OutputKind::config: return "config";
        case OutputKind::report: return "report";
        case OutputKind::launch: break;
    }
    return "launch";
}

const char* media_type_of(const std::string& file_name) {
    if (ends_with(file_name, ".json")) return "application/json";
    if (ends_with(file_name, ".md")) return "text/markdown";
    if (ends_with(file_name, ".toml")) return "application/toml";
    if (ends_with(file_name, ".yaml") || ends_with(file_name, ".yml")) return "text/yaml";
    if (ends_with(file_name, ".py")) return "text/x-python";
    if (ends_with(file_name, ".sh")) return "text/x-shellscript";
    return "text/plain";
}

}  // namespace ma

#include "output_file.h"

namespace ma {

const char* kind_name(FileKind kind) {
    switch (kind) {
        case FileKind::config: return "config";
        case FileKind::report: return "report";
        case FileKind::launch: break;
    }
    return "launch";
}

const char* media_type_of(const std::string& file_name) {
    const auto ends_with = [&](const char* ext) {
        const std::string e(ext);
        return file_name.size() >= e.size() && file_name.compare(file_name.size() - e.size(), e.size(), e) == 0;
    };
    if (ends_with(".json")) return "application/json";
    if (ends_with(".md")) return "text/markdown";
    if (ends_with(".toml")) return "application/toml";
    if (ends_with(".yaml") || ends_with(".yml")) return "text/yaml";
    if (ends_with(".py")) return "text/x-python";
    if (ends_with(".sh")) return "text/x-shellscript";
    return "text/plain";
}

}  // namespace ma

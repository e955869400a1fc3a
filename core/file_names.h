// What a file's name says: its extension.
#pragma once

#include <string_view>

namespace ma {

inline bool ends_with(std::string_view name, std::string_view suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace ma

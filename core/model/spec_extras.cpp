#include "spec_extras.h"

namespace ma {

SpecExtras::SpecExtras() {
    // One empty object for every spec that has none of its own; never changed (edit() copies it,
    // as this reference keeps it shared).
    static const std::shared_ptr<nlohmann::json> empty = std::make_shared<nlohmann::json>(nlohmann::json::object());
    value_ = empty;
}

nlohmann::json& SpecExtras::edit() {
    if (value_.use_count() > 1) value_ = std::make_shared<nlohmann::json>(*value_);
    return *value_;
}

}  // namespace ma

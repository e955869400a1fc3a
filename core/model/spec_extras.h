// ArchSpec's family-specific keys, shared between copies until one is changed. A design copies
// specs everywhere (each candidate, each cache key, each resolve), and a copied nlohmann object
// allocated and freed a map of nodes every time: a sixth of a recompute's instructions.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace ma {

class SpecExtras {
public:
    SpecExtras();  // an empty object

    const nlohmann::json& json() const { return *value_; }
    // The object to change: this spec's own copy from here on.
    nlohmann::json& edit();

    nlohmann::json::const_iterator find(const std::string& key) const { return value_->find(key); }
    nlohmann::json::const_iterator begin() const { return value_->cbegin(); }
    nlohmann::json::const_iterator end() const { return value_->cend(); }
    bool contains(const std::string& key) const { return value_->contains(key); }
    const nlohmann::json& at(const std::string& key) const { return value_->at(key); }
    const nlohmann::json& operator[](const std::string& key) const { return value_->at(key); }
    nlohmann::json& operator[](const std::string& key) { return edit()[key]; }

    friend bool operator==(const SpecExtras& a, const SpecExtras& b) { return a.value_ == b.value_ || *a.value_ == *b.value_; }
    friend bool operator!=(const SpecExtras& a, const SpecExtras& b) { return !(a == b); }

private:
    std::shared_ptr<nlohmann::json> value_;
};

}  // namespace ma

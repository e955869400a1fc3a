// Field<S> for a struct member, from a member pointer: `bind<&TrainingSetup::tp>("tp")`.
// Values arrive validated by the schema; these only convert between JSON and the member's type.
#pragma once

#include <optional>
#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "../estimates/gpu_catalog.h"
#include "choices.h"
#include "schema.h"

namespace ma::binding {

template <class T>
void from_value(const nlohmann::json& v, T& out) {
    if constexpr (std::is_enum_v<T>) out = parse_choice<T>(v.get<std::string>(), "option");
    else out = v.get<T>();
}
inline void from_value(const nlohmann::json& v, Gpu& out) { out = gpu_from_json(v, "gpu"); }
template <class T>
void from_value(const nlohmann::json& v, std::optional<T>& out) {
    T value{};
    from_value(v, value);
    out = value;
}

template <class T>
nlohmann::json to_value(const T& v) {
    if constexpr (std::is_enum_v<T>) return name_of(v);
    else return v;
}
inline nlohmann::json to_value(const Gpu& g) { return g.id; }
template <class T>
nlohmann::json to_value(const std::optional<T>& v) {
    return v ? to_value(*v) : nlohmann::json(nullptr);
}

template <auto Member>
struct Bind;

template <class S, class T, T S::*Member>
struct Bind<Member> {
    using Struct = S;
    static void set(S& s, const nlohmann::json& v) { from_value(v, s.*Member); }
    static nlohmann::json get(const S& s) { return to_value(s.*Member); }
    static bool same(const S& a, const S& b) { return a.*Member == b.*Member; }
};

}  // namespace ma::binding

namespace ma {

template <auto Member>
Field<typename binding::Bind<Member>::Struct> bind(std::string key) {
    return {std::move(key), &binding::Bind<Member>::set, &binding::Bind<Member>::get, &binding::Bind<Member>::same};
}

}  // namespace ma

#include "api.h"

#include "count_report.h"
#include "error.h"
#include "family.h"
#include "hf_config.h"
#include "param_count.h"

namespace ma::api {
namespace {

template <typename Fn>
Result guarded(Fn&& fn) {
    Result r;
    try {
        r.body = fn();
        r.ok = true;
    } catch (const Error& e) {
        r.error_code = error_code_name(e.code());
        r.error_where = e.where();
        r.error_message = e.what();
    } catch (const std::exception& e) {
        // Anything else is a defect in the core; still never abort the module.
        r.error_code = "internal";
        r.error_message = std::string("internal error: ") + e.what();
    }
    return r;
}

void require_format(const std::string& format) {
    if (format != "json" && format != "text")
        throw Error(ErrorCode::invalid_value, "format", "'" + format + "' is not json or text");
}

}  // namespace

Result count_params(const std::string& config_text, const std::string& file_name, const std::string& format) {
    return guarded([&] {
        require_format(format);
        const ConfigRead read = read_hf_config(config_text, file_name);
        const ParamCount count = count_parameters(read.spec);
        if (format == "text") return count_text(read.spec, count);
        nlohmann::json j = count_json(read.spec, count);
        j["defaulted_fields"] = read.defaulted;
        j["ignored_fields"] = read.ignored;
        return j.dump(2) + "\n";
    });
}

Result list_families() {
    return guarded([] {
        nlohmann::json out = nlohmann::json::array();
        for (const Family& f : families())
            out.push_back({{"model_type", f.model_type}, {"architecture", f.architecture},
                           {"summary", f.summary}, {"defaults", f.defaults}});
        return out.dump(2) + "\n";
    });
}

}  // namespace ma::api

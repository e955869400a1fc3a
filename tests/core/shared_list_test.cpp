// SharedList: copies share one immutable list (a parameter count copied out of its cache does
// not copy its tensors), and an empty one reads as an empty list.
#include <catch2/catch.hpp>

#include <string>

#include "model/param_count.h"
#include "shared_list.h"
#include "test_support.h"

TEST_CASE("a SharedList's copies share its items; a default one is empty", "[shared_list]") {
    const ma::SharedList<std::string> none;
    CHECK(none.empty());
    CHECK(none.size() == 0);
    CHECK(none.begin() == none.end());
    const ma::SharedList<std::string> list(std::vector<std::string>{"a", "b", "c"});
    const ma::SharedList<std::string> copy = list;
    CHECK(&copy.items() == &list.items());
    CHECK(copy.size() == 3);
    CHECK(copy.front() == "a");
    CHECK(copy[1] == "b");
    CHECK(copy.back() == "c");
}

TEST_CASE("two counts of one spec share one tensor list", "[shared_list][param_count]") {
    ma::ArchSpec spec = gpt2_124m();
    const ma::ParamCount a = ma::count_parameters(spec);
    const ma::ParamCount b = ma::count_parameters(spec);
    CHECK(&a.tensors.items() == &b.tensors.items());
    CHECK(a.total == b.total);
    spec.num_hidden_layers += 1;
    CHECK(&ma::count_parameters(spec).tensors.items() != &a.tensors.items());
}

#include "quantity.h"

#include "../format.h"

namespace ma {

Q Q::num(double value) { return Q(value, texts() ? fmt::g(value) : std::string(), kAtom); }

}  // namespace ma

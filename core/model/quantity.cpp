#include "quantity.h"

#include "../format.h"

namespace ma {

Q Q::num(double value) { return Q(value, fmt::g(value), kAtom); }

}  // namespace ma

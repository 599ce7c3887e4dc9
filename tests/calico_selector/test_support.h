// Shared helpers for the Calico selector tests: printing ASTs in failure messages.
#pragma once

#include <ostream>

#include "models/calico/selector/ast.h"
#include "models/calico/selector/printer.h"

namespace netpol::calico::selector {

// GoogleTest and RapidCheck print values through these (found by argument-dependent lookup).
inline void PrintTo(const Node& node, std::ostream* os) { *os << to_string(node); }
inline void PrintTo(const Selector& selector, std::ostream* os) { *os << to_string(selector); }
inline void showValue(const Node& node, std::ostream& os) { os << to_string(node); }
inline void showValue(const Selector& selector, std::ostream& os) { os << to_string(selector); }

}  // namespace netpol::calico::selector

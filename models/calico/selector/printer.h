// Printing a selector, in the canonical form of upstream's Selector.String()
// (projectcalico/calico libcalico-go/lib/selector/parser/ast.go, the collectFragments methods):
//   all()  global()  has(l)  l == "v"  l != "v"  l contains "v"  l starts with "v"
//   l ends with "v"  l in {"a", "b"}  l not in {}  !x  (a && b && c)  (a || b)
// A literal is quoted with "..." unless it contains '"', then with '...'. && and || groups are
// always parenthesised, so the text keeps the tree's exact shape.
#pragma once

#include <string>

#include "models/calico/selector/ast.h"

namespace netpol::calico::selector {

// Exactly upstream's String(). Its one flaw: Not(Not(x)) prints as "!!x", which parses back
// to x (leading '!'s collapse), so this text is equivalent but not always the same tree.
// Use it where the engine models an upstream step that works on String() text (e.g. the
// strings.Replace in updateprocessors).
// Requires: is_well_formed(node); no literal contains both ' and " (such a literal cannot
// come from parsing, and upstream would print it unparseably); throws std::invalid_argument.
std::string to_calico_string(const Node& node);
std::string to_calico_string(const Selector& selector);

// Canonical form that parses back to an equal AST: parse(to_string(s)) == s for every
// well-formed s. Identical to to_calico_string() except that the operand of a Not that is
// itself a Not is parenthesised: Not(Not(x)) prints "!(!x)".
// Requires and throws as to_calico_string().
std::string to_string(const Node& node);
std::string to_string(const Selector& selector);

}  // namespace netpol::calico::selector

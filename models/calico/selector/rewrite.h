// Selector rewrites the Calico engine needs to model how Calico scopes selectors
// (projectcalico/calico libcalico-go/lib/backend/syncersv1/updateprocessors/selectors.go,
// rules.go getEndpointSelector, globalnetworkpolicyprocessor.go).
//
// Upstream does these steps on text: it parses, applies a PrefixVisitor, prints with String(),
// glues strings together with "(%s) && (%s)" and parses again. Each function here states the
// text step it stands for and gives the tree that re-parsing upstream's text yields.
#pragma once

#include <string>
#include <string_view>

#include "models/calico/selector/ast.h"

namespace netpol::calico::selector {

// True if the selector is exactly all() (the root is an All node), which is what "" and
// "all()" parse to. Syntactic: "has(a) || !has(a)" is not all(). Upstream tests the printed
// text against "all()" in the same way (e.g. the strings.Replace in rules.go).
bool is_all(const Selector& selector);

// True if any node of the selector is global().
bool uses_global(const Selector& selector);

// `left && right` as upstream builds it from text: "(L) && (R)" parses to And[L, R] with each
// side kept whole (an And on either side stays a nested group; nothing is flattened or
// simplified, so all() operands stay too). Equal to upstream's result whenever each side's text
// is a valid selector that is not blank: upstream glues the raw text, so a selector of only
// spaces (valid on its own, meaning all()) becomes "( )", which does not parse. Callers
// modelling that gluing must check for blank text themselves.
Selector and_of(const Selector& left, const Selector& right);
// The same, reusing the operands' trees instead of copying them.
Selector and_of(Selector&& left, Selector&& right);

// Every label name in the selector gets `prefix` in front (has(), ==, !=, contains, starts
// with, ends with, in, not in), as upstream's parser.PrefixVisitor (parser/ast.go) does; all()
// and global() are unchanged. Example: with "pcns.", `team == "a"` -> `pcns.team == "a"`.
// The result is not re-validated: a label can grow beyond 512 characters, as upstream's can.
Selector with_label_prefix(const Selector& selector, std::string_view prefix);
Selector with_label_prefix(Selector&& selector, std::string_view prefix);  // in place

// Go's strings.Replace(text, from, to, -1): every non-overlapping occurrence, left to right.
// Upstream applies it to raw selector text in places, e.g. globalnetworkpolicyprocessor.go
// replaces "all()" in "(<spec.selector as written>) && <prefixed namespaceSelector>", so an
// `all()` the user wrote in spec.selector (but not `all( )`) is rewritten as well.
// Requires: `from` non-empty (std::invalid_argument otherwise).
std::string replace_all_text(std::string_view text, std::string_view from, std::string_view to);

// Upstream's text substitution strings.Replace(sel.String(), from, to, -1) followed by a parse
// (rules.go: "all()" -> "has(projectcalico.org/namespace)", "global()" ->
// "!has(projectcalico.org/namespace)"). Being textual it also rewrites inside quoted literals,
// e.g. `a == "all()"`; modelling that faithfully is the point of this function.
// Requires: `from` non-empty (std::invalid_argument otherwise; upstream only replaces fixed
// non-empty words). Throws SyntaxError if the substituted text does not parse.
Selector replace_text_like_calico(const Selector& selector, std::string_view from,
                                  std::string_view to);
// The same; when nothing is replaced, the selector itself is handed back instead of a copy.
Selector replace_text_like_calico(Selector&& selector, std::string_view from, std::string_view to);

}  // namespace netpol::calico::selector

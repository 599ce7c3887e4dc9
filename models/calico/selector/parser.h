// Parser for Calico's selector language, following projectcalico/calico
// libcalico-go/lib/selector/parser/parser.go (Parser.parseRoot, parseOrExpression,
// parseAndExpression, parseOperation). Unchanged in behaviour from v3.28 to v3.32 and HEAD.
//
// Grammar (precedence from lowest: ||, &&, then the prefix !):
//   selector  := <only whitespace>                          -> all()
//              | or EOF
//   or        := and ( '||' and )*                          -> the single operand, or Or[...]
//   and       := operation ( '&&' operation )*              -> the single operand, or And[...]
//   operation := '!'* ( has(l) | all() | global()
//                     | l '==' str | l '!=' str | l contains str
//                     | l starts with str | l ends with str
//                     | l in set | l not in set
//                     | '(' or ')' )
//   set       := '{' ( str ( ',' str )* ','? )? '}'         (empty sets and a trailing comma
//                                                            are fine; a lone ',' is not)
// Leading '!'s collapse to one boolean (parseOperation): an odd number wraps the operation in
// one Not, an even number leaves it bare, so "!!x" is x while "!(!x)" is Not(Not(x)).
// The right-hand side of every comparison must be a string literal; label == label is an error.
#pragma once

#include <cstddef>
#include <string_view>

#include "models/calico/selector/ast.h"
#include "models/calico/selector/syntax_error.h"

namespace netpol::calico::selector {

// Deepest nesting of parentheses parse() accepts. Upstream (Go, growable stacks) has no limit;
// ours keeps recursion bounded on hostile input. Far above anything the API accepts: the CRD
// schema caps selector fields at 1,024 characters (projectcalico/calico
// api/pkg/apis/projectcalico/v3/policy_common.go, networkpolicy.go: kubebuilder MaxLength=1024).
inline constexpr std::size_t kMaxNesting = 2048;

// Parses `text` into a Selector. Whitespace-only or empty text gives all().
// Throws SyntaxError on every input upstream's Parse() rejects (tokenizer errors first, since
// upstream tokenizes the whole input before parsing), and with kind NestingTooDeep on nesting
// deeper than kMaxNesting.
Selector parse(std::string_view text);

}  // namespace netpol::calico::selector

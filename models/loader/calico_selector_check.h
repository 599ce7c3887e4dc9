// Validation-only check of Calico selector expressions, for the loader.
//
// The loader must reject a selector that Calico's validator rejects (validator.go
// `validateSelector` -> libcalico-go/lib/selector `Validate`), but it keeps selectors as text:
// parsing them into an AST and evaluating them is the calico engine's selector library
// (models/calico/selector). This file accepts exactly the language of
// libcalico-go/lib/selector/tokenizer/tokenizer.go (`AppendTokens`) and
// libcalico-go/lib/selector/parser/parser.go (`parseRoot`, `parseOrExpression`,
// `parseAndExpression`, `parseOperation`) and builds nothing.
//
// TODO(calico-input): once models/calico/selector builds as its own target, the loader could
// link it and call its parser instead; the two must accept the same language (the selector
// suite's table of malformed expressions is the shared reference).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netpol {

// Returns std::nullopt when `selector` parses as a Calico selector (the empty string does: it
// means all()), else an error message in the words of Calico's tokenizer/parser.
std::optional<std::string> calico_selector_error(std::string_view selector);

// Token kinds of Calico's tokenizer, exposed for the namespaceSelector global() rule
// (validator.go `validateEntityRule` tokenizes the selector and looks at its first token).
enum class CalicoTokenKind {
  Label, StringLiteral, LBrace, RBrace, Comma, Eq, Ne, In, Not, NotIn, Contains, StartsWith,
  EndsWith, All, Has, LParen, RParen, And, Or, Global, Eof
};

// Tokenizes as Calico's AppendTokens does; the last token is always Eof. Returns std::nullopt
// (and fills `error`) when the tokenizer rejects the text.
std::optional<std::vector<CalicoTokenKind>> calico_selector_tokens(std::string_view selector,
                                                                   std::string* error = nullptr);

}  // namespace netpol

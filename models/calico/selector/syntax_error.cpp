#include "models/calico/selector/syntax_error.h"

#include <fmt/format.h>

namespace netpol::calico::selector {

std::string_view describe(SyntaxErrorKind kind) {
  switch (kind) {
    case SyntaxErrorKind::UnterminatedString: return "unterminated string";
    case SyntaxErrorKind::ExpectedEquals: return "expected ==";
    case SyntaxErrorKind::ExpectedAnd: return "expected &&";
    case SyntaxErrorKind::ExpectedOr: return "expected ||";
    case SyntaxErrorKind::ExpectedOperatorAfterLabel: return "expected operator after label";
    case SyntaxErrorKind::MissingCloseParenAfterHas: return "no closing ')' after has(";
    case SyntaxErrorKind::MissingCloseParenAfterAll: return "no closing ')' after all(";
    case SyntaxErrorKind::MissingCloseParenAfterGlobal: return "no closing ')' after global(";
    case SyntaxErrorKind::ExpectedIdentifier: return "expected identifier";
    case SyntaxErrorKind::LabelTooLong: return "label too long";
    case SyntaxErrorKind::UnexpectedEnd: return "unexpected end of selector";
    case SyntaxErrorKind::ExpectedString: return "expected string";
    case SyntaxErrorKind::ExpectedSetLiteral: return "expected set literal";
    case SyntaxErrorKind::ExpectedCloseBrace: return "expected }";
    case SyntaxErrorKind::ExpectedCloseParen: return "expected )";
    case SyntaxErrorKind::ExpectedComparison: return "expected comparison operator";
    case SyntaxErrorKind::UnexpectedToken: return "unexpected token";
    case SyntaxErrorKind::TrailingContent: return "unexpected content at end of selector";
    case SyntaxErrorKind::NestingTooDeep: return "parentheses nested too deeply";
  }
  return "unknown selector error";
}

SyntaxError::SyntaxError(SyntaxErrorKind kind, std::size_t offset, std::string detail,
                         std::string_view selector)
    : std::runtime_error(
          fmt::format("invalid selector {:?}: {} at offset {}", selector, detail, offset)),
      kind_(kind),
      offset_(offset),
      detail_(std::move(detail)) {}

}  // namespace netpol::calico::selector

// The error raised for a selector that Calico's tokenizer or parser rejects.
//
// Calico's own errors (projectcalico/calico libcalico-go/lib/selector/tokenizer/tokenizer.go and
// parser/parser.go) carry only a short message. Ours carry the same cause as a kind, plus the byte
// offset of the offending character or token, so that the Calico engine can wrap it into an
// InputError that names file and field and still points inside the selector string.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace netpol::calico::selector {

// One value per distinct error path of upstream's tokenizer and parser, in the order they
// appear there. The upstream message each one stands for is given beside it.
enum class SyntaxErrorKind {
  // Tokenizer (tokenizer.go AppendTokens / cutIdentifier).
  UnterminatedString,          // "unterminated string"
  ExpectedEquals,              // "expected ==" (a lone '=')
  ExpectedAnd,                 // "expected &&" (a lone '&')
  ExpectedOr,                  // "expected ||" (a lone '|')
  ExpectedOperatorAfterLabel,  // "expected operator after label %q"
  MissingCloseParenAfterHas,   // "no closing ')' after has("
  MissingCloseParenAfterAll,   // "no closing ')' after all("
  MissingCloseParenAfterGlobal,  // "no closing ')' after global("
  ExpectedIdentifier,          // "expected identifier" (empty label, or a character no rule takes)
  LabelTooLong,                // "label too long: %s" (more than 512 characters)
  // Parser (parser.go).
  UnexpectedEnd,               // ErrUnexpectedEOF "unexpected end of string looking for op"
  ExpectedString,              // ErrExpectedString "expected string"
  ExpectedSetLiteral,          // ErrExpectedSetLit "expected set literal"
  ExpectedCloseBrace,          // ErrExpectedRBrace "expected }"
  ExpectedCloseParen,          // ErrExpectedRParen "expected )"
  ExpectedComparison,          // "expected == or != not: %v" (label followed by a non-operator)
  UnexpectedToken,             // "unexpected token: %v" (an operation cannot start here)
  TrailingContent,             // "unexpected content at end of selector %v"
  // Ours: Go grows its stack, we do not; see parser.h kMaxNesting.
  NestingTooDeep,
};

// A short stable name for the kind ("unterminated string", ...), for messages and test output.
std::string_view describe(SyntaxErrorKind kind);

// Thrown by tokenize() and parse(). what() reads
//   invalid selector "<selector>": <detail> at offset <offset>
// Invariant: offset() <= size of the selector text that was being read.
class SyntaxError : public std::runtime_error {
 public:
  // `detail` is the human-readable cause (it may quote the offending token); `selector` is the
  // whole input, quoted into what().
  SyntaxError(SyntaxErrorKind kind, std::size_t offset, std::string detail,
              std::string_view selector);

  SyntaxErrorKind kind() const { return kind_; }
  // 0-based byte offset into the selector text where reading failed.
  std::size_t offset() const { return offset_; }
  // The cause without the selector text and offset, e.g. `expected operator after label "a"`.
  const std::string& detail() const { return detail_; }

 private:
  SyntaxErrorKind kind_;
  std::size_t offset_;
  std::string detail_;
};

}  // namespace netpol::calico::selector

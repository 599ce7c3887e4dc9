// Lexer for Calico's selector language, as implemented by projectcalico/calico
// libcalico-go/lib/selector/tokenizer/tokenizer.go as of the hand-written tokenizer (commit
// 927bb3e0, "Squash allocations in selector parsing", first released in v3.30.0; unchanged at
// v3.31.0, v3.32.0 and HEAD 87c15906).
//
// Not modelled: v3.28/v3.29 used regular expressions (tokenizer.go at v3.29.0) that differ only
// on odd input: Go's \s (also \n \r \f) was allowed inside has( ), all( ), global( ) and
// between the words of `not in`, `starts with`, `ends with`; `contains`/`starts with`/
// `ends with` needed no word boundary after them; a label longer than 512 characters was cut
// after 512 instead of rejected. We found no selector that both accept but read differently.
//
// Lexical rules, all from tokenizer.go:
//  - Whitespace is only ' ' and '\t' (trimWhitespace); newline, CR etc. are not whitespace.
//  - A label (identifier) is 1..512 bytes of [A-Za-z0-9_./-] (identifierChar, MaxLabelLength).
//  - String literals are '...' or "..." with no escapes: the literal ends at the next quote of
//    the same kind, so it may contain the other kind of quote and any other byte.
//  - Punctuation: ( ) { } , == != ! && ||. A lone '=', '&' or '|' is an error.
//  - Immediately after a label (and only there) the words `contains`, `starts with`,
//    `ends with`, `not in` and `in` are operators; the two-word ones may have any amount of
//    whitespace, including none, between the words ("startswith", "notin"), and every operator
//    word must end at a word boundary (end of input or a non-label character) after trailing
//    whitespace is skipped. Anything else after a label that is not punctuation is an error.
//  - Elsewhere `has(`, `all(` and `global(` (no space before '(') start function tokens:
//    has( <ws> label <ws> ), all( <ws> ), global( <ws> ). Otherwise a word is a label, so
//    `in`, `all` or `contains` in label position are plain labels.
//  - The whole input is tokenized before parsing, so a lexical error anywhere wins over a
//    grammar error earlier in the text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "models/calico/selector/syntax_error.h"

namespace netpol::calico::selector {

// The token kinds of tokenizer.go (TokNone is never produced and so is not modelled).
enum class TokenKind {
  Label,
  StringLiteral,
  LBrace,
  RBrace,
  Comma,
  Eq,
  Ne,
  In,
  Not,
  NotIn,
  Contains,
  StartsWith,
  EndsWith,
  All,
  Has,
  LParen,
  RParen,
  And,
  Or,
  Global,
  Eof,
};

// Upstream's stringer name of the kind ("TokLabel", ...), used in error details.
std::string_view token_kind_name(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::Eof;
  // Label: the label name; StringLiteral: the literal without quotes; Has: the label inside
  // has(...). Empty for every other kind.
  std::string value;
  // Byte offset in the input where the token starts (for Eof: the input length).
  std::size_t offset = 0;

  bool operator==(const Token&) const = default;
};

// The longest label Calico accepts (tokenizer.MaxLabelLength).
inline constexpr std::size_t kMaxLabelLength = 512;

// True for the bytes Calico allows in a label: [A-Za-z0-9_./-] (tokenizer.identifierChar).
bool is_label_char(char c);

// True if `label` is a whole valid label: 1..512 label characters (tokenizer.ValidLabel).
bool is_valid_label(std::string_view label);

// Splits `input` into tokens, ending with exactly one Eof token.
// Throws SyntaxError (a tokenizer kind) where Calico's tokenizer returns an error; the offset
// is where the offending text starts.
std::vector<Token> tokenize(std::string_view input);

}  // namespace netpol::calico::selector

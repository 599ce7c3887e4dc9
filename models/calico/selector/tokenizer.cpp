// Lexer; every rule here follows projectcalico/calico
// libcalico-go/lib/selector/tokenizer/tokenizer.go (AppendTokens and its helpers).
#include "models/calico/selector/tokenizer.h"

#include <fmt/format.h>

namespace netpol::calico::selector {

std::string_view token_kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::Label: return "TokLabel";
    case TokenKind::StringLiteral: return "TokStringLiteral";
    case TokenKind::LBrace: return "TokLBrace";
    case TokenKind::RBrace: return "TokRBrace";
    case TokenKind::Comma: return "TokComma";
    case TokenKind::Eq: return "TokEq";
    case TokenKind::Ne: return "TokNe";
    case TokenKind::In: return "TokIn";
    case TokenKind::Not: return "TokNot";
    case TokenKind::NotIn: return "TokNotIn";
    case TokenKind::Contains: return "TokContains";
    case TokenKind::StartsWith: return "TokStartsWith";
    case TokenKind::EndsWith: return "TokEndsWith";
    case TokenKind::All: return "TokAll";
    case TokenKind::Has: return "TokHas";
    case TokenKind::LParen: return "TokLParen";
    case TokenKind::RParen: return "TokRParen";
    case TokenKind::And: return "TokAnd";
    case TokenKind::Or: return "TokOr";
    case TokenKind::Global: return "TokGlobal";
    case TokenKind::Eof: return "TokEOF";
  }
  return "TokUnknown";
}

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '.' || c == '/' || c == '-';
}

namespace {

// Reads the input left to right; `pos` is the next unread byte.
class Lexer {
 public:
  explicit Lexer(std::string_view input) : input_(input) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    tokens.reserve(16);
    for (;;) {
      skip_whitespace();
      if (pos_ == input_.size()) {
        tokens.push_back(Token{TokenKind::Eof, {}, pos_});
        return tokens;
      }
      const bool after_label = !tokens.empty() && tokens.back().kind == TokenKind::Label;
      tokens.push_back(next_token(after_label, after_label ? tokens.back().value : ""));
    }
  }

  // Cuts a label at `pos_` (tokenizer.cutIdentifier): empty or over-long is an error.
  std::string cut_label() {
    const std::size_t start = pos_;
    while (pos_ < input_.size() && is_label_char(input_[pos_])) ++pos_;
    const std::size_t length = pos_ - start;
    if (length == 0) {
      fail(SyntaxErrorKind::ExpectedIdentifier, start, describe_here(start));
    }
    if (length > kMaxLabelLength) {
      fail(SyntaxErrorKind::LabelTooLong, start,
           fmt::format("label too long ({} characters, at most {})", length, kMaxLabelLength));
    }
    return std::string(input_.substr(start, length));
  }

 private:
  // Only space and tab count as whitespace (tokenizer.trimWhitespace).
  void skip_whitespace() {
    while (pos_ < input_.size() && (input_[pos_] == ' ' || input_[pos_] == '\t')) ++pos_;
  }

  bool starts_with(std::size_t at, std::string_view word) const {
    return input_.substr(at).starts_with(word);
  }

  // Word boundary (tokenizer.isWordBoundary): end of input or a non-label character.
  bool boundary_at(std::size_t at) const {
    return at >= input_.size() || !is_label_char(input_[at]);
  }

  // tokenizer.cutPrefixCheckBreak: the word, then a boundary (no whitespace skipped first).
  bool cut_word(std::string_view word) {
    if (!starts_with(pos_, word) || !boundary_at(pos_ + word.size())) return false;
    pos_ += word.size();
    return true;
  }

  // tokenizer.cutMultiWordPrefixCheckBreak: each word followed by optional whitespace (so
  // "notin" and "not  in" both match), and a boundary only after the whitespace that follows
  // the last word.
  bool cut_words(std::string_view first, std::string_view second) {
    std::size_t at = pos_;
    for (std::string_view word : {first, second}) {
      if (!starts_with(at, word)) return false;
      at += word.size();
      while (at < input_.size() && (input_[at] == ' ' || input_[at] == '\t')) ++at;
    }
    if (!boundary_at(at)) return false;
    pos_ = at;
    return true;
  }

  [[noreturn]] void fail(SyntaxErrorKind kind, std::size_t at, std::string detail) const {
    throw SyntaxError(kind, at, std::move(detail), input_);
  }

  std::string describe_here(std::size_t at) const {
    if (at >= input_.size()) return "expected identifier, found end of selector";
    return fmt::format("expected identifier, found {:?}", input_.substr(at, 1));
  }

  Token simple(TokenKind kind, std::size_t length) {
    Token token{kind, {}, pos_};
    pos_ += length;
    return token;
  }

  Token quoted(char quote) {
    const std::size_t start = pos_;
    const std::size_t close = input_.find(quote, start + 1);
    if (close == std::string_view::npos) {
      fail(SyntaxErrorKind::UnterminatedString, start,
           fmt::format("unterminated string (no closing {})", quote));
    }
    pos_ = close + 1;
    return Token{TokenKind::StringLiteral,
                 std::string(input_.substr(start + 1, close - start - 1)), start};
  }

  // `name(` has been seen at `start`: whitespace, then ')' (tokenizer.go all(/global().
  Token empty_call(TokenKind kind, std::size_t start, std::size_t name_length,
                   SyntaxErrorKind missing) {
    pos_ = start + name_length;
    skip_whitespace();
    if (pos_ >= input_.size() || input_[pos_] != ')') {
      fail(missing, pos_, std::string(describe(missing)));
    }
    ++pos_;
    return Token{kind, {}, start};
  }

  Token next_token(bool after_label, const std::string& previous_label) {
    const std::size_t start = pos_;
    switch (input_[pos_]) {
      case '(': return simple(TokenKind::LParen, 1);
      case ')': return simple(TokenKind::RParen, 1);
      case '{': return simple(TokenKind::LBrace, 1);
      case '}': return simple(TokenKind::RBrace, 1);
      case ',': return simple(TokenKind::Comma, 1);
      case '"': return quoted('"');
      case '\'': return quoted('\'');
      case '=':
        if (starts_with(pos_, "==")) return simple(TokenKind::Eq, 2);
        fail(SyntaxErrorKind::ExpectedEquals, start, "expected == (a lone '=' is not an operator)");
      case '!':
        if (starts_with(pos_, "!=")) return simple(TokenKind::Ne, 2);
        return simple(TokenKind::Not, 1);
      case '&':
        if (starts_with(pos_, "&&")) return simple(TokenKind::And, 2);
        fail(SyntaxErrorKind::ExpectedAnd, start, "expected && (a lone '&' is not an operator)");
      case '|':
        if (starts_with(pos_, "||")) return simple(TokenKind::Or, 2);
        fail(SyntaxErrorKind::ExpectedOr, start, "expected || (a lone '|' is not an operator)");
      default: break;
    }
    if (after_label) {
      // Same order as upstream: contains, starts with, ends with, not in, in.
      if (cut_word("contains")) return Token{TokenKind::Contains, {}, start};
      if (cut_words("starts", "with")) return Token{TokenKind::StartsWith, {}, start};
      if (cut_words("ends", "with")) return Token{TokenKind::EndsWith, {}, start};
      if (cut_words("not", "in")) return Token{TokenKind::NotIn, {}, start};
      if (cut_word("in")) return Token{TokenKind::In, {}, start};
      fail(SyntaxErrorKind::ExpectedOperatorAfterLabel, start,
           fmt::format("expected operator after label {:?}", previous_label));
    }
    if (starts_with(pos_, "has(")) {
      pos_ += 4;
      skip_whitespace();
      std::string label = cut_label();
      skip_whitespace();
      if (pos_ >= input_.size() || input_[pos_] != ')') {
        fail(SyntaxErrorKind::MissingCloseParenAfterHas, pos_, "no closing ')' after has(");
      }
      ++pos_;
      return Token{TokenKind::Has, std::move(label), start};
    }
    if (starts_with(pos_, "all(")) {
      return empty_call(TokenKind::All, start, 4, SyntaxErrorKind::MissingCloseParenAfterAll);
    }
    if (starts_with(pos_, "global(")) {
      return empty_call(TokenKind::Global, start, 7,
                        SyntaxErrorKind::MissingCloseParenAfterGlobal);
    }
    return Token{TokenKind::Label, cut_label(), start};
  }

  std::string_view input_;
  std::size_t pos_ = 0;
};

}  // namespace

bool is_valid_label(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabelLength) return false;
  for (char c : label) {
    if (!is_label_char(c)) return false;
  }
  return true;
}

std::vector<Token> tokenize(std::string_view input) { return Lexer(input).run(); }

}  // namespace netpol::calico::selector

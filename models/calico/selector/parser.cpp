// Recursive descent over the token list, one function per upstream function of
// projectcalico/calico libcalico-go/lib/selector/parser/parser.go, with the same error paths.
#include "models/calico/selector/parser.h"

#include <fmt/format.h>

#include <vector>

#include "models/calico/selector/tokenizer.h"

namespace netpol::calico::selector {

namespace {

// Upstream prints tokens with Token.String(): "Kind(value)".
std::string show(const Token& token) {
  return fmt::format("{}({})", token_kind_name(token.kind), token.value);
}

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  // parser.go parseRoot.
  Node parse_root() {
    if (current().kind == TokenKind::Eof) return make_all();
    Node node = parse_or();
    if (current().kind != TokenKind::Eof) {
      std::string rest;
      for (std::size_t i = next_; i < tokens_.size(); ++i) {
        if (!rest.empty()) rest += ' ';
        rest += show(tokens_[i]);
      }
      fail(SyntaxErrorKind::TrailingContent, current(),
           fmt::format("unexpected content at end of selector: {}", rest));
    }
    return node;
  }

 private:
  const Token& current() const { return tokens_[next_]; }
  // The token `ahead` places after the current one, or the final Eof if that runs off the end.
  const Token& peek(std::size_t ahead) const {
    return tokens_[std::min(next_ + ahead, tokens_.size() - 1)];
  }

  [[noreturn]] void fail(SyntaxErrorKind kind, const Token& at, std::string detail) const {
    throw SyntaxError(kind, at.offset, std::move(detail), text_);
  }

  // parser.go parseOrExpression: one or more && terms separated by ||.
  Node parse_or() {
    std::vector<Node> terms;
    terms.push_back(parse_and());
    while (current().kind == TokenKind::Or) {
      ++next_;
      terms.push_back(parse_and());
    }
    if (terms.size() == 1) return std::move(terms.front());
    return make_or(std::move(terms));
  }

  // parser.go parseAndExpression: one or more operations separated by &&.
  Node parse_and() {
    std::vector<Node> operations;
    operations.push_back(parse_operation());
    while (current().kind == TokenKind::And) {
      ++next_;
      operations.push_back(parse_operation());
    }
    if (operations.size() == 1) return std::move(operations.front());
    return make_and(std::move(operations));
  }

  // parser.go parseOperation: leading '!'s collapse into one boolean.
  Node parse_operation() {
    bool negated = false;
    while (current().kind == TokenKind::Not) {
      negated = !negated;
      ++next_;
    }
    Node node = parse_positive_operation();
    return negated ? make_not(std::move(node)) : node;
  }

  Node parse_positive_operation() {
    const Token& token = current();
    switch (token.kind) {
      case TokenKind::Has:
        ++next_;
        return make_has(token.value);
      case TokenKind::All:
        ++next_;
        return make_all();
      case TokenKind::Global:
        ++next_;
        return make_global();
      case TokenKind::Label:
        return parse_label_operation();
      case TokenKind::LParen:
        return parse_parenthesised();
      default:
        fail(SyntaxErrorKind::UnexpectedToken, token,
             token.kind == TokenKind::Eof
                 ? std::string("unexpected end of selector, expected an operation")
                 : fmt::format("unexpected token {}, expected an operation", show(token)));
    }
  }

  Node parse_parenthesised() {
    const Token& open = current();
    if (++depth_ > kMaxNesting) {
      fail(SyntaxErrorKind::NestingTooDeep, open,
           fmt::format("parentheses nested more than {} deep", kMaxNesting));
    }
    ++next_;
    Node inner = parse_or();
    if (current().kind != TokenKind::RParen) {
      fail(SyntaxErrorKind::ExpectedCloseParen, current(),
           fmt::format("expected ) to close the ( at offset {}, found {}", open.offset,
                       show(current())));
    }
    ++next_;
    --depth_;
    return inner;
  }

  // A label, an operator token and a literal or set (parser.go, case TokLabel).
  Node parse_label_operation() {
    const Token& label = current();
    // Upstream: fewer than three tokens left means label, EOF.
    if (next_ + 2 >= tokens_.size()) {
      fail(SyntaxErrorKind::UnexpectedEnd, peek(1),
           fmt::format("unexpected end of selector after label {:?}, expected an operator",
                       label.value));
    }
    const Token& op = peek(1);
    const Token& operand = peek(2);
    NodeKind kind;
    switch (op.kind) {
      case TokenKind::Eq: kind = NodeKind::Equal; break;
      case TokenKind::Ne: kind = NodeKind::NotEqual; break;
      case TokenKind::Contains: kind = NodeKind::Contains; break;
      case TokenKind::StartsWith: kind = NodeKind::StartsWith; break;
      case TokenKind::EndsWith: kind = NodeKind::EndsWith; break;
      case TokenKind::In:
      case TokenKind::NotIn:
        return parse_set_operation(label, op.kind == TokenKind::In ? NodeKind::In : NodeKind::NotIn);
      default:
        fail(SyntaxErrorKind::ExpectedComparison, op,
             fmt::format("expected an operator (==, !=, contains, starts with, ends with, in, "
                         "not in) after label {:?}, found {}",
                         label.value, show(op)));
    }
    if (operand.kind != TokenKind::StringLiteral) {
      fail(SyntaxErrorKind::ExpectedString, operand,
           fmt::format("expected a quoted string after the operator, found {}", show(operand)));
    }
    next_ += 3;
    return make_comparison(kind, label.value, operand.value);
  }

  Node parse_set_operation(const Token& label, NodeKind kind) {
    const Token& open = peek(2);
    if (open.kind != TokenKind::LBrace) {
      fail(SyntaxErrorKind::ExpectedSetLiteral, open,
           fmt::format("expected a set literal {{...}} after in/not in, found {}", show(open)));
    }
    next_ += 3;
    std::vector<std::string> values;
    // Upstream loop: a string, then a comma or the end of the list.
    while (current().kind == TokenKind::StringLiteral) {
      values.push_back(current().value);
      ++next_;
      if (current().kind != TokenKind::Comma) break;
      ++next_;
    }
    if (current().kind != TokenKind::RBrace) {
      fail(SyntaxErrorKind::ExpectedCloseBrace, current(),
           fmt::format("expected }} or a quoted string in the set, found {}", show(current())));
    }
    ++next_;
    return make_set(kind, label.value, std::move(values));
  }

  std::string_view text_;
  std::vector<Token> tokens_;  // ends with exactly one Eof
  std::size_t next_ = 0;       // index of the current token; never past the Eof
  std::size_t depth_ = 0;      // open parentheses
};

}  // namespace

Selector parse(std::string_view text) {
  Parser parser(text, tokenize(text));
  return Selector(parser.parse_root());
}

}  // namespace netpol::calico::selector

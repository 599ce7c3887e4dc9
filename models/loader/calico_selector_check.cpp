#include "models/loader/calico_selector_check.h"

#include <cstddef>

namespace netpol {
namespace {

using K = CalicoTokenKind;

// tokenizer.go MaxLabelLength.
constexpr std::size_t kMaxLabelLength = 512;

// tokenizer.go identifierChar: [a-zA-Z0-9_./-].
bool identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '/' || c == '-';
}

// tokenizer.go trimWhitespace: only space and tab are whitespace.
std::string_view trim(std::string_view in) {
  std::size_t i = 0;
  while (i < in.size() && (in[i] == ' ' || in[i] == '\t')) ++i;
  return in.substr(i);
}

bool cut_prefix(std::string_view& in, std::string_view prefix) {
  if (in.substr(0, prefix.size()) != prefix) return false;
  in.remove_prefix(prefix.size());
  return true;
}

// tokenizer.go isWordBoundary.
bool word_boundary(std::string_view in) { return in.empty() || !identifier_char(in[0]); }

// tokenizer.go cutPrefixCheckBreak / cutMultiWordPrefixCheckBreak: the words may be separated
// by any amount of whitespace, including none ("notin", "startswith").
bool cut_words(std::string_view& in, std::initializer_list<std::string_view> words) {
  std::string_view rest = in;
  bool first = true;
  for (std::string_view w : words) {
    if (!first) rest = trim(rest);
    first = false;
    if (!cut_prefix(rest, w)) return false;
  }
  if (!word_boundary(rest)) return false;
  in = rest;
  return true;
}

// tokenizer.go cutIdentifier.
bool cut_identifier(std::string_view& in, std::string* error) {
  std::size_t i = 0;
  while (i < in.size() && identifier_char(in[i])) ++i;
  if (i == 0) {
    if (error) *error = "expected identifier";
    return false;
  }
  if (i > kMaxLabelLength) {
    if (error) *error = "label too long: " + std::string(in.substr(0, i));
    return false;
  }
  in.remove_prefix(i);
  return true;
}

// parser.go, validate-only: each function consumes tokens from `pos`.
class Grammar {
 public:
  explicit Grammar(const std::vector<K>& tokens) : t_(tokens) {}

  std::optional<std::string> root() {
    if (t_[0] == K::Eof) return std::nullopt;  // empty selector = all()
    if (auto e = or_expr()) return e;
    if (t_[pos_] != K::Eof) return std::string("unexpected content at end of selector");
    return std::nullopt;
  }

 private:
  std::optional<std::string> or_expr() {
    if (auto e = and_expr()) return e;
    while (t_[pos_] == K::Or) {
      ++pos_;
      if (auto e = and_expr()) return e;
    }
    return std::nullopt;
  }

  std::optional<std::string> and_expr() {
    if (auto e = operation()) return e;
    while (t_[pos_] == K::And) {
      ++pos_;
      if (auto e = operation()) return e;
    }
    return std::nullopt;
  }

  // parser.go parseOperation: any number of '!' then one operand.
  std::optional<std::string> operation() {
    while (t_[pos_] == K::Not) ++pos_;
    switch (t_[pos_]) {
      case K::Has:
      case K::All:
      case K::Global:
        ++pos_;
        return std::nullopt;
      case K::Label:
        return comparison();
      case K::LParen: {
        ++pos_;
        if (auto e = or_expr()) return e;
        if (t_[pos_] != K::RParen) return std::string("expected )");
        ++pos_;
        return std::nullopt;
      }
      default:
        return std::string("unexpected token");
    }
  }

  std::optional<std::string> comparison() {
    ++pos_;  // the label
    if (t_[pos_] == K::Eof) return std::string("unexpected end of string looking for op");
    K op = t_[pos_];
    switch (op) {
      case K::Eq:
      case K::Ne:
      case K::Contains:
      case K::StartsWith:
      case K::EndsWith:
        ++pos_;
        if (t_[pos_] != K::StringLiteral) return std::string("expected string");
        ++pos_;
        return std::nullopt;
      case K::In:
      case K::NotIn:
        ++pos_;
        if (t_[pos_] != K::LBrace) return std::string("expected set literal");
        ++pos_;
        // Zero or more string literals separated by commas; a trailing comma is allowed.
        while (t_[pos_] == K::StringLiteral) {
          ++pos_;
          if (t_[pos_] != K::Comma) break;
          ++pos_;
        }
        if (t_[pos_] != K::RBrace) return std::string("expected }");
        ++pos_;
        return std::nullopt;
      default:
        return std::string("expected == or != after label");
    }
  }

  const std::vector<K>& t_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<std::vector<CalicoTokenKind>> calico_selector_tokens(std::string_view in,
                                                                   std::string* error) {
  std::vector<K> out;
  for (;;) {
    in = trim(in);
    if (in.empty()) {
      out.push_back(K::Eof);
      return out;
    }
    const bool after_label = !out.empty() && out.back() == K::Label;
    const char c = in[0];
    auto fail = [&](const std::string& message) -> std::optional<std::vector<K>> {
      if (error) *error = message;
      return std::nullopt;
    };
    if (c == '(' || c == ')' || c == '{' || c == '}' || c == ',') {
      out.push_back(c == '(' ? K::LParen : c == ')' ? K::RParen : c == '{' ? K::LBrace
                                                    : c == '}' ? K::RBrace : K::Comma);
      in.remove_prefix(1);
    } else if (c == '"' || c == '\'') {
      // No escapes: the literal ends at the next quote of the same kind.
      std::size_t end = in.find(c, 1);
      if (end == std::string_view::npos) return fail("unterminated string");
      out.push_back(K::StringLiteral);
      in.remove_prefix(end + 1);
    } else if (c == '=') {
      if (!cut_prefix(in, "==")) return fail("expected ==");
      out.push_back(K::Eq);
    } else if (c == '!') {
      if (cut_prefix(in, "!=")) {
        out.push_back(K::Ne);
      } else {
        out.push_back(K::Not);
        in.remove_prefix(1);
      }
    } else if (c == '&') {
      if (!cut_prefix(in, "&&")) return fail("expected &&");
      out.push_back(K::And);
    } else if (c == '|') {
      if (!cut_prefix(in, "||")) return fail("expected ||");
      out.push_back(K::Or);
    } else if (after_label) {
      // After a label only an operator word may follow (tokenizer.go, same order of tries).
      if (cut_words(in, {"contains"})) {
        out.push_back(K::Contains);
      } else if (cut_words(in, {"starts", "with"})) {
        out.push_back(K::StartsWith);
      } else if (cut_words(in, {"ends", "with"})) {
        out.push_back(K::EndsWith);
      } else if (cut_words(in, {"not", "in"})) {
        out.push_back(K::NotIn);
      } else if (cut_words(in, {"in"})) {
        out.push_back(K::In);
      } else {
        return fail("expected operator after label");
      }
    } else if (cut_prefix(in, "has(")) {
      // No space is allowed between the function name and '('; inside, spaces are.
      in = trim(in);
      std::string message;
      if (!cut_identifier(in, &message)) return fail(message);
      in = trim(in);
      if (!cut_prefix(in, ")")) return fail("no closing ')' after has(");
      out.push_back(K::Has);
    } else if (cut_prefix(in, "all(")) {
      in = trim(in);
      if (!cut_prefix(in, ")")) return fail("no closing ')' after all(");
      out.push_back(K::All);
    } else if (cut_prefix(in, "global(")) {
      in = trim(in);
      if (!cut_prefix(in, ")")) return fail("no closing ')' after global(");
      out.push_back(K::Global);
    } else {
      std::string message;
      if (!cut_identifier(in, &message)) return fail(message);
      out.push_back(K::Label);
    }
  }
}

std::optional<std::string> calico_selector_error(std::string_view selector) {
  std::string error;
  auto tokens = calico_selector_tokens(selector, &error);
  if (!tokens) return error;
  return Grammar(*tokens).root();
}

}  // namespace netpol

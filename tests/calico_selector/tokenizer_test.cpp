// Token-level tests. The tables are transcribed from projectcalico/calico
// libcalico-go/lib/selector/tokenizer/tokenizer_test.go (tokenTests); the error kinds are the
// error path each failing input takes through tokenizer.go AppendTokens.
#include "models/calico/selector/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace netpol::calico::selector {
namespace {

using K = TokenKind;

// Kind and value only: offsets are checked separately below.
struct Expected {
  K kind;
  std::string value;
};

std::vector<Expected> strip(const std::vector<Token>& tokens) {
  std::vector<Expected> out;
  for (const Token& t : tokens) out.push_back({t.kind, t.value});
  return out;
}

bool operator==(const Expected& a, const Expected& b) {
  return a.kind == b.kind && a.value == b.value;
}

void PrintTo(const Expected& e, std::ostream* os) {
  *os << token_kind_name(e.kind) << "(" << e.value << ")";
}

struct TokenCase {
  std::string input;
  std::vector<Expected> expected;
};

// tokenizer_test.go tokenTests, the entries that tokenize successfully.
const std::vector<TokenCase>& good_cases() {
  static const std::vector<TokenCase> cases = {
      {R"(a=="b")", {{K::Label, "a"}, {K::Eq, ""}, {K::StringLiteral, "b"}, {K::Eof, ""}}},
      {R"(a!="b")", {{K::Label, "a"}, {K::Ne, ""}, {K::StringLiteral, "b"}, {K::Eof, ""}}},
      {R"(a != "b")", {{K::Label, "a"}, {K::Ne, ""}, {K::StringLiteral, "b"}, {K::Eof, ""}}},
      {R"((a=="b"))",
       {{K::LParen, ""}, {K::Label, "a"}, {K::Eq, ""}, {K::StringLiteral, "b"}, {K::RParen, ""},
        {K::Eof, ""}}},
      {R"(label == "value")",
       {{K::Label, "label"}, {K::Eq, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(label contains "value")",
       {{K::Label, "label"}, {K::Contains, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(contains contains "contains")",
       {{K::Label, "contains"}, {K::Contains, ""}, {K::StringLiteral, "contains"}, {K::Eof, ""}}},
      {R"(contains contains 'contains')",
       {{K::Label, "contains"}, {K::Contains, ""}, {K::StringLiteral, "contains"}, {K::Eof, ""}}},
      {R"(label contains"value")",
       {{K::Label, "label"}, {K::Contains, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(label startswith "value")",
       {{K::Label, "label"}, {K::StartsWith, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(label endswith "value")",
       {{K::Label, "label"}, {K::EndsWith, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(label starts with "value")",
       {{K::Label, "label"}, {K::StartsWith, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(startswith starts with "value")",
       {{K::Label, "startswith"}, {K::StartsWith, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(label ends with "value")",
       {{K::Label, "label"}, {K::EndsWith, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(endswith ends with "value")",
       {{K::Label, "endswith"}, {K::EndsWith, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(label starts  with "value")",
       {{K::Label, "label"}, {K::StartsWith, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(label ends  with "value")",
       {{K::Label, "label"}, {K::EndsWith, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {std::string(512, 'a') + R"( == "value")",
       {{K::Label, std::string(512, 'a')}, {K::Eq, ""}, {K::StringLiteral, "value"}, {K::Eof, ""}}},
      {R"(a not in "bar" && !has(foo) || b in c)",
       {{K::Label, "a"}, {K::NotIn, ""}, {K::StringLiteral, "bar"}, {K::And, ""}, {K::Not, ""},
        {K::Has, "foo"}, {K::Or, ""}, {K::Label, "b"}, {K::In, ""}, {K::Label, "c"},
        {K::Eof, ""}}},
      {R"(has(calico/k8s_ns))", {{K::Has, "calico/k8s_ns"}, {K::Eof, ""}}},
      {R"(has(calico/k8s_ns/role))", {{K::Has, "calico/k8s_ns/role"}, {K::Eof, ""}}},
      {R"(has(calico/k8s_NS-.1/role))", {{K::Has, "calico/k8s_NS-.1/role"}, {K::Eof, ""}}},
      {R"(calico/k8s_ns == "kube-system" && k8s-app == "kube-dns")",
       {{K::Label, "calico/k8s_ns"}, {K::Eq, ""}, {K::StringLiteral, "kube-system"}, {K::And, ""},
        {K::Label, "k8s-app"}, {K::Eq, ""}, {K::StringLiteral, "kube-dns"}, {K::Eof, ""}}},
      {R"(a  not  in  "bar"  &&  ! has( foo )  ||  b  in  c )",
       {{K::Label, "a"}, {K::NotIn, ""}, {K::StringLiteral, "bar"}, {K::And, ""}, {K::Not, ""},
        {K::Has, "foo"}, {K::Or, ""}, {K::Label, "b"}, {K::In, ""}, {K::Label, "c"},
        {K::Eof, ""}}},
      {R"(a notin"bar"&&!has(foo)||b in"c")",
       {{K::Label, "a"}, {K::NotIn, ""}, {K::StringLiteral, "bar"}, {K::And, ""}, {K::Not, ""},
        {K::Has, "foo"}, {K::Or, ""}, {K::Label, "b"}, {K::In, ""}, {K::StringLiteral, "c"},
        {K::Eof, ""}}},
      {R"(a not in {})",
       {{K::Label, "a"}, {K::NotIn, ""}, {K::LBrace, ""}, {K::RBrace, ""}, {K::Eof, ""}}},
      {R"(a not in {"a"})",
       {{K::Label, "a"}, {K::NotIn, ""}, {K::LBrace, ""}, {K::StringLiteral, "a"},
        {K::RBrace, ""}, {K::Eof, ""}}},
      {R"(a not in {"a","B"})",
       {{K::Label, "a"}, {K::NotIn, ""}, {K::LBrace, ""}, {K::StringLiteral, "a"}, {K::Comma, ""},
        {K::StringLiteral, "B"}, {K::RBrace, ""}, {K::Eof, ""}}},
      {"global()", {{K::Global, ""}, {K::Eof, ""}}},
      {"global( )", {{K::Global, ""}, {K::Eof, ""}}},
      {"all()", {{K::All, ""}, {K::Eof, ""}}},
      {"all( )", {{K::All, ""}, {K::Eof, ""}}},
  };
  return cases;
}

TEST(CalicoSelectorTokenizer, UpstreamTokenTestsThatSucceed) {
  for (const TokenCase& c : good_cases()) {
    SCOPED_TRACE(c.input);
    EXPECT_EQ(strip(tokenize(c.input)), c.expected);
  }
}

struct BadTokenCase {
  std::string input;
  SyntaxErrorKind kind;
  std::size_t offset;
};

// tokenizer_test.go tokenTests, the entries expected to fail (expected == nil). Upstream only
// asserts an error; the kind and offset are the path tokenizer.go takes for that input.
TEST(CalicoSelectorTokenizer, UpstreamTokenTestsThatFail) {
  const std::vector<BadTokenCase> cases = {
      {std::string(513, 'a') + R"( == "value")", SyntaxErrorKind::LabelTooLong, 0},
      {R"(label == "value)", SyntaxErrorKind::UnterminatedString, 9},
      {R"(label == 'value)", SyntaxErrorKind::UnterminatedString, 9},
      {R"(label = "value")", SyntaxErrorKind::ExpectedEquals, 6},
      {"all(", SyntaxErrorKind::MissingCloseParenAfterAll, 4},
      {"global(", SyntaxErrorKind::MissingCloseParenAfterGlobal, 7},
      {"has()", SyntaxErrorKind::ExpectedIdentifier, 4},
      {"has(foo", SyntaxErrorKind::MissingCloseParenAfterHas, 7},
      {"has( foo ", SyntaxErrorKind::MissingCloseParenAfterHas, 9},
      {R"(a == "b" & has(foo))", SyntaxErrorKind::ExpectedAnd, 9},
      {R"(a == "b" | has(foo))", SyntaxErrorKind::ExpectedOr, 9},
      {R"(label starts foo "value")", SyntaxErrorKind::ExpectedOperatorAfterLabel, 6},
      {R"(label inf "value")", SyntaxErrorKind::ExpectedOperatorAfterLabel, 6},
      {R"(label ends foo "value")", SyntaxErrorKind::ExpectedOperatorAfterLabel, 6},
      {R"(label ends withs "value")", SyntaxErrorKind::ExpectedOperatorAfterLabel, 6},
      {R"(label squiggles "value")", SyntaxErrorKind::ExpectedOperatorAfterLabel, 6},
  };
  for (const BadTokenCase& c : cases) {
    SCOPED_TRACE(c.input);
    try {
      tokenize(c.input);
      ADD_FAILURE() << "tokenized without error";
    } catch (const SyntaxError& e) {
      EXPECT_EQ(describe(e.kind()), describe(c.kind)) << e.what();
      EXPECT_EQ(e.offset(), c.offset) << e.what();
    }
  }
}

// Lexical rules read from tokenizer.go itself (trimWhitespace, identifierChar,
// cutMultiWordPrefixCheckBreak, isWordBoundary), beyond upstream's table.
TEST(CalicoSelectorTokenizer, OnlySpaceAndTabAreWhitespace) {
  EXPECT_EQ(strip(tokenize(" \t has(a)\t ")), (std::vector<Expected>{{K::Has, "a"}, {K::Eof, ""}}));
  EXPECT_THROW(tokenize("has(a)\n"), SyntaxError);
  EXPECT_THROW(tokenize("a ==\r'b'"), SyntaxError);
  EXPECT_THROW(tokenize("has(\na)"), SyntaxError);
}

TEST(CalicoSelectorTokenizer, OperatorWordsNeedAWordBoundaryAfterTrailingWhitespace) {
  // "not in" swallows the whitespace after "in" before checking the boundary, so a label
  // after it is rejected while plain "in" accepts one (cutPrefixCheckBreak vs
  // cutMultiWordPrefixCheckBreak).
  EXPECT_THROW(tokenize("a not in x"), SyntaxError);
  EXPECT_EQ(strip(tokenize("a in x")),
            (std::vector<Expected>{{K::Label, "a"}, {K::In, ""}, {K::Label, "x"}, {K::Eof, ""}}));
  EXPECT_THROW(tokenize("a containsx 'y'"), SyntaxError);
  EXPECT_THROW(tokenize("a in.x"), SyntaxError);  // '.' is a label character: no boundary
  EXPECT_EQ(strip(tokenize("a in(")),
            (std::vector<Expected>{{K::Label, "a"}, {K::In, ""}, {K::LParen, ""}, {K::Eof, ""}}));
  EXPECT_EQ(strip(tokenize("a\tnot\t\tin{}")),
            (std::vector<Expected>{{K::Label, "a"}, {K::NotIn, ""}, {K::LBrace, ""},
                                   {K::RBrace, ""}, {K::Eof, ""}}));
}

TEST(CalicoSelectorTokenizer, KeywordsOnlyWhereUpstreamLooksForThem) {
  // Not after a label, words are labels; `has(` needs the parenthesis glued on.
  EXPECT_EQ(strip(tokenize("in == 'x'")),
            (std::vector<Expected>{{K::Label, "in"}, {K::Eq, ""}, {K::StringLiteral, "x"},
                                   {K::Eof, ""}}));
  EXPECT_EQ(strip(tokenize("has (a)")),
            (std::vector<Expected>{{K::Label, "has"}, {K::LParen, ""}, {K::Label, "a"},
                                   {K::RParen, ""}, {K::Eof, ""}}));
  // After a label, has( is not looked for: an operator is required.
  EXPECT_THROW(tokenize("a has(b)"), SyntaxError);
  // "!=" always wins over "!" followed by "=".
  EXPECT_EQ(strip(tokenize("!=")), (std::vector<Expected>{{K::Ne, ""}, {K::Eof, ""}}));
}

TEST(CalicoSelectorTokenizer, StringLiteralsHaveNoEscapes) {
  EXPECT_EQ(strip(tokenize(R"('a"b' "c'd" "e\")")),
            (std::vector<Expected>{{K::StringLiteral, "a\"b"}, {K::StringLiteral, "c'd"},
                                   {K::StringLiteral, "e\\"}, {K::Eof, ""}}));
  EXPECT_EQ(strip(tokenize("'line\nbreak'")),
            (std::vector<Expected>{{K::StringLiteral, "line\nbreak"}, {K::Eof, ""}}));
}

TEST(CalicoSelectorTokenizer, UnknownCharactersAreExpectedIdentifier) {
  for (std::string input : {"%", "a == 'b' && %", "\xc3\xa9", "#"}) {
    SCOPED_TRACE(input);
    try {
      tokenize(input);
      ADD_FAILURE() << "no error";
    } catch (const SyntaxError& e) {
      EXPECT_EQ(e.kind(), SyntaxErrorKind::ExpectedIdentifier) << e.what();
    }
  }
}

TEST(CalicoSelectorTokenizer, OffsetsPointAtTokenStarts) {
  const std::vector<Token> tokens = tokenize("  a  ==  'b'");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].offset, 2u);
  EXPECT_EQ(tokens[1].offset, 5u);
  EXPECT_EQ(tokens[2].offset, 9u);
  EXPECT_EQ(tokens[3].offset, 12u);
}

TEST(CalicoSelectorTokenizer, ValidLabel) {
  // tokenizer.ValidLabel: whole string is 1..512 label characters.
  EXPECT_TRUE(is_valid_label("projectcalico.org/namespace"));
  EXPECT_TRUE(is_valid_label(std::string(512, 'x')));
  EXPECT_FALSE(is_valid_label(std::string(513, 'x')));
  EXPECT_FALSE(is_valid_label(""));
  EXPECT_FALSE(is_valid_label("a b"));
  EXPECT_FALSE(is_valid_label("a:b"));
}

}  // namespace
}  // namespace netpol::calico::selector

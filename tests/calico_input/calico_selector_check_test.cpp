// The loader's validation-only selector check against Calico's own parser tests.
// Source: projectcalico/calico libcalico-go/lib/selector/parser/parser_test.go (`badSelectors`,
// the selectors of `selectorTests` and `canonicalisationTests`), lexical rules from
// libcalico-go/lib/selector/tokenizer/tokenizer.go.
#include <gtest/gtest.h>

#include "models/loader/calico_selector_check.h"

namespace netpol {
namespace {

// parser_test.go badSelectors, transcribed.
const char* const kBadSelectors[] = {
    "b == b",          "b contains b",   "b starts with b", "b ends with b",   "'b1' == b",
    "b",               "a b",            "!",               "foo == \"bar\" &", "foo == \"bar\" |",
    "foo != ||",       "foo in {\"\", ||", "foo in \"\"",   "\"FOO",           "\"FOO'",
    "'FOO",            "(",              "(a == \"foo\"",   ")",               "()",
    "%",               "a == \"b\" && %", "a == \"b\" || %", "a ",             "has(foo) &&",
};

TEST(CalicoSelectorCheck, RejectsParserTestBadSelectors) {
  for (const char* s : kBadSelectors) EXPECT_TRUE(calico_selector_error(s).has_value()) << s;
}

// Selectors that parse in parser_test.go selectorTests / canonicalisationTests.
const char* const kGoodSelectors[] = {
    "",
    " ",
    "all()",
    " all() ",
    " (all() )",
    "global()",
    " global()",
    "has(a)",
    "has( b)",
    "!has(a)",
    "! !!has(a)",
    "!!!has(a)",
    "a == \"a\"",
    "a == 'a'",
    "a != 'a1' && !b == 'b1'",
    "!a == 'a1' && b == 'b1'",
    "! (has( b)||! has(a ))",
    "! (a == \"b\"&&! c != \"d\")",
    "a == \"'\"",
    "a == '\"'",
    "a contains '\"'",
    "a startswith '\"'",
    "a endswith \"'\"",
    "a starts with \"a\"",
    "a ends with \"a\"",
    "a!='\"'",
    "a in {\"a\", \"b\"}",
    "a in {\"z\", \"z\", \"x\", \"y\", \"x\", \"a\"}",
    "a not in {\"d\", \"e\"}",
    "!a in {\"a\"}",
    "a in {\"'\", '\"', \"c\"}",
};

TEST(CalicoSelectorCheck, AcceptsParserTestSelectors) {
  for (const char* s : kGoodSelectors) EXPECT_FALSE(calico_selector_error(s).has_value()) << s << ": " << *calico_selector_error(s);
}

// tokenizer.go: "notin" needs no space; sets may be empty or end with a comma (parser.go
// parseOperation's set loop); label characters include '.', '/', '-', '_'.
TEST(CalicoSelectorCheck, TokenizerEdgeCases) {
  EXPECT_FALSE(calico_selector_error("a notin {\"x\"}"));
  EXPECT_FALSE(calico_selector_error("a in {}"));
  EXPECT_FALSE(calico_selector_error("a in {\"x\",}"));
  EXPECT_FALSE(calico_selector_error("projectcalico.org/name == 'x' && k8s-app_1 == \"y\""));
  EXPECT_FALSE(calico_selector_error("a\t==\t'b'"));  // tab is whitespace
  EXPECT_TRUE(calico_selector_error("a in {,}"));
  EXPECT_TRUE(calico_selector_error("has (a)"));   // no space before '(' (tokenizer cuts "has(")
  EXPECT_TRUE(calico_selector_error("a\n== 'b'"));  // newline is not whitespace
  EXPECT_TRUE(calico_selector_error("a = 'b'"));   // "expected =="
  EXPECT_TRUE(calico_selector_error("a == 'b' & c == 'd'"));
  EXPECT_TRUE(calico_selector_error("a == b"));     // right-hand side must be a literal
  EXPECT_TRUE(calico_selector_error("a inn {'x'}"));  // word boundary after "in"
  // MaxLabelLength = 512.
  EXPECT_FALSE(calico_selector_error("has(" + std::string(512, 'a') + ")"));
  EXPECT_TRUE(calico_selector_error("has(" + std::string(513, 'a') + ")"));
}

TEST(CalicoSelectorCheck, ErrorMessagesUseCalicoWords) {
  EXPECT_EQ(*calico_selector_error("'x"), "unterminated string");
  EXPECT_EQ(*calico_selector_error("a in 'x'"), "expected set literal");
  EXPECT_EQ(*calico_selector_error("(has(a)"), "expected )");
  EXPECT_EQ(*calico_selector_error("a in {'x'"), "expected }");
  EXPECT_EQ(*calico_selector_error("a =="), "expected string");
}

// validator.go validateEntityRule inspects the tokens of a namespaceSelector using global().
TEST(CalicoSelectorCheck, TokensForGlobalRule) {
  auto tokens = calico_selector_tokens(" global( ) ");
  ASSERT_TRUE(tokens);
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_EQ((*tokens)[0], CalicoTokenKind::Global);
  EXPECT_EQ((*tokens)[1], CalicoTokenKind::Eof);
  EXPECT_EQ(calico_selector_tokens("global() || all()")->size(), 4u);
  std::string error;
  EXPECT_FALSE(calico_selector_tokens("global(", &error));
  EXPECT_EQ(error, "no closing ')' after global(");
}

}  // namespace
}  // namespace netpol

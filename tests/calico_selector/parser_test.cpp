// Parsing and evaluation tables transcribed from projectcalico/calico
// libcalico-go/lib/selector/parser/parser_test.go: selectorTests (labels that match / do not
// match), badSelectors (each with the error path parser.go/tokenizer.go takes for it),
// canonicalisationTests (String() output) and the "Visitor" table (PrefixVisitor).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "models/calico/selector/evaluate.h"
#include "models/calico/selector/parser.h"
#include "models/calico/selector/printer.h"
#include "models/calico/selector/rewrite.h"
#include "tests/calico_selector/test_support.h"

namespace netpol::calico::selector {
namespace {

struct MatchCase {
  std::string selector;
  std::vector<Labels> matching;
  std::vector<Labels> not_matching;
};

// parser_test.go selectorTests, in upstream order.
const std::vector<MatchCase>& upstream_match_cases() {
  static const std::vector<MatchCase> cases = {
      {R"(a == "b")", {{{"a", "b"}}, {{"a", "b"}, {"c", "d"}}}, {{}, {{"a", "c"}}, {{"c", "d"}}}},
      {R"(a == "b" && c == "d")",
       {{{"a", "b"}, {"c", "d"}}},
       {{}, {{"a", "b"}, {"c", "e"}}, {{"a", "c"}, {"c", "d"}}, {{"c", "d"}}, {{"a", "b"}}}},
      {R"(a == "b" || c == "d")",
       {{{"a", "b"}, {"c", "d"}}, {{"a", "b"}}, {{"c", "d"}}},
       {{}, {{"a", "e"}, {"c", "e"}}, {{"c", "e"}}, {{"a", "e"}}}},
      {R"(a in {"'", '"', "c"})", {{{"a", "c"}}, {{"a", "\""}}, {{"a", "'"}}}, {{}, {{"a", "e"}}}},
      {R"(a not in {"'", '"', "c"})", {{}, {{"a", "e"}}},
       {{{"a", "c"}}, {{"a", "\""}}, {{"a", "'"}}}},
      {"a == 'a'", {{{"a", "a"}}}, {}},
      {R"(a == "a")", {{{"a", "a"}}}, {}},
      {R"(a != "b")", {{{"a", "a"}}}, {}},
      {R"(a != "a")", {{}}, {}},
      {R"(a contains "a")", {{{"a", "a"}}, {{"a", "bab"}}, {{"a", "aaa"}, {"b", "c"}}},
       {{}, {{"a", "b"}}, {{"b", "aaa"}}}},
      {R"(a starts with "a")", {{{"a", "a"}}, {{"a", "abb"}}, {{"a", "aaa"}, {"b", "c"}}},
       {{}, {{"a", "b"}}, {{"a", "baa"}}, {{"b", "aaa"}}}},
      {R"(a ends with "a")", {{{"a", "a"}}, {{"a", "bba"}}, {{"a", "aaa"}, {"b", "c"}}},
       {{}, {{"a", "b"}}, {{"a", "aab"}}, {{"b", "aaa"}}}},
      {R"(a in {"a"})", {{{"a", "a"}}}, {}},
      {R"(!a in {"a"})", {{{"a", "b"}}}, {}},
      {R"(a in {"a", "b"})", {{{"a", "a"}}}, {}},
      {R"(a in {"a", "b"})", {{{"a", "b"}}}, {}},
      {R"(a not in {"d", "e"})", {{{"a", "a"}}}, {}},
      {"has(a)", {{{"a", "b"}}}, {}},
      {"!has(a)", {{{"b", "b"}}}, {}},
      {"", {{}}, {}},
      {" ", {{}}, {}},
      {"", {{{"a", "b"}}}, {}},
      {"all()", {{}}, {}},
      {" all()", {{}}, {}},
      {" all()", {{{"a", "b"}}}, {}},
      {"global()", {{}}, {}},
      {" global()", {{}}, {}},
      {" global()", {{{"a", "b"}}}, {}},

      {"a == 'a'", {}, {{{"a", "b"}}}},
      {"a == 'a'", {}, {{}}},
      {R"(a != "a")", {}, {{{"a", "a"}}}},
      {"a != 'a'", {}, {{{"a", "a"}}}},
      {R"(a in {"a"})", {}, {{{"a", "b"}}}},
      {R"(a not in {"a"})", {}, {{{"a", "a"}}}},
      {R"(a in {"a", "b"})", {}, {{{"a", "c"}}}},
      {"has(b)", {}, {{{"a", "b"}}}},
      {"!!has(b)", {}, {{{"a", "b"}}}},
      {"! has(a)", {}, {{{"a", "b"}}}},
      {"!has(a)", {}, {{{"a", "b"}}}},
      {"!!! has(a)", {}, {{{"a", "b"}}}},
      {"!!!has(a)", {}, {{{"a", "b"}}}},
      {"!! ! has(a)", {}, {{{"a", "b"}}}},
      {"! !!has(a)", {}, {{{"a", "b"}}}},

      // Boolean expressions...
      {"a == 'a1' && b == 'b1'", {{{"a", "a1"}, {"b", "b1"}}}, {}},
      {"a == 'a1' && b != 'b1'", {}, {{{"a", "a1"}, {"b", "b1"}}}},
      {"a != 'a1' && b == 'b1'", {}, {{{"a", "a1"}, {"b", "b1"}}}},
      {"a != 'a1' && b != 'b1'", {}, {{{"a", "a1"}, {"b", "b1"}}}},
      {"a != 'a1' && !b == 'b1'", {}, {{{"a", "a1"}, {"b", "b1"}}}},
      {"!a == 'a1' && b == 'b1'", {}, {{{"a", "a1"}, {"b", "b1"}}}},
      {"has(a) && !has(b)", {{{"a", "a"}}}, {}},
      {"!has(b) && has(a)", {{{"a", "a"}}}, {}},
      {"!(!has(a) || has(b))", {{{"a", "a"}}}, {}},
      {"!(has(b) || !has(a))", {{{"a", "a"}}}, {}},

      {"a == 'a1' || b == 'b1'", {{{"a", "a1"}, {"b", "b1"}}}, {}},
      {"a == 'a1' || b != 'b1'", {{{"a", "a1"}, {"b", "b1"}}}, {}},
      {"a != 'a1' || b == 'b1'", {{{"a", "a1"}, {"b", "b1"}}}, {}},
      {"a != 'a1' || b != 'b1'", {}, {{{"a", "a1"}, {"b", "b1"}}}},
      {"! a == 'a1' || ! b == 'b1'", {}, {{{"a", "a1"}, {"b", "b1"}}}},
  };
  return cases;
}

// Upstream checks each case on the parsed selector and again after a String() round trip
// ("should match after canonicalising"); so do we, for both printers.
TEST(CalicoSelectorParser, UpstreamSelectorTestsMatchAndDoNotMatch) {
  for (const MatchCase& c : upstream_match_cases()) {
    SCOPED_TRACE(c.selector);
    const Selector parsed = parse(c.selector);
    const Selector via_calico_text = parse(to_calico_string(parsed));
    const Selector via_canonical_text = parse(to_string(parsed));
    EXPECT_EQ(via_canonical_text, parsed);
    for (const Labels& labels : c.matching) {
      EXPECT_TRUE(matches(parsed, labels));
      EXPECT_TRUE(matches(via_calico_text, labels));
      EXPECT_TRUE(matches(via_canonical_text, labels));
    }
    for (const Labels& labels : c.not_matching) {
      EXPECT_FALSE(matches(parsed, labels));
      EXPECT_FALSE(matches(via_calico_text, labels));
      EXPECT_FALSE(matches(via_canonical_text, labels));
    }
  }
}

struct BadCase {
  std::string selector;
  SyntaxErrorKind kind;
  std::size_t offset;
};

void expect_rejected(const BadCase& c) {
  SCOPED_TRACE(c.selector);
  try {
    parse(c.selector);
    ADD_FAILURE() << "parsed without error";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(describe(e.kind()), describe(c.kind)) << e.what();
    EXPECT_EQ(e.offset(), c.offset) << e.what();
    EXPECT_NE(std::string(e.what()).find(e.detail()), std::string::npos);
  }
}

// parser_test.go badSelectors, in upstream order with upstream's comment. Upstream asserts only
// that Parse() fails; the kind and offset are the path parser.go/tokenizer.go take.
TEST(CalicoSelectorParser, UpstreamBadSelectorsAreRejected) {
  using E = SyntaxErrorKind;
  const std::vector<BadCase> cases = {
      {"b == b", E::ExpectedString, 5},            // label == label
      {"b contains b", E::ExpectedString, 11},     // label contains label
      // The next two fail in the tokenizer, not the parser: a two-word operator needs a word
      // boundary after the whitespace that follows "with" (cutMultiWordPrefixCheckBreak).
      {"b starts with b", E::ExpectedOperatorAfterLabel, 2},  // label starts with label
      {"b ends with b", E::ExpectedOperatorAfterLabel, 2},    // label starts with label
      {"'b1' == b", E::UnexpectedToken, 0},        // literal on lhs
      {"b", E::UnexpectedEnd, 1},                  // bare label
      {"a b", E::ExpectedOperatorAfterLabel, 2},   // Garbage
      {"!", E::UnexpectedToken, 1},                // Garbage
      {R"(foo == "bar" &)", E::ExpectedAnd, 13},   // Garbage
      {R"(foo == "bar" |)", E::ExpectedOr, 13},    // Garbage
      {"foo != ||", E::ExpectedString, 7},         // Garbage
      {R"(foo in {"", ||)", E::ExpectedCloseBrace, 12},  // Garbage
      {R"(foo in "")", E::ExpectedSetLiteral, 7},  // Expect set literal
      {R"("FOO)", E::UnterminatedString, 0},       // Unterminated string
      {R"("FOO')", E::UnterminatedString, 0},      // Unterminated string
      {R"('FOO)", E::UnterminatedString, 0},       // Unterminated string
      {"(", E::UnexpectedToken, 1},                // Unterminated paren
      {R"((a == "foo")", E::ExpectedCloseParen, 11},  // Unterminated paren
      {")", E::UnexpectedToken, 0},                // Unterminated paren
      {"()", E::UnexpectedToken, 1},               // Unterminated paren
      {"%", E::ExpectedIdentifier, 0},             // Unexpected char
      {R"(a == "b" && %)", E::ExpectedIdentifier, 12},  // Unexpected char
      {R"(a == "b" || %)", E::ExpectedIdentifier, 12},  // Unexpected char
      {"a ", E::UnexpectedEnd, 2},                 // should be followed by operator
      {"has(foo) &&", E::UnexpectedToken, 11},     // should be followed by operator
  };
  for (const BadCase& c : cases) expect_rejected(c);
}

// Error paths of parser.go that upstream's table does not reach.
TEST(CalicoSelectorParser, OtherErrorPathsOfParserGo) {
  using E = SyntaxErrorKind;
  const std::vector<BadCase> cases = {
      {"a && b", E::ExpectedComparison, 2},        // "expected == or != not: ..."
      {"a (", E::ExpectedComparison, 2},
      {"a == 'b' c == 'd'", E::TrailingContent, 9},  // "unexpected content at end of selector"
      {"has(a) )", E::TrailingContent, 7},
      {"a in {,}", E::ExpectedCloseBrace, 6},      // a lone comma is not a set element
      {"a in {'x' 'y'}", E::ExpectedCloseBrace, 10},
      {"a in {'x',,}", E::ExpectedCloseBrace, 10},
      {"a in {", E::ExpectedCloseBrace, 6},
      {"a ==", E::ExpectedString, 4},
      {"a not in x", E::ExpectedOperatorAfterLabel, 2},  // tokenizer: no boundary after "in x"
      {"a in x", E::ExpectedSetLiteral, 5},
      // The whole input is tokenized first: a lexical error late wins over an early grammar
      // error.
      {") %", E::ExpectedIdentifier, 2},
  };
  for (const BadCase& c : cases) expect_rejected(c);
}

TEST(CalicoSelectorParser, NestingIsBoundedNotUnlimited) {
  const std::string deep_ok = std::string(kMaxNesting, '(') + "all()" + std::string(kMaxNesting, ')');
  EXPECT_EQ(parse(deep_ok), Selector(make_all()));
  const std::string too_deep =
      std::string(kMaxNesting + 1, '(') + "all()" + std::string(kMaxNesting + 1, ')');
  expect_rejected({too_deep, SyntaxErrorKind::NestingTooDeep, kMaxNesting});
}

// Set literals (parser.go, case TokIn/TokNotIn): empty, trailing comma, sorted and de-duplicated
// (stringset.go ConvertToStringSetInPlace).
TEST(CalicoSelectorParser, SetLiterals) {
  EXPECT_EQ(parse("a in {}").root(), make_set(NodeKind::In, "a", {}));
  EXPECT_EQ(parse("a in {'x',}").root(), make_set(NodeKind::In, "a", {"x"}));
  EXPECT_EQ(parse("a not in {'y', \"x\", 'y'}").root(), make_set(NodeKind::NotIn, "a", {"x", "y"}));
  EXPECT_FALSE(matches(parse("a in {}"), {{"a", ""}}));
  EXPECT_FALSE(matches(parse("a in {}"), {}));
  EXPECT_TRUE(matches(parse("a not in {}"), {{"a", ""}}));
  EXPECT_TRUE(matches(parse("a not in {}"), {}));
  EXPECT_TRUE(matches(parse("a in {''}"), {{"a", ""}}));
}

// Precedence (parser.go: parseOrExpression over parseAndExpression over parseOperation).
TEST(CalicoSelectorParser, PrecedenceAndShape) {
  const Node a = make_comparison(NodeKind::Equal, "a", "x");
  const Node b = make_comparison(NodeKind::Equal, "b", "y");
  const Node c = make_comparison(NodeKind::Equal, "c", "z");
  EXPECT_EQ(parse("a == 'x' || b == 'y' && c == 'z'").root(), make_or({a, make_and({b, c})}));
  EXPECT_EQ(parse("a == 'x' && b == 'y' || c == 'z'").root(), make_or({make_and({a, b}), c}));
  EXPECT_EQ(parse("a == 'x' && b == 'y' && c == 'z'").root(), make_and({a, b, c}));
  // Parentheses keep their own group: no flattening.
  EXPECT_EQ(parse("(a == 'x' && b == 'y') && c == 'z'").root(), make_and({make_and({a, b}), c}));
  // '!' binds to one operation only.
  EXPECT_EQ(parse("!a == 'x' && b == 'y'").root(), make_and({make_not(a), b}));
  // Leading '!'s collapse; a parenthesised '!' does not.
  EXPECT_EQ(parse("!!a == 'x'").root(), a);
  EXPECT_EQ(parse("!(!a == 'x')").root(), make_not(make_not(a)));
  EXPECT_EQ(parse("((a == 'x'))").root(), a);
}

struct CanonicalCase {
  std::string input;
  std::string expected;
};

// parser_test.go canonicalisationTests (input, expected String()). The UID column is a hash
// of the same string and is not modelled.
TEST(CalicoSelectorPrinter, UpstreamCanonicalisationTests) {
  const std::vector<CanonicalCase> cases = {
      {"", "all()"},
      {" all() ", "all()"},
      {" (all() )", "all()"},
      {"! (has( b)||! has(a ))", "!(has(b) || !has(a))"},
      {R"(! (a == "b"&&! c != "d"))", R"(!(a == "b" && !c != "d"))"},
      {R"(a == "'")", R"(a == "'")"},
      {R"(a == '"')", R"(a == '"')"},
      {R"(a contains '"')", R"(a contains '"')"},
      {R"(a contains "'")", R"(a contains "'")"},
      {R"(a startswith '"')", R"(a starts with '"')"},
      {R"(a endswith "'")", R"(a ends with "'")"},
      {R"(a!='"')", R"(a != '"')"},
      // Set items get sorted/de-duped.
      {R"(a in {"d"})", R"(a in {"d"})"},
      {R"(a in {"a", "b"})", R"(a in {"a", "b"})"},
      {R"(a in {"d", "a", "b"})", R"(a in {"a", "b", "d"})"},
      {R"(a in {"z", "x", "y", "a"})", R"(a in {"a", "x", "y", "z"})"},
      {R"(a in {"z", "z", "x", "y", "x", "a"})", R"(a in {"a", "x", "y", "z"})"},
  };
  for (const CanonicalCase& c : cases) {
    SCOPED_TRACE(c.input);
    const Selector parsed = parse(c.input);
    EXPECT_EQ(to_calico_string(parsed), c.expected);
    EXPECT_EQ(to_string(parsed), c.expected);  // no double negation here: same text
    const Selector again = parse(c.expected);
    EXPECT_EQ(again, parsed);
    EXPECT_EQ(to_calico_string(again), c.expected);
  }
}

TEST(CalicoSelectorPrinter, DoubleNegationIsTheOnlyPlaceTheTwoPrintersDiffer) {
  const Selector s = parse("!(!has(a))");
  EXPECT_EQ(to_calico_string(s), "!!has(a)");  // upstream String(); reparses as has(a)
  EXPECT_EQ(parse(to_calico_string(s)), parse("has(a)"));
  EXPECT_EQ(to_string(s), "!(!has(a))");
  EXPECT_EQ(parse(to_string(s)), s);
  EXPECT_EQ(to_string(parse("global() || !all()")), "(global() || !all())");
  EXPECT_EQ(to_string(parse("a not in {}")), "a not in {}");
}

// The selector of libcalico-go/lib/selector/selector_benchmarks_test.go BenchmarkParse.
TEST(CalicoSelectorPrinter, UpstreamBenchmarkSelector) {
  const Selector s = parse(R"(! (a == "b"&&! c != "d") || !(a == "b" && !c != "d"))");
  EXPECT_EQ(to_calico_string(s), R"((!(a == "b" && !c != "d") || !(a == "b" && !c != "d")))");
  EXPECT_TRUE(matches(s, {{"a", "x"}}));
  EXPECT_FALSE(matches(s, {{"a", "b"}, {"c", "d"}}));  // !c != "d" holds: both groups true
  EXPECT_TRUE(matches(s, {{"a", "b"}, {"c", "e"}}));
}

TEST(CalicoSelectorPrinter, LiteralWithBothQuotesCannotBePrinted) {
  const Selector s(make_comparison(NodeKind::Equal, "a", "it's \"x\""));
  EXPECT_THROW(to_string(s), std::invalid_argument);
  EXPECT_THROW(to_calico_string(s), std::invalid_argument);
}

struct VisitorCase {
  std::string input;
  std::string expected;
};

// parser_test.go "Visitor tests" with PrefixVisitor{Prefix: "visited/"}; the expected text is
// upstream's String() after visiting.
TEST(CalicoSelectorRewrite, UpstreamPrefixVisitorTests) {
  const std::vector<VisitorCase> cases = {
      {"k == 'v'", R"(visited/k == "v")"},
      {"k != 'v'", R"(visited/k != "v")"},
      {"k contains 'v'", R"(visited/k contains "v")"},
      {"k starts with 'v'", R"(visited/k starts with "v")"},
      {"k ends with 'v'", R"(visited/k ends with "v")"},
      {"k == 'v' && x == 'y'", R"((visited/k == "v" && visited/x == "y"))"},
      {"k == 'v' || has(x)", R"((visited/k == "v" || has(visited/x)))"},
      {"!(k == 'v')", R"(!visited/k == "v")"},
      {"k in {'v'}", R"(visited/k in {"v"})"},
      {"k not in {'v'}", R"(visited/k not in {"v"})"},
      {"!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))",
       R"(!(!((visited/k == "v" && has(visited/t)) || all()) && visited/a in {"b", "c"}))"},
  };
  for (const VisitorCase& c : cases) {
    SCOPED_TRACE(c.input);
    EXPECT_EQ(to_calico_string(with_label_prefix(parse(c.input), "visited/")), c.expected);
  }
}

// updateprocessors/rules.go getEndpointSelector: strings.Replace on String() text, so a quoted
// "all()" is rewritten too.
TEST(CalicoSelectorRewrite, TextReplaceLikeUpdateProcessorsReachesIntoLiterals) {
  const Selector ns = with_label_prefix(parse("all()"), "pcns.");
  EXPECT_TRUE(is_all(ns));
  EXPECT_EQ(replace_text_like_calico(ns, "all()", "has(projectcalico.org/namespace)"),
            parse("has(projectcalico.org/namespace)"));
  const Selector quoted = with_label_prefix(parse("team == 'all()'"), "pcns.");
  EXPECT_EQ(replace_text_like_calico(quoted, "all()", "has(projectcalico.org/namespace)"),
            parse(R"x(pcns.team == "has(projectcalico.org/namespace)")x"));
  EXPECT_EQ(replace_text_like_calico(parse("global()"), "global()",
                                     "!has(projectcalico.org/namespace)"),
            parse("!has(projectcalico.org/namespace)"));
  EXPECT_THROW(replace_text_like_calico(parse("all()"), "", "x"), std::invalid_argument);
}

// selectors.go prefixAndAppendSelector builds "(%s) && %s"; rules.go "(%s) && (%s)".
TEST(CalicoSelectorRewrite, AndOfIsWhatUpstreamsTextGluingParsesTo) {
  const Selector pod = parse("role == 'db' || has(x)");
  const Selector ns = with_label_prefix(parse("team in {'a', 'b'} && !has(legacy)"), "pcns.");
  const Selector glued =
      parse(fmt::format("({}) && {}", to_calico_string(pod), to_calico_string(ns)));
  EXPECT_EQ(and_of(pod, ns), glued);
  EXPECT_TRUE(matches(glued, {{"role", "db"}, {"pcns.team", "a"}}));
  EXPECT_FALSE(matches(glued, {{"role", "db"}, {"pcns.team", "a"}, {"pcns.legacy", ""}}));
  EXPECT_FALSE(matches(glued, {{"role", "db"}, {"team", "a"}}));
}

// globalnetworkpolicyprocessor.go replaces "all()" in the raw, glued text of spec.selector.
TEST(CalicoSelectorRewrite, ReplaceAllTextIsGoStringsReplace) {
  EXPECT_EQ(replace_all_text("(all()) && pcns.a == \"all()\"", "all()", "has(n)"),
            "(has(n)) && pcns.a == \"has(n)\"");
  EXPECT_EQ(replace_all_text("all( )", "all()", "has(n)"), "all( )");  // as written: untouched
  EXPECT_EQ(replace_all_text("aaa", "aa", "b"), "ba");  // non-overlapping, left to right
  EXPECT_EQ(replace_all_text("", "all()", "x"), "");
  EXPECT_THROW(replace_all_text("x", "", "y"), std::invalid_argument);
}

// A blank selector is valid and means all(), but glued as "(%s)" it is "( )", which upstream's
// parser rejects: and_of() cannot stand in for the gluing of blank text.
TEST(CalicoSelectorRewrite, BlankTextGluedByUpstreamDoesNotParse) {
  EXPECT_TRUE(is_all(parse("   ")));
  EXPECT_THROW(parse("(projectcalico.org/namespace == 'n') && (   )"), SyntaxError);
}

TEST(CalicoSelectorRewrite, AllAndGlobalDetectors) {
  EXPECT_TRUE(is_all(parse("")));
  EXPECT_TRUE(is_all(parse(" ( all( ) ) ")));
  EXPECT_FALSE(is_all(parse("!all()")));
  EXPECT_FALSE(is_all(parse("all() && all()")));
  EXPECT_FALSE(is_all(parse("global()")));
  EXPECT_TRUE(uses_global(parse("global()")));
  EXPECT_TRUE(uses_global(parse("has(a) || !global()")));
  EXPECT_FALSE(uses_global(parse("global == 'x'")));
}

}  // namespace
}  // namespace netpol::calico::selector

// RapidCheck properties of the selector model: printing and parsing are inverse, the printed
// text means the same as the tree, and the boolean laws that hold for Calico's semantics
// (projectcalico/calico libcalico-go/lib/selector/parser/ast.go Evaluate methods) hold here.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "models/calico/selector/cache.h"
#include "models/calico/selector/evaluate.h"
#include "models/calico/selector/parser.h"
#include "models/calico/selector/printer.h"
#include "models/calico/selector/rewrite.h"
#include "tests/calico_selector/test_support.h"

namespace netpol::calico::selector {
namespace {

// Few label names, so that generated selectors and label maps overlap often.
rc::Gen<std::string> gen_label() {
  return rc::gen::element<std::string>("a", "b", "c", "app/x", "pcns.team");
}

// Literals: fixed interesting ones, and short random ones holding one kind of quote only
// (a literal with both cannot be written in the language).
rc::Gen<std::string> gen_value() {
  return rc::gen::oneOf(
      rc::gen::element<std::string>("", "a", "b", "ab", "ba", "all()", "x y"),
      rc::gen::resize(6, rc::gen::container<std::string>(
                             rc::gen::element('a', 'b', '\'', ' ', '&', '(', '\t'))),
      rc::gen::resize(6, rc::gen::container<std::string>(
                             rc::gen::element('a', 'b', '"', '!', ')', '}'))));
}

rc::Gen<Node> gen_leaf() {
  return rc::gen::oneOf(
      rc::gen::just(make_all()), rc::gen::just(make_global()),
      rc::gen::map(gen_label(), [](std::string label) { return make_has(std::move(label)); }),
      rc::gen::apply(
          [](NodeKind kind, std::string label, std::string value) {
            return make_comparison(kind, std::move(label), std::move(value));
          },
          rc::gen::element(NodeKind::Equal, NodeKind::NotEqual, NodeKind::Contains,
                           NodeKind::StartsWith, NodeKind::EndsWith),
          gen_label(), gen_value()),
      rc::gen::apply(
          [](NodeKind kind, std::string label, std::vector<std::string> values) {
            return make_set(kind, std::move(label), std::move(values));
          },
          rc::gen::element(NodeKind::In, NodeKind::NotIn), gen_label(),
          rc::gen::resize(4, rc::gen::container<std::vector<std::string>>(gen_value()))));
}

rc::Gen<std::vector<Node>> gen_operands(const rc::Gen<Node>& operand) {
  return rc::gen::mapcat(rc::gen::inRange(2, 4), [operand](int count) {
    return rc::gen::container<std::vector<Node>>(static_cast<std::size_t>(count), operand);
  });
}

// Trees up to `depth` levels of Not/And/Or over leaves.
rc::Gen<Node> gen_node(int depth) {
  if (depth <= 0) return gen_leaf();
  const rc::Gen<Node> sub = gen_node(depth - 1);
  return rc::gen::oneOf(
      gen_leaf(), gen_leaf(),
      rc::gen::map(sub, [](Node operand) { return make_not(std::move(operand)); }),
      rc::gen::map(gen_operands(sub), [](std::vector<Node> ops) { return make_and(std::move(ops)); }),
      rc::gen::map(gen_operands(sub), [](std::vector<Node> ops) { return make_or(std::move(ops)); }));
}

rc::Gen<Labels> gen_labels() {
  return rc::gen::resize(5, rc::gen::container<Labels>(gen_label(), gen_value()));
}

bool eval(const Node& node, const Labels& labels) { return matches(node, labels); }

RC_GTEST_PROP(CalicoSelectorProperties, CanonicalTextParsesToAnEqualTree, ()) {
  const Node node = *gen_node(4);
  RC_ASSERT(parse(to_string(node)).root() == node);
}

// hash_value keys the selector index's interning (models/calico/selector_index.cpp): equal
// trees must hash equal, whether built directly or parsed back from their text.
RC_GTEST_PROP(CalicoSelectorProperties, EqualTreesHashEqual, ()) {
  const Node node = *gen_node(4);
  const Node copy = node;
  RC_ASSERT(hash_value(copy) == hash_value(node));
  RC_ASSERT(hash_value(parse(to_string(node)).root()) == hash_value(node));
}

// Upstream's own String() text (which folds "!!x" to x) means the same as the tree.
RC_GTEST_PROP(CalicoSelectorProperties, CalicoTextEvaluatesLikeTheTree, ()) {
  const Node node = *gen_node(4);
  const Selector reparsed = parse(to_calico_string(node));
  const Labels labels = *gen_labels();
  RC_ASSERT(matches(reparsed, labels) == eval(node, labels));
  RC_ASSERT(to_string(parse(to_string(node))) == to_string(node));
}

RC_GTEST_PROP(CalicoSelectorProperties, DoubleNegation, ()) {
  const Node node = *gen_node(3);
  const Labels labels = *gen_labels();
  RC_ASSERT(eval(make_not(make_not(node)), labels) == eval(node, labels));
  // parser.go collapses leading '!'s: "!!" in front of any operation is a no-op on the tree.
  RC_ASSERT(parse("!!" + to_string(node)).root() == node);
}

RC_GTEST_PROP(CalicoSelectorProperties, DeMorgan, ()) {
  const Node a = *gen_node(2);
  const Node b = *gen_node(2);
  const Labels labels = *gen_labels();
  RC_ASSERT(eval(make_not(make_and({a, b})), labels) ==
            eval(make_or({make_not(a), make_not(b)}), labels));
  RC_ASSERT(eval(make_not(make_or({a, b})), labels) ==
            eval(make_and({make_not(a), make_not(b)}), labels));
}

// Absent-label semantics (ast.go): != and not in are the negations of == and in; has(l) is
// the same as each of contains/starts with/ends with "" ; in {v} is == v; in {} is nothing.
RC_GTEST_PROP(CalicoSelectorProperties, OperatorDualities, ()) {
  const std::string label = *gen_label();
  const std::string value = *gen_value();
  const std::vector<std::string> values =
      *rc::gen::resize(4, rc::gen::container<std::vector<std::string>>(gen_value()));
  const Labels labels = *gen_labels();
  RC_ASSERT(eval(make_comparison(NodeKind::NotEqual, label, value), labels) ==
            !eval(make_comparison(NodeKind::Equal, label, value), labels));
  RC_ASSERT(eval(make_set(NodeKind::NotIn, label, values), labels) ==
            !eval(make_set(NodeKind::In, label, values), labels));
  const bool has = eval(make_has(label), labels);
  RC_ASSERT(eval(make_comparison(NodeKind::Contains, label, ""), labels) == has);
  RC_ASSERT(eval(make_comparison(NodeKind::StartsWith, label, ""), labels) == has);
  RC_ASSERT(eval(make_comparison(NodeKind::EndsWith, label, ""), labels) == has);
  RC_ASSERT(eval(make_set(NodeKind::In, label, {value}), labels) ==
            eval(make_comparison(NodeKind::Equal, label, value), labels));
  RC_ASSERT(!eval(make_set(NodeKind::In, label, {}), labels));
  // == implies starts with, ends with and contains of the same literal.
  if (eval(make_comparison(NodeKind::Equal, label, value), labels)) {
    RC_ASSERT(eval(make_comparison(NodeKind::StartsWith, label, value), labels));
    RC_ASSERT(eval(make_comparison(NodeKind::EndsWith, label, value), labels));
    RC_ASSERT(eval(make_comparison(NodeKind::Contains, label, value), labels));
  }
}

RC_GTEST_PROP(CalicoSelectorProperties, AndOfIsConjunction, ()) {
  const Selector a(*gen_node(3));
  const Selector b(*gen_node(3));
  const Labels labels = *gen_labels();
  const Selector both = and_of(a, b);
  RC_ASSERT(matches(both, labels) == (matches(a, labels) && matches(b, labels)));
  // Upstream glues text: "(A) && (B)".
  RC_ASSERT(parse("(" + to_string(a) + ") && (" + to_string(b) + ")") == both);
}

// PrefixVisitor semantics: the prefixed selector sees exactly the prefixed labels.
RC_GTEST_PROP(CalicoSelectorProperties, LabelPrefixMovesTheSelectorOntoPrefixedLabels, ()) {
  const Selector s(*gen_node(3));
  const Labels labels = *gen_labels();
  const Labels unrelated = *gen_labels();  // keys without the prefix: must not matter
  Labels prefixed = unrelated;
  for (const auto& [key, value] : labels) prefixed["pcns." + key] = value;
  RC_ASSERT(matches(with_label_prefix(s, "pcns."), prefixed) == matches(s, labels));
}

// What text substitution of "all()" does, stated on the tree: every all() node becomes the
// replacement, and every "all()" inside a literal is rewritten too.
Node substitute_all(const Node& node, const std::string& label) {
  auto rewrite = [](std::string text) {
    const std::string from = "all()";
    const std::string to = "has(projectcalico.org/namespace)";
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
      text.replace(at, from.size(), to);
    }
    return text;
  };
  switch (node.kind) {
    case NodeKind::All: return make_has(label);
    case NodeKind::In:
    case NodeKind::NotIn: {
      std::vector<std::string> values;
      for (const std::string& v : node.values) values.push_back(rewrite(v));
      return make_set(node.kind, node.label, std::move(values));
    }
    case NodeKind::Not: return make_not(substitute_all(node.operands.front(), label));
    case NodeKind::And:
    case NodeKind::Or: {
      Node out = node;
      for (Node& operand : out.operands) operand = substitute_all(operand, label);
      return out;
    }
    default: {
      Node out = node;
      out.value = rewrite(out.value);
      return out;
    }
  }
}

RC_GTEST_PROP(CalicoSelectorProperties, TextReplaceMatchesTreeSubstitution, ()) {
  const Selector s(*gen_node(3));
  Labels labels = *gen_labels();
  if (*rc::gen::arbitrary<bool>()) labels["projectcalico.org/namespace"] = "ns";
  const Selector replaced =
      replace_text_like_calico(s, "all()", "has(projectcalico.org/namespace)");
  RC_ASSERT(matches(replaced, labels) ==
            eval(substitute_all(s.root(), "projectcalico.org/namespace"), labels));
}

// replace_text_like_calico skips the parse when the printed text holds neither the pattern nor
// "!!"; whatever the tree, the result is still exactly upstream's parse(strings.Replace(String())).
RC_GTEST_PROP(CalicoSelectorProperties, TextReplaceIsParseOfReplacedText, ()) {
  const Selector s(*gen_node(3));
  for (const char* from : {"all()", "global()"}) {
    const std::string to = "has(projectcalico.org/namespace)";
    RC_ASSERT(replace_text_like_calico(s, from, to) == parse(replace_all_text(to_calico_string(s), from, to)));
  }
}

// The rewrites that take their selectors by rvalue reuse the trees instead of copying them. The
// copying and_of and with_label_prefix are those same functions on copies (the properties above
// pin their meaning); and_of's tree is checked here against one built directly, and the two
// replace_text_like_calico bodies against each other.
RC_GTEST_PROP(CalicoSelectorProperties, MovingRewritesGiveTheCopyingResult, ()) {
  const Selector a(*gen_node(3)), b(*gen_node(2));
  RC_ASSERT(and_of(Selector(a), Selector(b)) == Selector(make_and({a.root(), b.root()})));
  for (const char* from : {"all()", "global()"}) {
    const std::string to = "has(projectcalico.org/namespace)";
    RC_ASSERT(replace_text_like_calico(Selector(a), from, to) == replace_text_like_calico(a, from, to));
  }
}

// Arbitrary text built from the language's own fragments: the parser either accepts it, and
// then the tree survives a print/parse cycle, or rejects it with a SyntaxError inside the text.
RC_GTEST_PROP(CalicoSelectorProperties, ArbitraryTextParsesOrFailsCleanly, ()) {
  const std::vector<std::string> fragments = *rc::gen::resize(
      12, rc::gen::container<std::vector<std::string>>(rc::gen::element<std::string>(
              "a", "b.c/d", " ", "\t", "==", "!=", "!", "&&", "||", "(", ")", "{", "}", ",",
              "'x'", "\"y\"", "in", "not in", "notin", "contains", "starts with", "endswith",
              "has(", "has(a)", "all()", "global()", "=", "&", "%", "'")));
  std::string text;
  for (const std::string& f : fragments) text += f;
  try {
    const Selector s = parse(text);
    RC_ASSERT(parse(to_string(s)) == s);
    RC_TAG("accepted");
  } catch (const SyntaxError& e) {
    RC_ASSERT(e.offset() <= text.size());
    RC_TAG(std::string(describe(e.kind())));
  }
}

TEST(CalicoSelectorCache, SameTextSameSelectorAndErrorsAreNotCached) {
  ParseCache cache;
  const auto first = cache.get("a == 'b' && has(c)");
  const auto second = cache.get("a == 'b' && has(c)");
  EXPECT_EQ(first.get(), second.get());
  EXPECT_EQ(*first, parse("a == 'b' && has(c)"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_THROW(cache.get("a =="), SyntaxError);
  EXPECT_THROW(cache.get("a =="), SyntaxError);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_NE(cache.get("").get(), first.get());
  EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace netpol::calico::selector

// The sets the selector index keeps (models/calico/selector_index.h): rules point at them
// instead of holding copies, so equal questions must give one object, and every operation must
// give what the plain bitset operation gives. Felix's own semantics of these sets
// (felix/calc/rule_scanner.go selectorsToIPSets; felix/labelindex) are pinned by the
// evaluation and corpus tests.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "generators/scale.h"
#include "models/calico/compiled_rule.h"
#include "models/calico/selector/parser.h"
#include "models/calico/selector/printer.h"
#include "models/calico/selector_index.h"
#include "tests/calico/calico_test_support.h"

namespace netpol::calico {
namespace {

std::unique_ptr<testing::Indexed> indexed_scale_cluster() {
  generators::ScaleSpec spec;
  spec.namespaces = 3;
  spec.pods = 40;
  spec.policies = 4;
  spec.nodes = 2;
  spec.seed = 5;
  spec.calico.global_network_sets = 6;
  return testing::index_cluster(generators::make_scale_cluster(spec));
}

TEST(CalicoSelectorIndex, SetAlgebraGivesThePlainResultOnceForEqualOperands) {
  auto x = indexed_scale_cluster();
  SelectorIndex& index = *x->index;
  const Bitset& web = index.members(index.intern(selector::parse("has(app)")));
  const Bitset& ns = index.members(index.intern(selector::parse("pcns.team == 'team-a'")));
  ASSERT_TRUE(web.any());
  ASSERT_TRUE(ns.any());

  const Bitset& both = index.intersection(web, ns);
  EXPECT_EQ(both, web & ns);
  EXPECT_EQ(&both, &index.intersection(ns, web));  // one object, whatever the operand order
  EXPECT_EQ(&index.intersection(web, web), &web);

  const Bitset& either = index.set_union(web, ns);
  EXPECT_EQ(either, web | ns);
  EXPECT_EQ(&either, &index.set_union(ns, web));
  EXPECT_EQ(&index.set_union(web, index.empty_set()), &web);

  const Bitset& outside = index.complement(ns);
  EXPECT_EQ(outside, ns.complement());
  EXPECT_EQ(&outside, &index.complement(ns));
  EXPECT_FALSE(index.empty_set().any());
  EXPECT_EQ(index.empty_set().size(), web.size());
}

// Interning is by tree: the same selector written differently (quotes, spacing) is one id and
// one set; a different selector is another id.
TEST(CalicoSelectorIndex, InterningIsByTree) {
  auto x = indexed_scale_cluster();
  SelectorIndex& index = *x->index;
  const int a = index.intern(selector::parse("app == 'web' && has(tier)"));
  EXPECT_EQ(index.intern(selector::parse("app==\"web\"&&has( tier )")), a);
  EXPECT_EQ(&index.members(index.intern(selector::parse("app == 'web' && has(tier)"))), &index.members(a));
  EXPECT_NE(index.intern(selector::parse("app == 'api' && has(tier)")), a);
  EXPECT_NE(index.intern(selector::parse("has(tier) && app == 'web'")), a);  // another tree (same set)
}

// selected_classes() evaluates a selector over every class at once: && and || as set
// intersection and union, ! as complement, and each label term once per distinct value of its
// label (and once for "absent"). Law: it selects exactly the classes matches_class() (the
// evaluator run on one class's labels) selects, for any selector, on label sets that vary
// (missing labels, empty values, values sharing prefixes) and carry profile and
// projectcalico.org/* layers.
namespace gen_selectors {
const std::vector<std::string> kLabels = {"app", "tier", "pcns.team", "projectcalico.org/namespace", "missing"};
const std::vector<std::string> kValues = {"web", "webapp", "db", "", "team-a", "ns-1"};

rc::Gen<selector::Node> leaf() {
  using selector::NodeKind;
  return rc::gen::oneOf(
      rc::gen::just(selector::make_all()),
      rc::gen::map(rc::gen::elementOf(kLabels), [](std::string l) { return selector::make_has(std::move(l)); }),
      rc::gen::apply([](NodeKind k, std::string l, std::string v) { return selector::make_comparison(k, std::move(l), std::move(v)); },
                     rc::gen::element(NodeKind::Equal, NodeKind::NotEqual, NodeKind::Contains, NodeKind::StartsWith,
                                      NodeKind::EndsWith),
                     rc::gen::elementOf(kLabels), rc::gen::elementOf(kValues)),
      rc::gen::apply([](NodeKind k, std::string l, std::vector<std::string> vs) { return selector::make_set(k, std::move(l), std::move(vs)); },
                     rc::gen::element(NodeKind::In, NodeKind::NotIn), rc::gen::elementOf(kLabels),
                     rc::gen::resize(3, rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(kValues)))));
}

rc::Gen<selector::Node> tree(int depth) {
  if (depth == 0) return leaf();
  const rc::Gen<selector::Node> sub = tree(depth - 1);
  auto two = rc::gen::container<std::vector<selector::Node>>(2, sub);
  return rc::gen::oneOf(leaf(), rc::gen::map(sub, [](selector::Node n) { return selector::make_not(std::move(n)); }),
                        rc::gen::map(two, [](std::vector<selector::Node> ns) { return selector::make_and(std::move(ns)); }),
                        rc::gen::map(two, [](std::vector<selector::Node> ns) { return selector::make_or(std::move(ns)); }));
}
}  // namespace gen_selectors

RC_GTEST_PROP(CalicoSelectorIndex, SelectedClassesAreTheClassesEachMatches, ()) {
  testing::ClusterBuilder b;
  b.ns("ns-1", {{"team", "team-a"}});
  b.ns("ns-2", {{"team", "web"}});
  const auto pods = *rc::gen::inRange(1, 9);
  for (int i = 0; i < pods; ++i) {
    Labels labels;
    for (const char* key : {"app", "tier", "pcns.team"})
      if (*rc::gen::inRange(0, 3) > 0) labels[key] = *rc::gen::elementOf(gen_selectors::kValues);
    b.pod(i % 2 ? "ns-1" : "ns-2", "p" + std::to_string(i), "10.0.0." + std::to_string(i + 1), labels);
  }
  auto x = testing::index_cluster(b.build());
  SelectorIndex& index = *x->index;
  for (int k = 0; k < 4; ++k) {
    const selector::Selector sel(*gen_selectors::tree(3));
    const int id = index.intern(sel);
    std::vector<int> expected;
    for (std::size_t c = 0; c < index.class_count(); ++c)
      if (index.matches_class(id, static_cast<int>(c))) expected.push_back(static_cast<int>(c));
    RC_ASSERT(index.selected_classes(id) == expected);
  }
}

// Two rules with equal sides (the same peers written twice) point at one set.
TEST(CalicoSelectorIndex, EqualRuleSidesShareOneSet) {
  auto x = indexed_scale_cluster();
  const std::string ns = x->cluster.namespaces.front().name;
  CalicoRule rule;
  rule.action = CalicoAction::Allow;
  rule.source.selector = "has(app)";
  rule.source.not_nets = {*Cidr::parse("10.244.0.0/29")};
  const CompiledRule first(rule, 0, ns, *x->index, 1);
  const CompiledRule second(rule, 1, ns, *x->index, 1);
  ASSERT_NE(first.source_set(), nullptr);
  EXPECT_TRUE(first.source_set()->any());
  EXPECT_EQ(first.source_set(), second.source_set());
  // And the set is the intersection the rule asks for.
  const Bitset& selected =
      x->index->members(x->index->intern(selector::parse("projectcalico.org/namespace == '" + ns + "' && has(app)")));
  EXPECT_EQ(*first.source_set(), selected & x->index->inside(rule.source.not_nets).complement());
}

// CompiledRule reads a side's ports and notPorts in place (numeric entries have no name) and
// keeps the first CompiledRule::kInlineProbes probes' destination sets in the rule itself,
// later ones in a vector. Whatever order probes are asked in, each answer must be the one a
// fresh rule gives for that probe alone, and the plain reading of the rule: destinations
// selected by the rule, with the probe's port among the numeric ranges or on a named port of
// the endpoint, and not on a named notPort. Six probes, so both kinds of slot are used.
TEST(CalicoSelectorIndex, DestinationSetsPerProbeInAnyOrder) {
  auto x = indexed_scale_cluster();
  SelectorIndex& index = *x->index;
  CalicoRule rule;
  rule.action = CalicoAction::Allow;
  rule.protocol = CalicoProtocol{"TCP", 0};
  rule.destination.selector = "has(app)";
  rule.destination.ports = {CalicoPort{80, 80, ""}, CalicoPort{0, 0, "http"}, CalicoPort{5000, 5500, ""}};
  rule.destination.not_ports = {CalicoPort{0, 0, "db"}};
  const std::vector<Probe> probes = {*Probe::parse("TCP/8080"), *Probe::parse("TCP/80"),   *Probe::parse("TCP/3000"),
                                     *Probe::parse("TCP/5432"), *Probe::parse("TCP/9090"), *Probe::parse("TCP/5400")};
  ASSERT_GT(probes.size(), CompiledRule::kInlineProbes);
  const std::string ns = x->cluster.namespaces.front().name;
  const Bitset& selected =
      index.members(index.intern(selector::parse("projectcalico.org/namespace == '" + ns + "' && has(app)")));
  auto expected = [&](const Probe& probe) {
    Bitset out = selected;
    const bool numeric = probe.port == 80 || (probe.port >= 5000 && probe.port <= 5500);
    for (std::size_t u = 0; u < out.size(); ++u) {
      if (!out.test(u)) continue;
      const Endpoint& ep = x->universe.endpoints[u];
      bool named = false, not_named = false;
      if (ep.kind == EndpointKind::Pod)
        for (const ContainerPort& cp : x->cluster.pods[ep.pod].ports)
          if (cp.protocol == probe.protocol && cp.port == probe.port) {
            named = named || cp.name == "http";
            not_named = not_named || cp.name == "db";
          }
      if (!(numeric || named) || not_named) out.reset(u);
    }
    return out;
  };
  CompiledRule scrambled(rule, 0, ns, index, probes.size());
  std::size_t nonempty = 0;
  for (std::size_t p : {5u, 0u, 4u, 1u, 3u, 2u, 5u, 0u}) {
    CompiledRule fresh(rule, 0, ns, index, probes.size());
    const Bitset* alone = fresh.destination_set(p, probes[p]);
    const Bitset* answer = scrambled.destination_set(p, probes[p]);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer, alone) << "probe " << p;  // the index keeps one object per set
    EXPECT_EQ(*answer, expected(probes[p])) << "probe " << p;
    nonempty += answer->any() ? 1 : 0;
  }
  EXPECT_GE(nonempty, 5u);  // TCP/5432 is a db port: only the numeric range could allow it
}

}  // namespace
}  // namespace netpol::calico

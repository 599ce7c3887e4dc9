// The sets the selector index keeps (models/calico/selector_index.h): rules point at them
// instead of holding copies, so equal questions must give one object, and every operation must
// give what the plain bitset operation gives. Felix's own semantics of these sets
// (felix/calc/rule_scanner.go selectorsToIPSets; felix/labelindex) are pinned by the
// evaluation and corpus tests.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "generators/scale.h"
#include "models/calico/compiled_rule.h"
#include "models/calico/selector/parser.h"
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

}  // namespace
}  // namespace netpol::calico

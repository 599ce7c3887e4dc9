// The symbolic class walk (models/azure/class_walk.h) is an optimisation of the one-packet walk:
// these tests pin the pieces it rests on. The chain layout whose terminal groups are checked is
// NPM's (Azure/azure-container-networking npm/pkg/dataplane/policies/chain-management_linux.go
// creatorForBootup, policymanager_linux.go), as modelled in models/azure/iptables.h.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <limits>
#include <variant>

#include "models/azure/class_walk.h"
#include "models/azure/iptables.h"
#include "models/azure/partition.h"
#include "generators/cluster_gen.h"
#include "generators/scale.h"
#include "models/azure/translation.h"
#include "tests/azure/cluster_builder.h"

namespace netpol::azure::testing {
namespace {

// --- partition ----------------------------------------------------------------------------------

// The straightforward partition the fast ones are checked against: refines one column at a
// time, reading every cell. test(item, k) answers test k for an item.
template <typename Test>
Partition partition_by(std::size_t items, std::size_t tests, Test&& test) {
  constexpr Partition::Index kUnset = std::numeric_limits<Partition::Index>::max();
  Partition p;
  p.block_of.assign(items, 0);
  std::size_t blocks = items ? 1 : 0;
  std::vector<Partition::Index> renumber;
  for (std::size_t k = 0; k < tests && blocks < items; ++k) {
    renumber.assign(2 * blocks, kUnset);
    Partition::Index next = 0;
    for (std::size_t i = 0; i < items; ++i) {
      Partition::Index& id = renumber[2 * p.block_of[i] + (test(i, k) ? 1 : 0)];
      if (id == kUnset) id = next++;
      p.block_of[i] = id;
    }
    blocks = next;
  }
  p.first.assign(blocks, kUnset);
  for (std::size_t i = items; i-- > 0;) p.first[p.block_of[i]] = static_cast<Partition::Index>(i);
  return p;
}

struct PartitionCase {
  const char* name;
  std::vector<std::vector<int>> rows;  // rows[item][test]
  std::vector<Partition::Index> block_of;
  std::vector<Partition::Index> first;
};

const PartitionCase kPartitionCases[] = {
    {"no items", {}, {}, {}},
    {"no tests: one block", {{}, {}, {}}, {0, 0, 0}, {0}},
    {"one test splits in two", {{1}, {0}, {1}}, {0, 1, 0}, {0, 1}},
    {"blocks numbered by first item", {{0, 1}, {1, 1}, {0, 1}, {1, 0}}, {0, 1, 0, 2}, {0, 1, 3}},
    {"all different", {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, {0, 1, 2, 3}, {0, 1, 2, 3}},
    {"all alike", {{1, 0, 1}, {1, 0, 1}}, {0, 0}, {0}},
};

TEST(AzurePartition, TableOfCases) {
  for (const auto& c : kPartitionCases) {
    const std::size_t tests = c.rows.empty() ? 0 : c.rows.front().size();
    Partition p = partition_by(c.rows.size(), tests, [&](std::size_t i, std::size_t k) { return c.rows[i][k] != 0; });
    EXPECT_EQ(p.block_of, c.block_of) << c.name;
    EXPECT_EQ(p.first, c.first) << c.name;

    std::vector<Bits> columns(tests, Bits(c.rows.size()));
    for (std::size_t i = 0; i < c.rows.size(); ++i)
      for (std::size_t k = 0; k < tests; ++k) columns[k].set(i, c.rows[i][k] != 0);
    std::vector<const Bits*> pointers;
    for (const auto& col : columns) pointers.push_back(&col);
    Partition q = partition_by_columns(c.rows.size(), pointers);
    EXPECT_EQ(q.block_of, c.block_of) << c.name;
    EXPECT_EQ(q.first, c.first) << c.name;
    Partition r = split_by_columns(c.rows.size(), pointers);
    EXPECT_EQ(r.block_of, c.block_of) << c.name;
    EXPECT_EQ(r.first, c.first) << c.name;
  }
}

// Law: both partitions are the same function of the table, whatever its shape (the column form
// reads members only, the row form every cell).
RC_GTEST_PROP(AzurePartition, ColumnFormEqualsRowForm, ()) {
  const auto items = *rc::gen::inRange<std::size_t>(0, 150);
  const auto tests = *rc::gen::inRange<std::size_t>(0, 80);
  const auto density = *rc::gen::inRange(1, 100);
  std::vector<Bits> columns(tests, Bits(items));
  for (auto& col : columns)
    for (std::size_t i = 0; i < items; ++i) col.set(i, *rc::gen::inRange(0, 100) < density);
  std::vector<const Bits*> pointers;
  for (const auto& col : columns) pointers.push_back(&col);
  Partition a = partition_by(items, tests, [&](std::size_t i, std::size_t k) { return columns[k].test(i); });
  Partition b = partition_by_columns(items, pointers);
  RC_ASSERT(a.block_of == b.block_of);
  RC_ASSERT(a.first == b.first);
  Partition c = split_by_columns(items, pointers);
  RC_ASSERT(a.block_of == c.block_of);
  RC_ASSERT(a.first == c.first);
  // And it is a partition by the table: same block exactly when every test agrees.
  for (std::size_t i = 0; i < items; ++i)
    for (std::size_t j = 0; j < items; ++j) {
      bool alike = true;
      for (const auto& col : columns) alike = alike && col.test(i) == col.test(j);
      RC_ASSERT(alike == (a.block_of[i] == a.block_of[j]));
    }
}

// Law: splitting by a union of tests is refining the split by one part by the split by the
// other (how the plan splits a chain from the chains it runs inline), numbering included.
RC_GTEST_PROP(AzurePartition, RefineIsSplitByUnion, ()) {
  const auto items = *rc::gen::inRange<std::size_t>(0, 150);
  const auto tests = *rc::gen::inRange<std::size_t>(0, 40);
  const auto cut = *rc::gen::inRange<std::size_t>(0, tests + 1);
  const auto density = *rc::gen::inRange(1, 100);
  std::vector<Bits> columns(tests, Bits(items));
  for (auto& col : columns)
    for (std::size_t i = 0; i < items; ++i) col.set(i, *rc::gen::inRange(0, 100) < density);
  std::vector<const Bits*> all, left, right;
  for (std::size_t k = 0; k < tests; ++k) {
    all.push_back(&columns[k]);
    (k < cut ? left : right).push_back(&columns[k]);
  }
  Partition whole = partition_by(items, tests, [&](std::size_t i, std::size_t k) { return columns[k].test(i); });
  Partition p = split_by_columns(items, left);
  refine(p, split_by_columns(items, right));
  RC_ASSERT(p.block_of == whole.block_of);
  RC_ASSERT(p.first == whole.first);
  // The same with one scratch for every case, as the plan keeps one for every chain: what the
  // previous cases (other sizes, other blocks) left in it must not leak into this one.
  static PartitionScratch shared;
  Partition r = split_by_columns(items, left, shared);
  refine(r, split_by_columns(items, right, shared), shared);
  RC_ASSERT(r.block_of == whole.block_of);
  RC_ASSERT(r.first == whole.first);
}

// The same law where both partitions have many blocks, so that refine() cannot use its table
// over pairs of blocks (64 x 64 pairs for 300 items): item i is tested on bits 0-5 and 3-8 of i.
TEST(AzurePartition, RefineIsSplitByUnionWhenBothHaveManyBlocks) {
  constexpr std::size_t items = 300;
  std::vector<Bits> bits(9, Bits(items));
  for (std::size_t i = 0; i < items; ++i)
    for (std::size_t k = 0; k < 9; ++k) bits[k].set(i, (i >> k) & 1u);
  std::vector<const Bits*> all, left, right;
  for (std::size_t k = 0; k < 9; ++k) {
    all.push_back(&bits[k]);
    if (k <= 5) left.push_back(&bits[k]);
    if (k >= 3) right.push_back(&bits[k]);
  }
  Partition p = split_by_columns(items, left);
  const Partition q = split_by_columns(items, right);
  ASSERT_GT(p.first.size() * q.first.size(), 4 * items);
  refine(p, q);
  const Partition whole = partition_by(items, 9, [&](std::size_t i, std::size_t k) { return bits[k].test(i); });
  EXPECT_EQ(p.block_of, whole.block_of);
  EXPECT_EQ(p.first, whole.first);
  EXPECT_EQ(p.first.size(), items);  // 9 bits tell 300 items apart
  // Again with a scratch that a larger refinement (by the table over pairs of blocks) has just
  // filled; this one is too large for that table, so it reads the scratch the other way.
  PartitionScratch scratch;
  constexpr std::size_t more = 2 * items;
  std::vector<Bits> wide(9, Bits(more));
  for (std::size_t i = 0; i < more; ++i)
    for (std::size_t k = 0; k < 9; ++k) wide[k].set(i, ((i * 7) >> k) & 1u);
  std::vector<const Bits*> wide_left, wide_right;
  for (std::size_t k = 0; k < 9; ++k) (k < 5 ? wide_left : wide_right).push_back(&wide[k]);
  Partition w = split_by_columns(more, wide_left, scratch);
  refine(w, split_by_columns(more, wide_right, scratch), scratch);
  Partition again = split_by_columns(items, left, scratch);
  refine(again, split_by_columns(items, right, scratch), scratch);
  EXPECT_EQ(again.block_of, whole.block_of);
  EXPECT_EQ(again.first, whole.first);
}

// --- the plan over NPM's chains -----------------------------------------------------------------

// A ruleset with the base chains and, per policy, its chains, built the way the engine builds
// it (translate, intern, finalize, prepare).
struct Ruleset {
  Cluster cluster;
  Universe universe;
  IpSetState sets;
  IptablesRuleset iptables;

  // Policies NPM cannot translate are left out, as the engine leaves them out.
  static std::vector<NpmNetworkPolicy> translate(const Cluster& c) {
    std::vector<NpmNetworkPolicy> out;
    for (const auto& p : c.policies)
      if (auto r = translate_policy(p, TranslationOptions{}); auto* t = std::get_if<NpmNetworkPolicy>(&r)) out.push_back(std::move(*t));
    return out;
  }
  explicit Ruleset(Cluster c, const std::vector<Probe>& probes = {probe("TCP/80")})
      : cluster(std::move(c)), universe(build_universe(cluster, probes)), sets(cluster, universe),
        iptables(translate(cluster), sets) {
    sets.finalize();
    iptables.prepare(sets);
  }
  ClassWalkPlan plan() const { return ClassWalkPlan(iptables.chains(), iptables.source_sets(), sets); }
  std::size_t chain(const std::string& name) const {
    for (std::size_t c = 0; c < iptables.chains().size(); ++c)
      if (iptables.chains()[c].name == name) return c;
    throw std::runtime_error("no chain " + name);
  }
};

Cluster one_policy_each_way() {
  ClusterBuilder b;
  b.pod("x", "a", {{"app", "a"}}, "10.244.0.10");
  b.pod("x", "b", {{"app", "b"}}, "10.244.0.11");
  auto& in = b.policy("x", "in", match({{"app", "a"}}));
  in.ingress_type = true;
  in.ingress = {rule({pods(match({{"app", "b"}}))}, {port(80)})};
  auto& out = b.policy("x", "out", match({{"app", "b"}}));
  out.egress_type = true;
  out.egress = {rule({pods(match({{"app", "a"}}))})};
  return b.build();
}

// Group index g = mark >> 9: bit 0 = 0x200 (ingress allow), bit 1 = 0x400 (ingress drop),
// bit 2 = 0x800 (egress drop).
constexpr unsigned groups_with(unsigned bit) {
  unsigned mask = 0;
  for (unsigned g = 0; g < 8; ++g)
    if (g & bit) mask |= 1u << g;
  return mask;
}

TEST(AzureClassWalk, TerminalGroupsOfNpmBaseChains) {
  Ruleset r(one_policy_each_way());
  const ClassWalkPlan plan = r.plan();
  // AZURE-NPM-ACCEPT accepts everything; FORWARD and AZURE-NPM end in a jump to it.
  EXPECT_EQ(plan.terminal_groups(r.chain("AZURE-NPM-ACCEPT")), 0xFFu);
  EXPECT_EQ(plan.terminal_groups(r.chain("AZURE-NPM")), 0xFFu);
  EXPECT_EQ(plan.terminal_groups(r.chain("FORWARD")), 0xFFu);
  // INGRESS-ALLOW-MARK marks 0x200 and jumps to EGRESS, which accepts on 0x200: always terminal.
  EXPECT_EQ(plan.terminal_groups(r.chain("AZURE-NPM-INGRESS-ALLOW-MARK")), 0xFFu);
  // INGRESS ends with DROP on 0x400: terminal exactly for packets already marked 0x400.
  EXPECT_EQ(plan.terminal_groups(r.chain("AZURE-NPM-INGRESS")), groups_with(2));
  // EGRESS drops on 0x800 and accepts on 0x200; unmarked packets return to AZURE-NPM.
  EXPECT_EQ(plan.terminal_groups(r.chain("AZURE-NPM-EGRESS")), groups_with(1) | groups_with(4));
  // A policy's ingress chain only jumps on or marks: unmarked packets may come back.
  EXPECT_EQ(plan.terminal_groups(r.chain("AZURE-NPM-INGRESS-x/in")) & 1u, 0u);
}

// Mark-blind chains (class_walk.h, 5): no rule reads the mark, and every jump is always deferred
// or into another mark-blind chain. NPM's policy chains only jump to INGRESS-ALLOW-MARK (terminal
// for every group) or AZURE-NPM-ACCEPT, or add a drop mark (policymanager_linux.go
// writeNetworkPolicyRules); the base chains that end with "-m mark" rules read it
// (chain-management_linux.go creatorForBootup).
TEST(AzureClassWalk, MarkBlindChainsOfNpmRuleset) {
  Ruleset r(one_policy_each_way());
  const ClassWalkPlan plan = r.plan();
  EXPECT_TRUE(plan.mark_blind(r.chain("AZURE-NPM-INGRESS-x/in")));
  EXPECT_TRUE(plan.mark_blind(r.chain("AZURE-NPM-EGRESS-x/out")));
  EXPECT_TRUE(plan.mark_blind(r.chain("AZURE-NPM-ACCEPT")));
  EXPECT_TRUE(plan.mark_blind(r.chain("FORWARD")));  // its one jump is terminal for every group
  EXPECT_FALSE(plan.mark_blind(r.chain("AZURE-NPM-INGRESS")));  // DROP -m mark 0x400
  EXPECT_FALSE(plan.mark_blind(r.chain("AZURE-NPM-EGRESS")));   // DROP on 0x800, ACCEPT on 0x200
  // Its jump to EGRESS is terminal for some groups only, and EGRESS reads the mark.
  EXPECT_FALSE(plan.mark_blind(r.chain("AZURE-NPM-INGRESS-ALLOW-MARK")));
  EXPECT_FALSE(plan.mark_blind(r.chain("AZURE-NPM")));
}

TEST(AzureClassWalk, ChainsThatTestNoSourceSetShareOneOutcomeForEverySource) {
  Ruleset r(one_policy_each_way());
  const ClassWalkPlan plan = r.plan();
  EXPECT_EQ(plan.subclasses(r.chain("AZURE-NPM-ACCEPT")), 1u);
  // The ingress policy's rule tests the source against two sets (namespace x, and app=b in it):
  // pods with app=b, other pods of x, and everything outside x (node, externals).
  EXPECT_EQ(plan.subclasses(r.chain("AZURE-NPM-INGRESS-x/in")), 3u);
  // INGRESS-ALLOW-MARK only jumps on to EGRESS, which is terminal for it and so deferred: its
  // outcome depends on no source set.
  EXPECT_EQ(plan.subclasses(r.chain("AZURE-NPM-INGRESS-ALLOW-MARK")), 1u);
}

// A generated cluster whose policy chains are long enough to be walked in segments.
generators::ScaleSpec walked_spec(std::uint64_t seed) {
  generators::ScaleSpec spec;
  spec.namespaces = 5;
  spec.pods = 60;
  spec.policies = 60;
  spec.seed = seed;
  return spec;
}

// The plan's table of where each (chain, source class) finds its outcomes is sized without
// zeroing and filled column by column, class-major: every entry must come out a valid subclass,
// numbered as a Partition numbers its blocks (in order of their lowest source class, none
// skipped). An entry left unwritten or written to another class's row breaks the numbering.
TEST(AzureClassWalk, EverySourceClassHasASubclassOfEveryChain) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Ruleset r(generators::make_scale_cluster(walked_spec(seed)), {probe("TCP/80"), probe("UDP/53")});
    const ClassWalkPlan plan = r.plan();
    const std::size_t classes = plan.source_classes().representative.size();
    ASSERT_GT(classes, 1u);
    std::size_t split_chains = 0;
    for (std::size_t c = 0; c < plan.walk_chains(); ++c) {
      std::size_t next = 0;  // subclasses numbered so far
      for (std::size_t k = 0; k < classes; ++k) {
        const std::size_t s = plan.subclass_of(c, k);
        ASSERT_LE(s, next) << "seed " << seed << " chain " << c << " class " << k;
        if (s == next) ++next;
      }
      EXPECT_EQ(next, plan.subclasses(c)) << "seed " << seed << " chain " << c;
      if (next > 1) ++split_chains;
    }
    EXPECT_GT(split_chains, 0u) << "seed " << seed;
  }
}

Cluster many_ingress_policies(int policies) {
  ClusterBuilder b;
  for (int i = 0; i < 6; ++i) b.pod("x", "p" + std::to_string(i), {{"app", "a" + std::to_string(i % 3)}}, ("10.244.0." + std::to_string(10 + i)).c_str());
  for (int i = 0; i < policies; ++i) {
    auto& p = b.policy("x", "in-" + std::to_string(100 + i), match({{"app", "a" + std::to_string(i % 3)}}));
    p.ingress_type = true;
    p.ingress = {rule({pods(match({{"app", "a" + std::to_string((i + 1) % 3)}}))}, {port(80 + i % 2)})};
  }
  return b.build();
}

TEST(AzureClassWalk, LongChainsAreWalkedInSegmentsAndStillAgreeWithOnePacketWalks) {
  const int policies = static_cast<int>(ClassWalkPlan::kSegmentRules) * 2 + 3;
  Ruleset r(many_ingress_policies(policies));
  const ClassWalkPlan plan = r.plan();
  // AZURE-NPM-INGRESS has one jump per policy plus its DROP: cut into 3 segments.
  EXPECT_EQ(plan.walk_chains(), r.iptables.chains().size() + 3);
  Compiled c(many_ingress_policies(policies), Variant::Linux, {probe("TCP/80"), probe("TCP/81")});
  EXPECT_EQ(disagreements(c), 0u);
  EXPECT_GT(c.matrix.count_allowed(), 0u);
}

// More destination classes than Bits::kInlineWords words hold: the walk runs with its word
// count read at run time (ClassWalker<0>) and heap-backed sets. Every /32 ipBlock peer is a
// destination class of its own; flows from every pod (the sources the policy restricts, and
// the others) and from a few external sources must agree with one-packet walks.
TEST(AzureClassWalk, WalksOverManyWordsOfClassesAgreeWithOnePacketWalks) {
  ClusterBuilder b;
  b.pod("x", "a", {{"app", "a"}}, "10.244.0.10");
  b.pod("x", "b", {{"app", "b"}}, "10.244.0.11");
  b.pod("y", "c", {{"app", "c"}}, "10.244.1.10");
  std::vector<NetworkPolicyPeer> peers;
  std::vector<std::string> blocks;
  for (int i = 0; i < 300; ++i) blocks.push_back("100.64." + std::to_string(i / 100) + "." + std::to_string(2 * (i % 100)) + "/32");
  for (const auto& c : blocks) peers.push_back(block(c.c_str()));
  auto& out = b.policy("x", "out", match({{"app", "a"}}));
  out.egress_type = true;
  out.egress = {rule(peers, {port(80)}), rule({pods_in(match({}), match({{"app", "c"}}))})};
  auto& in = b.policy("y", "in", match({}));
  in.ingress_type = true;
  in.ingress = {rule({pods(match({}))}), rule({block("100.64.0.0/16", {"100.64.1.0/24"})}, {port(80)})};
  const Cluster cluster = b.build();
  ASSERT_GT(Ruleset(cluster).plan().destination_classes(), Bits::kInlineWords * 64);
  Compiled c(cluster, Variant::Linux, {probe("TCP/80"), probe("TCP/81")});
  std::vector<EndpointIndex> sources = {c.at("x/a"), c.at("x/b"), c.at("y/c")};
  for (EndpointIndex e = 0; e < c.universe.endpoints.size() && sources.size() < 8; ++e)
    if (c.universe.endpoints[e].kind == EndpointKind::External) sources.push_back(e);
  std::size_t bad = 0, allowed = 0;
  for (std::size_t p = 0; p < c.universe.probes.size(); ++p)
    for (EndpointIndex s : sources)
      for (EndpointIndex d = 0; d < c.universe.endpoints.size(); ++d) {
        const bool x = c.evaluation->explain(Flow{s, d, c.universe.probes[p]}).verdict == Verdict::Allow;
        bad += x != c.matrix.allowed(p, s, d);
        allowed += x;
      }
  EXPECT_EQ(bad, 0u);
  EXPECT_GT(allowed, 0u);
  // x/a reaches the /32s on port 80 only.
  const std::string first = "ip:100.64.0.0";
  EXPECT_TRUE(c.allowed("x/a", first, "TCP/80"));
  EXPECT_FALSE(c.allowed("x/a", first, "TCP/81"));
}

// Law: the plan keeps each rule's destination-side sets (ANDed, complemented where negated) as
// destination classes in one pool: a rule matches exactly the classes whose endpoints are in
// every set it tests on "dst" and out of every one it tests with "! --match-set ... dst"
// (policymanager_linux.go ingressJumpSpecs: the policy's podSelector sets on dst, NotIn and
// DoesNotExist as negated sets, parseSelector.go). Checked rule by rule against the Chain list,
// on a generated cluster long enough to be cut into segments and on one whose NotIn selectors
// make negated destination sets with a class count that is not a multiple of 64 (so the
// complement's padding must stay clear).
void expect_rule_destinations_as_defined(const Ruleset& r, const std::string& what) {
  const ClassWalkPlan plan = r.plan();
  const auto& chains = r.iptables.chains();
  const std::size_t classes = plan.destination_classes();
  std::vector<EndpointIndex> representative(classes);
  for (std::size_t k = 0; k < classes; ++k) {
    bool found = false;
    plan.class_members(k).for_each([&](std::size_t e) {
      if (!found) representative[k] = e;
      found = true;
    });
    ASSERT_TRUE(found) << what << ": class " << k << " has no endpoint";
  }
  auto expected = [&](const Rule& rule) {
    Bits out(classes);
    for (std::size_t k = 0; k < classes; ++k) {
      bool in = true;
      for (const auto& m : rule.sets)
        if (m.side == Side::Dst) in = in && r.sets.members(m.set).test(representative[k]) != m.negated;
      out.set(k, in);
    }
    return out;
  };
  // Walk chain and rule of each Chain rule: long chains' rules sit in their segments, numbered
  // after the real chains in order (class_walk.h).
  std::size_t next_segment = chains.size(), negated = 0;
  for (std::size_t c = 0; c < chains.size(); ++c) {
    const auto& rules = chains[c].rules;
    const bool cut = rules.size() > ClassWalkPlan::kSegmentRules;
    for (std::size_t k = 0; k < rules.size(); ++k) {
      const std::size_t chain = cut ? next_segment + k / ClassWalkPlan::kSegmentRules : c;
      const std::size_t index = cut ? k % ClassWalkPlan::kSegmentRules : k;
      EXPECT_EQ(plan.rule_destinations(chain, index), expected(rules[k])) << what << ": " << chains[c].name << " rule " << k;
      for (const auto& m : rules[k].sets) negated += m.side == Side::Dst && m.negated;
    }
    if (cut) next_segment += (rules.size() + ClassWalkPlan::kSegmentRules - 1) / ClassWalkPlan::kSegmentRules;
  }
  EXPECT_EQ(next_segment, plan.walk_chains()) << what;
  if (what == "NotIn selectors") {
    EXPECT_GT(negated, 0u);
    EXPECT_NE(classes % 64, 0u);
  }
}

TEST(AzureClassWalk, RuleDestinationsAreTheClassesInEveryDestinationSet) {
  expect_rule_destinations_as_defined(Ruleset(generators::make_scale_cluster(walked_spec(1))), "generated cluster");
  ClusterBuilder b;
  for (int i = 0; i < 5; ++i) b.pod("x", "p" + std::to_string(i), {{"app", "a" + std::to_string(i % 3)}}, "10.244.0." + std::to_string(10 + i));
  for (int i = 0; i < 12; ++i) {
    auto& p = b.policy("x", "not-" + std::to_string(i), match({}, {req("app", SelectorOperator::NotIn, {"a" + std::to_string(i % 3)})}));
    p.ingress_type = true;
    p.ingress = {rule({pods(match({{"app", "a" + std::to_string((i + 1) % 3)}}))}, {port(80)})};
  }
  // An egress peer of negative namespace requirements only: before PR #4868 (the options the
  // Ruleset translates with) its ACL tests nothing on dst but the negated namespace-label set,
  // so the rule's destinations are a bare complement.
  b.ns("y", {{"team", "y"}}).pod("y", "q", {{"app", "q"}}, "10.244.1.10");
  auto& out = b.policy("x", "egress-not-y", match({{"app", "a0"}}));
  out.egress_type = true;
  out.egress = {rule({namespaces(match({}, {req("team", SelectorOperator::NotIn, {"y"})}))}, {port(53, Protocol::UDP)})};
  expect_rule_destinations_as_defined(Ruleset(b.build()), "NotIn selectors");
}

// Law: a walk's result does not depend on which sources were walked before with the same cache
// (cached outcomes are keyed by everything they depend on).
TEST(AzureClassWalk, ResultsDoNotDependOnTheOrderSourcesAreWalked) {
  Ruleset r(many_ingress_policies(40));
  const std::size_t n = r.universe.endpoints.size();
  auto cache_forward = r.iptables.new_cache(0);
  auto cache_backward = r.iptables.new_cache(0);
  std::vector<Bits> forward, backward(n);
  for (EndpointIndex s = 0; s < n; ++s) forward.push_back(r.iptables.walk_class(r.sets, s, r.universe.probes[0], cache_forward));
  for (EndpointIndex s = n; s-- > 0;) backward[s] = r.iptables.walk_class(r.sets, s, r.universe.probes[0], cache_backward);
  for (EndpointIndex s = 0; s < n; ++s) EXPECT_EQ(forward[s], backward[s]) << r.universe.endpoints[s].id;
}

// Every source's accepted destinations, walked with or without skipping the jumps whose target
// leaves every packet as it was (Outcome::identity_in) and with or without sharing mark-blind
// chains' outcomes across groups; how many jumps were skipped and how many outcomes computed.
struct EverySourceWalk {
  std::vector<Bits> accepted;
  std::size_t skipped = 0, outcomes = 0;
};
EverySourceWalk walk_every_source(const Ruleset& r, const ClassWalkPlan& plan, bool skip_identities, bool share_mark_blind = true) {
  EverySourceWalk out;
  for (std::size_t p = 0; p < r.universe.probes.size(); ++p) {
    auto cache = plan.new_cache(p, skip_identities, share_mark_blind);
    for (EndpointIndex s = 0; s < r.universe.endpoints.size(); ++s)
      out.accepted.push_back(plan.accepted(r.sets, s, r.universe.probes[p], cache));
    out.skipped += cache.skipped_jumps();
    out.outcomes += cache.outcomes();
  }
  return out;
}

// Law: a jump into a chain whose outcome is an identity (every destination back in the group
// it entered with, none accepted, dropped or deferred) changes nothing, so skipping it changes
// no walk. On generated clusters long enough to be walked in segments, where most policy chains
// and segments leave most sources' packets alone (so the skip is taken, and often).
TEST(AzureClassWalk, SkippingJumpsThatChangeNothingChangesNoWalk) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Ruleset r(generators::make_scale_cluster(walked_spec(seed)), {probe("TCP/80"), probe("TCP/8080"), probe("UDP/53")});
    const ClassWalkPlan plan = r.plan();
    const EverySourceWalk with_skips = walk_every_source(r, plan, true);
    const EverySourceWalk without = walk_every_source(r, plan, false);
    EXPECT_GT(with_skips.skipped, 0u) << "seed " << seed;
    EXPECT_EQ(without.skipped, 0u);
    ASSERT_EQ(with_skips.accepted.size(), without.accepted.size());
    for (std::size_t k = 0; k < without.accepted.size(); ++k)
      EXPECT_EQ(with_skips.accepted[k], without.accepted[k]) << "seed " << seed << " walk " << k;
  }
}

// Law: a mark-blind chain's outcome for group g is its outcome for group 0 with g ORed into every
// group it names, so sharing it changes no walk; and it is shared (fewer outcomes computed) on
// generated clusters, whose policy chains and segments are mark-blind and see packets that
// earlier policies marked 0x400.
TEST(AzureClassWalk, SharingMarkBlindOutcomesAcrossGroupsChangesNoWalk) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Ruleset r(generators::make_scale_cluster(walked_spec(seed)), {probe("TCP/80"), probe("TCP/8080"), probe("UDP/53")});
    const ClassWalkPlan plan = r.plan();
    for (bool skip : {true, false}) {
      const EverySourceWalk shared = walk_every_source(r, plan, skip, true);
      const EverySourceWalk separate = walk_every_source(r, plan, skip, false);
      EXPECT_LT(shared.outcomes, separate.outcomes) << "seed " << seed;
      ASSERT_EQ(shared.accepted.size(), separate.accepted.size());
      for (std::size_t k = 0; k < separate.accepted.size(); ++k)
        EXPECT_EQ(shared.accepted[k], separate.accepted[k]) << "seed " << seed << " skip " << skip << " walk " << k;
    }
  }
}

// The lift applies to deferred jumps too: a mark-blind chain that defers to a terminal chain
// which reads the mark must hand it the packets' real group. NPM's own chains never show the
// difference (the chains its policy chains defer to decide alike for every mark they can see
// there), so this is a hand-made Chain list: FORWARD marks every packet 0x400 and jumps to P,
// which sends namespace x's pods to X; X drops packets marked 0x400 and accepts the rest.
// Namespace x's pods must be dropped, everything else accepted by FORWARD's policy.
TEST(AzureClassWalk, MarkBlindChainsDeferWithThePacketsGroup) {
  ClusterBuilder b;
  b.pod("x", "a", {{"app", "a"}}, "10.244.0.10");
  b.pod("y", "b", {{"app", "b"}}, "10.244.0.11");
  const Cluster cluster = b.build();
  const Universe universe = build_universe(cluster, {probe("TCP/80")});
  IpSetState sets(cluster, universe);
  const int ns_x = sets.intern({SetKind::Namespace, "x", "", std::nullopt, {}});
  sets.finalize();
  auto rule = [](Target target, int jump = -1) {
    Rule r;
    r.target = target;
    r.jump = jump;
    return r;
  };
  std::vector<Chain> chains(3);
  chains[0].name = "FORWARD";
  Rule mark = rule(Target::Mark);
  mark.set_mark = kIngressDropMark;
  chains[0].rules = {mark, rule(Target::Jump, 1)};
  chains[1].name = "P";
  Rule to_x = rule(Target::Jump, 2);
  to_x.sets = {{ns_x, false, Side::Dst}};
  chains[1].rules = {to_x};
  chains[2].name = "X";
  Rule drop = rule(Target::Drop);
  drop.mark_match = kIngressDropMark;
  chains[2].rules = {drop, rule(Target::Accept)};
  const ClassWalkPlan plan(chains, {}, sets);
  ASSERT_TRUE(plan.mark_blind(1));
  ASSERT_EQ(plan.terminal_groups(2), 0xFFu);
  Bits expected(universe.endpoints.size(), true);
  expected.subtract(sets.members(ns_x));
  for (bool share : {true, false}) {
    auto cache = plan.new_cache(0, true, share);
    for (EndpointIndex s = 0; s < universe.endpoints.size(); ++s)
      EXPECT_EQ(plan.accepted(sets, s, universe.probes[0], cache), expected) << universe.endpoints[s].id << " share " << share;
  }
}

RC_GTEST_PROP(AzureClassWalk, SharingMarkBlindOutcomesChangesNoWalkOnRandomClusters, ()) {
  const Ruleset r(*generators::small_cluster());
  const ClassWalkPlan plan = r.plan();
  RC_ASSERT(walk_every_source(r, plan, true, true).accepted == walk_every_source(r, plan, true, false).accepted);
}

RC_GTEST_PROP(AzureClassWalk, SkippingJumpsThatChangeNothingChangesNoWalkOnRandomClusters, ()) {
  const Ruleset r(*generators::small_cluster());
  const ClassWalkPlan plan = r.plan();
  RC_ASSERT(walk_every_source(r, plan, true).accepted == walk_every_source(r, plan, false).accepted);
}

}  // namespace
}  // namespace netpol::azure::testing

// explain() must agree with matrix() on every flow (engine.h contract), checked on random
// clusters; and the laws the upstream semantics imply (issue 2, "Property tests"): a policy that
// selects no pod changes nothing; once a pod is isolated in a direction, more policies only add
// allowed flows; the order and names of policies change no verdict.
#include <gtest/gtest.h>

#include <algorithm>
#include <fmt/format.h>
#include <random>

#include "models/k8s/k8s_engine.h"
#include "tests/k8s/cluster_builder.h"
#include "tests/k8s/random_cluster.h"

namespace netpol::testing {
namespace {

const std::vector<Probe> kLawProbes = {*Probe::parse("TCP/80"), *Probe::parse("TCP/8080"), *Probe::parse("TCP/1"),
                                       *Probe::parse("UDP/53"), *Probe::parse("SCTP/9000")};

void expect_explain_agrees(const Cluster& cluster, const std::string& label) {
  Evaluated e(*make_k8s_engine(), cluster, {});  // default probes: also exercises build_probes
  const auto& u = e.universe();
  for (std::size_t q = 0; q < u.probes.size(); ++q)
    for (EndpointIndex s = 0; s < u.endpoints.size(); ++s)
      for (EndpointIndex d = 0; d < u.endpoints.size(); ++d) {
        const Explanation x = e.evaluation().explain(Flow{s, d, u.probes[q]});
        const bool in_matrix = e.matrix().allowed(q, s, d);
        ASSERT_EQ(x.verdict == Verdict::Allow, in_matrix)
            << label << ": " << u.endpoints[s].id << " -> " << u.endpoints[d].id << " " << u.probes[q].to_string()
            << " first step: " << (x.steps.empty() ? "none" : x.steps.front().stage + " " + x.steps.front().detail);
        ASSERT_FALSE(x.steps.empty());
      }
}

TEST(K8sExplain, AgreesWithMatrixOnEveryFlowOfRandomClusters) {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) expect_explain_agrees(random_cluster(seed), fmt::format("seed {}", seed));
}

TEST(K8sExplain, AgreesWithMatrixOnDualStackClusters) {
  for (std::uint32_t seed = 100; seed <= 130; ++seed)
    expect_explain_agrees(random_cluster(seed, {true, 10, 6}), fmt::format("dual-stack seed {}", seed));
}

TEST(K8sExplain, AgreesWithMatrixOnTheE2eModel) {
  auto b = e2e_model();
  b.add_policy("x", "deny-all").egress_type = true;
  b.add_policy("x", "a-from-y", match({{"pod", "a"}})).ingress.push_back(rule({namespaces(match({{"kubernetes.io/metadata.name", "y"}}))}, {named_port("serve-80-tcp")}));
  expect_explain_agrees(b.build(), "e2e model");
}

// The random clusters must really mix verdicts, or the agreement test proves little.
TEST(K8sExplain, RandomClustersMixVerdicts) {
  std::size_t mixed = 0;
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    Evaluated e(*make_k8s_engine(), random_cluster(seed), kLawProbes);
    const auto total = e.matrix().endpoints() * e.matrix().endpoints() * e.matrix().probes();
    const auto allowed = e.matrix().count_allowed();
    mixed += allowed > 0 && allowed < total;
  }
  EXPECT_GE(mixed, 30u);
}

TEST(K8sExplain, NamesThePolicyThatDecided) {
  auto b = e2e_model();
  b.add_policy("x", "deny-ingress");
  b.add_policy("x", "allow-b", match({{"pod", "a"}})).ingress.push_back(rule({pods(match({{"pod", "b"}}))}));
  Evaluated e(*make_k8s_engine(), b.build(), {*Probe::parse("TCP/80")});
  const auto allow = e.explain("x/b", "x/a");
  ASSERT_EQ(allow.verdict, Verdict::Allow);
  EXPECT_EQ(allow.steps.back().stage, "ingress");
  EXPECT_EQ(allow.steps.back().subject, "x/allow-b");
  EXPECT_EQ(allow.steps.back().outcome, "allow");
  const auto deny = e.explain("x/c", "x/a");
  ASSERT_EQ(deny.verdict, Verdict::Deny);
  EXPECT_EQ(deny.steps.back().outcome, "deny");
  EXPECT_EQ(deny.steps.back().subject, "x/allow-b, x/deny-ingress");
  EXPECT_FALSE(deny.steps.back().citation.empty());
}

// Flows compared by endpoint id and probe, so that universes built from different policy sets
// can be compared on what they share.
bool flow_allowed(const Evaluated& e, std::size_t q, const std::string& src, const std::string& dst) {
  return e.allowed(src, dst, e.universe().probes[q].to_string());
}

TEST(K8sLaws, PolicySelectingNoPodChangesNothing) {
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    Cluster c = random_cluster(seed);
    Evaluated before(*make_k8s_engine(), c, kLawProbes);
    NetworkPolicy extra = random_policy(seed * 7919u, "x", "selects-nothing", false);
    extra.pod_selector = match({{"app", "no-such-app"}});
    c.policies.push_back(extra);
    Evaluated after(*make_k8s_engine(), c, kLawProbes);
    for (std::size_t q = 0; q < kLawProbes.size(); ++q)
      for (const auto& s : before.universe().endpoints)
        for (const auto& d : before.universe().endpoints)
          ASSERT_EQ(flow_allowed(before, q, s.id, d.id), flow_allowed(after, q, s.id, d.id))
              << "seed " << seed << " " << s.id << " -> " << d.id;
  }
}

// A new policy with the same podSelector and policyTypes as an existing one isolates nobody new,
// so it may only add allowed flows.
TEST(K8sLaws, MorePoliciesOnIsolatedPodsOnlyAddFlows) {
  std::size_t grew = 0;
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    Cluster c = random_cluster(seed);
    if (c.policies.empty()) continue;
    Evaluated before(*make_k8s_engine(), c, kLawProbes);
    const NetworkPolicy& base = c.policies[seed % c.policies.size()];
    NetworkPolicy extra = random_policy(seed * 104729u, base.namespace_name, "zz-extra", false);
    extra.pod_selector = base.pod_selector;
    extra.ingress_type = base.ingress_type;
    extra.egress_type = base.egress_type;
    if (!extra.ingress_type) extra.ingress.clear();
    if (!extra.egress_type) extra.egress.clear();
    c.policies.push_back(extra);
    Evaluated after(*make_k8s_engine(), c, kLawProbes);
    std::size_t added = 0;
    for (std::size_t q = 0; q < kLawProbes.size(); ++q)
      for (const auto& s : before.universe().endpoints)
        for (const auto& d : before.universe().endpoints) {
          const bool b = flow_allowed(before, q, s.id, d.id), a = flow_allowed(after, q, s.id, d.id);
          ASSERT_TRUE(!b || a) << "seed " << seed << " lost " << s.id << " -> " << d.id;
          added += a && !b;
        }
    grew += added > 0;
  }
  EXPECT_GT(grew, 0u);  // the law is exercised, not vacuous
}

TEST(K8sLaws, PolicyOrderAndNamesDoNotMatter) {
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    Cluster c = random_cluster(seed, {false, 8, 7});
    Evaluated before(*make_k8s_engine(), c, {});
    std::mt19937 rng(seed);
    std::shuffle(c.policies.begin(), c.policies.end(), rng);
    for (std::size_t i = 0; i < c.policies.size(); ++i) c.policies[i].name = fmt::format("renamed-{}", 100 - i);
    Evaluated after(*make_k8s_engine(), c, {});
    ASSERT_EQ(before.universe().probes, after.universe().probes);
    EXPECT_EQ(before.matrix(), after.matrix()) << "seed " << seed;
  }
}

}  // namespace
}  // namespace netpol::testing

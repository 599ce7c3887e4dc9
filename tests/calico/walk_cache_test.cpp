// matrix() walks each chain once per kind of fixed endpoint and reuses the result for every
// endpoint of that kind (tier_walk.h WalkCache), while explain() walks its one flow afresh with a
// trace. These tests check that the sharing happens and that it never changes a verdict, on a
// generated cluster with every Calico resource kind the scale generator writes (tiers with
// Pass/Deny defaults, GlobalNetworkPolicies, GlobalNetworkSets, a HostEndpoint per node).
// Semantics pinned elsewhere: felix/rules/endpoints.go (tiers, profiles), felix/rules/static.go
// (host endpoints) in projectcalico/calico; see evaluation_test.cpp.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "generators/scale.h"
#include "tests/calico/calico_test_support.h"

namespace netpol::calico::testing {
namespace {

Cluster generated_cluster_with_calico_resources() {
  generators::ScaleSpec spec;
  spec.namespaces = 4;
  spec.pods = 60;
  spec.policies = 14;
  spec.nodes = 3;
  spec.seed = 7;
  spec.calico.global_network_policies = 12;
  spec.calico.global_network_sets = 6;
  spec.calico.host_endpoint_per_node = true;
  return generators::make_scale_cluster(spec);
}

TEST(CalicoWalkCache, ExplainAgreesWithMatrixOnAGeneratedClusterWithCalicoResources) {
  auto e = evaluate(generated_cluster_with_calico_resources(), {"TCP/8080", "UDP/53", "TCP/9050"});
  std::string mismatch;
  const std::size_t flows = check_explain_agrees(*e, mismatch);
  EXPECT_EQ(mismatch, "");
  EXPECT_GT(flows, 10000u);
  // The cluster is not trivial: some flows are denied and some allowed.
  const std::size_t allowed = e->matrix.count_allowed();
  EXPECT_GT(allowed, 0u);
  EXPECT_LT(allowed, flows);
}

TEST(CalicoWalkCache, EndpointsAlikeShareOneWalk) {
  // Ten pods with the same labels in one namespace on one node: each is walked as a source and
  // as a destination, but they are alike to every rule, so their walks are shared.
  ClusterBuilder b;
  for (int i = 0; i < 10; ++i) b.pod("x", "p" + std::to_string(i), "10.244.0." + std::to_string(10 + i), {{"app", "web"}});
  CalicoPolicy p = np("x", "deny-from-db", 10, "app == 'web'");
  CalicoRule deny = deny_rule();
  deny.source.selector = "app == 'db'";
  p.ingress.push_back(deny);
  p.ingress_type = true;
  auto e = evaluate(b.calico(p).build(), {"TCP/80"});
  const std::size_t endpoints = e->universe.endpoints.size();
  EXPECT_GT(e->eval->distinct_walks(), 0u);
  EXPECT_LT(e->eval->distinct_walks(), endpoints);
  std::string mismatch;
  check_explain_agrees(*e, mismatch);
  EXPECT_EQ(mismatch, "");
}

}  // namespace
}  // namespace netpol::calico::testing

namespace netpol::calico::testing {
namespace {

// felix/rules/endpoints.go endpointIptablesChain: a Forward chain with no applyOnForward policy
// ends "Allow forwarded traffic by default"; Untracked and PreDnat chains with no policy render
// no rule and leave every packet to the next stage. matrix() relies on empty_chain_outcome()
// instead of walking such chains; this pins that it says what walk() does.
TEST(CalicoWalkCache, EmptyChainOutcomeIsWhatTheWalkDoes) {
  ClusterBuilder b;
  b.pod("x", "a", "10.244.0.10").pod("x", "b", "10.244.0.11");
  const auto indexed = index_cluster(b.build());
  const Universe& universe = indexed->universe;
  Diagnostics notes;
  PolicySet set(indexed->cluster, *CalicoVersion::parse("3.32"), *indexed->index, 1, notes);
  const std::vector<int> no_policies;
  const Bitset everyone(universe.endpoints.size(), true);
  for (Stage stage : {Stage::Untracked, Stage::PreDnat, Stage::Forward})
    for (Direction direction : {Direction::Ingress, Direction::Egress}) {
      WalkInput in;
      in.policies = &no_policies;
      in.stage = stage;
      in.direction = direction;
      in.probe = universe.probes.front();
      const WalkResult r = walk(set, in, everyone, nullptr);
      const bool accepts = empty_chain_outcome(stage) == EmptyChain::AcceptAll;
      EXPECT_EQ(r.allow, accepts ? everyone : Bitset(everyone.size())) << static_cast<int>(stage);
      EXPECT_EQ(r.undecided, accepts ? Bitset(everyone.size()) : everyone) << static_cast<int>(stage);
      // Nothing denied: every candidate is allowed or left undecided.
      EXPECT_EQ(r.allow | r.undecided, everyone) << static_cast<int>(stage);
    }
  EXPECT_EQ(empty_chain_outcome(Stage::Forward), EmptyChain::AcceptAll);
  EXPECT_EQ(empty_chain_outcome(Stage::Untracked), EmptyChain::DecideNothing);
  EXPECT_EQ(empty_chain_outcome(Stage::PreDnat), EmptyChain::DecideNothing);
}

}  // namespace
}  // namespace netpol::calico::testing

namespace netpol::calico::testing {
namespace {

// WalkCache keys walks on the address of the applicable list, so PolicySet hands out one object
// per distinct list (policy_set.h). Every empty list is the same object, whether no policy
// selects the class or no policy joins that stage at all; equal non-empty lists are shared too.
TEST(CalicoWalkCache, EqualApplicableListsAreOneObject) {
  const auto indexed = index_cluster(generated_cluster_with_calico_resources());
  SelectorIndex& selectors = *indexed->index;
  Diagnostics notes;
  PolicySet set(indexed->cluster, *CalicoVersion::parse("3.32"), selectors, 1, notes);
  std::map<std::vector<int>, const std::vector<int>*> seen;
  std::size_t empty = 0, non_empty = 0;
  for (std::size_t cls = 0; cls < selectors.endpoint_class_count(); ++cls)
    for (Stage stage : {Stage::Normal, Stage::Untracked, Stage::PreDnat, Stage::Forward})
      for (Direction direction : {Direction::Ingress, Direction::Egress}) {
        const std::vector<int>& list = set.applicable(static_cast<int>(cls), stage, direction);
        auto [it, fresh] = seen.emplace(list, &list);
        EXPECT_EQ(it->second, &list) << "class " << cls << " stage " << static_cast<int>(stage);
        (list.empty() ? empty : non_empty) += 1;
      }
  EXPECT_GT(empty, 0u);      // the scale generator writes no doNotTrack/preDNAT/applyOnForward policy
  EXPECT_GT(non_empty, 0u);
  EXPECT_LT(seen.size(), non_empty);  // some classes share a list
}

}  // namespace
}  // namespace netpol::calico::testing

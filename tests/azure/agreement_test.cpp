// explain() walks one packet through the chains (or ACLs); matrix() walks a whole class of
// packets at once with bitsets. Both must agree on every flow: checked on hand-made clusters with
// every deviation, on RapidCheck clusters, and on a generated cluster at moderate scale.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "generators/cluster_gen.h"
#include "generators/scale.h"
#include "tests/azure/cluster_builder.h"

namespace netpol::azure::testing {
namespace {

constexpr Variant kVariants[] = {Variant::Linux, Variant::LinuxLegacy, Variant::Windows};

Cluster deviations_cluster() {
  ClusterBuilder b;
  b.node("node-2", "10.240.0.5");
  b.pod("x", "a", {{"pod", "a"}}, "10.244.0.10", "node-1", {ContainerPort{"web", 80, Protocol::TCP, false}});
  b.pod("x", "b", {{"pod", "b"}}, "10.244.0.11", "node-1");
  b.pod("y", "c", {{"pod", "c"}}, "10.244.1.10", "node-2", {ContainerPort{"web", 81, Protocol::TCP, false}});
  b.pod("z", "d", {{"pod", "d"}}, "10.244.1.11,fd00::11", "node-2");
  b.pod("z", "v6", {{"pod", "v6"}}, "fd00::12", "node-2");
  b.host_pod("z", "h", "node-1");
  auto& l3 = b.policy("x", "l3", match({{"pod", "a"}}));
  l3.ingress_type = false;
  l3.egress_type = true;
  l3.egress = {rule({namespaces(match({}, {req("kubernetes.io/metadata.name", SelectorOperator::NotIn, {"y", "z"})}))}, {port(80)})};
  auto& named_policy = b.policy("y", "named", match({}));
  named_policy.ingress_type = true;
  named_policy.ingress = {rule({pods_in(match({}), match({{"pod", "a"}}))}, {named("web")}), rule({block("10.240.0.0/16", {"10.240.0.5/32"})})};
  auto& range = b.policy("z", "range", match({}, {req("pod", SelectorOperator::In, {"d", "v6"})}));
  range.ingress_type = true;
  range.egress_type = true;
  range.ingress = {rule({pods(match({}))}, {port_range(80, 81)})};
  range.egress = {rule({block("0.0.0.0/0", {"0.0.0.0/1"})})};
  return b.build();
}

TEST(AzureAgreement, ExplainAgreesWithMatrixOnEveryFlowOfTheDeviationsCluster) {
  for (Variant v : kVariants) {
    Compiled c(deviations_cluster(), v, {probe("TCP/80"), probe("TCP/81"), probe("UDP/80")});
    EXPECT_EQ(disagreements(c), 0u) << static_cast<int>(v);
    EXPECT_GT(c.matrix.count_allowed(), 0u);
    EXPECT_LT(c.matrix.count_allowed(), c.universe.endpoints.size() * c.universe.endpoints.size() * 3);
  }
}

RC_GTEST_PROP(AzureAgreement, ExplainAgreesWithMatrixOnRandomClusters, ()) {
  Cluster cluster = *generators::small_cluster();
  for (Variant v : kVariants) {
    Compiled c(cluster, v);
    RC_ASSERT(disagreements(c) == 0u);
  }
}

TEST(AzureAgreement, ExplainAgreesWithMatrixOnAGeneratedCluster) {
  generators::ScaleSpec spec;
  spec.namespaces = 4;
  spec.pods = 60;
  spec.policies = 24;
  for (Variant v : kVariants) {
    Compiled c(generators::make_scale_cluster(spec), v, {probe("TCP/80"), probe("TCP/8080")});
    EXPECT_EQ(disagreements(c), 0u) << static_cast<int>(v);
  }
}

// Enough policies that AZURE-NPM-INGRESS and AZURE-NPM-EGRESS are walked in segments
// (ClassWalkPlan::kSegmentRules), on two seeds: the shared chain outcomes, deferred jumps and
// segments of the class walk against one-packet walks, on the Linux dataplanes that use them.
TEST(AzureAgreement, ExplainAgreesWithMatrixOnGeneratedClustersWithLongChains) {
  for (std::uint64_t seed : {2u, 3u}) {
    generators::ScaleSpec spec;
    spec.namespaces = 5;
    spec.pods = 50;
    spec.policies = 60;
    spec.seed = seed;
    for (Variant v : {Variant::Linux, Variant::LinuxLegacy}) {
      Compiled c(generators::make_scale_cluster(spec), v, {probe("TCP/8080"), probe("UDP/53")});
      EXPECT_EQ(disagreements(c), 0u) << "seed " << seed << " variant " << static_cast<int>(v);
      EXPECT_GT(c.matrix.count_allowed(), 0u);
    }
  }
}

}  // namespace
}  // namespace netpol::azure::testing

// Tests of the deterministic scale generator (generators/scale.h).
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "generators/cluster_text.h"
#include "generators/scale.h"
#include "tests/properties/law_support.h"
#include "tests/properties/validity.h"

namespace netpol {
namespace {

using generators::make_scale_cluster;
using generators::ScaleSpec;

TEST(ScaleGenerator, HonoursTheRequestedCountsAndIsValid) {
  const Cluster cluster = make_scale_cluster(ScaleSpec{});
  EXPECT_EQ(cluster.namespaces.size(), 20u);
  EXPECT_EQ(cluster.pods.size(), 1000u);
  EXPECT_EQ(cluster.policies.size(), 200u);
  EXPECT_EQ(cluster.nodes.size(), 20u);  // one node per 50 pods by default
  const auto problems = laws::validity_problems(cluster);
  EXPECT_TRUE(problems.empty()) << problems.size() << " problems, first: " << problems.front();

  ScaleSpec big;
  big.pods = 5000;
  big.policies = 1000;
  big.nodes = 7;
  const Cluster large = make_scale_cluster(big);
  EXPECT_EQ(large.pods.size(), 5000u);
  EXPECT_EQ(large.policies.size(), 1000u);
  EXPECT_EQ(large.nodes.size(), 7u);
  const auto large_problems = laws::validity_problems(large);
  EXPECT_TRUE(large_problems.empty()) << large_problems.front();
}

TEST(ScaleGenerator, SameSeedSameClusterOtherSeedOtherCluster) {
  ScaleSpec spec;
  spec.pods = 300;
  spec.policies = 60;
  EXPECT_EQ(describe_cluster(make_scale_cluster(spec)), describe_cluster(make_scale_cluster(spec)));
  ScaleSpec other = spec;
  other.seed = 2;
  EXPECT_NE(describe_cluster(make_scale_cluster(spec)), describe_cluster(make_scale_cluster(other)));
}

TEST(ScaleGenerator, PolicyCountDoesNotChangeThePods) {
  // Pods and policies come from separate random streams (scale.cpp), so benchmarks that vary
  // one count compare like with like.
  ScaleSpec spec;
  spec.pods = 200;
  ScaleSpec more_policies = spec;
  more_policies.policies = 400;
  auto pods_text = [](const Cluster& c) {
    Cluster pods_only = c;
    pods_only.policies.clear();
    return describe_cluster(pods_only);
  };
  EXPECT_EQ(pods_text(make_scale_cluster(spec)), pods_text(make_scale_cluster(more_policies)));
}

TEST(ScaleGenerator, MixesThePolicyShapes) {
  const Cluster cluster = make_scale_cluster(ScaleSpec{});
  std::set<std::string> seen;
  for (const auto& p : cluster.policies) {
    if (p.ingress_type) seen.insert("ingress");
    if (p.egress_type) seen.insert("egress");
    for (const auto* rules : {&p.ingress, &p.egress})
      for (const auto& r : *rules) {
        for (const auto& peer : r.peers) {
          if (peer.ip_block) seen.insert(peer.ip_block->except.empty() ? "ipBlock" : "ipBlock except");
          if (peer.pod_selector && peer.namespace_selector) seen.insert("pod and namespace selector");
          else if (peer.namespace_selector) seen.insert("namespace selector");
          else if (peer.pod_selector) seen.insert("pod selector");
        }
        for (const auto& port : r.ports) {
          if (port.name) seen.insert("named port");
          if (port.end_port) seen.insert("endPort");
          if (port.port && !port.end_port) seen.insert("numeric port");
          if (!port.port && !port.name) seen.insert("protocol only");
        }
      }
  }
  for (const char* shape : {"ingress", "egress", "ipBlock", "ipBlock except", "pod and namespace selector",
                            "namespace selector", "pod selector", "named port", "endPort", "numeric port",
                            "protocol only"})
    EXPECT_TRUE(seen.count(shape)) << "never generated at scale: " << shape;
}

TEST(ScaleGenerator, K8sVerdictsAreNeitherAllAllowNorAllDeny) {
  // A realistic cluster has both: if every flow were allowed (or denied), the benchmark would
  // measure a degenerate case.
  ScaleSpec spec;
  spec.pods = 200;
  spec.policies = 40;
  spec.namespaces = 8;
  const Cluster cluster = make_scale_cluster(spec);
  const Universe universe = build_universe(cluster, {*Probe::parse("TCP/8080"), *Probe::parse("UDP/53")});
  const VerdictMatrix matrix = laws::evaluate("k8s", cluster, universe);
  const std::size_t total = universe.endpoints.size() * universe.endpoints.size() * universe.probes.size();
  EXPECT_GT(matrix.count_allowed(), total / 20);
  EXPECT_LT(matrix.count_allowed(), total - total / 20);
}

TEST(ScaleGenerator, RejectsSpecsItCannotHonour) {
  ScaleSpec no_namespaces;
  no_namespaces.namespaces = 0;
  EXPECT_THROW(make_scale_cluster(no_namespaces), std::invalid_argument);
  ScaleSpec too_many;
  too_many.pods = 64001;
  EXPECT_THROW(make_scale_cluster(too_many), std::invalid_argument);
}

TEST(ScaleGenerator, CalicoResourcesLeaveTheKubernetesPartUnchanged) {
  // The Calico extension point (generators/scale_calico.cpp) draws from its own stream.
  ScaleSpec plain;
  plain.pods = 300;
  plain.policies = 60;
  ScaleSpec with_calico = plain;
  with_calico.calico.global_network_policies = 200;
  with_calico.calico.global_network_sets = 50;
  with_calico.calico.host_endpoint_per_node = true;
  const Cluster a = make_scale_cluster(plain), b = make_scale_cluster(with_calico);
  EXPECT_EQ(describe_cluster(a), describe_cluster(b));
  EXPECT_TRUE(a.calico.policies.empty());
  EXPECT_EQ(b.calico.policies.size(), 200u);
  EXPECT_EQ(b.calico.network_sets.size(), 50u);
  EXPECT_EQ(b.calico.host_endpoints.size(), b.nodes.size());
}

}  // namespace
}  // namespace netpol

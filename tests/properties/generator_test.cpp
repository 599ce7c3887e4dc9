// Tests of the RapidCheck cluster generators themselves (generators/cluster_gen.h): validity,
// coverage of every policy shape the brief asks for, and working shrinking.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <map>
#include <string>

#include "generators/cluster_gen.h"
#include "generators/cluster_text.h"
#include "models/loader/loader.h"
#include "models/loader/manifest_writer.h"
#include "tests/properties/validity.h"

namespace netpol {
namespace {

// Deterministic samples of a generator at nominal size.
template <typename T>
std::vector<T> sample(const rc::Gen<T>& gen, int count) {
  std::vector<T> out;
  for (int i = 0; i < count; ++i) out.push_back(gen(rc::Random(static_cast<std::uint64_t>(i) + 1)).value());
  return out;
}

TEST(ClusterGenerator, EveryGeneratedClusterIsValidAndSmall) {
  EXPECT_TRUE(rc::check("generated clusters are valid", [] {
    const Cluster cluster = *generators::small_cluster();
    const auto problems = laws::validity_problems(cluster);
    if (!problems.empty()) RC_FAIL(problems.front());
    RC_ASSERT(cluster.namespaces.size() >= 1u && cluster.namespaces.size() <= 3u);
    RC_ASSERT(cluster.pods.size() >= 1u && cluster.pods.size() <= 6u);
    RC_ASSERT(cluster.policies.size() <= 4u);
  }));
}

// The authoritative validity check: the loader applies API-server validation and defaulting
// (models/loader/loader.h). A generated cluster written as manifests must load without error
// and come back with the same namespaces, nodes, pods and policies.
TEST(ClusterGenerator, GeneratedClustersPassTheLoaderUnchanged) {
  EXPECT_TRUE(rc::check("generated clusters load back unchanged", [] {
    const Cluster cluster = *generators::small_cluster();
    const std::string text = write_manifests(cluster);
    LoadResult loaded;
    try {
      loaded = load_text(text, "generated.yaml");
    } catch (const InputError& e) {
      RC_FAIL(std::string("loader rejected a generated cluster: ") + e.what() + "\n" + text);
    }
    const Cluster& back = loaded.cluster;
    RC_ASSERT(describe_cluster(back) == describe_cluster(cluster));
    RC_ASSERT(back.policies == cluster.policies);
  }));
}

TEST(ClusterGenerator, PolicySelectingNothingIsValid) {
  EXPECT_TRUE(rc::check("policies selecting nothing are valid", [] {
    Cluster cluster = *generators::small_cluster();
    generators::add_policy(cluster, *generators::policy_selecting_nothing(cluster, "selects-nothing"));
    const auto problems = laws::validity_problems(cluster);
    if (!problems.empty()) RC_FAIL(problems.front());
  }));
}

// Over a fixed sample, every shape listed in the brief occurs: a generator that silently stopped
// producing one would make the law tests blind to it.
TEST(ClusterGenerator, CoversEveryPolicyShape) {
  std::map<std::string, int> seen;
  for (const Cluster& cluster : sample(generators::small_cluster(), 400)) {
    seen[std::to_string(cluster.namespaces.size()) + " namespaces"]++;
    seen[std::to_string(cluster.nodes.size()) + " nodes"]++;
    seen[std::to_string(cluster.policies.size()) + " policies"]++;
    if (cluster.pods.size() == 6) seen["6 pods"]++;
    for (const auto& policy : cluster.policies) {
      seen[policy.ingress_type && policy.egress_type ? "types both" : policy.ingress_type ? "types ingress" : "types egress"]++;
      if (!policy.ingress_type && !policy.ingress.empty()) seen["ingress rules ignored"]++;
      if (!policy.egress_type && !policy.egress.empty()) seen["egress rules ignored"]++;
      if (policy.pod_selector.empty()) seen["select all pods"]++;
      for (const auto* rules : {&policy.ingress, &policy.egress}) {
        if (rules->empty()) seen["no rules"]++;
        for (const auto& rule : *rules) {
          if (rule.peers.empty()) seen["rule any peer"]++;
          if (rule.ports.empty()) seen["rule any port"]++;
          for (const auto& peer : rule.peers) {
            if (peer.ip_block) seen[peer.ip_block->except.empty() ? "ipBlock" : "ipBlock with except"]++;
            else if (peer.pod_selector && peer.namespace_selector) seen["pod and namespace selector"]++;
            else if (peer.pod_selector) seen["pod selector"]++;
            else seen["namespace selector"]++;
            for (const auto* s : {&peer.pod_selector, &peer.namespace_selector})
              if (*s)
                for (const auto& r : (*s)->match_expressions) seen["operator " + std::to_string(static_cast<int>(r.op))]++;
            if (peer.ip_block)
              for (const auto& pod : cluster.pods)
                if (peer.ip_block->cidr.contains(pod.ips.front())) {
                  seen["ipBlock covers a pod"]++;
                  break;
                }
          }
          for (const auto& port : rule.ports) {
            if (port.end_port) seen["endPort"]++;
            else if (port.port) seen["numeric port"]++;
            else if (port.name) seen["named port"]++;
            else seen["protocol only"]++;
            seen["protocol " + std::string(to_string(port.protocol))]++;
          }
        }
      }
    }
  }
  for (const char* shape :
       {"1 namespaces", "3 namespaces", "1 nodes", "2 nodes", "0 policies", "4 policies", "6 pods", "types both",
        "types ingress", "types egress", "ingress rules ignored", "egress rules ignored", "select all pods", "no rules",
        "rule any peer", "rule any port", "ipBlock", "ipBlock with except", "pod and namespace selector",
        "pod selector", "namespace selector", "operator 0", "operator 1", "operator 2", "operator 3",
        "ipBlock covers a pod", "endPort", "numeric port", "named port", "protocol only", "protocol TCP",
        "protocol UDP", "protocol SCTP"})
    EXPECT_GT(seen[shape], 0) << "never generated: " << shape;
}

// Shrinking is what makes a counterexample readable: a generated cluster must offer smaller
// candidates (fewer pods or policies), and those must be valid too.
TEST(ClusterGenerator, ShrinksToSmallerValidClusters) {
  int checked = 0;
  for (int seed = 1; seed <= 50 && checked < 10; ++seed) {
    const auto shrinkable = generators::small_cluster()(rc::Random(static_cast<std::uint64_t>(seed)));
    const Cluster& cluster = shrinkable.value();
    if (cluster.pods.size() < 2 || cluster.policies.size() < 2) continue;
    ++checked;
    bool fewer_pods = false, fewer_policies = false;
    auto shrinks = shrinkable.shrinks();
    int looked = 0;
    while (auto next = shrinks.next()) {
      const Cluster smaller = next->value();
      const auto problems = laws::validity_problems(smaller);
      EXPECT_TRUE(problems.empty()) << problems.front() << "\n" << describe_cluster(smaller);
      fewer_pods |= smaller.pods.size() < cluster.pods.size();
      fewer_policies |= smaller.policies.size() < cluster.policies.size();
      if (++looked == 5000) break;
    }
    EXPECT_TRUE(fewer_pods) << describe_cluster(cluster);
    EXPECT_TRUE(fewer_policies) << describe_cluster(cluster);
  }
  EXPECT_EQ(checked, 10);
}

// End to end: greedy shrinking (what rc::check does on failure: take the first shrink that still
// fails, repeat) of a cluster failing "no policy has an ipBlock with except" ends at the
// smallest such cluster: one namespace, one node, one pod, one policy, one rule, one peer.
TEST(ClusterGenerator, ShrinksACounterexampleToItsCore) {
  auto fails = [](const Cluster& c) {
    for (const auto& p : c.policies)
      for (const auto* rules : {&p.ingress, &p.egress})
        for (const auto& r : *rules)
          for (const auto& peer : r.peers)
            if (peer.ip_block && !peer.ip_block->except.empty()) return true;
    return false;
  };
  int found = 0;
  for (int seed = 1; seed <= 300 && found < 3; ++seed) {
    auto current = generators::small_cluster()(rc::Random(static_cast<std::uint64_t>(seed)));
    if (!fails(current.value())) continue;
    ++found;
    for (bool shrunk = true; shrunk;) {
      shrunk = false;
      auto shrinks = current.shrinks();
      while (auto next = shrinks.next())
        if (fails(next->value())) {
          current = *next;
          shrunk = true;
          break;
        }
    }
    const Cluster& minimal = current.value();
    EXPECT_EQ(minimal.namespaces.size(), 1u) << describe_cluster(minimal);
    EXPECT_EQ(minimal.nodes.size(), 1u) << describe_cluster(minimal);
    EXPECT_EQ(minimal.pods.size(), 1u) << describe_cluster(minimal);
    ASSERT_EQ(minimal.policies.size(), 1u) << describe_cluster(minimal);
    const auto& policy = minimal.policies.front();
    EXPECT_EQ(policy.ingress.size() + policy.egress.size(), 1u) << describe_cluster(minimal);
    EXPECT_TRUE(policy.pod_selector.empty()) << describe_cluster(minimal);
    EXPECT_TRUE(minimal.pods.front().labels.empty()) << describe_cluster(minimal);
  }
  EXPECT_EQ(found, 3);
}

}  // namespace
}  // namespace netpol

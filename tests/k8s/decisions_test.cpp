// The open choices of the k8s engine (models/k8s/k8s_decisions.h), one test each, with the source
// each choice follows.
#include <gtest/gtest.h>

#include "models/k8s/k8s_engine.h"
#include "tests/k8s/cluster_builder.h"

namespace netpol::testing {
namespace {

const std::vector<Probe> kProbes = {*Probe::parse("TCP/80")};

// Two nodes, a pod on each, both pods isolated for ingress and egress by a deny-all.
ClusterBuilder two_nodes_deny_all() {
  ClusterBuilder b;
  b.add_node("node-1", {"10.240.0.1"}).add_node("node-2", {"10.240.0.2"});
  b.add_pod("x", "a", {{"pod", "a"}}, {"10.244.1.1"}, "node-1");
  b.add_pod("x", "b", {{"pod", "b"}}, {"10.244.2.1"}, "node-2");
  auto& p = b.add_policy("x", "deny-all");
  p.egress_type = true;
  return b;
}

Evaluated eval(const ClusterBuilder& b) { return Evaluated(*make_k8s_engine(), b.build(), kProbes); }

// Doc: "a pod cannot block access to itself"; upstream e2e ignores loopback (network_policy.go
// ignoreLoopback, kubernetes/kubernetes#95879).
TEST(K8sDecisions, PodReachesItselfUnderDenyAll) {
  auto e = eval(two_nodes_deny_all());
  EXPECT_TRUE(e.allowed("x/a", "x/a"));
  EXPECT_FALSE(e.allowed("x/a", "x/b"));
  EXPECT_EQ(e.explain("x/a", "x/a").steps.front().stage, "self");
}

// Doc: "traffic to and from the node where a Pod is running is always allowed, regardless of the
// IP address of the Pod or the node" -- both directions, own node only.
TEST(K8sDecisions, NodeLocalTrafficAlwaysAllowed) {
  auto e = eval(two_nodes_deny_all());
  EXPECT_TRUE(e.allowed("node:node-1", "x/a"));
  EXPECT_TRUE(e.allowed("x/a", "node:node-1"));
  EXPECT_FALSE(e.allowed("node:node-2", "x/a"));  // another node is ordinary traffic
  EXPECT_FALSE(e.allowed("x/a", "node:node-2"));
  EXPECT_TRUE(e.allowed("node:node-2", "x/b"));
  EXPECT_TRUE(e.allowed("node:node-1", "node:node-2"));  // no pod end: no policy applies
}

// A remote node is subject to ipBlock rules like any address.
TEST(K8sDecisions, RemoteNodeMatchedByIpBlock) {
  auto b = two_nodes_deny_all();
  b.add_policy("x", "from-nodes", match({{"pod", "a"}})).ingress.push_back(rule({block("10.240.0.0/16")}));
  auto e = eval(b);
  EXPECT_TRUE(e.allowed("node:node-2", "x/a"));
  EXPECT_FALSE(e.allowed("x/b", "x/a"));  // x/b's egress is still denied
}

// Doc "NetworkPolicy and hostNetwork pods" (second, most common option): a hostNetwork pod is
// not selected by spec.podSelector, so it is never isolated ...
TEST(K8sDecisions, HostNetworkPodIsNeverIsolated) {
  auto b = two_nodes_deny_all();
  b.add_pod("x", "h", {{"pod", "h"}}, {"10.240.0.2"}, "node-2").host_network = true;
  auto e = eval(b);
  EXPECT_TRUE(e.allowed("ip:0.0.0.0", "x/h"));
  EXPECT_TRUE(e.allowed("x/h", "ip:0.0.0.0"));
  EXPECT_FALSE(e.notes().empty());  // the user is told the policy does not isolate it
}

// ... is not matched by podSelector/namespaceSelector peers ...
TEST(K8sDecisions, HostNetworkPodNotMatchedBySelectorPeers) {
  ClusterBuilder b;
  b.add_node("node-1", {"10.240.0.1"}).add_node("node-2", {"10.240.0.2"});
  b.add_pod("x", "server", {{"pod", "server"}}, {"10.244.1.1"}, "node-1");
  b.add_pod("x", "client", {{"role", "client"}}, {"10.244.2.1"}, "node-2");
  b.add_pod("x", "hostclient", {{"role", "client"}}, {"10.240.0.2"}, "node-2").host_network = true;
  b.add_policy("x", "from-clients", match({{"pod", "server"}})).ingress.push_back(rule({pods(match({{"role", "client"}}))}));
  auto e = eval(b);
  EXPECT_TRUE(e.allowed("x/client", "x/server"));
  EXPECT_FALSE(e.allowed("x/hostclient", "x/server"));
}

// ... but is matched by an ipBlock holding its node's address, and is node-local to the pods of
// its node ("treated the same as all other traffic to/from the node IP").
TEST(K8sDecisions, HostNetworkPodIsItsNode) {
  auto b = two_nodes_deny_all();
  b.add_pod("x", "h", {}, {"10.240.0.2"}, "node-2").host_network = true;
  b.add_policy("x", "from-node-2", match({{"pod", "a"}})).ingress.push_back(rule({block("10.240.0.2/32")}));
  auto e = eval(b);
  EXPECT_TRUE(e.allowed("x/h", "x/a"));   // ipBlock on the node address
  EXPECT_TRUE(e.allowed("x/h", "x/b"));   // node-local: x/b runs on node-2
  EXPECT_TRUE(e.allowed("x/b", "x/h"));
  EXPECT_FALSE(e.allowed("x/a", "x/h"));  // x/a's egress is denied and x/h is not on its node
}

// Pod-lifecycle doc: no IP, unscheduled or terminated pods have no network; every flow with
// them is denied, even to themselves.
TEST(K8sDecisions, PodsWithoutNetworkTakePartInNoFlow) {
  ClusterBuilder b;
  b.add_pod("x", "running", {}, {"10.244.0.1"});
  b.add_pod("x", "no-ip", {}, {});
  b.add_pod("x", "unscheduled", {}, {"10.244.0.3"}, "");
  b.add_pod("x", "done", {}, {"10.244.0.4"}).phase = PodPhase::Succeeded;
  b.add_pod("x", "failed", {}, {"10.244.0.5"}).phase = PodPhase::Failed;
  auto e = eval(b);
  for (const char* dead : {"x/no-ip", "x/unscheduled", "x/done", "x/failed"}) {
    EXPECT_FALSE(e.allowed("x/running", dead)) << dead;
    EXPECT_FALSE(e.allowed(dead, "x/running")) << dead;
    EXPECT_FALSE(e.allowed(dead, dead)) << dead;
    EXPECT_EQ(e.explain(dead, "x/running").steps.front().stage, "endpoint");
  }
  EXPECT_TRUE(e.allowed("x/running", "x/running"));
  EXPECT_TRUE(e.allowed("x/running", "node:node-1"));
}

// IPv6: matching is per family (an IPv4 ipBlock never matches an IPv6 address), and a flow needs
// a family both ends hold. e2e CIDR tests use a /128 for IPv6 clusters ("hostMask = 128").
TEST(K8sDecisions, IpBlocksMatchTheirOwnFamilyOnly) {
  ClusterBuilder b;
  b.add_node("node-1", {"10.240.0.1", "fd00::1"});
  b.add_pod("x", "server", {{"pod", "server"}}, {"10.244.0.1", "fd00:10:244::1"});
  b.add_pod("x", "v4", {}, {"10.244.0.2"});
  b.add_pod("x", "v6", {}, {"fd00:10:244::2"});
  b.add_pod("x", "dual", {}, {"10.244.0.3", "fd00:10:244::3"});
  b.add_policy("x", "v6-only", match({{"pod", "server"}})).ingress.push_back(rule({block("fd00:10:244::/64")}));
  auto e = eval(b);
  EXPECT_FALSE(e.allowed("x/v4", "x/server"));   // only IPv4: the IPv6 block cannot match
  EXPECT_TRUE(e.allowed("x/v6", "x/server"));
  EXPECT_TRUE(e.allowed("x/dual", "x/server"));  // over IPv6
  EXPECT_FALSE(e.allowed("x/v4", "x/v6"));       // no shared family: no flow at all
  EXPECT_EQ(e.explain("x/v4", "x/v6").steps.front().stage, "address family");
  EXPECT_TRUE(e.allowed("x/dual", "x/v6"));
  EXPECT_TRUE(e.allowed("ip:::", "x/v6"));
  EXPECT_FALSE(e.allowed("ip:0.0.0.0", "x/v6"));
}

}  // namespace
}  // namespace netpol::testing

// The loader's finalize step: created namespaces and nodes, scheduling, address assignment,
// sorting and duplicate detection (models/loader/cluster_finalize.h).
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/loader/load_helpers.h"

namespace netpol {
namespace {

using testing::contains;
using testing::load_error;

std::string pod(const std::string& ns, const std::string& name, const std::string& extra = "") {
  return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: " + ns + "}\n" + extra + "---\n";
}

TEST(Finalize, UndeclaredNamespaceIsCreatedWithWarningAndDefaultLabel) {
  LoadResult r = load_text(pod("shop", "a"), "p.yaml");
  ASSERT_EQ(r.cluster.namespaces.size(), 1u);
  const Namespace& ns = r.cluster.namespaces[0];
  EXPECT_EQ(ns.name, "shop");
  EXPECT_FALSE(ns.declared);
  EXPECT_EQ(ns.labels.at("kubernetes.io/metadata.name"), "shop");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(contains(r.warnings[0].message, "namespace \"shop\" is used by Pod shop/a")) << r.warnings[0].to_string();
  EXPECT_EQ(r.warnings[0].location.file, "p.yaml");
}

TEST(Finalize, PodsWithoutNodeGoToTheDefaultNodeWhichIsCreated) {
  LoadOptions options;
  options.default_node = "worker";
  LoadResult r = load_text(pod("default", "a"), "p.yaml", options);
  ASSERT_EQ(r.cluster.nodes.size(), 1u);
  EXPECT_EQ(r.cluster.nodes[0].name, "worker");
  EXPECT_EQ(r.cluster.nodes[0].addresses.at(0).to_string(), "10.240.0.1");  // first of node_cidr
  EXPECT_EQ(r.cluster.pods[0].node_name, "worker");
}

TEST(Finalize, NodeNamedByPodButNotDeclaredIsCreatedWithWarning) {
  LoadResult r = load_text(pod("default", "a", "spec: {nodeName: aks-1}\n"));
  ASSERT_EQ(r.cluster.nodes.size(), 1u);
  EXPECT_EQ(r.cluster.nodes[0].name, "aks-1");
  bool warned = false;
  for (const auto& w : r.warnings) warned |= contains(w.message, "node \"aks-1\"");
  EXPECT_TRUE(warned);
}

TEST(Finalize, PendingPodWithoutNodeStaysUnscheduledWithoutAddress) {
  LoadResult r = load_text(pod("default", "a", "status: {phase: Pending}\n"));
  ASSERT_EQ(r.cluster.pods.size(), 1u);
  EXPECT_EQ(r.cluster.pods[0].node_name, "");
  EXPECT_TRUE(r.cluster.pods[0].ips.empty());
  EXPECT_EQ(r.cluster.pods[0].phase, PodPhase::Pending);
  EXPECT_TRUE(r.cluster.nodes.empty());
}

TEST(Finalize, TerminatedPodGetsNoAddress) {
  LoadResult r = load_text(pod("default", "a", "status: {phase: Succeeded}\n") + pod("default", "b"));
  EXPECT_TRUE(r.cluster.pods[0].ips.empty());
  EXPECT_EQ(r.cluster.pods[1].ips.at(0).to_string(), "10.244.0.1");
}

TEST(Finalize, AddressesAssignedInSortedOrderSkippingUsedOnes) {
  // b has 10.244.0.2 already; a, c, d get .1, .3, .4 in (namespace, name) order.
  std::string text = pod("default", "d") + pod("default", "b", "status: {podIP: 10.244.0.2}\n") +
                     pod("default", "c") + pod("default", "a");
  LoadResult r = load_text(text);
  ASSERT_EQ(r.cluster.pods.size(), 4u);
  std::vector<std::string> got;
  for (const Pod& p : r.cluster.pods) got.push_back(p.name + "=" + p.ips.at(0).to_string());
  EXPECT_EQ(got, (std::vector<std::string>{"a=10.244.0.1", "b=10.244.0.2", "c=10.244.0.3", "d=10.244.0.4"}));
  EXPECT_TRUE(r.cluster.pods[0].ips_assigned);
  EXPECT_FALSE(r.cluster.pods[1].ips_assigned);
}

TEST(Finalize, AssignmentDoesNotDependOnDocumentOrderOrFileSplit) {
  std::vector<std::string> docs = {pod("x", "a"), pod("w", "a"), pod("x", "b", "status: {podIP: 10.244.0.1}\n"),
                                   pod("x", "c", "spec: {nodeName: n2}\n"), pod("z", "q", "spec: {hostNetwork: true}\n")};
  auto render = [](const LoadResult& r) {
    std::string out;
    for (const Pod& p : r.cluster.pods) {
      out += p.qualified_name() + "@" + p.node_name + ":";
      for (const IpAddress& ip : p.ips) out += ip.to_string() + ",";
      out += "\n";
    }
    for (const Node& n : r.cluster.nodes) out += n.name + ":" + n.addresses.at(0).to_string() + "\n";
    return out;
  };
  std::string forward, backward;
  for (const auto& d : docs) forward += d;
  for (auto it = docs.rbegin(); it != docs.rend(); ++it) backward += *it;
  const std::string expected = render(load_text(forward));
  EXPECT_EQ(render(load_text(backward)), expected);
  EXPECT_EQ(render(load_texts({{"1.yaml", docs[3] + docs[1]}, {"2.yaml", docs[0] + docs[4] + docs[2]}})), expected);
  EXPECT_TRUE(contains(expected, "w/a@node-1:10.244.0.2,"));  // .1 is taken by x/b
  EXPECT_TRUE(contains(expected, "x/a@node-1:10.244.0.3,"));
}

TEST(Finalize, HostNetworkPodTakesItsNodesAddresses) {
  LoadResult r = load_text(
      "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {addresses: [{type: InternalIP, address: 10.240.0.9}]}\n---\n" +
      pod("default", "h", "spec: {nodeName: n1, hostNetwork: true}\nstatus: {podIP: 10.9.9.9}\n"));
  ASSERT_EQ(r.cluster.pods.size(), 1u);
  EXPECT_EQ(r.cluster.pods[0].ips, r.cluster.nodes[0].addresses);
  bool warned = false;
  for (const auto& w : r.warnings) warned |= contains(w.message, "hostNetwork pod default/h has address 10.9.9.9");
  EXPECT_TRUE(warned);
}

TEST(Finalize, NodesWithoutAddressGetThemInNameOrder) {
  std::string text;
  for (const char* n : {"c", "a", "b"}) text += std::string("apiVersion: v1\nkind: Node\nmetadata: {name: ") + n + "}\n---\n";
  LoadResult r = load_text(text);
  ASSERT_EQ(r.cluster.nodes.size(), 3u);
  EXPECT_EQ(r.cluster.nodes[0].name, "a");
  EXPECT_EQ(r.cluster.nodes[0].addresses.at(0).to_string(), "10.240.0.1");
  EXPECT_EQ(r.cluster.nodes[2].addresses.at(0).to_string(), "10.240.0.3");
}

TEST(Finalize, PoolExhaustionIsAnError) {
  LoadOptions options;
  options.pod_cidr = *Cidr::parse("10.9.0.0/30");  // .1 and .2 usable (no network, no broadcast)
  std::string text = pod("default", "a") + pod("default", "b") + pod("default", "c");
  try {
    load_text(text, "p.yaml", options);
    ADD_FAILURE() << "expected exhaustion";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), "no free address left in pod CIDR 10.9.0.0/30 for pod default/c")) << e.what();
  }
}

TEST(Finalize, IPv6PodCidrWorks) {
  LoadOptions options;
  options.pod_cidr = *Cidr::parse("fd00:10::/64");
  LoadResult r = load_text(pod("default", "a"), "p.yaml", options);
  EXPECT_EQ(r.cluster.pods[0].ips.at(0).to_string(), "fd00:10::1");
}

TEST(Finalize, DuplicateObjectNamesBothPlaces) {
  InputError e = load_error(pod("default", "a") + pod("default", "a"), "dup.yaml");
  EXPECT_TRUE(contains(e.what(), "dup.yaml:1:1 (document 0)")) << e.what();
  EXPECT_TRUE(contains(e.what(), "dup.yaml:5:1 (document 1)")) << e.what();
  EXPECT_EQ(e.location().document, 1);
  // A workload's pod and a Pod of the same name collide too.
  InputError w = load_error(pod("default", "web") +
                                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template: {}\n",
                            "dup.yaml");
  EXPECT_TRUE(contains(w.what(), "Deployment default/web")) << w.what();
  InputError n = load_error("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n"
                            "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
                            "dup.yaml");
  EXPECT_TRUE(contains(n.what(), "duplicate Namespace")) << n.what();
}

TEST(Finalize, EverythingIsSorted) {
  std::string text = pod("b", "z") + pod("a", "c") + pod("b", "a") +
                     "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: q, namespace: b}\n---\n"
                     "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: b}\n";
  LoadResult r = load_text(text);
  std::vector<std::string> pods, policies, namespaces;
  for (const Pod& p : r.cluster.pods) pods.push_back(p.qualified_name());
  for (const NetworkPolicy& p : r.cluster.policies) policies.push_back(p.qualified_name());
  for (const Namespace& n : r.cluster.namespaces) namespaces.push_back(n.name);
  EXPECT_EQ(pods, (std::vector<std::string>{"a/c", "b/a", "b/z"}));
  EXPECT_EQ(policies, (std::vector<std::string>{"b/p", "b/q"}));
  EXPECT_EQ(namespaces, (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace netpol

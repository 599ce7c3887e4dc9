// universe.h: endpoints (pods, nodes, external representatives per equivalence class of the
// address space) and probes (one port per equivalence class of each protocol's port space).
#include <gtest/gtest.h>

#include "models/cluster/universe.h"

namespace netpol {
namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

Pod make_pod(const std::string& ns, const std::string& name, std::vector<IpAddress> ips, const std::string& node = "n1") {
  Pod p;
  p.namespace_name = ns;
  p.name = name;
  p.ips = std::move(ips);
  p.node_name = node;
  return p;
}

Node make_node(const std::string& name, std::vector<IpAddress> ips) {
  Node n;
  n.name = name;
  n.addresses = std::move(ips);
  return n;
}

NetworkPolicy policy_with_blocks(std::vector<IpBlock> blocks, std::vector<NetworkPolicyPort> ports = {}) {
  NetworkPolicy p;
  p.namespace_name = "x";
  p.name = "p";
  NetworkPolicyRule r;
  for (auto& b : blocks) r.peers.push_back({std::nullopt, std::nullopt, b});
  r.ports = std::move(ports);
  p.ingress.push_back(r);
  return p;
}

IpBlock block(const char* c, std::vector<const char*> except = {}) {
  IpBlock b{*Cidr::parse(c), {}};
  for (auto e : except) b.except.push_back(*Cidr::parse(e));
  return b;
}

std::vector<std::string> ids(const std::vector<Endpoint>& endpoints) {
  std::vector<std::string> out;
  for (const auto& e : endpoints) out.push_back(e.id);
  return out;
}

Cluster small_cluster() {
  Cluster c;
  c.namespaces.push_back({"x", {{"kubernetes.io/metadata.name", "x"}}, true, {}});
  c.nodes.push_back(make_node("n1", {ip("10.240.0.1")}));
  c.pods.push_back(make_pod("x", "a", {ip("10.244.0.1")}));
  c.pods.push_back(make_pod("x", "host", {ip("10.240.0.1")}));
  c.pods.back().host_network = true;
  return c;
}

TEST(UniverseEndpoints, PodsThenNodesThenExternals) {
  const auto endpoints = build_endpoints(small_cluster());
  EXPECT_EQ(ids(endpoints), (std::vector<std::string>{"x/a", "x/host", "node:n1", "ip:0.0.0.0"}));
  EXPECT_EQ(endpoints[0].kind, EndpointKind::Pod);
  EXPECT_EQ(endpoints[0].pod, 0);
  EXPECT_EQ(endpoints[0].node, 0);
  EXPECT_EQ(endpoints[2].kind, EndpointKind::Node);
  EXPECT_EQ(endpoints[2].node, 0);
  EXPECT_EQ(endpoints[3].kind, EndpointKind::External);
}

// A hostNetwork pod is still a pod endpoint, holding its node's addresses.
TEST(UniverseEndpoints, HostNetworkPodIsAPodEndpointWithNodeAddress) {
  const auto endpoints = build_endpoints(small_cluster());
  ASSERT_EQ(endpoints[1].id, "x/host");
  EXPECT_EQ(endpoints[1].kind, EndpointKind::Pod);
  EXPECT_EQ(endpoints[1].ips, (std::vector<IpAddress>{ip("10.240.0.1")}));
}

TEST(UniverseEndpoints, UnscheduledPodHasNoNode) {
  Cluster c = small_cluster();
  c.pods.push_back(make_pod("x", "pending", {}, ""));
  const auto endpoints = build_endpoints(c);
  ASSERT_EQ(endpoints[2].id, "x/pending");
  EXPECT_EQ(endpoints[2].node, -1);
  EXPECT_TRUE(endpoints[2].ips.empty());
}

// cidr 172.17.0.0/16 except 172.17.1.0/24 cuts IPv4 into: outside (0.0.0.0 ...), in the cidr
// (172.17.0.0, and again 172.17.2.0.. -- the same class), in the except (172.17.1.0).
TEST(UniverseEndpoints, OneExternalPerEquivalenceClass) {
  Cluster c = small_cluster();
  c.policies.push_back(policy_with_blocks({block("172.17.0.0/16", {"172.17.1.0/24"})}));
  const auto endpoints = build_endpoints(c);
  EXPECT_EQ(ids(endpoints), (std::vector<std::string>{"x/a", "x/host", "node:n1", "ip:0.0.0.0", "ip:172.17.0.0",
                                                      "ip:172.17.1.0"}));
}

// Overlapping blocks from several rules: classes are membership sets, not intervals.
TEST(UniverseEndpoints, OverlappingBlocksGiveMembershipClasses) {
  Cluster c = small_cluster();
  c.policies.push_back(policy_with_blocks({block("10.0.0.0/8"), block("10.1.0.0/16"), block("192.168.0.0/16")}));
  const auto endpoints = build_endpoints(c);
  // outside; 10/8 only (10.0.0.0 and 10.2.0.0.. same class); 10/8 and 10.1/16; 192.168/16.
  EXPECT_EQ(ids(endpoints), (std::vector<std::string>{"x/a", "x/host", "node:n1", "ip:0.0.0.0", "ip:10.0.0.0",
                                                      "ip:10.1.0.0", "ip:192.168.0.0"}));
}

// Pod and node addresses are never chosen: the next address of the class is, or the class is
// skipped when all of its addresses are taken.
TEST(UniverseEndpoints, NeverChoosesPodOrNodeAddresses) {
  Cluster c = small_cluster();
  c.pods.push_back(make_pod("x", "b", {ip("10.244.0.0")}));
  c.policies.push_back(policy_with_blocks({block("10.244.0.0/16"), block("10.244.0.1/32"), block("10.240.0.1/32")}));
  const auto endpoints = build_endpoints(c);
  EXPECT_EQ(ids(endpoints), (std::vector<std::string>{"x/a", "x/host", "x/b", "node:n1", "ip:0.0.0.0",
                                                      "ip:10.244.0.2"}));
}

// One family's blocks do not cut the other; each family present gets an outside representative.
TEST(UniverseEndpoints, Ipv6FamilyHasItsOwnClasses) {
  Cluster c = small_cluster();
  c.pods.push_back(make_pod("x", "v6", {ip("fd00::1")}));
  c.policies.push_back(policy_with_blocks({block("fd00::/64", {"fd00::/127"}), block("10.0.0.0/8")}));
  const auto endpoints = build_endpoints(c);
  EXPECT_EQ(ids(endpoints), (std::vector<std::string>{"x/a", "x/host", "x/v6", "node:n1", "ip:0.0.0.0", "ip:10.0.0.0",
                                                      "ip:::", "ip:fd00::", "ip:fd00::2"}));
}

TEST(UniverseEndpoints, FindsById) {
  Universe u = build_universe(small_cluster(), {});
  EXPECT_EQ(u.find("node:n1"), std::optional<EndpointIndex>(2));
  EXPECT_FALSE(u.find("x/none"));
}

TEST(UniverseProbes, RequestedProbesSortedAndUnique) {
  const auto probes = build_probes(small_cluster(), {*Probe::parse("udp/53"), *Probe::parse("TCP/80"),
                                                     *Probe::parse("TCP/80"), *Probe::parse("TCP/8")});
  EXPECT_EQ(probes, (std::vector<Probe>{{Protocol::TCP, 8}, {Protocol::TCP, 80}, {Protocol::UDP, 53}}));
}

TEST(UniverseProbes, NoPortsGiveOneProbePerProtocol) {
  EXPECT_EQ(build_probes(small_cluster(), {}),
            (std::vector<Probe>{{Protocol::TCP, 1}, {Protocol::UDP, 1}, {Protocol::SCTP, 1}}));
}

// Ports 80 and 80..90 and container port 8080 cut TCP into [1,79] [80] [81,90] [91,8079] [8080]
// [8081,65535]; the lowest port of each class is its probe. [1,79] and [91,8079] are in no
// block: one class.
TEST(UniverseProbes, OneLowestPortPerClass) {
  Cluster c = small_cluster();
  NetworkPolicyPort p80{Protocol::TCP, 80, std::nullopt, std::nullopt};
  NetworkPolicyPort range{Protocol::TCP, 80, std::nullopt, 90};
  c.policies.push_back(policy_with_blocks({}, {p80, range}));
  c.pods[0].ports.push_back({"", 8080, Protocol::TCP, false});
  EXPECT_EQ(build_probes(c, {}), (std::vector<Probe>{{Protocol::TCP, 1},
                                                     {Protocol::TCP, 80},
                                                     {Protocol::TCP, 81},
                                                     {Protocol::TCP, 8080},
                                                     {Protocol::UDP, 1},
                                                     {Protocol::SCTP, 1}}));
}

// A named port cuts at every containerPort of that name and protocol; a port entry without a
// number (whole protocol) cuts nothing.
TEST(UniverseProbes, NamedPortsResolveOnContainerPortsOfTheirProtocol) {
  Cluster c = small_cluster();
  c.pods[0].ports.push_back({"dns", 53, Protocol::UDP, false});
  c.pods[1].ports.push_back({"dns", 5353, Protocol::TCP, false});
  NetworkPolicyPort dns{Protocol::UDP, std::nullopt, "dns", std::nullopt};
  NetworkPolicyPort all_sctp{Protocol::SCTP, std::nullopt, std::nullopt, std::nullopt};
  c.policies.push_back(policy_with_blocks({}, {dns, all_sctp}));
  EXPECT_EQ(build_probes(c, {}), (std::vector<Probe>{{Protocol::TCP, 1},
                                                     {Protocol::TCP, 5353},
                                                     {Protocol::UDP, 1},
                                                     {Protocol::UDP, 53},
                                                     {Protocol::SCTP, 1}}));
}

}  // namespace
}  // namespace netpol

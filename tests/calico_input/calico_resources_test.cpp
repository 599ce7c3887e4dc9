// calico_resources.cpp: the CIDRs, port ranges and standalone host endpoints that Calico
// resources add to the flow universe, and the per-node FelixConfiguration merge.
#include <gtest/gtest.h>

#include "models/cluster/calico_resources.h"

namespace netpol {
namespace {

Cidr cidr(const char* text) { return *Cidr::parse(text); }
IpAddress ip(const char* text) { return *IpAddress::parse(text); }

CalicoRule rule_with(std::optional<CalicoProtocol> protocol, std::vector<CalicoPort> ports) {
  CalicoRule r;
  r.protocol = std::move(protocol);
  r.destination.ports = std::move(ports);
  return r;
}

TEST(CalicoCidrs, CollectsRuleSetHostEndpointAndFailsafeCidrsSortedUnique) {
  CalicoResources r;
  CalicoPolicy p;
  CalicoRule rule;
  rule.source.nets = {cidr("10.0.0.0/8"), cidr("10.1.0.0/16")};
  rule.destination.not_nets = {cidr("10.0.0.0/8")};  // duplicate: listed once
  p.ingress.push_back(rule);
  r.policies.push_back(p);
  CalicoPolicy staged = p;
  staged.kind = CalicoPolicyKind::StagedGlobalNetworkPolicy;
  staged.ingress[0].source.nets = {cidr("192.168.0.0/16")};  // staged: never decides, left out
  r.policies.push_back(staged);
  CalicoNetworkSet set;
  set.nets = {cidr("172.16.0.0/12")};
  r.network_sets.push_back(set);
  CalicoHostEndpoint hep;
  hep.expected_ips = {ip("203.0.113.7")};
  r.host_endpoints.push_back(hep);
  CalicoFelixConfiguration felix;
  felix.failsafe_inbound_host_ports = std::vector<CalicoProtoPort>{{"tcp", 22, cidr("198.51.100.0/24")}};
  r.felix_nodes.push_back(felix);

  std::vector<Cidr> expected = {cidr("10.0.0.0/8"), cidr("10.1.0.0/16"), cidr("172.16.0.0/12"),
                                cidr("198.51.100.0/24"), cidr("203.0.113.7/32")};
  EXPECT_EQ(calico_cidrs(r), expected);
}

TEST(CalicoPortRanges, ProtocolOfTheRuleOrAllThreeWithout) {
  CalicoResources r;
  CalicoPolicy p;
  p.ingress.push_back(rule_with(CalicoProtocol{"TCP", 6}, {{80, 80, ""}, {0, 0, "http"}}));
  p.ingress.push_back(rule_with(CalicoProtocol{"", 17}, {{53, 53, ""}}));   // numeric 17 = UDP
  p.ingress.push_back(rule_with(std::nullopt, {{1000, 2000, ""}}));          // no protocol: all three
  p.ingress.push_back(rule_with(CalicoProtocol{"ICMP", 1}, {}));
  CalicoRule not_ports = rule_with(CalicoProtocol{"sctp", 132}, {});
  not_ports.source.not_ports = {{9, 9, ""}};
  p.egress.push_back(not_ports);
  r.policies.push_back(p);

  auto ranges = calico_port_ranges(r);
  auto has = [&](Protocol proto, int first, int last) {
    for (const auto& x : ranges)
      if (x.protocol == proto && x.first == first && x.last == last) return true;
    return false;
  };
  EXPECT_TRUE(has(Protocol::TCP, 80, 80));
  EXPECT_TRUE(has(Protocol::UDP, 53, 53));
  EXPECT_FALSE(has(Protocol::TCP, 53, 53));
  EXPECT_TRUE(has(Protocol::TCP, 1000, 2000));
  EXPECT_TRUE(has(Protocol::UDP, 1000, 2000));
  EXPECT_TRUE(has(Protocol::SCTP, 1000, 2000));
  EXPECT_TRUE(has(Protocol::SCTP, 9, 9));
  EXPECT_EQ(ranges.size(), 6u);  // the named port contributes no number of its own
}

TEST(CalicoPortRanges, HostEndpointPortsAndFailsafePorts) {
  CalicoResources r;
  CalicoHostEndpoint hep;
  hep.ports = {{"metrics", Protocol::TCP, 9100}};
  r.host_endpoints.push_back(hep);
  CalicoFelixConfiguration felix;
  felix.failsafe_outbound_host_ports = std::vector<CalicoProtoPort>{{"udp", 53, std::nullopt}};
  r.felix = felix;
  auto ranges = calico_port_ranges(r);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].protocol, Protocol::TCP);
  EXPECT_EQ(ranges[0].first, 9100);
  EXPECT_EQ(ranges[1].protocol, Protocol::UDP);
  EXPECT_EQ(ranges[1].first, 53);
}

TEST(CalicoStandaloneEndpoints, OnlyHostEndpointsWithoutANodeAddress) {
  CalicoResources r;
  CalicoHostEndpoint on_node;
  on_node.name = "a-on-node";
  on_node.node = "n1";
  on_node.expected_ips = {ip("10.240.0.1"), ip("192.0.2.1")};
  CalicoHostEndpoint standalone;
  standalone.name = "b-standalone";
  standalone.node = "n1";
  standalone.expected_ips = {ip("192.0.2.9"), ip("192.0.2.3")};
  CalicoHostEndpoint interface_only;
  interface_only.name = "c-eth0";
  interface_only.node = "n1";
  interface_only.interface_name = "eth0";
  r.host_endpoints = {on_node, standalone, interface_only};

  auto out = calico_standalone_endpoints(r, {ip("10.240.0.1")});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, "hep:b-standalone");
  EXPECT_EQ(out[0].host_endpoint, 1);
  EXPECT_EQ(out[0].node_name, "n1");
  std::vector<IpAddress> sorted = {ip("192.0.2.3"), ip("192.0.2.9")};
  EXPECT_EQ(out[0].ips, sorted);
}

// felix/config/config_params.go: per-host datastore config ranks above the global one, field by
// field (SourcesInDescendingOrder: ... DatastorePerHost, DatastorePerSelector, DatastoreGlobal).
TEST(CalicoFelixForNode, NodeFieldsOverrideDefaultFieldByField) {
  CalicoResources r;
  CalicoFelixConfiguration global;
  global.default_endpoint_to_host_action = "Accept";
  global.failsafe_inbound_host_ports = std::vector<CalicoProtoPort>{{"tcp", 22, std::nullopt}};
  global.source.name = "default";
  r.felix = global;
  CalicoFelixConfiguration node;
  node.node_name = "n1";
  node.failsafe_inbound_host_ports = std::vector<CalicoProtoPort>{};  // "[]": no failsafe ports
  node.source.name = "node.n1";
  r.felix_nodes.push_back(node);

  CalicoFelixConfiguration n1 = calico_felix_for_node(r, "n1");
  EXPECT_EQ(n1.default_endpoint_to_host_action, "Accept");  // from default
  ASSERT_TRUE(n1.failsafe_inbound_host_ports);
  EXPECT_TRUE(n1.failsafe_inbound_host_ports->empty());  // node override
  EXPECT_FALSE(n1.failsafe_outbound_host_ports);         // nobody set it: Felix default
  EXPECT_EQ(n1.source.name, "node.n1");
  EXPECT_EQ(n1.node_name, "n1");

  CalicoFelixConfiguration n2 = calico_felix_for_node(r, "n2");
  ASSERT_TRUE(n2.failsafe_inbound_host_ports);
  EXPECT_EQ(n2.failsafe_inbound_host_ports->size(), 1u);
  EXPECT_EQ(n2.source.name, "default");
}

TEST(CalicoResourcesEmpty, PerNodeFelixCounts) {
  CalicoResources r;
  EXPECT_TRUE(r.empty());
  r.felix_nodes.push_back({});
  EXPECT_FALSE(r.empty());
}

}  // namespace
}  // namespace netpol

// Ports of a rule: numeric, port..endPort, protocol only, named ports resolved on the destination
// pod, protocols, empty list. Sources: API reference NetworkPolicyPort (port "a numerical or named
// port on a pod", endPort, protocol defaults to TCP) and the upstream e2e cases named per test.
#include <gtest/gtest.h>

#include "models/k8s/k8s_engine.h"
#include "tests/k8s/cluster_builder.h"

namespace netpol::testing {
namespace {

const std::vector<Probe> kProbes = {*Probe::parse("TCP/80"),  *Probe::parse("TCP/81"), *Probe::parse("TCP/82"),
                                    *Probe::parse("UDP/80"),  *Probe::parse("UDP/81"), *Probe::parse("SCTP/80"),
                                    *Probe::parse("SCTP/81")};

Evaluated eval(const ClusterBuilder& b) { return Evaluated(*make_k8s_engine(), b.build(), kProbes); }

// e2e "should enforce policy based on Ports": only the listed port is allowed.
TEST(K8sPorts, NumericPort) {
  auto b = e2e_model();
  b.add_policy("x", "allow-ingress-on-port-81", match({{"pod", "a"}}))
      .ingress.push_back(rule({namespaces(match({{"kubernetes.io/metadata.name", "y"}}))}, {port(81)}));
  auto e = eval(b);
  Reachability on80(e);
  on80.expect_all_ingress("x/a", false);
  EXPECT_EQ(on80.differences("TCP/80"), "");
  Reachability on81(e);
  on81.expect_all_ingress("x/a", false);
  on81.expect_peer("y/", "x/a", true);
  EXPECT_EQ(on81.differences("TCP/81"), "");
}

// API reference NetworkPolicyPort.endPort: the range port..endPort, inclusive.
TEST(K8sPorts, PortRangeIsInclusive) {
  auto b = e2e_model();
  b.add_policy("x", "range", match({{"pod", "a"}})).ingress.push_back(rule({}, {port_range(80, 81)}));
  auto e = eval(b);
  EXPECT_TRUE(e.allowed("y/a", "x/a", "TCP/80"));
  EXPECT_TRUE(e.allowed("y/a", "x/a", "TCP/81"));
  EXPECT_FALSE(e.allowed("y/a", "x/a", "TCP/82"));
  EXPECT_FALSE(e.allowed("y/a", "x/a", "UDP/80"));
}

// e2e "should enforce ingress policy allowing any port traffic to a server on a specific
// protocol": a port entry with a protocol and no port admits every port of that protocol only.
TEST(K8sPorts, ProtocolWithoutPort) {
  auto b = e2e_model();
  b.add_policy("x", "allow-ingress-by-proto", match({{"pod", "a"}})).ingress.push_back(rule({}, {any_port(Protocol::TCP)}));
  auto e = eval(b);
  EXPECT_EQ(Reachability(e).differences("TCP/80"), "");
  EXPECT_EQ(Reachability(e).differences("TCP/82"), "");
  Reachability udp(e);
  udp.expect_all_ingress("x/a", false);
  EXPECT_EQ(udp.differences("UDP/80"), "");
}

// e2e "should not allow access by TCP when a policy specifies only UDP" and "... only SCTP"
// (and the UDP/SCTP variants of "should enforce policy based on Ports").
TEST(K8sPorts, ProtocolsAreDistinct) {
  for (Protocol protocol : {Protocol::UDP, Protocol::SCTP}) {
    auto b = e2e_model();
    b.add_policy("x", "allow-only-" + std::string(to_string(protocol)), match({{"pod", "a"}}))
        .ingress.push_back(rule({}, {port(81, protocol)}));
    auto e = eval(b);
    Reachability tcp(e);
    tcp.expect_all_ingress("x/a", false);
    EXPECT_EQ(tcp.differences("TCP/81"), "");
    EXPECT_EQ(Reachability(e).differences(std::string(to_string(protocol)) + "/81"), "");
    Reachability other_port(e);
    other_port.expect_all_ingress("x/a", false);
    EXPECT_EQ(other_port.differences(std::string(to_string(protocol)) + "/80"), "");
  }
}

// API reference NetworkPolicyIngressRule.ports: "If this field is empty or missing, this rule
// matches all ports"; a rule with ports but no peers admits every source on those ports.
TEST(K8sPorts, EmptyPortsMatchEveryProbe) {
  auto b = e2e_model();
  b.add_policy("x", "from-y", match({{"pod", "a"}})).ingress.push_back(rule({namespaces(match({{"kubernetes.io/metadata.name", "y"}}))}));
  auto e = eval(b);
  for (const auto& probe : kProbes) {
    EXPECT_TRUE(e.allowed("y/c", "x/a", probe.to_string())) << probe.to_string();
    EXPECT_FALSE(e.allowed("z/c", "x/a", probe.to_string())) << probe.to_string();
  }
}

// e2e "should allow ingress access on one named port": the name resolves on the selected
// (destination) pod's containerPorts, with the protocol of the entry.
TEST(K8sPorts, NamedPortIngress) {
  auto b = e2e_model();
  b.add_policy("x", "allow-all-ingress-via-named-port").ingress.push_back(rule({}, {named_port("serve-81-tcp")}));
  auto e = eval(b);
  EXPECT_EQ(Reachability(e).differences("TCP/81"), "");
  Reachability on80(e);
  on80.expect_peer("", "x/", false);
  EXPECT_EQ(on80.differences("TCP/80"), "");
  // The name carries TCP; a UDP entry of the same name finds no UDP containerPort called so.
  Reachability udp(e);
  udp.expect_peer("", "x/", false);
  EXPECT_EQ(udp.differences("UDP/81"), "");
}

// e2e "should allow ingress access from namespace on one named port".
TEST(K8sPorts, NamedPortIngressFromNamespace) {
  auto b = e2e_model();
  b.add_policy("x", "allow-client-in-ns-y-via-named-port-ingress-rule")
      .ingress.push_back(rule({namespaces(match({{"kubernetes.io/metadata.name", "y"}}))}, {named_port("serve-80-tcp")}));
  auto e = eval(b);
  Reachability r80(e);
  r80.expect_peer("x/", "x/", false);
  r80.expect_peer("z/", "x/", false);
  EXPECT_EQ(r80.differences("TCP/80"), "");
  Reachability r81(e);
  r81.expect_peer("", "x/", false);
  EXPECT_EQ(r81.differences("TCP/81"), "");
}

// e2e "should allow egress access on one named port": for egress the name resolves on the
// destination pod. Decision (k8s_decisions.h named_port_resolves): destinations that are not
// policy pods (nodes, external addresses) never match a named port.
TEST(K8sPorts, NamedPortEgressResolvesOnDestination) {
  auto b = e2e_model();
  auto& p = b.add_policy("x", "allow-client-a-via-named-port-egress-rule", match({{"pod", "a"}}));
  p.ingress_type = false;
  p.egress_type = true;
  p.egress.push_back(rule({}, {named_port("serve-80-tcp")}));
  auto& q = b.add_policy("y", "unused", match({{"pod", "none"}}));
  q.ingress.push_back(rule({block("203.0.113.0/24")}));
  auto e = eval(b);
  EXPECT_EQ(Reachability(e).differences("TCP/80"), "");
  Reachability r81(e);
  r81.expect_all_egress("x/a", false);
  EXPECT_EQ(r81.differences("TCP/81"), "");
  EXPECT_FALSE(e.allowed("x/a", "ip:203.0.113.0", "TCP/80"));
}

// A named port resolves per destination pod: two pods may give the same name different numbers.
TEST(K8sPorts, NamedPortResolvesPerPod) {
  ClusterBuilder b;
  b.add_pod("x", "web1", {{"app", "web"}}, {"10.244.0.1"}).ports.push_back({"http", 8080, Protocol::TCP, false});
  b.add_pod("x", "web2", {{"app", "web"}}, {"10.244.0.2"}).ports.push_back({"http", 9090, Protocol::TCP, false});
  b.add_pod("x", "client", {}, {"10.244.0.3"});
  b.add_policy("x", "http-only", match({{"app", "web"}})).ingress.push_back(rule({}, {named_port("http")}));
  Evaluated e(*make_k8s_engine(), b.build(), {*Probe::parse("TCP/8080"), *Probe::parse("TCP/9090")});
  EXPECT_TRUE(e.allowed("x/client", "x/web1", "TCP/8080"));
  EXPECT_FALSE(e.allowed("x/client", "x/web1", "TCP/9090"));
  EXPECT_FALSE(e.allowed("x/client", "x/web2", "TCP/8080"));
  EXPECT_TRUE(e.allowed("x/client", "x/web2", "TCP/9090"));
}

}  // namespace
}  // namespace netpol::testing

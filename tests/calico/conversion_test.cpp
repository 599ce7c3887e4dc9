// Kubernetes NetworkPolicy -> Calico conversion. Expected values transcribed from
// projectcalico/calico libcalico-go/lib/backend/k8s/conversion/conversion_test.go (HEAD
// 87c15906): the "selector conversion table", "Test NetworkPolicy conversion" Its and the
// "Test port simplification" table. Each TEST names the upstream case it follows.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "models/calico/k8s_conversion.h"

namespace netpol::calico {
namespace {

LabelSelector labels(Labels l) {
  LabelSelector s;
  s.match_labels = std::move(l);
  return s;
}

LabelSelector expression(std::string key, SelectorOperator op, std::vector<std::string> values = {}) {
  LabelSelector s;
  s.match_expressions.push_back(LabelRequirement{std::move(key), op, std::move(values)});
  return s;
}

NetworkPolicyPort port(Protocol proto, std::optional<int> number, std::optional<std::string> name = std::nullopt,
                       std::optional<int> end = std::nullopt) {
  NetworkPolicyPort p;
  p.protocol = proto;
  p.port = number;
  p.name = std::move(name);
  p.end_port = end;
  return p;
}

NetworkPolicyPeer pods(Labels l) {
  NetworkPolicyPeer p;
  p.pod_selector = labels(std::move(l));
  return p;
}

NetworkPolicy policy(std::string name, LabelSelector selector) {
  NetworkPolicy np;
  np.namespace_name = "default";
  np.name = std::move(name);
  np.pod_selector = std::move(selector);
  return np;
}

std::string ports_text(const std::vector<CalicoPort>& ports) {
  std::vector<std::string> parts;
  for (const auto& p : ports)
    parts.push_back(!p.name.empty() ? p.name : p.first == p.last ? std::to_string(p.first)
                                                                  : fmt::format("{}:{}", p.first, p.last));
  return fmt::format("{}", fmt::join(parts, ","));
}

CalicoVersion v(int minor) { return CalicoVersion{minor}; }

// conversion_test.go "selector conversion table": every Entry.
TEST(CalicoConversion, SelectorConversionTable) {
  LabelSelector empty;
  EXPECT_EQ(k8s_selector_to_calico(&empty, true), "projectcalico.org/orchestrator == 'k8s'");
  EXPECT_EQ(k8s_selector_to_calico(&empty, false), "all()");
  auto dne = expression("toast", SelectorOperator::DoesNotExist);
  EXPECT_EQ(k8s_selector_to_calico(&dne, false), "! has(toast)");
  auto exists = expression("toast", SelectorOperator::Exists);
  EXPECT_EQ(k8s_selector_to_calico(&exists, false), "has(toast)");
  auto in = expression("toast", SelectorOperator::In, {"butter", "jam"});
  EXPECT_EQ(k8s_selector_to_calico(&in, false), "toast in { 'butter', 'jam' }");
  auto notin = expression("toast", SelectorOperator::NotIn, {"marmite", "milk"});
  EXPECT_EQ(k8s_selector_to_calico(&notin, false), "toast not in { 'marmite', 'milk' }");
  EXPECT_EQ(k8s_selector_to_calico(&dne, true), "projectcalico.org/orchestrator == 'k8s' && ! has(toast)");
  EXPECT_EQ(k8s_selector_to_calico(nullptr, true), "projectcalico.org/orchestrator == 'k8s'");
  EXPECT_EQ(k8s_selector_to_calico(nullptr, false), "");
}

// conversion_test.go "Test port simplification": every simpleEntry.
TEST(CalicoConversion, PortSimplificationTable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"0", "0"},
      {"1", "1"},
      {"65535", "65535"},
      {"0:65535", "0:65535"},
      {"1,2", "1:2"},
      {"2,1", "1:2"},
      {"1,2,4", "1:2,4"},
      {"1,2,3,4,80:81,81:90,9090", "1:4,80:90,9090"},
      {"81:90,4,2,80:81,3,1,9090", "1:4,80:90,9090"},
      {"81:90,4,2,foo,80:81,3,1,9090,http", "foo,http,1:4,80:90,9090"},
      {"foo", "foo"},
  };
  for (const auto& [in, out] : cases) {
    std::vector<CalicoPort> ports;
    std::string rest = in;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      std::string item = rest.substr(0, comma);
      rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
      std::string error;
      auto p = calico_port_from_string(item, error);
      ASSERT_TRUE(p) << item << ": " << error;
      ports.push_back(*p);
    }
    EXPECT_EQ(ports_text(simplify_ports(ports)), out) << "input " << in;
  }
}

// simplify_ports merges ranges as ranges. Law: its numeric output is the set of numbers the
// input covers, as maximal ascending ranges, after the named ports in input order; lists covering
// at most one number come back as given. The reference below expands every number, as a
// straightforward reading of SimplifyPorts would; inputs are kept small for it.
RC_GTEST_PROP(CalicoConversion, SimplifyPortsMergesRangesAsTheNumbersTheyCover, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(0, 8);
  std::vector<CalicoPort> ports;
  for (std::size_t i = 0; i < count; ++i) {
    if (*rc::gen::inRange(0, 5) == 0) {
      ports.push_back(CalicoPort{0, 0, *rc::gen::element<std::string>("http", "dns", "metrics")});
    } else {
      const int first = *rc::gen::inRange(0, 40);
      ports.push_back(CalicoPort{first, first + *rc::gen::inRange(0, 6), ""});
    }
  }
  std::vector<CalicoPort> expected;
  std::set<int> numbers;
  for (const CalicoPort& p : ports) {
    if (!p.name.empty()) expected.push_back(p);
    for (int n = p.first; p.name.empty() && n <= p.last; ++n) numbers.insert(n);
  }
  std::size_t covered = 0;
  for (const CalicoPort& p : ports)
    if (p.name.empty()) covered += static_cast<std::size_t>(p.last - p.first + 1);
  if (ports.size() <= 1 || covered <= 1) {
    expected = ports;
  } else {
    for (auto it = numbers.begin(); it != numbers.end();) {
      int first = *it, last = first;
      for (++it; it != numbers.end() && *it == last + 1; ++it) last = *it;
      expected.push_back(CalicoPort{first, last, ""});
    }
  }
  RC_ASSERT(simplify_ports(ports) == expected);
}

// A wide range stays one range (no number-by-number work): 1024-65535 with 80 and 443.
TEST(CalicoConversion, SimplifyPortsKeepsWideRangesWhole) {
  const std::vector<CalicoPort> ports{{1024, 65535, ""}, {443, 443, ""}, {80, 80, ""}, {1000, 1030, ""}};
  EXPECT_EQ(ports_text(simplify_ports(ports)), "80,443,1000:65535");
}

// conversion_test.go "should parse a basic k8s NetworkPolicy to a NetworkPolicy".
TEST(CalicoConversion, BasicPolicy) {
  NetworkPolicy np = policy("test.policy", labels({{"label", "value"}, {"label2", "value2"}}));
  NetworkPolicyRule r;
  r.ports = {port(Protocol::TCP, 80), port(Protocol::TCP, std::nullopt, "foo")};
  r.peers = {pods({{"k", "v"}, {"k2", "v2"}})};
  np.ingress.push_back(r);
  ConversionResult c = convert_k8s_policy(np, v(32));
  const CalicoPolicy& p = c.policy;
  EXPECT_EQ(p.name, "test.policy");
  ASSERT_TRUE(p.order);
  EXPECT_EQ(*p.order, 1000);
  EXPECT_EQ(p.tier, "default");
  EXPECT_EQ(p.selector, "projectcalico.org/orchestrator == 'k8s' && label == 'value' && label2 == 'value2'");
  ASSERT_EQ(p.ingress.size(), 1u);
  const CalicoRule& rule = p.ingress[0];
  EXPECT_EQ(rule.action, CalicoAction::Allow);
  ASSERT_TRUE(rule.protocol);
  EXPECT_EQ(rule.protocol->name, "TCP");  // defaulted to TCP
  EXPECT_EQ(rule.source.selector, "projectcalico.org/orchestrator == 'k8s' && k == 'v' && k2 == 'v2'");
  EXPECT_EQ(ports_text(rule.destination.ports), "80,foo");  // one number: SimplifyPorts keeps the list
  EXPECT_TRUE(p.ingress_type);
  EXPECT_FALSE(p.egress_type);
  EXPECT_TRUE(p.egress.empty());
}

// conversion_test.go "should drop rules with invalid ports in a k8s NetworkPolicy": the rule
// with port "-50:-1" is dropped with reason "... invalid name for named port (-50:-1)", the
// other rule stays.
TEST(CalicoConversion, DropsRulesWithInvalidPorts) {
  NetworkPolicy np = policy("test.policy", labels({{"label", "value"}, {"label2", "value2"}}));
  NetworkPolicyRule good, bad;
  good.ports = {port(Protocol::TCP, 80), port(Protocol::TCP, std::nullopt, "foo")};
  good.peers = {pods({{"k", "v"}, {"k2", "v2"}})};
  bad.ports = {port(Protocol::TCP, 80), port(Protocol::TCP, std::nullopt, "-50:-1")};
  bad.peers = good.peers;
  np.ingress = {good, bad};
  ConversionResult c = convert_k8s_policy(np, v(32));
  ASSERT_EQ(c.dropped_rules.size(), 1u);
  EXPECT_NE(c.dropped_rules[0].find("k8s rule couldn't be converted: failed to parse k8s port: invalid port "
                                    "-50:-1: invalid name for named port (-50:-1)"),
            std::string::npos)
      << c.dropped_rules[0];
  ASSERT_EQ(c.policy.ingress.size(), 1u);
  EXPECT_EQ(ports_text(c.policy.ingress[0].destination.ports), "80,foo");
}

// conversion_test.go "should parse a NetworkPolicy with no rules": Ingress type only, no rules.
TEST(CalicoConversion, NoRules) {
  NetworkPolicy np = policy("test.policy", labels({{"label", "value"}}));
  ConversionResult c = convert_k8s_policy(np, v(32));
  EXPECT_EQ(c.policy.selector, "projectcalico.org/orchestrator == 'k8s' && label == 'value'");
  EXPECT_TRUE(c.policy.ingress.empty());
  EXPECT_TRUE(c.policy.egress.empty());
  EXPECT_TRUE(c.policy.ingress_type);
  EXPECT_FALSE(c.policy.egress_type);
}

// conversion_test.go "should parse a default-deny egress NetworkPolicy": types [Egress].
TEST(CalicoConversion, DefaultDenyEgress) {
  NetworkPolicy np = policy("testPolicy", LabelSelector{});
  np.ingress_type = false;
  np.egress_type = true;
  ConversionResult c = convert_k8s_policy(np, v(32));
  EXPECT_EQ(c.policy.selector, "projectcalico.org/orchestrator == 'k8s'");
  EXPECT_FALSE(c.policy.ingress_type);
  EXPECT_TRUE(c.policy.egress_type);
  EXPECT_TRUE(c.policy.egress.empty());
}

// conversion_test.go "should parse a NetworkPolicy with multiple peers and ports": one rule per
// (protocol x peer), protocols sorted (TCP before UDP).
TEST(CalicoConversion, MultiplePeersAndPorts) {
  NetworkPolicy np = policy("test.policy", labels({{"label", "value"}}));
  NetworkPolicyRule r;
  r.ports = {port(Protocol::UDP, 90), port(Protocol::TCP, 80)};
  r.peers = {pods({{"k", "v"}}), pods({{"k2", "v2"}})};
  np.ingress.push_back(r);
  ConversionResult c = convert_k8s_policy(np, v(32));
  ASSERT_EQ(c.policy.ingress.size(), 4u);
  const auto& in = c.policy.ingress;
  EXPECT_EQ(in[0].source.selector, "projectcalico.org/orchestrator == 'k8s' && k == 'v'");
  EXPECT_EQ(ports_text(in[0].destination.ports), "80");
  EXPECT_EQ(in[1].source.selector, "projectcalico.org/orchestrator == 'k8s' && k2 == 'v2'");
  EXPECT_EQ(ports_text(in[1].destination.ports), "80");
  EXPECT_EQ(in[2].source.selector, "projectcalico.org/orchestrator == 'k8s' && k == 'v'");
  EXPECT_EQ(ports_text(in[2].destination.ports), "90");
  EXPECT_EQ(in[3].source.selector, "projectcalico.org/orchestrator == 'k8s' && k2 == 'v2'");
  EXPECT_EQ(ports_text(in[3].destination.ports), "90");
  EXPECT_EQ(in[0].protocol->name, "TCP");
  EXPECT_EQ(in[2].protocol->name, "UDP");
}

// conversion_test.go "should parse a NetworkPolicy with a namespaceSelector": the peer's
// namespaceSelector is kept un-prefixed (the rules processor adds pcns. later).
TEST(CalicoConversion, NamespaceSelectorPeer) {
  NetworkPolicy np = policy("test.policy", labels({{"label", "value"}}));
  NetworkPolicyRule r;
  NetworkPolicyPeer peer;
  peer.namespace_selector = labels({{"namespaceFoo", "bar"}, {"namespaceRole", "dev"}});
  r.peers = {peer};
  np.ingress.push_back(r);
  ConversionResult c = convert_k8s_policy(np, v(32));
  ASSERT_EQ(c.policy.ingress.size(), 1u);
  EXPECT_EQ(c.policy.ingress[0].source.selector, "projectcalico.org/orchestrator == 'k8s'");
  EXPECT_EQ(c.policy.ingress[0].source.namespace_selector, "namespaceFoo == 'bar' && namespaceRole == 'dev'");
}

// conversion_test.go "...with a nil namespace selector" / "...with an empty namespaceSelector".
TEST(CalicoConversion, NilAndEmptyNamespaceSelector) {
  NetworkPolicy np = policy("test.policy", LabelSelector{});
  NetworkPolicyRule nil_ns, empty_ns;
  nil_ns.peers = {pods({{"k", "v"}})};
  NetworkPolicyPeer e;
  e.namespace_selector = LabelSelector{};
  empty_ns.peers = {e};
  np.ingress = {nil_ns, empty_ns};
  ConversionResult c = convert_k8s_policy(np, v(32));
  ASSERT_EQ(c.policy.ingress.size(), 2u);
  EXPECT_FALSE(c.policy.ingress[0].source.namespace_selector);
  EXPECT_EQ(c.policy.ingress[1].source.namespace_selector, "all()");
}

// conversion_test.go "should parse a NetworkPolicy with Port Range only": 32000 with endPort
// 32768 -> "32000:32768", protocol TCP.
TEST(CalicoConversion, PortRangeOnly) {
  NetworkPolicy np = policy("test.policy", LabelSelector{});
  NetworkPolicyRule r;
  r.ports = {port(Protocol::TCP, 32000, std::nullopt, 32768)};
  np.ingress.push_back(r);
  ConversionResult c = convert_k8s_policy(np, v(32));
  ASSERT_EQ(c.policy.ingress.size(), 1u);
  EXPECT_EQ(c.policy.ingress[0].protocol->name, "TCP");
  EXPECT_EQ(ports_text(c.policy.ingress[0].destination.ports), "32000:32768");
}

// conversion_test.go "should parse a NetworkPolicy with an Egress rule with IPBlock and Ports":
// per protocol one rule, each with nets [cidr] and notNets [excepts], ports in destination.
TEST(CalicoConversion, EgressIpBlockAndPorts) {
  NetworkPolicy np = policy("test.policy", LabelSelector{});
  np.ingress_type = false;
  np.egress_type = true;
  NetworkPolicyRule r;
  r.ports = {port(Protocol::UDP, 90), port(Protocol::TCP, 80)};
  NetworkPolicyPeer block;
  block.ip_block = IpBlock{*Cidr::parse("192.168.0.0/16"),
                           {*Cidr::parse("192.168.3.0/24"), *Cidr::parse("192.168.4.0/24"), *Cidr::parse("192.168.5.0/24")}};
  r.peers = {block};
  np.egress.push_back(r);
  ConversionResult c = convert_k8s_policy(np, v(32));
  ASSERT_EQ(c.policy.egress.size(), 2u);
  for (const auto& rule : c.policy.egress) {
    ASSERT_EQ(rule.destination.nets.size(), 1u);
    EXPECT_EQ(rule.destination.nets[0].to_string(), "192.168.0.0/16");
    ASSERT_EQ(rule.destination.not_nets.size(), 3u);
    EXPECT_EQ(rule.destination.not_nets[0].to_string(), "192.168.3.0/24");
    EXPECT_EQ(rule.destination.not_nets[2].to_string(), "192.168.5.0/24");
  }
  EXPECT_EQ(ports_text(c.policy.egress[0].destination.ports), "80");
  EXPECT_EQ(ports_text(c.policy.egress[1].destination.ports), "90");
  EXPECT_TRUE(c.policy.ingress.empty());
}

// conversion.go k8sPeerToCalicoFields: cnet.ParseCIDR masks host bits ("10.0.0.1/8" ->
// "10.0.0.0/8").
TEST(CalicoConversion, IpBlockCidrIsMasked) {
  NetworkPolicy np = policy("p", LabelSelector{});
  NetworkPolicyRule r;
  NetworkPolicyPeer block;
  block.ip_block = IpBlock{*Cidr::parse("10.0.0.1/8"), {}};
  r.peers = {block};
  np.ingress.push_back(r);
  ConversionResult c = convert_k8s_policy(np, v(32));
  ASSERT_EQ(c.policy.ingress.size(), 1u);
  EXPECT_EQ(c.policy.ingress[0].source.nets[0].to_string(), "10.0.0.0/8");
}

// conversion.go k8sRuleToCalico: a protocol without a port means all its ports and wins over
// numbered entries of that protocol; no ports at all means no protocol and no port.
TEST(CalicoConversion, ProtocolWithoutPortMeansAllPorts) {
  NetworkPolicy np = policy("p", LabelSelector{});
  NetworkPolicyRule numbered_then_all, none;
  numbered_then_all.ports = {port(Protocol::TCP, 80), port(Protocol::TCP, std::nullopt)};
  np.ingress = {numbered_then_all, none};
  ConversionResult c = convert_k8s_policy(np, v(32));
  ASSERT_EQ(c.policy.ingress.size(), 2u);
  EXPECT_EQ(c.policy.ingress[0].protocol->name, "TCP");
  EXPECT_TRUE(c.policy.ingress[0].destination.ports.empty());
  EXPECT_FALSE(c.policy.ingress[1].protocol);
  EXPECT_TRUE(c.policy.ingress[1].destination.ports.empty());
}

// Names per version: conversion.go at v3.31.0 (names.K8sNetworkPolicyNamePrefix "knp.default.")
// and at v3.32.0 (plain name, key kind KubernetesNetworkPolicy).
TEST(CalicoConversion, NamePerVersion) {
  NetworkPolicy np = policy("web", LabelSelector{});
  EXPECT_EQ(convert_k8s_policy(np, v(28)).policy.name, "knp.default.web");
  EXPECT_EQ(convert_k8s_policy(np, v(31)).policy.name, "knp.default.web");
  EXPECT_EQ(convert_k8s_policy(np, v(32)).policy.name, "web");
}

}  // namespace
}  // namespace netpol::calico

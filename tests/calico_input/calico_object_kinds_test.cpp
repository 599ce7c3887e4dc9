// Tier, NetworkSet, GlobalNetworkSet, HostEndpoint, Profile and FelixConfiguration, in both
// forms. Sources (projectcalico/calico): api/pkg/apis/projectcalico/v3/{tier,networkset,
// globalnetworkset,hostendpoint,profile,felixconfig}.go (fields, kubebuilder defaults, CEL),
// libcalico-go/lib/validator/v3/validator.go (validateTier, validateNetworkSet,
// validateGlobalNetworkSet, validateHostEndpointSpec (<= v3.32.0), validateEndpointPort,
// validateInterface, validatePortName, validateObjectMeta),
// libcalico-go/lib/backend/syncersv1/updateprocessors/{configurationprocessor,
// felixconfigprocessor}.go, felix/config/{config_params,param_types}.go.
#include <gtest/gtest.h>

#include "tests/calico_input/calico_test_util.h"

namespace netpol {
namespace {

using testing::has_warning;
using testing::load_calico;
using testing::reject_calico;

std::string doc(const char* api, const char* kind, const std::string& metadata, const std::string& spec) {
  return std::string("apiVersion: ") + api + "\nkind: " + kind + "\nmetadata: " + metadata + "\nspec: " + spec + "\n";
}
constexpr const char* kV3 = "projectcalico.org/v3";
constexpr const char* kCrd = "crd.projectcalico.org/v1";

TEST(CalicoTier, DefaultsAndFields) {
  for (const char* api : {kV3, kCrd}) {
    LoadResult r = load_calico(doc(api, "Tier", "{name: security}", "{order: 100}") +
                               "---\n" + doc(api, "Tier", "{name: platform}", "{defaultAction: Pass}"));
    const auto& tiers = r.cluster.calico.tiers;
    ASSERT_EQ(tiers.size(), 2u) << api;
    EXPECT_EQ(tiers[0].name, "platform");  // sorted by name
    EXPECT_FALSE(tiers[0].order);          // nil: last
    EXPECT_EQ(tiers[0].default_action, CalicoAction::Pass);
    EXPECT_EQ(tiers[1].name, "security");
    EXPECT_EQ(*tiers[1].order, 100.0);
    EXPECT_EQ(tiers[1].default_action, CalicoAction::Deny);  // kubebuilder default Deny
  }
}

TEST(CalicoTier, Validation) {
  // tier.go Enum=Pass;Deny.
  EXPECT_EQ(reject_calico(doc(kV3, "Tier", "{name: t}", "{defaultAction: Allow}")).field, "spec.defaultAction");
  // validator.go validateTier: tierNameRegex (no dots), 63 bytes.
  EXPECT_NE(reject_calico(doc(kV3, "Tier", "{name: a.b}", "{}")).message.find("validateTier"), std::string::npos);
  EXPECT_EQ(reject_calico(doc(kV3, "Tier", "{name: " + std::string(64, 'a') + "}", "{}")).field, "metadata.name");
  // tier.go CEL: built-in tiers keep their order and default action.
  EXPECT_NO_THROW(load_calico(doc(kV3, "Tier", "{name: default}", "{order: 1000000}")));
  EXPECT_TRUE(testing::message_is(reject_calico(doc(kV3, "Tier", "{name: default}", "{order: 5}")).message, "default tier order must be 1000000"));
  EXPECT_TRUE(testing::message_is(reject_calico(doc(kV3, "Tier", "{name: kube-admin}", "{order: 1000}")).message, "The 'kube-admin' tier must have default action 'Pass'"));
  EXPECT_NO_THROW(load_calico(doc(kV3, "Tier", "{name: kube-baseline}", "{order: 10000000, defaultAction: Pass}")));
}

TEST(CalicoNetworkSets, NamespacedAndGlobal) {
  LoadResult r = load_calico(
      doc(kV3, "NetworkSet", "{name: partners, namespace: shop, labels: {role: partner}}", "{nets: [198.51.100.0/24, 203.0.113.5]}") +
      "---\n" + doc(kCrd, "GlobalNetworkSet", "{name: threats, labels: {feed: bad}}", "{nets: ['2001:db8::1/64']}"));
  const auto& sets = r.cluster.calico.network_sets;
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[0].namespace_name, "");  // global first: sorted by (namespace, name)
  EXPECT_EQ(sets[0].name, "threats");
  EXPECT_EQ(sets[0].nets.at(0).to_string(), "2001:db8::1/64");  // host bits allowed (`cidr` tag)
  EXPECT_EQ(sets[1].namespace_name, "shop");
  EXPECT_EQ(sets[1].labels.at("role"), "partner");
  ASSERT_EQ(sets[1].nets.size(), 2u);
  EXPECT_EQ(sets[1].nets[1].to_string(), "203.0.113.5/32");  // a bare IP is a host CIDR
}

TEST(CalicoNetworkSets, Validation) {
  // validator.go validateNetworkSet / validateGlobalNetworkSet.
  auto e = reject_calico(doc(kV3, "GlobalNetworkSet", "{name: s, labels: {projectcalico.org/namespace: x}}", "{}"));
  EXPECT_EQ(e.field, "metadata.labels.projectcalico.org/namespace");
  EXPECT_EQ(reject_calico(doc(kV3, "NetworkSet", "{name: s}", "{nets: [10.0.0.0/40]}")).field, "spec.nets[0]");
  EXPECT_EQ(reject_calico(doc(kV3, "NetworkSet", "{name: S}", "{}")).field, "metadata.name");  // validateObjectMeta
}

TEST(CalicoHostEndpoint, LoadsFields) {
  LoadResult r = load_calico(doc(kV3, "HostEndpoint", "{name: n1-eth0, labels: {role: gw}}",
                                 "{node: n1, interfaceName: eth0, expectedIPs: [10.240.0.1, '10.240.0.1', 'fd00::1'], "
                                 "profiles: [projectcalico-default-allow], "
                                 "ports: [{name: ssh, protocol: TCP, port: 22}, {name: dns, protocol: 17, port: 53}]}"));
  const CalicoHostEndpoint& h = r.cluster.calico.host_endpoints.at(0);
  EXPECT_EQ(h.node, "n1");
  EXPECT_EQ(h.interface_name, "eth0");
  EXPECT_EQ(h.expected_ips.size(), 2u);  // +listType=set
  EXPECT_EQ(h.profiles.at(0), "projectcalico-default-allow");
  ASSERT_EQ(h.ports.size(), 2u);
  EXPECT_EQ(h.ports[1].protocol, Protocol::UDP);
  EXPECT_EQ(h.ports[1].port, 53);
  EXPECT_EQ(h.labels.at("role"), "gw");
  EXPECT_TRUE(has_warning(r, "not in the input"));  // node n1 not described
  EXPECT_NO_THROW(load_calico(doc(kCrd, "HostEndpoint", "{name: all}", "{node: n1, interfaceName: '*'}")));
}

TEST(CalicoHostEndpoint, Validation) {
  auto hep = [](const std::string& spec) { return doc(kV3, "HostEndpoint", "{name: h}", spec); };
  EXPECT_TRUE(testing::message_is(reject_calico(hep("{interfaceName: eth0}")).message, "node must be specified"));
  EXPECT_TRUE(testing::message_is(reject_calico(hep("{node: n1}")).message, "at least one of interfaceName or expectedIPs must be specified"));
  EXPECT_EQ(reject_calico(hep("{node: n1, interfaceName: averyveryverylongname}")).field, "spec.interfaceName");
  EXPECT_EQ(reject_calico(hep("{node: n1, expectedIPs: [10.0.0.0/8]}")).field, "spec.expectedIPs[0]");
  EXPECT_EQ(reject_calico(hep("{node: n1, interfaceName: eth0, ports: [{name: SSH, protocol: TCP, port: 22}]}")).field,
            "spec.ports[0].name");  // k8s IsValidPortName: lowercase
  EXPECT_NE(reject_calico(hep("{node: n1, interfaceName: eth0, ports: [{name: p, protocol: ICMP, port: 1}]}"))
                .message.find("validateEndpointPort"),
            std::string::npos);
  EXPECT_EQ(reject_calico(hep("{node: n1, interfaceName: eth0, ports: [{name: p, protocol: TCP, port: 0}]}")).field,
            "spec.ports[0].port");
  EXPECT_EQ(reject_calico(hep("{node: n1, interfaceName: eth0, profiles: [Bad]}")).field, "spec.profiles[0]");
}

TEST(CalicoProfile, V3FormLoads) {
  LoadResult r = load_calico(doc(kV3, "Profile", "{name: ops}",
                                 "{labelsToApply: {team: ops}, ingress: [{action: Allow, source: {selector: \"team == 'ops'\"}}], "
                                 "egress: [{action: Allow}]}"));
  const CalicoProfile& p = r.cluster.calico.profiles.at(0);
  EXPECT_EQ(p.labels_to_apply.at("team"), "ops");
  EXPECT_EQ(p.ingress.size(), 1u);
  EXPECT_EQ(p.egress.size(), 1u);
  // validator.go `labels` tag on labelsToApply.
  EXPECT_EQ(reject_calico(doc(kV3, "Profile", "{name: ops}", "{labelsToApply: {'a b': x}}")).field,
            "spec.labelsToApply.a b");
}

TEST(CalicoFelixConfiguration, DefaultAndPerNodeKeptSeparately) {
  LoadResult r = load_calico(
      doc(kV3, "FelixConfiguration", "{name: default}",
          "{defaultEndpointToHostAction: Accept, logSeverityScreen: Info, "
          "failsafeInboundHostPorts: [{protocol: TCP, port: 22}, {protocol: UDP, port: 68, net: 10.0.0.1/8}]}") +
      "---\n" + doc(kCrd, "FelixConfiguration", "{name: node.n1}", "{defaultEndpointToHostAction: drop, failsafeOutboundHostPorts: []}"));
  const CalicoResources& c = r.cluster.calico;
  ASSERT_TRUE(c.felix);
  EXPECT_EQ(c.felix->default_endpoint_to_host_action, "Accept");
  ASSERT_EQ(c.felix->failsafe_inbound_host_ports->size(), 2u);
  CalicoProtoPort tcp22{"tcp", 22, std::nullopt};
  EXPECT_EQ((*c.felix->failsafe_inbound_host_ports)[0], tcp22);
  EXPECT_EQ((*c.felix->failsafe_inbound_host_ports)[1].net->to_string(), "10.0.0.0/8");  // Felix masks it
  EXPECT_FALSE(c.felix->failsafe_outbound_host_ports);
  ASSERT_EQ(c.felix_nodes.size(), 1u);
  EXPECT_EQ(c.felix_nodes[0].node_name, "n1");
  EXPECT_EQ(c.felix_nodes[0].default_endpoint_to_host_action, "Drop");  // CRD pattern (?i)
  EXPECT_TRUE(c.felix_nodes[0].failsafe_outbound_host_ports->empty());   // "[]": none
  CalicoFelixConfiguration n1 = calico_felix_for_node(c, "n1");
  EXPECT_EQ(n1.default_endpoint_to_host_action, "Drop");
  EXPECT_EQ(n1.failsafe_inbound_host_ports->size(), 2u);
}

TEST(CalicoFelixConfiguration, Validation) {
  auto felix = [](const char* api, const std::string& spec) { return doc(api, "FelixConfiguration", "{name: default}", spec); };
  // validator.go dropAcceptReturnRegex is case-sensitive in the v3 form.
  EXPECT_EQ(reject_calico(felix(kV3, "{defaultEndpointToHostAction: accept}")).field, "spec.defaultEndpointToHostAction");
  EXPECT_EQ(reject_calico(felix(kCrd, "{defaultEndpointToHostAction: Allow}")).field, "spec.defaultEndpointToHostAction");
  // param_types.go PortListParam: tcp or udp only; the protocol must be there.
  EXPECT_EQ(reject_calico(felix(kV3, "{failsafeInboundHostPorts: [{protocol: SCTP, port: 1}]}")).field,
            "spec.failsafeInboundHostPorts[0].protocol");
  EXPECT_NE(reject_calico(felix(kV3, "{failsafeInboundHostPorts: [{port: 22}]}")).message.find("protocol is required"),
            std::string::npos);
  EXPECT_EQ(reject_calico(felix(kV3, "{failsafeOutboundHostPorts: [{protocol: TCP, port: 70000}]}")).field,
            "spec.failsafeOutboundHostPorts[0].port");
  EXPECT_EQ(reject_calico(felix(kV3, "{failsafeOutboundHostPorts: [{protocol: TCP, port: 1, net: bad}]}")).field,
            "spec.failsafeOutboundHostPorts[0].net");
  // FelixConfiguration CEL (v3.32): nodeSelector only on selector-scoped resources.
  EXPECT_EQ(reject_calico(felix(kV3, "{nodeSelector: all()}")).field, "spec.nodeSelector");
  // A second "default" is a duplicate.
  EXPECT_NE(reject_calico(felix(kV3, "{}") + "---\n" + felix(kV3, "{}")).message.find("duplicate"), std::string::npos);
}

TEST(CalicoFelixConfiguration, SelectorScopedSkippedWithWarning) {
  LoadResult r = load_calico(doc(kV3, "FelixConfiguration", "{name: edge-nodes}",
                                 "{nodeSelector: \"edge == 'true'\", defaultEndpointToHostAction: Drop}"));
  EXPECT_FALSE(r.cluster.calico.felix);
  EXPECT_TRUE(r.cluster.calico.felix_nodes.empty());
  EXPECT_TRUE(has_warning(r, "selector-scoped"));
}

}  // namespace
}  // namespace netpol

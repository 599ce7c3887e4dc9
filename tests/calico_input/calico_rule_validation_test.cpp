// Rule validation as Calico's validator does it. Each test names the upstream check:
// projectcalico/calico libcalico-go/lib/validator/v3/validator.go (functions named below) and
// the CEL / kubebuilder rules on api/pkg/apis/projectcalico/v3/policy_common.go (Rule,
// EntityRule, ICMPFields) and globalnetworkpolicy.go; api/pkg/lib/numorstring/{port,
// protocol,uint8orstring}.go for value parsing.
#include <gtest/gtest.h>

#include "tests/calico_input/calico_test_util.h"

namespace netpol {
namespace {

using testing::gnp;
using testing::gnp_ingress_rule;
using testing::has_warning;
using testing::load_calico;
using testing::reject_calico;

CalicoRule first_rule(const std::string& rule) {
  return load_calico(gnp_ingress_rule(rule)).cluster.calico.policies.at(0).ingress.at(0);
}

// Expects `rule` (one ingress rule of a GNP) to be rejected at `field` with `text` in the message.
void expect_rule_rejected(const std::string& rule, const std::string& field, const std::string& text) {
  auto e = reject_calico(gnp_ingress_rule(rule));
  EXPECT_EQ(e.field, field) << rule;
  EXPECT_NE(e.message.find(text), std::string::npos) << rule << " -> " << e.message;
}

// kubebuilder Enum=Allow;Deny;Log;Pass; `action` has no omitempty: required.
TEST(CalicoRuleAction, EnumExactCaseAndRequired) {
  EXPECT_EQ(first_rule("{action: Log}").action, CalicoAction::Log);
  EXPECT_EQ(first_rule("{action: Pass}").action, CalicoAction::Pass);
  expect_rule_rejected("{action: allow}", "spec.ingress[0].action", "invalid action");
  expect_rule_rejected("{protocol: TCP}", "spec.ingress[0].action", "action is required");
}

// validator.go validateProtocol + numorstring Uint8OrString.UnmarshalJSON.
TEST(CalicoRuleProtocol, NamesAndNumbers) {
  EXPECT_EQ(first_rule("{action: Allow, protocol: UDPLite}").protocol->number, 136);
  EXPECT_EQ(first_rule("{action: Allow, protocol: ICMPv6}").protocol->number, 58);
  EXPECT_EQ(first_rule("{action: Allow, protocol: 255}").protocol->number, 255);
  CalicoProtocol quoted = *first_rule("{action: Allow, protocol: '6'}").protocol;  // quoted number is a number
  EXPECT_EQ(quoted.number, 6);
  EXPECT_EQ(quoted.name, "");
  expect_rule_rejected("{action: Allow, protocol: 0}", "spec.ingress[0].protocol", "protocol number invalid");
  expect_rule_rejected("{action: Allow, protocol: 256}", "spec.ingress[0].protocol", "does not fit");
  expect_rule_rejected("{action: Allow, protocol: '256'}", "spec.ingress[0].protocol", "protocol name invalid");
  expect_rule_rejected("{action: Allow, protocol: tcp}", "spec.ingress[0].protocol", "protocol name invalid");
  expect_rule_rejected("{action: Allow, notProtocol: GRE}", "spec.ingress[0].notProtocol", "protocol name invalid");
}

// The CRD form is not run through validateProtocol; Felix lowercases names
// (numorstring Protocol.ToV1), so any case of a known name works there.
TEST(CalicoRuleProtocol, CrdFormAcceptsAnyCaseKeepsText) {
  LoadResult r = load_calico(
      "apiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkPolicy\nmetadata: {name: p}\n"
      "spec: {types: [Ingress], ingress: [{action: Allow, protocol: tcp, destination: {ports: [80]}}]}\n");
  const CalicoProtocol& p = *r.cluster.calico.policies.at(0).ingress.at(0).protocol;
  EXPECT_EQ(p.name, "tcp");
  EXPECT_EQ(p.number, 6);
}

// numorstring/port.go PortFromString + validator.go validatePort.
TEST(CalicoRulePorts, ParsingAndRanges) {
  std::vector<CalicoPort> ports =
      first_rule("{action: Allow, protocol: TCP, destination: {ports: [1, '443', '10:20', 65535, '80-90', my_port.x]}}")
          .destination.ports;
  std::vector<CalicoPort> expected = {{1, 1, ""},         {443, 443, ""},   {10, 20, ""},
                                      {65535, 65535, ""}, {0, 0, "80-90"},  // a name, not a range
                                      {0, 0, "my_port.x"}};
  EXPECT_EQ(ports, expected);
  const std::string f = "spec.ingress[0].destination.ports[0]";
  expect_rule_rejected("{action: Allow, protocol: TCP, destination: {ports: [0]}}", f, "between 1 and 65535");
  expect_rule_rejected("{action: Allow, protocol: TCP, destination: {ports: ['0:10']}}", f, "between 1 and 65535");
  expect_rule_rejected("{action: Allow, protocol: TCP, destination: {ports: [65536]}}", f, "does not fit");
  expect_rule_rejected("{action: Allow, protocol: TCP, destination: {ports: ['70000']}}", f, "invalid port format");
  expect_rule_rejected("{action: Allow, protocol: TCP, destination: {ports: ['90:80']}}", f,
                       "minimum port number (90) is greater than maximum port number (80)");
  expect_rule_rejected("{action: Allow, protocol: TCP, destination: {ports: ['a b']}}", f, "invalid name for named port");
  expect_rule_rejected("{action: Allow, protocol: TCP, destination: {ports: ['" + std::string(129, 'p') + "']}}", f,
                       "invalid name for named port");
  expect_rule_rejected("{action: Allow, protocol: TCP, destination: {ports: [true]}}", f, "port must be");
}

// validator.go validateRule: protocolSingleOrRangePortsMsg / protocolPortsMsg.
TEST(CalicoRulePorts, ProtocolRequirements) {
  // Named ports need no protocol (numorstring.AllPortsAreNamed).
  EXPECT_EQ(first_rule("{action: Allow, destination: {ports: [http]}}").destination.ports.size(), 1u);
  expect_rule_rejected("{action: Allow, destination: {ports: [http, 80]}}", "spec.ingress[0].destination.ports",
                       "numeric port or port range must set protocol");
  expect_rule_rejected("{action: Allow, source: {notPorts: ['1:2']}}", "spec.ingress[0].source.notPorts",
                       "numeric port or port range must set protocol");
  // A protocol without ports rejects even named ports.
  expect_rule_rejected("{action: Allow, protocol: ICMP, destination: {ports: [http]}}",
                       "spec.ingress[0].destination.ports", "rules that specify ports must set protocol");
  EXPECT_NO_THROW(first_rule("{action: Allow, protocol: 132, destination: {ports: [9]}}"));   // SCTP by number
  EXPECT_NO_THROW(first_rule("{action: Allow, protocol: 17, source: {notPorts: [9]}}"));      // UDP by number
  expect_rule_rejected("{action: Allow, protocol: UDPLite, destination: {ports: [9]}}",
                       "spec.ingress[0].destination.ports", "rules that specify ports must set protocol");
}

// kubebuilder MaxItems=50 on ports / notPorts.
TEST(CalicoRulePorts, AtMostFifty) {
  std::string ports;
  for (int i = 1; i <= 51; ++i) {
    if (i > 1) ports += ',';
    ports += std::to_string(i);  // appended apart: g++ 12 -O3 warns (-Wrestrict) on literal + temporary
  }
  expect_rule_rejected("{action: Allow, protocol: TCP, destination: {ports: [" + ports + "]}}",
                       "spec.ingress[0].destination.ports", "at most 50");
}

// ICMPFields: type 0..254, code 0..255, code needs type (CEL); Rule CEL: icmp needs protocol
// ICMP/ICMPv6; ICMP needs ipVersion 4, ICMPv6 ipVersion 6.
TEST(CalicoRuleIcmp, FieldsAndProtocolConsistency) {
  CalicoRule r = first_rule("{action: Allow, protocol: ICMP, icmp: {type: 8, code: 0}, notICMP: {type: 3}}");
  EXPECT_EQ(r.icmp->type, 8);
  EXPECT_EQ(r.icmp->code, 0);
  EXPECT_EQ(r.not_icmp->type, 3);
  EXPECT_FALSE(r.not_icmp->code);
  EXPECT_NO_THROW(first_rule("{action: Allow, protocol: 58, icmp: {type: 128}}"));  // CEL also accepts 1 / 58
  expect_rule_rejected("{action: Allow, protocol: ICMP, icmp: {type: 255}}", "spec.ingress[0].icmp.type", "out of range");
  expect_rule_rejected("{action: Allow, protocol: ICMP, icmp: {type: 1, code: 256}}", "spec.ingress[0].icmp.code",
                       "out of range");
  expect_rule_rejected("{action: Allow, protocol: ICMP, icmp: {code: 1}}", "spec.ingress[0].icmp.code",
                       "ICMP code specified without an ICMP type");
  expect_rule_rejected("{action: Allow, protocol: TCP, icmp: {type: 8}}", "spec.ingress[0].icmp",
                       "ICMP fields require protocol to be ICMP or ICMPv6");
  expect_rule_rejected("{action: Allow, icmp: {type: 8}}", "spec.ingress[0].icmp", "require protocol");
  expect_rule_rejected("{action: Allow, protocol: ICMP, ipVersion: 6}", "spec.ingress[0].ipVersion",
                       "protocol ICMP requires ipVersion 4");
  expect_rule_rejected("{action: Allow, notProtocol: ICMPv6, ipVersion: 4}", "spec.ingress[0].ipVersion",
                       "protocol ICMPv6 requires ipVersion 6");
}

// kubebuilder Enum=4;6 on ipVersion.
TEST(CalicoRuleIpVersion, FourOrSix) {
  EXPECT_EQ(first_rule("{action: Allow, ipVersion: 6}").ip_version, 6);
  expect_rule_rejected("{action: Allow, ipVersion: 5}", "spec.ingress[0].ipVersion", "not 4 or 6");
}

// validator.go validateRule scanNets and the `net` tag (validateIPNetwork).
TEST(CalicoRuleNets, ParsingMaskingAndFamilies) {
  CalicoRule r = first_rule("{action: Allow, source: {nets: [10.0.0.0/8, 192.168.1.0/24]}, destination: {notNets: [10.1.0.0/16]}}");
  EXPECT_EQ(r.source.nets.size(), 2u);
  EXPECT_EQ(r.destination.not_nets.at(0).to_string(), "10.1.0.0/16");
  EXPECT_NO_THROW(first_rule("{action: Allow, ipVersion: 6, source: {nets: ['fd00::/8']}}"));
  expect_rule_rejected("{action: Allow, source: {nets: [10.0.0.1]}}", "spec.ingress[0].source.nets[0]", "invalid CIDR");
  expect_rule_rejected("{action: Allow, source: {nets: [10.0.0.0/33]}}", "spec.ingress[0].source.nets[0]",
                       "invalid CIDR");
  expect_rule_rejected("{action: Allow, source: {nets: [10.0.0.1/8]}}", "spec.ingress[0].source.nets[0]",
                       "host bits set");
  // Mixed families anywhere in the rule: reported on the list that makes it inconsistent.
  expect_rule_rejected("{action: Allow, source: {nets: [10.0.0.0/8, 'fd00::/8']}}", "spec.ingress[0].source.nets",
                       "both IPv4 and IPv6");
  expect_rule_rejected("{action: Allow, source: {nets: [10.0.0.0/8]}, destination: {notNets: ['fd00::/8']}}",
                       "spec.ingress[0].destination.notNets", "both IPv4 and IPv6");
  expect_rule_rejected("{action: Allow, ipVersion: 6, destination: {nets: [10.0.0.0/8]}}",
                       "spec.ingress[0].destination.nets", "IP version doesn't match");
}

// validator.go validateRule: catch-all CIDRs in notNets "match no traffic"; in nets they are fine.
TEST(CalicoRuleNets, CatchAllRejectedOnlyInNotNets) {
  EXPECT_NO_THROW(first_rule("{action: Allow, source: {nets: [0.0.0.0/0]}}"));
  expect_rule_rejected("{action: Allow, source: {notNets: [0.0.0.0/0]}}", "spec.ingress[0].source.notNets[0]",
                       "catch-all CIDR in negation");
  expect_rule_rejected("{action: Allow, destination: {notNets: ['::/0']}}", "spec.ingress[0].destination.notNets[0]",
                       "catch-all CIDR in negation");
}

// validator.go validateEntityRule + CEL on EntityRule: global() only as the whole
// namespaceSelector; never in selector.
TEST(CalicoRuleSelectors, GlobalOnlyAloneInNamespaceSelector) {
  EXPECT_NO_THROW(first_rule("{action: Allow, source: {namespaceSelector: ' global() '}}"));
  expect_rule_rejected("{action: Allow, source: {namespaceSelector: 'global() && has(a)'}}",
                       "spec.ingress[0].source.namespaceSelector", "global() cannot be combined");
  expect_rule_rejected("{action: Allow, source: {namespaceSelector: '!global()'}}",
                       "spec.ingress[0].source.namespaceSelector", "global() cannot be combined");
  expect_rule_rejected("{action: Allow, source: {selector: global()}}", "spec.ingress[0].source.selector",
                       "global() can only be used in an EntityRule namespaceSelector");
  // Policy-level selectors: CEL on NetworkPolicySpec / GlobalNetworkPolicySpec.
  EXPECT_EQ(reject_calico(gnp("{selector: global()}")).field, "spec.selector");
  EXPECT_EQ(reject_calico(gnp("{namespaceSelector: global()}")).field, "spec.namespaceSelector");
  EXPECT_EQ(reject_calico(gnp("{serviceAccountSelector: global()}")).field, "spec.serviceAccountSelector");
}

// validator.go validateSelector (the selector parser) and MaxLength=1024.
TEST(CalicoRuleSelectors, MustParseAndFitLength) {
  expect_rule_rejected("{action: Allow, destination: {selector: 'a = b'}}", "spec.ingress[0].destination.selector",
                       "invalid selector");
  expect_rule_rejected("{action: Allow, source: {notSelector: 'has(a'}}", "spec.ingress[0].source.notSelector",
                       "invalid selector");
  expect_rule_rejected("{action: Allow, source: {serviceAccounts: {selector: 'x =='}}}",
                       "spec.ingress[0].source.serviceAccounts.selector", "invalid selector");
  std::string long_selector = "a in {";
  while (long_selector.size() < 1030) long_selector += "'xxxxxxxx',";
  long_selector += "}";
  auto e = reject_calico(gnp("{selector: \"" + long_selector + "\"}"));
  EXPECT_EQ(e.field, "spec.selector");
  EXPECT_NE(e.message.find("at most 1024"), std::string::npos);
  // Empty selector is all() and present: kept as "" (not std::nullopt).
  EXPECT_EQ(first_rule("{action: Allow, source: {selector: ''}}").source.selector, std::optional<std::string>(""));
}

TEST(CalicoRuleServiceAccounts, NamesAndSelector) {
  CalicoRule r = first_rule("{action: Allow, source: {serviceAccounts: {names: [b, a, b], selector: \"role == 'x'\"}}}");
  std::vector<std::string> names = {"a", "b"};  // +listType=set
  EXPECT_EQ(r.source.service_accounts->names, names);
  EXPECT_EQ(r.source.service_accounts->selector, std::optional<std::string>("role == 'x'"));
}

// CEL rules on EntityRule / Rule (validateEntityRule, validateRule up to v3.32.0) and the
// direction checks of validateNetworkPolicySpec / validateGlobalNetworkPolicySpec.
TEST(CalicoRuleServices, ExclusionsAndDirections) {
  CalicoRule r = first_rule("{action: Allow, source: {services: {name: api, namespace: shop}}}");
  EXPECT_EQ(r.source.services->name, "api");
  EXPECT_EQ(r.source.services->namespace_name, "shop");
  const std::string s = "spec.ingress[0].source.services";
  expect_rule_rejected("{action: Allow, source: {services: {namespace: shop}}}", s, "must specify a service name");
  expect_rule_rejected("{action: Allow, source: {services: {name: a, namespace: b}, selector: all()}}", s,
                       "Selector/NotSelector and Services");
  expect_rule_rejected("{action: Allow, source: {services: {name: a, namespace: b}, namespaceSelector: all()}}", s,
                       "NamespaceSelector and Services");
  expect_rule_rejected("{action: Allow, source: {services: {name: a, namespace: b}, nets: [10.0.0.0/8]}}", s,
                       "Nets/NotNets and Services");
  expect_rule_rejected("{action: Allow, source: {services: {name: a, namespace: b}, serviceAccounts: {names: [x]}}}",
                       s, "ServiceAccounts and Services");
  expect_rule_rejected("{action: Allow, destination: {services: {name: a, namespace: b}}}",
                       "spec.ingress[0].destination.services", "not allowed in ingress rule destination");
  // Global policies must name the namespace.
  expect_rule_rejected("{action: Allow, source: {services: {name: a}}}", s, "must specify a namespace");
  // Egress: services in the destination, never with ports; never in the source.
  auto e = reject_calico(gnp("egress: [{action: Allow, protocol: TCP, destination: {services: {name: a, namespace: b}, ports: [80]}}]"));
  EXPECT_EQ(e.field, "spec.egress[0].destination.ports");
  e = reject_calico(gnp("egress: [{action: Allow, source: {services: {name: a, namespace: b}}}]"));
  EXPECT_EQ(e.field, "spec.egress[0].source.services");
  // A namespaced policy may omit the namespace (the policy's own).
  EXPECT_NO_THROW(load_calico("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p}\n"
                              "spec: {ingress: [{action: Allow, source: {services: {name: a}}}]}\n"));
}

// CEL on Rule + validateHTTPRule + ruleUsesAppLayerPolicy: kept as has_http, ignored at L4.
TEST(CalicoRuleHttp, OnlyAllowTcpIngressAndWarned) {
  LoadResult r = load_calico(gnp_ingress_rule("{action: Allow, http: {methods: [GET], paths: [{prefix: /api}]}}"));
  EXPECT_TRUE(r.cluster.calico.policies.at(0).ingress.at(0).has_http);
  EXPECT_TRUE(has_warning(r, "HTTP match"));
  expect_rule_rejected("{action: Deny, http: {methods: [GET]}}", "spec.ingress[0].http", "only valid on Allow rules");
  expect_rule_rejected("{action: Allow, protocol: UDP, http: {methods: [GET]}}", "spec.ingress[0].protocol",
                       "protocol TCP or unset");
  expect_rule_rejected("{action: Allow, http: {methods: [GET, GET]}}", "spec.ingress[0].http.methods[1]",
                       "duplicate HTTP method");
  expect_rule_rejected("{action: Allow, http: {paths: [{exact: /a, prefix: /b}]}}", "spec.ingress[0].http.paths[0]",
                       "both 'exact' and 'prefix'");
  expect_rule_rejected("{action: Allow, http: {paths: [{exact: 'a?b'}]}}", "spec.ingress[0].http.paths[0]",
                       "must start with '/'");
  auto e = reject_calico(gnp("egress: [{action: Allow, http: {methods: [GET]}}]"));
  EXPECT_EQ(e.field, "spec.egress[0].http");
}

// globalnetworkpolicy.go CEL rules: doNotTrack / preDNAT / applyOnForward.
TEST(CalicoGlobalPolicyFlags, DoNotTrackPreDnatApplyOnForward) {
  EXPECT_NO_THROW(load_calico(gnp("{preDNAT: true, applyOnForward: true, ingress: [{action: Deny}]}")));
  EXPECT_TRUE(testing::message_is(reject_calico(gnp("{preDNAT: true, doNotTrack: true, applyOnForward: true}")).message, "preDNAT and doNotTrack cannot both be true"));
  EXPECT_TRUE(testing::message_is(reject_calico(gnp("{preDNAT: true, applyOnForward: true, egress: [{action: Deny}]}")).message, "preDNAT policy cannot have any egress rules"));
  EXPECT_TRUE(testing::message_is(reject_calico(gnp("{preDNAT: true, applyOnForward: true, types: [Ingress, Egress]}")).message, "preDNAT policy cannot have 'Egress' type"));
  auto e = reject_calico(gnp("{doNotTrack: true}"));
  EXPECT_EQ(e.field, "spec.doNotTrack");
  EXPECT_TRUE(testing::message_is(e.message, "applyOnForward must be true if either preDNAT or doNotTrack is true"));
  EXPECT_EQ(reject_calico(gnp("{preDNAT: yes-please}")).field, "spec.preDNAT");  // not a bool
}

// kubebuilder MaxItems=1024 rules per direction.
TEST(CalicoRuleLimits, AtMost1024RulesPerDirection) {
  std::string rules;
  for (int i = 0; i < 1025; ++i) rules += (i ? ", " : "") + std::string("{action: Allow}");
  auto e = reject_calico(gnp("ingress: [" + rules + "]"));
  EXPECT_EQ(e.field, "spec.ingress");
  EXPECT_NE(e.message.find("at most 1024"), std::string::npos);
}

// Policy order is a float64 (nil = last); quoted numbers are not numbers in JSON.
TEST(CalicoPolicyOrder, NumberOnly) {
  EXPECT_DOUBLE_EQ(*load_calico(gnp("{order: 10}")).cluster.calico.policies.at(0).order, 10.0);
  EXPECT_DOUBLE_EQ(*load_calico(gnp("{order: -2.5e+1}")).cluster.calico.policies.at(0).order, -25.0);
  EXPECT_EQ(reject_calico(gnp("{order: '10'}")).field, "spec.order");
  EXPECT_EQ(reject_calico(gnp("{order: .inf}")).field, "spec.order");
  // yaml.v2 (sigs.k8s.io/yaml) reads 1e3 as a string: an exponent needs its sign.
  EXPECT_EQ(reject_calico(gnp("{order: 1e3}")).field, "spec.order");
}

}  // namespace
}  // namespace netpol

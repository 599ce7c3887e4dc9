// NetworkPolicy defaulting and validation as the API server applies them:
//  - defaulting: kubernetes pkg/apis/networking/v1/defaults.go (SetDefaults_NetworkPolicy,
//    SetDefaults_NetworkPolicyPort);
//  - validation: kubernetes pkg/apis/networking/validation/validation.go (function named in
//    each test), apimachinery pkg/apis/meta/v1/validation (ValidateLabelSelector*).
#include <string>

#include <gtest/gtest.h>

#include "tests/loader/load_helpers.h"

namespace netpol {
namespace {

using testing::contains;
using testing::expect_error_at;
using testing::load_error;

// A policy document; `spec` is indented by two spaces already. The spec starts on line 6.
std::string policy(const std::string& spec) {
  return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: x\nspec:\n" + spec;
}

NetworkPolicy load_policy(const std::string& spec) {
  LoadResult r = load_text(policy(spec), "np.yaml");
  EXPECT_EQ(r.cluster.policies.size(), 1u);
  return r.cluster.policies.at(0);
}

// ---- Defaulting ----

// SetDefaults_NetworkPolicy: no policyTypes -> [Ingress].
TEST(NetworkPolicyDefaults, SetDefaultsNetworkPolicyIngressOnly) {
  NetworkPolicy p = load_policy("  podSelector: {}\n");
  EXPECT_TRUE(p.ingress_type);
  EXPECT_FALSE(p.egress_type);
}

// SetDefaults_NetworkPolicy: no policyTypes and len(spec.Egress) != 0 -> [Ingress, Egress].
TEST(NetworkPolicyDefaults, SetDefaultsNetworkPolicyEgressWhenEgressRules) {
  NetworkPolicy p = load_policy("  podSelector: {}\n  egress:\n  - {}\n");
  EXPECT_TRUE(p.ingress_type);
  EXPECT_TRUE(p.egress_type);
  ASSERT_EQ(p.egress.size(), 1u);
  EXPECT_TRUE(p.egress[0].peers.empty());
}

// `egress: []` has length 0: Ingress only.
TEST(NetworkPolicyDefaults, SetDefaultsNetworkPolicyEmptyEgressListIsNoEgress) {
  NetworkPolicy p = load_policy("  podSelector: {}\n  egress: []\n");
  EXPECT_FALSE(p.egress_type);
}

// An explicit list is kept as written: Egress only means no ingress isolation.
TEST(NetworkPolicyDefaults, ExplicitPolicyTypesAreKept) {
  NetworkPolicy p = load_policy("  podSelector: {}\n  policyTypes: [Egress]\n  ingress:\n  - {}\n");
  EXPECT_FALSE(p.ingress_type);
  EXPECT_TRUE(p.egress_type);
  // `policyTypes: []` has length 0 and is defaulted.
  NetworkPolicy q = load_policy("  podSelector: {}\n  policyTypes: []\n  egress:\n  - {}\n");
  EXPECT_TRUE(q.ingress_type && q.egress_type);
}

// SetDefaults_NetworkPolicyPort: protocol TCP.
TEST(NetworkPolicyDefaults, SetDefaultsNetworkPolicyPortProtocolTCP) {
  NetworkPolicy p = load_policy("  podSelector: {}\n  ingress:\n  - ports:\n    - port: 80\n    - protocol: UDP\n");
  ASSERT_EQ(p.ingress.at(0).ports.size(), 2u);
  EXPECT_EQ(p.ingress[0].ports[0].protocol, Protocol::TCP);
  EXPECT_EQ(p.ingress[0].ports[0].port, 80);
  EXPECT_EQ(p.ingress[0].ports[1].protocol, Protocol::UDP);
  EXPECT_FALSE(p.ingress[0].ports[1].port.has_value());
}

TEST(NetworkPolicyDefaults, MissingNamespaceIsDefaultAndMissingPodSelectorIsEmpty) {
  LoadResult r = load_text("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec: {}\n");
  ASSERT_EQ(r.cluster.policies.size(), 1u);
  EXPECT_EQ(r.cluster.policies[0].namespace_name, "default");
  EXPECT_TRUE(r.cluster.policies[0].pod_selector.empty());
}

TEST(NetworkPolicyReading, PeersSelectorsIpBlocksAndNamedPorts) {
  NetworkPolicy p = load_policy(
      "  podSelector: {matchLabels: {app: web}}\n"
      "  ingress:\n"
      "  - from:\n"
      "    - podSelector: {}\n"
      "      namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [a, b]}]}\n"
      "    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}\n"
      "    ports:\n"
      "    - port: http\n"
      "    - {port: 1000, endPort: 2000, protocol: SCTP}\n");
  ASSERT_EQ(p.ingress.size(), 1u);
  const NetworkPolicyRule& rule = p.ingress[0];
  ASSERT_EQ(rule.peers.size(), 2u);
  EXPECT_TRUE(rule.peers[0].pod_selector && rule.peers[0].pod_selector->empty());
  ASSERT_TRUE(rule.peers[0].namespace_selector);
  EXPECT_EQ(rule.peers[0].namespace_selector->match_expressions.at(0).values, (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(rule.peers[1].ip_block);
  EXPECT_EQ(rule.peers[1].ip_block->cidr.to_string(), "10.0.0.0/8");
  EXPECT_EQ(rule.ports[0].name, "http");
  EXPECT_EQ(rule.ports[1].end_port, 2000);
  EXPECT_EQ(rule.ports[1].protocol, Protocol::SCTP);
  EXPECT_EQ(p.pod_selector.match_labels.at("app"), "web");
  EXPECT_EQ(rule.location.line, 9);  // the `- from:` item
}

// ---- Validation: each rejection names file, document, line and field path ----

// ValidateIPBlock -> IsValidCIDRForLegacyField.
TEST(NetworkPolicyValidation, ValidateIPBlockInvalidCidr) {
  InputError e = load_error(policy("  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/33}\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.ingress[0].from[0].ipBlock.cidr");
  EXPECT_TRUE(contains(e.what(), "must be a valid CIDR")) << e.what();
}

// ValidateIPBlock: cidr is required.
TEST(NetworkPolicyValidation, ValidateIPBlockCidrRequired) {
  InputError e = load_error(policy("  ingress:\n  - from:\n    - ipBlock: {except: [10.0.0.0/8]}\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.ingress[0].from[0].ipBlock.cidr");
}

// ValidateIPBlock: except must be a strict subset of cidr.
TEST(NetworkPolicyValidation, ValidateIPBlockExceptOutsideCidr) {
  InputError e = load_error(
      policy("  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/16\n        except:\n        - 10.1.0.0/24\n"),
      "np.yaml");
  expect_error_at(e, "np.yaml", 0, 12, "spec.egress[0].to[0].ipBlock.except[0]");
  EXPECT_TRUE(contains(e.what(), "strict subset")) << e.what();
}

// ValidateIPBlock: `cidrMaskLen >= exceptMaskLen` is rejected (equal is not strict).
TEST(NetworkPolicyValidation, ValidateIPBlockExceptEqualToCidr) {
  InputError e = load_error(policy("  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.0/16]}\n"),
                            "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.egress[0].to[0].ipBlock.except[0]");
}

// ValidateIPBlock: another family is never contained.
TEST(NetworkPolicyValidation, ValidateIPBlockExceptOtherFamily) {
  InputError e = load_error(policy("  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.0/8, except: ['fd00::/64']}\n"),
                            "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.egress[0].to[0].ipBlock.except[0]");
}

// IsValidCIDRForLegacyField (apimachinery util/validation/ip.go): host bits are accepted with
// the GetWarningsForCIDR warning; IPv6 blocks are accepted.
TEST(NetworkPolicyValidation, CidrWithHostBitsWarnsAndIpv6Accepted) {
  LoadResult r = load_text(policy("  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.1/8}\n    - ipBlock: {cidr: 'fd00::/8'}\n"),
                           "np.yaml");
  ASSERT_EQ(r.cluster.policies.size(), 1u);
  EXPECT_EQ(r.cluster.policies[0].egress[0].peers[0].ip_block->cidr.to_string(), "10.0.0.1/8");
  EXPECT_EQ(r.cluster.policies[0].egress[0].peers[1].ip_block->cidr.family(), IpFamily::V6);
  bool warned = false;
  for (const Diagnostic& d : r.warnings) warned |= contains(d.message, "ambiguous") && d.field == "spec.egress[0].to[0].ipBlock.cidr";
  EXPECT_TRUE(warned);
}

// ValidateNetworkPolicyPeer: "may not specify both ipBlock and another peer".
TEST(NetworkPolicyValidation, ValidateNetworkPolicyPeerIpBlockWithSelector) {
  InputError e = load_error(
      policy("  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.ingress[0].from[0]");
  EXPECT_TRUE(contains(e.what(), "may not specify both ipBlock and another peer")) << e.what();
}

// ValidateNetworkPolicyPeer: "must specify a peer" for `{}`.
TEST(NetworkPolicyValidation, ValidateNetworkPolicyPeerEmptyPeer) {
  InputError e = load_error(policy("  ingress:\n  - from:\n    - {}\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.ingress[0].from[0]");
  EXPECT_TRUE(contains(e.what(), "must specify a peer")) << e.what();
}

// ValidateNetworkPolicyPort: endPort "may not be specified when `port` is non-numeric".
TEST(NetworkPolicyValidation, ValidateNetworkPolicyPortEndPortWithNamedPort) {
  InputError e = load_error(policy("  ingress:\n  - ports:\n    - port: http\n      endPort: 90\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 10, "spec.ingress[0].ports[0].endPort");
  EXPECT_TRUE(contains(e.what(), "non-numeric")) << e.what();
}

// ValidateNetworkPolicyPort: endPort "may not be specified when `port` is not specified".
TEST(NetworkPolicyValidation, ValidateNetworkPolicyPortEndPortWithoutPort) {
  InputError e = load_error(policy("  ingress:\n  - ports:\n    - endPort: 90\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.ingress[0].ports[0].endPort");
}

// ValidateNetworkPolicyPort: endPort "must be greater than or equal to `port`".
TEST(NetworkPolicyValidation, ValidateNetworkPolicyPortEndPortBelowPort) {
  InputError e = load_error(policy("  ingress:\n  - ports:\n    - port: 100\n      endPort: 99\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 10, "spec.ingress[0].ports[0].endPort");
  EXPECT_TRUE(contains(e.what(), "greater than or equal")) << e.what();
}

// ValidateNetworkPolicyPort -> IsValidPortNum for port and endPort.
TEST(NetworkPolicyValidation, ValidateNetworkPolicyPortOutOfRange) {
  expect_error_at(load_error(policy("  ingress:\n  - ports:\n    - port: 0\n"), "np.yaml"), "np.yaml", 0, 9,
                  "spec.ingress[0].ports[0].port");
  expect_error_at(load_error(policy("  ingress:\n  - ports:\n    - port: 65536\n"), "np.yaml"), "np.yaml", 0, 9,
                  "spec.ingress[0].ports[0].port");
  expect_error_at(load_error(policy("  ingress:\n  - ports:\n    - {port: 1, endPort: 70000}\n"), "np.yaml"), "np.yaml",
                  0, 9, "spec.ingress[0].ports[0].endPort");
}

// ValidateNetworkPolicyPort -> IsValidPortName: a quoted number is a name, and not a valid one.
TEST(NetworkPolicyValidation, ValidateNetworkPolicyPortNamedPortNotIanaSvcName) {
  InputError e = load_error(policy("  ingress:\n  - ports:\n    - port: \"80\"\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.ingress[0].ports[0].port");
  EXPECT_TRUE(contains(e.what(), "at least one letter")) << e.what();
  expect_error_at(load_error(policy("  ingress:\n  - ports:\n    - port: Http\n"), "np.yaml"), "np.yaml", 0, 9,
                  "spec.ingress[0].ports[0].port");
}

// ValidateNetworkPolicyPort: protocol must be TCP, UDP or SCTP (exact case).
TEST(NetworkPolicyValidation, ValidateNetworkPolicyPortBadProtocol) {
  InputError e = load_error(policy("  ingress:\n  - ports:\n    - protocol: tcp\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.ingress[0].ports[0].protocol");
  EXPECT_TRUE(contains(e.what(), "Unsupported value")) << e.what();
  expect_error_at(load_error(policy("  egress:\n  - ports:\n    - protocol: ICMP\n"), "np.yaml"), "np.yaml", 0, 9,
                  "spec.egress[0].ports[0].protocol");
}

// ValidateNetworkPolicySpec: policyTypes values are Ingress or Egress.
TEST(NetworkPolicyValidation, ValidateNetworkPolicySpecBadPolicyType) {
  InputError e = load_error(policy("  policyTypes: [Ingress, ingress]\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 7, "spec.policyTypes[1]");
}

// ValidateNetworkPolicySpec: "may not specify more than two policyTypes".
TEST(NetworkPolicyValidation, ValidateNetworkPolicySpecTooManyPolicyTypes) {
  InputError e = load_error(policy("  policyTypes: [Ingress, Egress, Ingress]\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 7, "spec.policyTypes");
  EXPECT_TRUE(contains(e.what(), "more than two")) << e.what();
}

// ValidateNetworkPolicy -> ValidateObjectMeta with ValidateNetworkPolicyName (DNS subdomain).
TEST(NetworkPolicyValidation, ValidateNetworkPolicyName) {
  InputError e = load_error("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: Deny_All\n",
                            "np.yaml");
  expect_error_at(e, "np.yaml", 0, 4, "metadata.name");
}

// ValidateObjectMeta -> ValidateLabels: label keys IsQualifiedName.
TEST(NetworkPolicyValidation, ValidateLabelsBadKey) {
  InputError e = load_error(policy("  podSelector:\n    matchLabels:\n      'bad key': x\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.podSelector.matchLabels.bad key");
  EXPECT_TRUE(contains(e.what(), "invalid label key")) << e.what();
}

// ValidateLabels: values IsValidLabelValue.
TEST(NetworkPolicyValidation, ValidateLabelsBadValue) {
  InputError e = load_error(policy("  podSelector:\n    matchLabels:\n      app: -web\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.podSelector.matchLabels.app");
}

// Label values must be YAML strings (`tier: 1` is an int; the decoder rejects it).
TEST(NetworkPolicyValidation, LabelValueNotAString) {
  InputError e = load_error(policy("  podSelector:\n    matchLabels:\n      tier: 1\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.podSelector.matchLabels.tier");
}

// ValidateLabelSelectorRequirement: In/NotIn need values.
TEST(NetworkPolicyValidation, ValidateLabelSelectorRequirementInWithoutValues) {
  InputError e = load_error(
      policy("  podSelector:\n    matchExpressions:\n    - key: app\n      operator: In\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.podSelector.matchExpressions[0].values");
  EXPECT_TRUE(contains(e.what(), "must be specified when `operator` is 'In' or 'NotIn'")) << e.what();
}

// ValidateLabelSelectorRequirement: Exists/DoesNotExist take no values.
TEST(NetworkPolicyValidation, ValidateLabelSelectorRequirementExistsWithValues) {
  InputError e = load_error(
      policy("  podSelector:\n    matchExpressions:\n    - key: app\n      operator: Exists\n      values: [a]\n"),
      "np.yaml");
  expect_error_at(e, "np.yaml", 0, 11, "spec.podSelector.matchExpressions[0].values");
}

// ValidateLabelSelectorRequirement: unknown operator.
TEST(NetworkPolicyValidation, ValidateLabelSelectorRequirementBadOperator) {
  InputError e = load_error(
      policy("  podSelector:\n    matchExpressions:\n    - {key: app, operator: Equals, values: [a]}\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 9, "spec.podSelector.matchExpressions[0].operator");
  EXPECT_TRUE(contains(e.what(), "not a valid selector operator")) << e.what();
}

// ValidateLabelSelectorRequirement: key IsQualifiedName, values IsValidLabelValue.
TEST(NetworkPolicyValidation, ValidateLabelSelectorRequirementBadKeyAndValue) {
  expect_error_at(load_error(policy("  podSelector:\n    matchExpressions:\n    - {key: 'a/b/c', operator: Exists}\n"),
                             "np.yaml"),
                  "np.yaml", 0, 9, "spec.podSelector.matchExpressions[0].key");
  expect_error_at(load_error(policy("  podSelector:\n    matchExpressions:\n    - {key: a, operator: In, values: ['a b']}\n"),
                             "np.yaml"),
                  "np.yaml", 0, 9, "spec.podSelector.matchExpressions[0].values[0]");
}

// Strict field validation (kubectl's default --validate=strict): unknown fields fail.
TEST(NetworkPolicyValidation, UnknownFieldRejected) {
  InputError e = load_error(policy("  podSelecter: {}\n"), "np.yaml");
  expect_error_at(e, "np.yaml", 0, 7, "spec.podSelecter");
  EXPECT_TRUE(contains(e.what(), "unknown field \"spec.podSelecter\"")) << e.what();
  expect_error_at(load_error(policy("  ingress:\n  - form: []\n"), "np.yaml"), "np.yaml", 0, 8, "spec.ingress[0].form");
}

TEST(NetworkPolicyValidation, ErrorNamesTheObject) {
  InputError e = load_error(policy("  ingress:\n  - from:\n    - {}\n"), "np.yaml");
  EXPECT_TRUE(contains(e.what(), "NetworkPolicy x/p")) << e.what();
}

}  // namespace
}  // namespace netpol

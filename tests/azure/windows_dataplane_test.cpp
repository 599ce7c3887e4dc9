// Windows NPM (`azure-windows`, Windows Server 2022): HNS ACL behaviour, pinned against
// Azure/azure-container-networking npm/pkg/dataplane/policies/{policy_windows,policymanager_windows}.go.
#include <gtest/gtest.h>

#include "tests/azure/cluster_builder.h"

namespace netpol::azure::testing {
namespace {

// policymanager_windows.go getSettingsFromACL: every applied policy adds an allow-from-NodeIP ACL
// at priority 201, above the block ACL (3000): the pod's own node passes a deny-all, a remote
// node does not. The Out ACLs sit on the pod's vSwitch port, so pod -> own node is filtered (no L1).
TEST(AzureWindows, ReadinessAclAndOwnNodeEgress_getSettingsFromACL) {
  auto b = four_pods_on_two_nodes();
  auto& p = b.policy("x", "deny-a", match({{"pod", "a"}}));
  p.ingress_type = true;
  p.egress_type = true;
  Compiled c(b.build(), Variant::Windows, {probe("TCP/80")});
  EXPECT_TRUE(c.allowed("node:node-1", "x/a"));
  EXPECT_FALSE(c.allowed("node:node-2", "x/a"));
  EXPECT_FALSE(c.allowed("x/b", "x/a"));
  EXPECT_FALSE(c.allowed("x/a", "node:node-1"));
  EXPECT_TRUE(c.allowed("x/b", "node:node-1"));
}

// W1: a policy with a named port is skipped whole on Windows (translatePolicy.go portType ->
// ErrUnsupportedNamedPort; networkPolicyController.go isUnsupportedWindowsTranslationErr): its
// deny never applies, so the selected pod fails open.
TEST(AzureWindows, W1_NamedPortPolicySkippedFailsOpen_isUnsupportedWindowsTranslationErr) {
  auto b = four_pods_on_two_nodes();
  auto& p = b.policy("x", "named", match({{"pod", "a"}}));
  p.ingress_type = true;
  p.ingress = {rule({pods(match({{"pod", "b"}}))}, {named("web")})};
  Compiled w(b.build(), Variant::Windows, {probe("TCP/80")});
  Compiled l(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_TRUE(w.allowed("y/d", "x/a"));
  EXPECT_FALSE(l.allowed("y/d", "x/a"));
  EXPECT_TRUE(has_note(w, "ErrUnsupportedNamedPort"));
}

// W2: convertToAclSettings checks only the source list for negated sets. Egress peers are in the
// destination list, written as plain set names: "namespace NotIn [y]" allows ONLY y. The ingress
// form puts the negated set in the source list: the error fails the whole policy in HNS.
TEST(AzureWindows, W2_NegativeNamespaceSelectorInvertedOrRejected_convertToAclSettings) {
  auto b = four_pods_on_two_nodes();
  auto& out = b.policy("x", "egress-not-y", match({{"pod", "a"}}));
  out.ingress_type = false;
  out.egress_type = true;
  out.egress = {rule({namespaces(match({}, {req("kubernetes.io/metadata.name", SelectorOperator::NotIn, {"y"})}))})};
  auto& in = b.policy("x", "ingress-not-y", match({{"pod", "b"}}));
  in.ingress_type = true;
  in.ingress = {rule({namespaces(match({}, {req("kubernetes.io/metadata.name", SelectorOperator::NotIn, {"y"})}))})};
  Compiled w(b.build(), Variant::Windows, {probe("TCP/80")});
  EXPECT_TRUE(w.allowed("x/a", "y/d"));    // inverted: y only
  EXPECT_FALSE(w.allowed("x/a", "z/e"));
  EXPECT_TRUE(w.allowed("y/d", "x/b"));    // ingress policy never applied
  EXPECT_TRUE(has_note(w, "x/ingress-not-y"));
  EXPECT_TRUE(has_note(w, "ErrNegativeMatchsNotSupported"));
  EXPECT_FALSE(has_note(w, "x/egress-not-y"));
  Compiled l(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_FALSE(l.allowed("x/a", "y/d"));
  EXPECT_TRUE(l.allowed("x/a", "z/e"));
  EXPECT_FALSE(l.allowed("y/d", "x/b"));
}

// W3: getPortStrFromPorts writes a range as every port in a comma list; the ACL then matches
// exactly the ports of the range.
TEST(AzureWindows, W3_EndPortExpandedToPortList_getPortStrFromPorts) {
  auto b = four_pods_on_two_nodes();
  auto& p = b.policy("x", "range", match({{"pod", "a"}}));
  p.ingress_type = true;
  p.ingress = {rule({}, {port_range(8000, 8010)})};
  Compiled w(b.build(), Variant::Windows, {probe("TCP/7999"), probe("TCP/8000"), probe("TCP/8005"), probe("TCP/8010"), probe("TCP/8011")});
  EXPECT_FALSE(w.allowed("x/b", "x/a", "TCP/7999"));
  EXPECT_TRUE(w.allowed("x/b", "x/a", "TCP/8000"));
  EXPECT_TRUE(w.allowed("x/b", "x/a", "TCP/8005"));
  EXPECT_TRUE(w.allowed("x/b", "x/a", "TCP/8010"));
  EXPECT_FALSE(w.allowed("x/b", "x/a", "TCP/8011"));
  const auto x = w.explain("x/b", "x/a", "TCP/8005");
  bool listed = false;
  for (const auto& s : x.steps) listed |= s.detail.find("LocalPorts=8000,8001,8002,...,8010 (11 ports)") != std::string::npos;
  EXPECT_TRUE(listed);
}

// W1 for except and SCTP, with the note naming the policy and the source.
TEST(AzureWindows, W1_ExceptAndSctpSkipped_ipBlockIPSet_TranslatePolicy) {
  auto b = four_pods_on_two_nodes();
  auto& e = b.policy("x", "except", match({{"pod", "a"}}));
  e.ingress_type = true;
  e.ingress = {rule({block("10.244.0.0/16", {"10.244.1.0/24"})})};
  auto& s = b.policy("x", "sctp", match({{"pod", "b"}}));
  s.ingress_type = true;
  s.ingress = {rule({}, {port(80, Protocol::SCTP)})};
  Compiled w(b.build(), Variant::Windows, {probe("TCP/80")});
  EXPECT_TRUE(w.allowed("y/d", "x/a"));
  EXPECT_TRUE(w.allowed("y/d", "x/b"));
  EXPECT_TRUE(has_note(w, "ErrUnsupportedExceptCIDR"));
  EXPECT_TRUE(has_note(w, "ErrUnsupportedSCTP"));
  EXPECT_TRUE(has_note(w, "translatePolicy.go"));
}

// policymanager_windows.go addPolicy puts ACLs only on the HNS endpoints (endpointList) of the
// selected pods: a flow between a node and an outside address meets no endpoint ACL on either
// side. explain() still names why, once per side, and cites the source.
TEST(AzureWindows, NoPodOnEitherEndExplainedAsNoEndpointAcls_addPolicy) {
  auto b = four_pods_on_two_nodes();
  auto& p = b.policy("x", "deny-all", match({}));
  p.ingress_type = true;
  p.egress_type = true;
  Compiled w(b.build(), Variant::Windows, {probe("TCP/80")});
  const std::string outside = external(w, {"10.0.0.0/8"});
  EXPECT_TRUE(w.allowed("node:node-1", outside));
  const auto x = w.explain("node:node-1", outside);
  ASSERT_EQ(x.steps.size(), 2u);
  for (const auto& s : x.steps) {
    EXPECT_EQ(s.outcome, "allow");
    EXPECT_NE(s.detail.find("not a pod endpoint"), std::string::npos);
    EXPECT_NE(s.citation.find("policymanager_windows.go addPolicy"), std::string::npos);
  }
  EXPECT_EQ(x.steps[0].stage, "HNS endpoint Out");
  EXPECT_EQ(x.steps[1].stage, "HNS endpoint In");
}

}  // namespace
}  // namespace netpol::azure::testing

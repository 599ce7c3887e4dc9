// Linux NPM (`azure`, `azure-legacy`): behaviour that falls out of the iptables/ipset model.
// Each test names the upstream source of the behaviour it pins
// (Azure/azure-container-networking npm/, snapshot cbd7560, unless a PR is named).
#include <gtest/gtest.h>

#include "tests/azure/cluster_builder.h"

namespace netpol::azure::testing {
namespace {

// Two nodes, namespaces x (pods a, b on node-1, c on node-2) and y (pod d on node-2).
ClusterBuilder two_nodes() {
  ClusterBuilder b;
  b.node("node-2", "10.240.0.5");
  b.pod("x", "a", {{"pod", "a"}}, "10.244.0.10", "node-1");
  b.pod("x", "b", {{"pod", "b"}}, "10.244.0.11", "node-1");
  b.pod("x", "c", {{"pod", "c"}}, "10.244.1.10", "node-2");
  b.pod("y", "d", {{"pod", "d"}}, "10.244.1.11", "node-2");
  return b;
}

// translatePolicy.go ingressPolicy: no ingress rules -> only the drop ACL; chain-management_linux.go:
// DROP on mark 0x400 at the end of AZURE-NPM-INGRESS.
TEST(AzureLinux, DenyAllIngressDropsEveryForwardedSource_translatePolicy_ingressPolicy) {
  auto b = two_nodes();
  b.policy("x", "deny-a", match({{"pod", "a"}})).ingress_type = true;
  Compiled c(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_FALSE(c.allowed("x/b", "x/a"));
  EXPECT_FALSE(c.allowed("y/d", "x/a"));
  EXPECT_TRUE(c.allowed("x/a", "x/b"));
  EXPECT_TRUE(c.allowed("x/b", "x/c"));
  EXPECT_TRUE(c.allowed("x/a", "x/a"));  // loopback
  EXPECT_FALSE(c.allowed(external(c, {}), "x/a"));
}

// L1: NPM hooks FORWARD only (chain-management_linux.go jumpFromForwardToAzureChainArgs; no
// INPUT/OUTPUT rules in npm/util/const.go): pod -> its own node goes through INPUT.
TEST(AzureLinux, L1_PodToOwnNodeNeverFiltered_chainManagementLinux) {
  auto b = two_nodes();
  auto& p = b.policy("x", "deny-egress-a", match({{"pod", "a"}}));
  p.ingress_type = false;
  p.egress_type = true;
  Compiled c(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_TRUE(c.allowed("x/a", "node:node-1"));   // INPUT on node-1: never seen
  EXPECT_FALSE(c.allowed("x/a", "node:node-2"));  // FORWARD on node-1
  EXPECT_FALSE(c.allowed("x/a", "x/b"));
  EXPECT_FALSE(c.allowed("x/a", external(c, {})));
  EXPECT_TRUE(c.allowed("x/b", "x/a"));
}

// Host -> local pod leaves through OUTPUT (never evaluated); a remote node's packet is forwarded
// by the pod's node and only an ipBlock can match its address (L7).
TEST(AzureLinux, HostToLocalPodViaOutputRemoteNodeFiltered_chainManagementLinux) {
  auto b = two_nodes();
  b.policy("x", "deny-a", match({{"pod", "a"}})).ingress_type = true;
  Compiled c(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_TRUE(c.allowed("node:node-1", "x/a"));
  EXPECT_FALSE(c.allowed("node:node-2", "x/a"));
  const auto x = c.explain("node:node-1", "x/a");
  ASSERT_FALSE(x.steps.empty());
  EXPECT_NE(x.steps.back().detail.find("OUTPUT"), std::string::npos);
}

// L7: ipBlock sets are hash:net over raw addresses (translatePolicy.go ipBlockIPSet), so they
// match pod and node addresses alike.
TEST(AzureLinux, L7_IpBlockMatchesPodsAndNodes_translatePolicy_ipBlockIPSet) {
  auto b = two_nodes();
  auto& p = b.policy("x", "egress-cidr", match({{"pod", "a"}}));
  p.egress_type = true;
  p.egress = {rule({block("10.240.0.0/16")}), rule({block("10.244.1.10/32")})};
  Compiled c(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_TRUE(c.allowed("x/a", "node:node-2"));
  EXPECT_TRUE(c.allowed("x/a", "x/c"));   // the /32 of a pod
  EXPECT_FALSE(c.allowed("x/a", "y/d"));
  EXPECT_FALSE(c.allowed("x/a", "x/b"));
}

// ipset hash:net "nomatch" entries carve the except blocks out (translatePolicy.go exceptCidr),
// and 0.0.0.0/0 is split into two /1 halves, an except equal to a half replacing it.
TEST(AzureLinux, ExceptIsNomatchAndAllAddressesIsSplit_translatePolicy_ipBlockIPSet) {
  auto b = two_nodes();
  auto& p = b.policy("x", "egress-world", match({{"pod", "a"}}));
  p.egress_type = true;
  p.egress = {rule({block("0.0.0.0/0", {"10.244.1.0/24", "128.0.0.0/1"})})};
  Compiled c(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_TRUE(c.allowed("x/a", "x/b"));    // 10.244.0.11
  EXPECT_FALSE(c.allowed("x/a", "x/c"));   // 10.244.1.10: except
  EXPECT_FALSE(c.allowed("x/a", external(c, {"0.0.0.0/1"}, "128.0.0.0/1")));
  EXPECT_TRUE(c.allowed("x/a", external(c, {"10.0.0.0/8", "128.0.0.0/1"}, "0.0.0.0/1")));
}

// hostNetwork pods are skipped by the pod controller (podController.go needSync /
// isHostNetworkPod): never selected by spec.podSelector, never in a peer's sets.
TEST(AzureLinux, HostNetworkPodsNeverSelected_podController_isHostNetworkPod) {
  auto b = two_nodes();
  b.host_pod("x", "h", "node-2");
  auto& p = b.policy("x", "allow-from-x", match({}));
  p.ingress_type = true;
  p.ingress = {rule({pods(match({}))})};
  Compiled c(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_TRUE(c.allowed("y/d", "x/h"));    // not selected: not isolated (INPUT anyway)
  EXPECT_FALSE(c.allowed("x/h", "x/a"));   // from node-2's address: not in the ns-x set
  EXPECT_TRUE(c.allowed("x/b", "x/a"));
  EXPECT_FALSE(c.allowed("y/d", "x/a"));
}

// Named ports: one hash:ip,port set per port name with "podIP,PROTO:port" of every pod
// (podController.go manageNamedPortIpsets), matched dst,dst (translatePolicy.go namedPortRule):
// resolved per destination pod, for ingress and egress, never matching non-pod destinations.
TEST(AzureLinux, NamedPortsResolvedPerDestinationPod_podController_manageNamedPortIpsets) {
  ClusterBuilder b;
  b.pod("x", "a", {{"pod", "a"}}, "10.244.0.10", "node-1");
  b.pod("x", "b", {{"pod", "b"}}, "10.244.0.11", "node-1", {ContainerPort{"web", 8080, Protocol::TCP, false}});
  b.pod("x", "c", {{"pod", "c"}}, "10.244.0.12", "node-1", {ContainerPort{"web", 9090, Protocol::TCP, false}});
  auto& in = b.policy("x", "web-in", match({}, {req("pod", SelectorOperator::In, {"b", "c"})}));
  in.ingress_type = true;
  in.ingress = {rule({}, {named("web")})};
  auto& out = b.policy("x", "web-out", match({{"pod", "a"}}));
  out.ingress_type = false;
  out.egress_type = true;
  out.egress = {rule({}, {named("web")})};
  Compiled c(b.build(), Variant::Linux, {probe("TCP/8080"), probe("TCP/9090")});
  EXPECT_TRUE(c.allowed("x/a", "x/b", "TCP/8080"));
  EXPECT_FALSE(c.allowed("x/a", "x/b", "TCP/9090"));
  EXPECT_TRUE(c.allowed("x/a", "x/c", "TCP/9090"));
  EXPECT_FALSE(c.allowed("x/a", "x/c", "TCP/8080"));
  EXPECT_FALSE(c.allowed("x/a", external(c, {}), "TCP/8080"));
}

// L3 (azure-legacy): a namespaceSelector of negatives only becomes bare "! --match-set" matches
// (parseSelector.go parseNSSelector), true for any address outside the set: internet and nodes.
// Fixed by PR #4868, which adds the all-namespaces list to such selectors.
TEST(AzureLinux, L3_NegativeOnlyNamespaceSelectorMatchesAnyIp_parseNSSelector_PR4868) {
  auto b = two_nodes();
  b.ns("z");
  b.pod("z", "e", {{"pod", "e"}}, "10.244.1.12", "node-2");
  auto& p = b.policy("x", "egress-not-y", match({{"pod", "a"}}));
  p.ingress_type = false;
  p.egress_type = true;
  p.egress = {rule({namespaces(match({}, {req("kubernetes.io/metadata.name", SelectorOperator::NotIn, {"y"})}))})};
  Compiled legacy(b.build(), Variant::LinuxLegacy, {probe("TCP/80")});
  Compiled fixed(b.build(), Variant::Linux, {probe("TCP/80")});
  for (const Compiled* c : {&legacy, &fixed}) {
    EXPECT_TRUE(c->allowed("x/a", "z/e"));
    EXPECT_FALSE(c->allowed("x/a", "y/d"));
  }
  EXPECT_TRUE(legacy.allowed("x/a", external(legacy, {})));
  EXPECT_TRUE(legacy.allowed("x/a", "node:node-2"));
  EXPECT_FALSE(fixed.allowed("x/a", external(fixed, {})));
  EXPECT_FALSE(fixed.allowed("x/a", "node:node-2"));
}

// L4 (azure-legacy): flattenNameSpaceSelector splits NotIn [y, z] into two OR'ed rules, each
// admitting the other value's namespace. Fixed by PR #4866 (one conjunction).
TEST(AzureLinux, L4_MultiValueNotInIsOred_flattenNameSpaceSelector_PR4866) {
  auto b = two_nodes();
  b.ns("z");
  b.ns("w");
  b.pod("z", "e", {{"pod", "e"}}, "10.244.1.12", "node-2");
  b.pod("w", "f", {{"pod", "f"}}, "10.244.1.13", "node-2");
  auto& p = b.policy("x", "ingress-not-y-z", match({{"pod", "a"}}));
  p.ingress_type = true;
  p.ingress = {rule({namespaces(match({}, {req("kubernetes.io/metadata.name", SelectorOperator::NotIn, {"y", "z"})}))})};
  Compiled legacy(b.build(), Variant::LinuxLegacy, {probe("TCP/80")});
  Compiled fixed(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_TRUE(legacy.allowed("y/d", "x/a"));
  EXPECT_TRUE(legacy.allowed("z/e", "x/a"));
  EXPECT_FALSE(fixed.allowed("y/d", "x/a"));
  EXPECT_FALSE(fixed.allowed("z/e", "x/a"));
  for (const Compiled* c : {&legacy, &fixed}) {
    EXPECT_TRUE(c->allowed("w/f", "x/a"));
    EXPECT_TRUE(c->allowed("x/b", "x/a"));
  }
}

// L5: untranslatable policies are skipped whole (networkPolicyController.go syncAddAndUpdateNetPol
// returns NoOp on a translation error): an IPv6 ipBlock (translatePolicy.go ipBlockRule,
// ErrUnsupportedIPAddress) drops the policy's deny too -- the pod fails open -- with a note.
TEST(AzureLinux, L5_Ipv6IpBlockSkipsWholePolicy_ipBlockRule_networkPolicyController) {
  auto b = two_nodes();
  auto& p = b.policy("x", "v6-only", match({{"pod", "a"}}));
  p.ingress_type = true;
  p.ingress = {rule({block("fd00::/64")})};
  for (Variant v : {Variant::Linux, Variant::LinuxLegacy}) {
    Compiled c(b.build(), v, {probe("TCP/80")});
    EXPECT_TRUE(c.allowed("x/b", "x/a"));
    EXPECT_TRUE(has_note(c, "x/v6-only"));
    EXPECT_TRUE(has_note(c, "ErrUnsupportedIPAddress"));
  }
}

// L5: util.IsIPV4 rejects "/0" unless written 0.0.0.0/0, so "10.0.0.0/0" fails the policy under
// azure-legacy; PR #4867 canonicalises it to 0.0.0.0/0 first.
TEST(AzureLinux, L5_NonCanonicalAllAddressCidr_IsIPV4_PR4867) {
  auto b = two_nodes();
  auto& p = b.policy("x", "world-but-odd", match({{"pod", "a"}}));
  p.ingress_type = true;
  p.ingress = {rule({block("10.0.0.0/0")}, {port(443)})};
  Compiled legacy(b.build(), Variant::LinuxLegacy, {probe("TCP/80"), probe("TCP/443")});
  Compiled fixed(b.build(), Variant::Linux, {probe("TCP/80"), probe("TCP/443")});
  EXPECT_TRUE(has_note(legacy, "ErrUnsupportedIPAddress"));
  EXPECT_FALSE(has_note(fixed, "ErrUnsupportedIPAddress"));
  EXPECT_TRUE(legacy.allowed("x/b", "x/a", "TCP/80"));   // skipped: fails open
  EXPECT_FALSE(fixed.allowed("x/b", "x/a", "TCP/80"));
  EXPECT_TRUE(fixed.allowed("x/b", "x/a", "TCP/443"));
}

// L5: a matchExpression value that is not a label value (the API server does not check them)
// fails translation (parseSelector.go isValidLabelValue, ErrInvalidMatchExpressionValues).
TEST(AzureLinux, L5_InvalidMatchExpressionValueSkipsPolicy_isValidLabelValue) {
  auto b = two_nodes();
  auto& p = b.policy("x", "odd-values", match({{"pod", "a"}}));
  p.ingress_type = true;
  p.ingress = {rule({pods(match({}, {req("pod", SelectorOperator::In, {"b", "not valid!"})}))})};
  for (Variant v : {Variant::Linux, Variant::LinuxLegacy}) {
    Compiled c(b.build(), v, {probe("TCP/80")});
    EXPECT_TRUE(has_note(c, "ErrInvalidMatchExpressionValues"));
    EXPECT_TRUE(c.allowed("x/c", "x/a"));
  }
}

// L6: only an IPv4 status.podIP is tracked (podController.go syncAddedPod); IPv6 traffic meets
// no NPM rule at all.
TEST(AzureLinux, L6_Ipv6PodsNeverFiltered_podController_syncAddedPod) {
  ClusterBuilder b;
  b.pod("x", "a", {{"pod", "a"}}, "fd00::10", "node-1");
  b.pod("x", "b", {{"pod", "b"}}, "fd00::11", "node-1");
  b.pod("x", "v4", {{"pod", "v4"}}, "10.244.0.10", "node-1");
  b.pod("x", "dual6", {{"pod", "dual6"}}, "fd00::12,10.244.0.12", "node-1");
  b.policy("x", "deny-all", match({})).ingress_type = true;
  Compiled c(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_TRUE(c.allowed("x/b", "x/a"));       // IPv6 flow
  EXPECT_TRUE(c.allowed("x/v4", "x/dual6"));  // IPv4 flow to an untracked (v6-first) pod
  EXPECT_FALSE(c.allowed("x/dual6", "x/v4"));
}

// Ports: --dport lo:hi (endPort), protocol defaults to TCP, ports without peers allow any peer
// on them (translatePolicy.go checkOnlyPortRuleExists, numericPortRule); SCTP is a plain
// protocol on Linux.
TEST(AzureLinux, PortsRangesAndProtocols_numericPortRule_checkOnlyPortRuleExists) {
  auto b = two_nodes();
  auto& p = b.policy("x", "ports", match({{"pod", "a"}}));
  p.ingress_type = true;
  p.ingress = {rule({}, {port_range(8000, 8080), port(53, Protocol::UDP), port(9000, Protocol::SCTP)})};
  Compiled c(b.build(), Variant::Linux, {probe("TCP/7999"), probe("TCP/8000"), probe("TCP/8080"), probe("UDP/53"), probe("TCP/53"), probe("SCTP/9000")});
  EXPECT_FALSE(c.allowed("x/b", "x/a", "TCP/7999"));
  EXPECT_TRUE(c.allowed("x/b", "x/a", "TCP/8000"));
  EXPECT_TRUE(c.allowed("y/d", "x/a", "TCP/8080"));
  EXPECT_TRUE(c.allowed(external(c, {}), "x/a", "UDP/53"));
  EXPECT_FALSE(c.allowed("x/b", "x/a", "TCP/53"));
  EXPECT_TRUE(c.allowed("x/b", "x/a", "SCTP/9000"));
}

// Ingress and egress both decide (AZURE-NPM-INGRESS then AZURE-NPM-EGRESS, creatorForBootup):
// an ingress allow marks 0x200 and still meets the source's egress chains.
TEST(AzureLinux, IngressAllowStillNeedsEgressAllow_creatorForBootup) {
  auto b = two_nodes();
  auto& in = b.policy("x", "a-in", match({{"pod", "a"}}));
  in.ingress_type = true;
  in.ingress = {rule({pods(match({{"pod", "b"}}))})};
  auto& out = b.policy("x", "b-out", match({{"pod", "b"}}));
  out.ingress_type = false;
  out.egress_type = true;
  out.egress = {rule({pods(match({{"pod", "c"}}))})};
  Compiled c(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_FALSE(c.allowed("x/b", "x/a"));
  EXPECT_TRUE(c.allowed("x/b", "x/c"));
  EXPECT_FALSE(c.allowed("x/c", "x/a"));
  auto x = c.explain("x/b", "x/a");
  bool saw_mark = false, saw_drop = false;
  for (const auto& s : x.steps) {
    saw_mark |= s.outcome == "mark 0x200";
    saw_drop |= s.outcome == "DROP" && s.stage == "AZURE-NPM-EGRESS";
  }
  EXPECT_TRUE(saw_mark);
  EXPECT_TRUE(saw_drop);
}

}  // namespace
}  // namespace netpol::azure::testing

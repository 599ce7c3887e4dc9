// The explain text of the Azure engines, byte for byte: the iptables rules with NPM's comments,
// the policy and ACL each decision came from (Linux), the HNS ACL settings and their origin
// (Windows), and the rule an unsupported feature was found in. The text is produced from the
// translated policies only when explain() asks for it, so these tests pin every wording.
// Sources: Azure/azure-container-networking npm/, snapshot cbd7560.
#include <gtest/gtest.h>

#include <variant>

#include "models/azure/translation.h"
#include "tests/azure/cluster_builder.h"

namespace netpol::azure::testing {
namespace {

// One line per step; the citations' common prefix is dropped to keep the expectations short.
std::string steps_text(const Explanation& x) {
  const std::string prefix = "Azure/azure-container-networking npm/pkg/";
  std::string out;
  for (const auto& s : x.steps) {
    std::string citation = s.citation;
    if (citation.rfind(prefix, 0) == 0) citation.erase(0, prefix.size());
    out += s.stage + " | " + s.subject + " | " + s.detail + " | " + s.outcome + " | " + citation + "\n";
  }
  return out;
}

// Pods x/a (named port web = TCP/9090), x/b, x/c on node-1 and y/d on node-2.
ClusterBuilder linux_pods() {
  ClusterBuilder b;
  b.node("node-2", "10.240.0.5");
  b.pod("x", "a", {{"pod", "a"}}, "10.244.0.10", "node-1", {ContainerPort{"web", 9090, Protocol::TCP, false}});
  b.pod("x", "b", {{"pod", "b"}}, "10.244.0.11", "node-1");
  b.pod("x", "c", {{"pod", "c"}}, "10.244.0.12", "node-1");
  b.pod("y", "d", {{"pod", "d"}}, "10.244.1.11", "node-2");
  return b;
}

// x/in-a: ingress to a from b or from d in y, on a port range, a named port or UDP/53, and
// from the nodes' CIDR on any port. x/out-b: egress of b to namespaces other than y on TCP/80.
Compiled linux_policies() {
  auto b = linux_pods();
  auto& in = b.policy("x", "in-a", match({{"pod", "a"}}));
  in.ingress_type = true;
  in.ingress = {rule({pods(match({{"pod", "b"}})), pods_in(match({{"kubernetes.io/metadata.name", "y"}}), match({{"pod", "d"}}))},
                     {port_range(8000, 8080), named("web"), port(53, Protocol::UDP)}),
                rule({block("10.240.0.0/16")})};
  auto& out = b.policy("x", "out-b", match({{"pod", "b"}}));
  out.egress_type = true;
  out.egress = {rule({namespaces(match({}, {req("kubernetes.io/metadata.name", SelectorOperator::NotIn, {"y"})}))}, {port(80)})};
  return Compiled(b.build(), Variant::Linux, {probe("TCP/80"), probe("TCP/8000"), probe("TCP/9090"), probe("UDP/53")});
}

// policy_linux.go ACLPolicy.comment (ALLOW-FROM-<sets>-AND-<sets>-ON-<proto>-TO-PORT-<lo>:<hi>),
// policymanager_linux.go ingressJumpSpecs ("INGRESS-POLICY-<key>" jumps on the pod selector
// sets, dst) and chain-management_linux.go creatorForBootup (MARK 0x200 in
// AZURE-NPM-INGRESS-ALLOW-MARK): an allow ACL with peers, a protocol and a port range; the
// source's own egress policy then drops the packet (0x800 and the base chain's DROP).
TEST(AzureExplainText, LinuxAllowWithPeersAndPortRange_ACLPolicy_comment) {
  const Compiled c = linux_policies();
  EXPECT_EQ(steps_text(c.explain("x/b", "x/a", "TCP/8000")),
            "route |  | x/b -> x/a is forwarded by node-1; every node holds the same chains and sets, so one walk decides | FORWARD -> AZURE-NPM | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-INGRESS | x/in-a | -j AZURE-NPM-INGRESS-x/in-a /* INGRESS-POLICY-x/in-a */; podlabel-pod:a (hash:ip) dst matches; ns-x (hash:ip) dst matches | jump AZURE-NPM-INGRESS-x/in-a | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-x/in-a | x/in-a | -p TCP --dport 8000:8080 -j AZURE-NPM-INGRESS-ALLOW-MARK /* ALLOW-FROM-pod:b-AND-x-ON-TCP-TO-PORT-8000:8080 */; podlabel-pod:b (hash:ip) src matches; ns-x (hash:ip) src matches; from ingress rule 0 peer 0 port 0 | jump AZURE-NPM-INGRESS-ALLOW-MARK | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-ALLOW-MARK |  | -j MARK --set-mark 0x200/0x200 /* SET-INGRESS-ALLOW-MARK-0x200/0x200 */ | mark 0x200 | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-EGRESS | x/out-b | -j AZURE-NPM-EGRESS-x/out-b /* EGRESS-POLICY-x/out-b */; podlabel-pod:b (hash:ip) src matches; ns-x (hash:ip) src matches | jump AZURE-NPM-EGRESS-x/out-b | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-EGRESS-x/out-b | x/out-b | -j MARK --set-mark 0x800/0x800 /* DROP-ALL */; from egress default drop | mark 0x800 | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-EGRESS |  | -m mark --mark 0x800/0x800 -j DROP /* DROP-ON-EGRESS-DROP-MARK-0x800/0x800 */ | DROP | dataplane/policies/chain-management_linux.go\n");
}

// translatePolicy.go namedPortRule: the named port set is matched dst,dst and printed last in the
// comment; a peer of pods in a namespace is the AND of the namespace and pod sets.
TEST(AzureExplainText, LinuxAllowWithNamedPortAndNamespacedPeer_namedPortRule) {
  const Compiled c = linux_policies();
  EXPECT_EQ(steps_text(c.explain("y/d", "x/a", "TCP/9090")),
            "route |  | y/d -> x/a is forwarded by node-1 and node-2; every node holds the same chains and sets, so one walk decides | FORWARD -> AZURE-NPM | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-INGRESS | x/in-a | -j AZURE-NPM-INGRESS-x/in-a /* INGRESS-POLICY-x/in-a */; podlabel-pod:a (hash:ip) dst matches; ns-x (hash:ip) dst matches | jump AZURE-NPM-INGRESS-x/in-a | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-x/in-a | x/in-a | -p TCP -j AZURE-NPM-INGRESS-ALLOW-MARK /* ALLOW-FROM-kubernetes.io/metadata.name:y-AND-pod:d-ON-TCP-TO-namedport:web */; nslabel-kubernetes.io/metadata.name:y (list:set) src matches; podlabel-pod:d (hash:ip) src matches; namedport-web (hash:ip,port) dst,dst matches; from ingress rule 0 peer 1 port 1 | jump AZURE-NPM-INGRESS-ALLOW-MARK | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-ALLOW-MARK |  | -j MARK --set-mark 0x200/0x200 /* SET-INGRESS-ALLOW-MARK-0x200/0x200 */ | mark 0x200 | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-ACCEPT |  | -j ACCEPT | ACCEPT | dataplane/policies/chain-management_linux.go\n");
  EXPECT_EQ(steps_text(c.explain("y/d", "x/a", "UDP/53")),
            "route |  | y/d -> x/a is forwarded by node-1 and node-2; every node holds the same chains and sets, so one walk decides | FORWARD -> AZURE-NPM | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-INGRESS | x/in-a | -j AZURE-NPM-INGRESS-x/in-a /* INGRESS-POLICY-x/in-a */; podlabel-pod:a (hash:ip) dst matches; ns-x (hash:ip) dst matches | jump AZURE-NPM-INGRESS-x/in-a | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-x/in-a | x/in-a | -p UDP --dport 53 -j AZURE-NPM-INGRESS-ALLOW-MARK /* ALLOW-FROM-kubernetes.io/metadata.name:y-AND-pod:d-ON-UDP-TO-PORT-53 */; nslabel-kubernetes.io/metadata.name:y (list:set) src matches; podlabel-pod:d (hash:ip) src matches; from ingress rule 0 peer 1 port 2 | jump AZURE-NPM-INGRESS-ALLOW-MARK | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-ALLOW-MARK |  | -j MARK --set-mark 0x200/0x200 /* SET-INGRESS-ALLOW-MARK-0x200/0x200 */ | mark 0x200 | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-ACCEPT |  | -j ACCEPT | ACCEPT | dataplane/policies/chain-management_linux.go\n");
}

// translatePolicy.go ipBlockRule: a peer without ports is one ACL whose origin names no port.
TEST(AzureExplainText, LinuxAllowFromIpBlockWithoutPorts_ipBlockRule) {
  const Compiled c = linux_policies();
  EXPECT_EQ(steps_text(c.explain("node:node-2", "x/a", "TCP/80")),
            "route |  | node:node-2 -> x/a is forwarded by node-1; every node holds the same chains and sets, so one walk decides | FORWARD -> AZURE-NPM | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-INGRESS | x/in-a | -j AZURE-NPM-INGRESS-x/in-a /* INGRESS-POLICY-x/in-a */; podlabel-pod:a (hash:ip) dst matches; ns-x (hash:ip) dst matches | jump AZURE-NPM-INGRESS-x/in-a | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-x/in-a | x/in-a | -j AZURE-NPM-INGRESS-ALLOW-MARK /* ALLOW-FROM-in-a:in-ns:x-1-0IN */; cidr-in-a:in-ns:x-1-0IN (hash:net) src matches; from ingress rule 1 peer 0 | jump AZURE-NPM-INGRESS-ALLOW-MARK | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-ALLOW-MARK |  | -j MARK --set-mark 0x200/0x200 /* SET-INGRESS-ALLOW-MARK-0x200/0x200 */ | mark 0x200 | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-ACCEPT |  | -j ACCEPT | ACCEPT | dataplane/policies/chain-management_linux.go\n");
}

// translatePolicy.go ingressPolicy / egressPolicy: the default drop ACL marks 0x400 / 0x800
// (policy_linux.go comment "DROP-ALL"), and chain-management_linux.go creatorForBootup drops on
// the mark at the end of AZURE-NPM-INGRESS / AZURE-NPM-EGRESS with its fixed comments.
TEST(AzureExplainText, LinuxDefaultDropsAndBaseChainComments_ingressPolicy_creatorForBootup) {
  const Compiled c = linux_policies();
  EXPECT_EQ(steps_text(c.explain("y/d", "x/a", "TCP/80")),
            "route |  | y/d -> x/a is forwarded by node-1 and node-2; every node holds the same chains and sets, so one walk decides | FORWARD -> AZURE-NPM | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-INGRESS | x/in-a | -j AZURE-NPM-INGRESS-x/in-a /* INGRESS-POLICY-x/in-a */; podlabel-pod:a (hash:ip) dst matches; ns-x (hash:ip) dst matches | jump AZURE-NPM-INGRESS-x/in-a | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-x/in-a | x/in-a | -j MARK --set-mark 0x400/0x400 /* DROP-ALL */; from ingress default drop | mark 0x400 | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS |  | -m mark --mark 0x400/0x400 -j DROP /* DROP-ON-INGRESS-DROP-MARK-0x400/0x400 */ | DROP | dataplane/policies/chain-management_linux.go\n");
  EXPECT_EQ(steps_text(c.explain("x/b", "y/d", "TCP/80")),
            "route |  | x/b -> y/d is forwarded by node-1 and node-2; every node holds the same chains and sets, so one walk decides | FORWARD -> AZURE-NPM | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-EGRESS | x/out-b | -j AZURE-NPM-EGRESS-x/out-b /* EGRESS-POLICY-x/out-b */; podlabel-pod:b (hash:ip) src matches; ns-x (hash:ip) src matches | jump AZURE-NPM-EGRESS-x/out-b | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-EGRESS-x/out-b | x/out-b | -j MARK --set-mark 0x800/0x800 /* DROP-ALL */; from egress default drop | mark 0x800 | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-EGRESS |  | -m mark --mark 0x800/0x800 -j DROP /* DROP-ON-EGRESS-DROP-MARK-0x800/0x800 */ | DROP | dataplane/policies/chain-management_linux.go\n");
}

// policymanager_linux.go egressJumpSpecs ("EGRESS-POLICY-<key>" on src) and a negated namespace
// set ("!" in the comment, policy_linux.go); an egress allow jumps straight to AZURE-NPM-ACCEPT.
TEST(AzureExplainText, LinuxEgressAllowWithNegatedSet_egressJumpSpecs) {
  const Compiled c = linux_policies();
  EXPECT_EQ(steps_text(c.explain("x/b", "x/c", "TCP/80")),
            "route |  | x/b -> x/c is forwarded by node-1; every node holds the same chains and sets, so one walk decides | FORWARD -> AZURE-NPM | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-EGRESS | x/out-b | -j AZURE-NPM-EGRESS-x/out-b /* EGRESS-POLICY-x/out-b */; podlabel-pod:b (hash:ip) src matches; ns-x (hash:ip) src matches | jump AZURE-NPM-EGRESS-x/out-b | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-EGRESS-x/out-b | x/out-b | -p TCP --dport 80 -j AZURE-NPM-ACCEPT /* ALLOW-TO-!kubernetes.io/metadata.name:y-AND-all-namespaces-ON-TCP-TO-PORT-80 */; ! nslabel-kubernetes.io/metadata.name:y (list:set) dst matches; nslabel-all-namespaces (list:set) dst matches; from egress rule 0 peer 0 port 0 | jump AZURE-NPM-ACCEPT | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-ACCEPT |  | -j ACCEPT | ACCEPT | dataplane/policies/chain-management_linux.go\n");
}

// translatePolicy.go isAllowAllToIngress / isAllowAllToEgress: an empty rule is one allow ACL
// for every peer and port ("ALLOW-ALL"), and no drop ACL follows it.
TEST(AzureExplainText, LinuxAllowAllRules_isAllowAllToIngress) {
  auto b = linux_pods();
  auto& all = b.policy("y", "all", match({}));
  all.ingress_type = true;
  all.egress_type = true;
  all.ingress = {rule({pods(match({{"pod", "none"}}))}), rule({})};
  all.egress = {rule({})};
  const Compiled c(b.build(), Variant::Linux, {probe("TCP/80")});
  EXPECT_EQ(steps_text(c.explain("x/c", "y/d", "TCP/80")),
            "route |  | x/c -> y/d is forwarded by node-1 and node-2; every node holds the same chains and sets, so one walk decides | FORWARD -> AZURE-NPM | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-INGRESS | y/all | -j AZURE-NPM-INGRESS-y/all /* INGRESS-POLICY-y/all */; ns-y (hash:ip) dst matches | jump AZURE-NPM-INGRESS-y/all | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-y/all | y/all | -j AZURE-NPM-INGRESS-ALLOW-MARK /* ALLOW-ALL */; from ingress rule 1 (allow all) | jump AZURE-NPM-INGRESS-ALLOW-MARK | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-INGRESS-ALLOW-MARK |  | -j MARK --set-mark 0x200/0x200 /* SET-INGRESS-ALLOW-MARK-0x200/0x200 */ | mark 0x200 | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-ACCEPT |  | -j ACCEPT | ACCEPT | dataplane/policies/chain-management_linux.go\n");
  EXPECT_EQ(steps_text(c.explain("y/d", "x/c", "TCP/80")),
            "route |  | y/d -> x/c is forwarded by node-1 and node-2; every node holds the same chains and sets, so one walk decides | FORWARD -> AZURE-NPM | dataplane/policies/chain-management_linux.go\n"
            "AZURE-NPM-EGRESS | y/all | -j AZURE-NPM-EGRESS-y/all /* EGRESS-POLICY-y/all */; ns-y (hash:ip) src matches | jump AZURE-NPM-EGRESS-y/all | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-EGRESS-y/all | y/all | -j AZURE-NPM-ACCEPT /* ALLOW-ALL */; from egress rule 0 (allow all) | jump AZURE-NPM-ACCEPT | dataplane/policies/policymanager_linux.go\n"
            "AZURE-NPM-ACCEPT |  | -j ACCEPT | ACCEPT | dataplane/policies/chain-management_linux.go\n");
}

// policy_windows.go convertToAclSettings / getPortStrFromPorts: the decisive ACL's settings
// followed by "; from <origin>", for a peer with ports, ports without peers, a peer without
// ports, an allow-all egress rule and the default drop (block).
TEST(AzureExplainText, WindowsAclSettingsAndOrigin_convertToAclSettings) {
  auto b = four_pods_on_two_nodes();
  auto& in = b.policy("x", "in-a", match({{"pod", "a"}}));
  in.ingress_type = true;
  in.ingress = {rule({pods(match({{"pod", "b"}}))}, {port_range(8000, 8002), port(53, Protocol::UDP)}), rule({}, {port(443)}),
                rule({namespaces(match({{"kubernetes.io/metadata.name", "z"}}))})};
  auto& out = b.policy("x", "out-b", match({{"pod", "b"}}));
  out.egress_type = true;
  out.egress = {rule({})};
  const Compiled c(b.build(), Variant::Windows, {probe("TCP/80"), probe("TCP/443"), probe("TCP/8001"), probe("UDP/53")});
  EXPECT_EQ(steps_text(c.explain("x/b", "x/a", "TCP/8001")),
            "HNS endpoint Out | x/out-b | Id=azure-acl-x-out-b Action=Allow Direction=Out Priority=222 Protocols= LocalAddresses= RemoteAddresses= RemotePorts=; from egress rule 0 (allow all) | allow | dataplane/policies/policy_windows.go\n"
            "HNS endpoint In | x/in-a | Id=azure-acl-x-in-a Action=Allow Direction=In Priority=222 Protocols=6 LocalAddresses=pod:b,x RemoteAddresses= LocalPorts=8000,8001,8002; from ingress rule 0 peer 0 port 0 | allow | dataplane/policies/policy_windows.go\n");
  EXPECT_EQ(steps_text(c.explain("y/d", "x/a", "TCP/443")),
            "HNS endpoint Out |  | no ACL of an applied policy matches: endpoint default | allow | dataplane/policies/policy_windows.go\n"
            "HNS endpoint In | x/in-a | Id=azure-acl-x-in-a Action=Allow Direction=In Priority=222 Protocols=6 LocalAddresses= RemoteAddresses= LocalPorts=443; from ingress rule 1 port 0 | allow | dataplane/policies/policy_windows.go\n");
  EXPECT_EQ(steps_text(c.explain("z/e", "x/a", "UDP/53")),
            "HNS endpoint Out |  | no ACL of an applied policy matches: endpoint default | allow | dataplane/policies/policy_windows.go\n"
            "HNS endpoint In | x/in-a | Id=azure-acl-x-in-a Action=Allow Direction=In Priority=222 Protocols= LocalAddresses=kubernetes.io/metadata.name:z RemoteAddresses= LocalPorts=; from ingress rule 2 peer 0 | allow | dataplane/policies/policy_windows.go\n");
  EXPECT_EQ(steps_text(c.explain("y/d", "x/a", "TCP/80")),
            "HNS endpoint Out |  | no ACL of an applied policy matches: endpoint default | allow | dataplane/policies/policy_windows.go\n"
            "HNS endpoint In | x/in-a | Id=azure-acl-x-in-a Action=Block Direction=In Priority=3000 Protocols= LocalAddresses= RemoteAddresses= LocalPorts=; from ingress default drop | block | dataplane/policies/policy_windows.go\n");
}

// policy_windows.go convertToAclSettings: a negated set in the source list fails the policy; the
// skipped policy's explain step names the set and the ACL's origin.
TEST(AzureExplainText, WindowsNegatedSourceSetNamesTheOrigin_convertToAclSettings) {
  auto b = four_pods_on_two_nodes();
  auto& in = b.policy("x", "not-y", match({{"pod", "b"}}));
  in.ingress_type = true;
  in.ingress = {rule({pods(match({{"pod", "a"}}))}, {port(80)}),
                rule({namespaces(match({}, {req("kubernetes.io/metadata.name", SelectorOperator::NotIn, {"y"})}))}, {port(80)})};
  const Compiled c(b.build(), Variant::Windows, {probe("TCP/80")});
  EXPECT_EQ(steps_text(c.explain("z/e", "x/b", "TCP/80")),
            "skipped policy | x/not-y | ErrNegativeMatchsNotSupported: negated set kubernetes.io/metadata.name:y in the source list of ingress rule 1 peer 0 port 0 cannot be written as an HNS ACL | not applied | dataplane/policies/policy_windows.go convertToAclSettings\n"
            "HNS endpoint Out |  | no ACL of an applied policy matches: endpoint default | allow | dataplane/policies/policy_windows.go\n"
            "HNS endpoint In |  | no ACL of an applied policy matches: endpoint default | allow | dataplane/policies/policy_windows.go\n");
}

// translatePolicy.go TranslatePolicy: on Windows an SCTP ACL fails the policy with
// ErrUnsupportedSCTP; the error's field names the first SCTP ACL by its origin.
TEST(AzureExplainText, WindowsSctpErrorNamesTheAclOrigin_TranslatePolicy) {
  TranslationOptions windows;
  windows.windows = true;
  auto field_of = [&](const NetworkPolicy& p) {
    const auto r = translate_policy(p, windows);
    return std::holds_alternative<TranslationError>(r) ? std::get<TranslationError>(r).field : std::string("none");
  };
  ClusterBuilder b;
  auto& p = b.policy("x", "pol", match({{"app", "web"}}));
  p.ingress_type = true;
  p.ingress = {rule({}, {port(80), port(81, Protocol::SCTP)})};
  EXPECT_EQ(field_of(p), "ingress rule 0 port 1");
  p.ingress = {rule({}, {port(80)}), rule({pods(match({})), pods(match({{"app", "db"}}))}, {port(80), port(82, Protocol::SCTP)})};
  EXPECT_EQ(field_of(p), "ingress rule 1 peer 0 port 1");
  p.ingress = {};
  p.egress_type = true;
  p.egress = {rule({block("10.0.0.0/8")}, {port(9, Protocol::SCTP)})};
  EXPECT_EQ(field_of(p), "egress rule 0 peer 0 port 0");
}

}  // namespace
}  // namespace netpol::azure::testing

// Unit tests of the calico engine's evaluation, one per modelled behaviour, each citing the
// projectcalico/calico source it follows. Inputs are C++ structs; verdicts come from matrix()
// and are cross-checked against explain() by Evaluated::allowed().
#include <gtest/gtest.h>

#include "tests/calico/calico_test_support.h"

namespace netpol::calico::testing {
namespace {

// x/a (app=a) and x/b (app=b) on node-1, y/a (app=a) and y/b (app=b) on node-2.
ClusterBuilder base() {
  ClusterBuilder b;
  b.ns("x", {{"team", "x"}}).ns("y", {{"team", "y"}});
  b.pod("x", "a", "10.244.1.1", {{"app", "a"}}, "node-1");
  b.pod("x", "b", "10.244.1.2", {{"app", "b"}}, "node-1");
  b.pod("y", "a", "10.244.2.1", {{"app", "a"}}, "node-2");
  b.pod("y", "b", "10.244.2.2", {{"app", "b"}}, "node-2");
  return b;
}

NetworkPolicy k8s_deny_all_ingress(const std::string& ns) {
  NetworkPolicy p;
  p.namespace_name = ns;
  p.name = "deny-all";
  return p;
}

NetworkPolicy k8s_allow_all_ingress(const std::string& ns, const std::string& name) {
  NetworkPolicy p;
  p.namespace_name = ns;
  p.name = name;
  p.ingress.push_back(NetworkPolicyRule{});
  return p;
}

CalicoRule from_selector(CalicoAction action, const std::string& selector) {
  CalicoRule r = rule(action);
  r.source.selector = selector;
  return r;
}

// felix/rules/endpoints.go: an endpoint no policy selects falls to its profiles; kns.<ns>
// (conversion.go NamespaceToProfile) allows everything both ways.
TEST(CalicoEvaluation, UnselectedPodsAreOpenThroughTheNamespaceProfile) {
  auto e = evaluate(base().build(), {"TCP/80"});
  EXPECT_TRUE(e->allowed("x/a", "y/b", "TCP/80"));
  auto steps = e->explain("x/b", "x/a", "TCP/80").steps;
  bool profile = false;
  for (const auto& s : steps) profile |= s.subject == "profile kns.x";
  EXPECT_TRUE(profile);
}

// conversion.go K8sNetworkPolicyToCalico + endpoints.go end-of-tier drop: a converted
// deny-all isolates ingress; egress of the same pod stays open.
TEST(CalicoEvaluation, ConvertedDenyAllIsolatesIngress) {
  auto e = evaluate(base().policy(k8s_deny_all_ingress("x")).build(), {"TCP/80"});
  EXPECT_FALSE(e->allowed("x/b", "x/a", "TCP/80"));
  EXPECT_FALSE(e->allowed("y/b", "x/a", "TCP/80"));
  EXPECT_TRUE(e->allowed("x/a", "y/b", "TCP/80"));
  EXPECT_TRUE(e->allowed("y/a", "y/b", "TCP/80"));
}

// felix/calc/policy_sorter.go PolKVLess: order decides, not "deny wins". A Calico Deny at
// order 100 beats the converted Kubernetes allow (order 1000); at order 2000 it comes too late;
// with no order (+Inf) also after.
TEST(CalicoEvaluation, OrderDecidesBetweenCalicoAndKubernetesPolicies) {
  for (auto [order, expect_allowed] : {std::pair{std::optional<double>(100), false},
                                       std::pair{std::optional<double>(2000), true},
                                       std::pair{std::optional<double>(), true}}) {
    CalicoPolicy deny = np("x", "deny-b", order, "app == 'a'");
    deny.ingress.push_back(from_selector(CalicoAction::Deny, "app == 'b'"));
    auto e = evaluate(base().policy(k8s_allow_all_ingress("x", "allow-all")).calico(deny).build(), {"TCP/80"});
    EXPECT_EQ(e->allowed("x/b", "x/a", "TCP/80"), expect_allowed) << (order ? *order : -1);
  }
}

// A policy whose selector does not parse is skipped with a note (felix never programs it).
// The set keeps every policy's rules in one list: the skipped policy's rules must leave it, and
// each remaining policy must see exactly its own rules, in order (a stale span would show
// another policy's rule, or the skipped one's).
TEST(CalicoEvaluation, SkippedPolicyLeavesTheOthersTheirOwnRules) {
  CalicoPolicy before = np("x", "before", 1, "app == 'a'");
  before.ingress.push_back(from_selector(CalicoAction::Deny, "app == 'b'"));
  CalicoPolicy broken = np("x", "broken", 2, "app == 'a'");
  broken.ingress.push_back(allow_rule());
  broken.ingress.push_back(from_selector(CalicoAction::Allow, "app =="));  // does not parse
  CalicoPolicy after = np("x", "after", 3, "app == 'a'");
  after.ingress.push_back(allow_rule());
  after.egress.push_back(deny_rule());
  after.egress_type = true;
  auto e = evaluate(base().calico(before).calico(broken).calico(after).build(), {"TCP/80"});
  bool noted = false;
  for (const Diagnostic& d : e->notes) noted = noted || d.message.find("policy x/broken skipped") != std::string::npos;
  EXPECT_TRUE(noted);
  const auto& policies = e->eval->policy_set().policies();
  ASSERT_EQ(policies.size(), 2u);
  for (const CompiledPolicy& c : policies) {
    ASSERT_EQ(c.ingress.size(), c.spec->ingress.size()) << c.display_name();
    ASSERT_EQ(c.egress.size(), c.spec->egress.size()) << c.display_name();
    for (std::size_t i = 0; i < c.ingress.size(); ++i) EXPECT_EQ(&c.ingress[i].rule(), &c.spec->ingress[i]);
    for (std::size_t i = 0; i < c.egress.size(); ++i) EXPECT_EQ(&c.egress[i].rule(), &c.spec->egress[i]);
  }
  EXPECT_FALSE(e->allowed("x/b", "x/a", "TCP/80"));  // before's deny
  EXPECT_TRUE(e->allowed("y/b", "x/a", "TCP/80"));   // after's allow (broken's allow is gone)
  EXPECT_FALSE(e->allowed("x/a", "y/b", "TCP/80"));  // after's egress deny
}

// felix/rules/endpoints.go: Pass ends the tier; with no later tier the profiles decide, so a
// Pass before the Kubernetes policies skips them (the kns profile then allows).
TEST(CalicoEvaluation, PassSkipsTheRestOfTheTier) {
  CalicoPolicy pass = np("x", "pass-b", 10, "all()");
  pass.ingress.push_back(from_selector(CalicoAction::Pass, "app == 'b'"));
  auto e = evaluate(base().policy(k8s_deny_all_ingress("x")).calico(pass).build(), {"TCP/80"});
  EXPECT_TRUE(e->allowed("x/b", "x/a", "TCP/80"));   // passed: deny-all skipped, profile allows
  EXPECT_FALSE(e->allowed("y/a", "x/a", "TCP/80"));  // not passed: deny-all's end of tier
}

// api/pkg/apis/projectcalico/v3/tier.go defaultAction and endpoints.go "End of tier": a tier
// whose policies match nothing drops (Deny) or hands over to the next tier (Pass).
TEST(CalicoEvaluation, TierDefaultActionDenyOrPass) {
  for (auto [action, expect_allowed] : {std::pair{CalicoAction::Deny, false}, std::pair{CalicoAction::Pass, true}}) {
    ClusterBuilder b = base();
    CalicoTier t;
    t.name = "security";
    t.order = 100;
    t.default_action = action;
    b.cluster.calico.tiers.push_back(t);
    CalicoPolicy p = gnp("security.only-y", 1, "app == 'a'");
    p.tier = "security";
    p.ingress.push_back(from_selector(CalicoAction::Allow, "projectcalico.org/namespace == 'y'"));
    b.calico(p);
    auto e = evaluate(b.build(), {"TCP/80"});
    EXPECT_TRUE(e->allowed("y/b", "x/a", "TCP/80"));
    EXPECT_EQ(e->allowed("x/b", "x/a", "TCP/80"), expect_allowed);
  }
}

// felix/calc/policy_sorter.go TierLess: tiers by order, the lower first. A Deny in a tier of
// order 100 wins over an Allow in the default tier (order 1,000,000).
TEST(CalicoEvaluation, TiersRunInOrder) {
  ClusterBuilder b = base();
  CalicoTier t;
  t.name = "security";
  t.order = 100;
  b.cluster.calico.tiers.push_back(t);
  CalicoPolicy deny = gnp("security.deny-b", std::nullopt, "app == 'a'");
  deny.tier = "security";
  deny.ingress.push_back(from_selector(CalicoAction::Deny, "app == 'b'"));
  deny.ingress.push_back(from_selector(CalicoAction::Pass, ""));
  b.calico(deny).policy(k8s_allow_all_ingress("x", "allow-all"));
  auto e = evaluate(b.build(), {"TCP/80"});
  EXPECT_FALSE(e->allowed("x/b", "x/a", "TCP/80"));
  EXPECT_FALSE(e->allowed("y/b", "x/a", "TCP/80"));
  EXPECT_TRUE(e->allowed("y/a", "x/a", "TCP/80"));  // passed to default tier: allow-all
}

// felix/rules/endpoints.go / rule_defs.go: Log does not decide; evaluation continues, and a
// tier that only logs ends in its default Deny.
TEST(CalicoEvaluation, LogContinues) {
  CalicoPolicy log = np("x", "log", 1, "app == 'a'");
  log.ingress.push_back(rule(CalicoAction::Log));
  auto e = evaluate(base().calico(log).build(), {"TCP/80"});
  EXPECT_FALSE(e->allowed("x/b", "x/a", "TCP/80"));
  CalicoPolicy log_allow = log;
  log_allow.ingress.push_back(allow_rule());
  auto e2 = evaluate(base().calico(log_allow).build(), {"TCP/80"});
  EXPECT_TRUE(e2->allowed("x/b", "x/a", "TCP/80"));
}

// libcalico-go/lib/backend/model/policy.go KindIsStaged; felix/rules/endpoints.go skips staged
// policies and renders no end-of-tier drop for a tier holding only staged ones.
TEST(CalicoEvaluation, StagedPoliciesAreNeverEnforced) {
  CalicoPolicy staged = np("x", "staged-deny", 1, "all()");
  staged.kind = CalicoPolicyKind::StagedNetworkPolicy;
  staged.ingress.push_back(deny_rule());
  auto e = evaluate(base().calico(staged).build(), {"TCP/80"});
  EXPECT_TRUE(e->allowed("x/b", "x/a", "TCP/80"));
}

// rules.go getEndpointSelector + rule_scanner.go combineMatchesIfPossible: a lone notSelector
// in a namespaced policy is scoped to the policy's namespace, so it only matches that
// namespace's endpoints failing it.
TEST(CalicoEvaluation, NotSelectorIsNamespaceScoped) {
  CalicoPolicy p = np("x", "not-b", 1, "app == 'a'");
  CalicoRule r = allow_rule();
  r.source.not_selector = "app == 'b'";
  p.ingress.push_back(r);
  auto e = evaluate(base().calico(p).build(), {"TCP/80"});
  EXPECT_FALSE(e->allowed("x/b", "x/a", "TCP/80"));
  EXPECT_FALSE(e->allowed("y/a", "x/a", "TCP/80"));  // other namespace: outside the scope
  CalicoPolicy g = gnp("not-b", 1, "app == 'a' && projectcalico.org/namespace == 'x'");
  g.ingress.push_back(r);
  auto e2 = evaluate(base().calico(g).build(), {"TCP/80"});
  EXPECT_TRUE(e2->allowed("y/a", "x/a", "TCP/80"));  // global: unscoped negation
  EXPECT_FALSE(e2->allowed("y/b", "x/a", "TCP/80"));
}

// rules.go parseServiceAccounts: serviceAccounts.names -> projectcalico.org/serviceaccount in
// {...}; workload_endpoint_default.go puts that label on every workload endpoint.
TEST(CalicoEvaluation, ServiceAccountMatch) {
  ClusterBuilder b = base();
  b.cluster.pods[1].service_account = "frontend";  // x/b
  CalicoPolicy p = np("x", "from-frontend", 1, "app == 'a'");
  CalicoRule r = allow_rule();
  r.source.service_accounts = CalicoServiceAccountMatch{{"frontend"}, std::nullopt};
  p.ingress.push_back(r);
  b.calico(p);
  auto e = evaluate(b.build(), {"TCP/80"});
  EXPECT_TRUE(e->allowed("x/b", "x/a", "TCP/80"));
  EXPECT_FALSE(e->allowed("y/b", "x/a", "TCP/80"));
}

// workload_endpoint_default.go appendEndpointPorts (containers and initContainers) +
// rule_scanner.go named ports: a port name resolves on the destination endpoints.
TEST(CalicoEvaluation, NamedPortsResolveOnTheDestinationIncludingInitContainers) {
  ClusterBuilder b = base();
  b.cluster.pods[0].ports.push_back(ContainerPort{"http", 8080, Protocol::TCP, false});
  b.cluster.pods[0].ports.push_back(ContainerPort{"setup", 9000, Protocol::TCP, true});
  NetworkPolicy p;
  p.namespace_name = "x";
  p.name = "named";
  NetworkPolicyRule r;
  for (const char* name : {"http", "setup"}) {
    NetworkPolicyPort port;
    port.name = name;
    r.ports.push_back(port);
  }
  p.ingress.push_back(r);
  b.policy(p);
  auto e = evaluate(b.build(), {"TCP/80", "TCP/8080", "TCP/9000", "UDP/8080"});
  EXPECT_TRUE(e->allowed("y/b", "x/a", "TCP/8080"));
  EXPECT_TRUE(e->allowed("y/b", "x/a", "TCP/9000"));
  EXPECT_FALSE(e->allowed("y/b", "x/a", "TCP/80"));
  EXPECT_FALSE(e->allowed("y/b", "x/a", "UDP/8080"));
  EXPECT_FALSE(e->allowed("y/b", "x/b", "TCP/8080"));  // x/b: selected, no such port
}

// felix/calc/rule_scanner.go: probes are TCP/UDP/SCTP; an ICMP rule never matches them, a
// notProtocol ICMP rule matches them all.
TEST(CalicoEvaluation, IcmpRulesNeverMatchProbes) {
  CalicoPolicy p = np("x", "icmp", 1, "app == 'a'");
  CalicoRule icmp = deny_rule();
  icmp.protocol = CalicoProtocol{"ICMP", 1};
  p.ingress.push_back(icmp);
  p.ingress.push_back(allow_rule());
  auto e = evaluate(base().calico(p).build(), {"TCP/80"});
  EXPECT_TRUE(e->allowed("x/b", "x/a", "TCP/80"));
  CalicoPolicy q = np("x", "not-icmp", 1, "app == 'a'");
  CalicoRule not_icmp = deny_rule();
  not_icmp.not_protocol = CalicoProtocol{"ICMP", 1};
  q.ingress.push_back(not_icmp);
  q.ingress.push_back(allow_rule());
  auto e2 = evaluate(base().calico(q).build(), {"TCP/80"});
  EXPECT_FALSE(e2->allowed("x/b", "x/a", "TCP/80"));
}

// rule_scanner.go / felix rules: ipVersion limits a rule to one family.
TEST(CalicoEvaluation, IpVersionFiltersRules) {
  CalicoPolicy p = np("x", "v6-only", 1, "app == 'a'");
  CalicoRule r = allow_rule();
  r.ip_version = 6;
  p.ingress.push_back(r);
  auto e = evaluate(base().calico(p).build(), {"TCP/80"});
  EXPECT_FALSE(e->allowed("x/b", "x/a", "TCP/80"));
}

// Selector IP sets (felix/labelindex): a GlobalNetworkSet's nets join the selector's set, so an
// external address inside them matches a label selector.
TEST(CalicoEvaluation, GlobalNetworkSetJoinsSelectorMatches) {
  ClusterBuilder b = base();
  CalicoNetworkSet set;
  set.name = "bad-actors";
  set.labels = {{"role", "bad"}};
  set.nets = {cidr("203.0.113.0/24")};
  b.cluster.calico.network_sets.push_back(set);
  CalicoPolicy p = gnp("deny-bad", 1, "app == 'a'");
  p.ingress_type = false;
  p.egress_type = true;
  CalicoRule deny = deny_rule();
  deny.destination.selector = "role == 'bad'";
  p.egress = {deny, allow_rule()};
  b.calico(p);
  auto e = evaluate(b.build(), {"TCP/80"});
  EXPECT_FALSE(e->allowed("x/a", "ip:203.0.113.0", "TCP/80"));
  EXPECT_TRUE(e->allowed("x/a", "ip:0.0.0.0", "TCP/80"));
}

// conversion.go k8sPeerToCalicoFields: ipBlock becomes nets, which match any address, pods
// included (calico#6634).
TEST(CalicoEvaluation, IpBlockMatchesPodAddresses) {
  NetworkPolicy p;
  p.namespace_name = "x";
  p.name = "from-y-range";
  NetworkPolicyRule r;
  NetworkPolicyPeer peer;
  peer.ip_block = IpBlock{cidr("10.244.2.0/24"), {}};
  r.peers.push_back(peer);
  p.ingress.push_back(r);
  auto e = evaluate(base().policy(p).build(), {"TCP/80"});
  EXPECT_TRUE(e->allowed("y/a", "x/a", "TCP/80"));
  EXPECT_FALSE(e->allowed("x/b", "x/a", "TCP/80"));
}

// felix/rules/static.go filterOutputChain: host -> local workload is never policed; a remote
// host is, by the workload's ingress policy.
TEST(CalicoEvaluation, HostToLocalPodAlwaysAllowed) {
  auto e = evaluate(base().policy(k8s_deny_all_ingress("x")).build(), {"TCP/80"});
  EXPECT_TRUE(e->allowed("node:node-1", "x/a", "TCP/80"));
  EXPECT_FALSE(e->allowed("node:node-2", "x/a", "TCP/80"));
}

// felix/rules/static.go filterWorkloadToHostChain; manifests/calico.yaml ACCEPT as shipped,
// FelixConfiguration defaultEndpointToHostAction Drop overrides; the pod's egress policy
// applies first.
TEST(CalicoEvaluation, PodToOwnHostFollowsDefaultEndpointToHostAction) {
  auto shipped = evaluate(base().build(), {"TCP/80"});
  EXPECT_TRUE(shipped->allowed("x/a", "node:node-1", "TCP/80"));
  ClusterBuilder b = base();
  CalicoFelixConfiguration f;
  f.default_endpoint_to_host_action = "Drop";
  b.cluster.calico.felix = f;
  auto drop = evaluate(b.build(), {"TCP/80"});
  EXPECT_FALSE(drop->allowed("x/a", "node:node-1", "TCP/80"));
  EXPECT_TRUE(drop->allowed("x/a", "node:node-2", "TCP/80"));  // another node: not "own host"
  NetworkPolicy deny_egress;
  deny_egress.namespace_name = "x";
  deny_egress.name = "deny-egress";
  deny_egress.ingress_type = false;
  deny_egress.egress_type = true;
  auto egress = evaluate(base().policy(deny_egress).build(), {"TCP/80"});
  EXPECT_FALSE(egress->allowed("x/a", "node:node-1", "TCP/80"));
}

// A FelixConfiguration "node.NODE" applies to that node's Felix only, over "default"
// (libcalico-go FelixConfiguration per-node resources; calico_felix_for_node): Drop on node-1
// leaves node-2 with the shipped ACCEPT.
TEST(CalicoEvaluation, NodeFelixConfigurationAppliesToItsNodeOnly) {
  ClusterBuilder b = base();
  CalicoFelixConfiguration f;
  f.node_name = "node-1";
  f.default_endpoint_to_host_action = "Drop";
  b.cluster.calico.felix_nodes.push_back(f);
  auto e = evaluate(b.build(), {"TCP/80"});
  EXPECT_FALSE(e->allowed("x/a", "node:node-1", "TCP/80"));
  EXPECT_TRUE(e->allowed("y/a", "node:node-2", "TCP/80"));
}

// Host endpoints: docs reference/host-endpoints; felix/rules/endpoints.go (normal chain ends in
// "drop if no profiles matched"); failsafe ports first (config_params.go, static.go).
ClusterBuilder with_host_endpoint() {
  ClusterBuilder b = base();
  CalicoHostEndpoint h;
  h.name = "node-1-eth0";
  h.node = "node-1";
  h.interface_name = "eth0";
  h.expected_ips = {ip("10.240.0.1")};
  h.labels = {{"host", "node-1"}};
  b.cluster.calico.host_endpoints.push_back(h);
  return b;
}

TEST(CalicoEvaluation, HostEndpointWithoutPolicyOrProfileDeniesExceptFailsafe) {
  auto e = evaluate(with_host_endpoint().build(), {"TCP/80", "TCP/22", "UDP/53"});
  EXPECT_FALSE(e->allowed("y/a", "node:node-1", "TCP/80"));
  EXPECT_TRUE(e->allowed("y/a", "node:node-1", "TCP/22"));   // failsafe inbound tcp:22
  EXPECT_TRUE(e->allowed("node:node-1", "y/a", "UDP/53"));   // failsafe outbound udp:53
  EXPECT_FALSE(e->allowed("node:node-1", "y/a", "TCP/80"));
  EXPECT_TRUE(e->allowed("node:node-2", "y/a", "TCP/80"));   // node-2 has no host endpoint
}

TEST(CalicoEvaluation, FailsafePortsComeFromFelixConfiguration) {
  ClusterBuilder b = with_host_endpoint();
  CalicoFelixConfiguration f;
  f.failsafe_inbound_host_ports = std::vector<CalicoProtoPort>{CalicoProtoPort{"tcp", 80, std::nullopt}};
  b.cluster.calico.felix = f;
  auto e = evaluate(b.build(), {"TCP/80", "TCP/22"});
  EXPECT_TRUE(e->allowed("y/a", "node:node-1", "TCP/80"));
  EXPECT_FALSE(e->allowed("y/a", "node:node-1", "TCP/22"));
}

// HEP stages (felix/rules/endpoints.go chain types; static.go acceptAlreadyAccepted):
// untracked Allow skips the normal chain; preDNAT Deny drops before it; normal decides last.
TEST(CalicoEvaluation, HostEndpointStages) {
  CalicoPolicy normal_allow = gnp("normal-allow", 1, "host == 'node-1'");
  normal_allow.ingress.push_back(allow_rule());
  auto normal = evaluate(with_host_endpoint().calico(normal_allow).build(), {"TCP/80"});
  EXPECT_TRUE(normal->allowed("y/a", "node:node-1", "TCP/80"));

  CalicoPolicy normal_deny = gnp("normal-deny", 1, "host == 'node-1'");
  normal_deny.ingress.push_back(deny_rule());
  CalicoPolicy untracked = gnp("untracked-allow", 1, "host == 'node-1'");
  untracked.do_not_track = true;
  untracked.apply_on_forward = true;
  untracked.ingress.push_back(from_selector(CalicoAction::Allow, "app == 'a'"));
  auto u = evaluate(with_host_endpoint().calico(normal_deny).calico(untracked).build(), {"TCP/80"});
  EXPECT_TRUE(u->allowed("y/a", "node:node-1", "TCP/80"));
  EXPECT_FALSE(u->allowed("y/b", "node:node-1", "TCP/80"));

  CalicoPolicy prednat = gnp("prednat-deny", 1, "host == 'node-1'");
  prednat.pre_dnat = true;
  prednat.apply_on_forward = true;
  prednat.ingress.push_back(from_selector(CalicoAction::Deny, "app == 'a'"));
  auto p = evaluate(with_host_endpoint().calico(normal_allow).calico(prednat).build(), {"TCP/80"});
  EXPECT_FALSE(p->allowed("y/a", "node:node-1", "TCP/80"));
  EXPECT_TRUE(p->allowed("y/b", "node:node-1", "TCP/80"));
  // preDNAT also sees traffic forwarded to the node's pods.
  EXPECT_FALSE(p->allowed("y/a", "x/a", "TCP/80"));
  EXPECT_TRUE(p->allowed("x/b", "x/a", "TCP/80"));  // same node: never crosses the HEP
}

// applyOnForward (endpoints.go chainTypeForward): forwarded traffic through a host endpoint is
// policed only by applyOnForward policies; none -> allowed.
TEST(CalicoEvaluation, ApplyOnForwardPoliciesPoliceForwardedTraffic) {
  CalicoPolicy deny = gnp("no-egress-to-y", 1, "host == 'node-1'");
  deny.ingress_type = false;
  deny.egress_type = true;
  CalicoRule r = deny_rule();
  r.destination.nets = {cidr("10.244.2.0/24")};
  deny.egress = {r, allow_rule()};
  auto without = evaluate(with_host_endpoint().calico(deny).build(), {"TCP/80"});
  EXPECT_TRUE(without->allowed("x/a", "y/a", "TCP/80"));  // not applyOnForward: ignored for pods
  deny.apply_on_forward = true;
  auto with = evaluate(with_host_endpoint().calico(deny).build(), {"TCP/80"});
  EXPECT_FALSE(with->allowed("x/a", "y/a", "TCP/80"));
  EXPECT_TRUE(with->allowed("x/a", "x/b", "TCP/80"));
}

// Profiles on host endpoints (felix/rules/endpoints.go): the auto host endpoint's
// projectcalico-default-allow profile allows everything (kube-controllers hostendpoints.go).
TEST(CalicoEvaluation, AutoHostEndpointsAllowThroughDefaultProfile) {
  CalicoPolicy deny = gnp("deny-hosts", 1, "has(kubernetes.io/hostname)");
  deny.ingress.push_back(from_selector(CalicoAction::Deny, "app == 'a'"));
  auto e = evaluate(base().calico(deny).build(), {"TCP/80"}, "3.32", true);
  EXPECT_FALSE(e->allowed("y/a", "node:node-1", "TCP/80"));
  EXPECT_FALSE(e->allowed("y/b", "node:node-1", "TCP/80"));  // end of tier, not the profile
  auto open = evaluate(base().build(), {"TCP/80"}, "3.32", true);
  EXPECT_TRUE(open->allowed("y/a", "node:node-1", "TCP/80"));  // profile default-allow
}

// Host-network pods are host traffic (conversion.go IsValidCalicoWorkloadEndpoint): policies
// selecting pods do not apply to them.
TEST(CalicoEvaluation, HostNetworkPodsAreHostTraffic) {
  ClusterBuilder b = base();
  b.pod("x", "hostnet", "10.240.0.2", {{"app", "a"}}, "node-2");
  b.last_pod().host_network = true;
  b.policy(k8s_deny_all_ingress("x"));
  auto e = evaluate(b.build(), {"TCP/80"});
  EXPECT_TRUE(e->allowed("y/a", "x/hostnet", "TCP/80"));
  EXPECT_TRUE(e->allowed("x/hostnet", "y/a", "TCP/80"));  // host -> local pod
}

// Versions: felix/calc/policy_sorter.go PolKVLess at v3.31.0 (tie by backend name
// "<ns>/<name>", KNPs named knp.default.<name>) and v3.32.0 ("<name>/<namespace>/<kind>").
TEST(CalicoEvaluation, TieBreakOfEqualOrdersPerVersion) {
  CalicoPolicy deny = np("x", "b-deny", 1000, "app == 'a'");
  deny.ingress.push_back(deny_rule());
  Cluster c = base().policy(k8s_allow_all_ingress("x", "a-allow")).calico(deny).build();
  EXPECT_FALSE(evaluate(c, {"TCP/80"}, "3.31")->allowed("y/b", "x/a", "TCP/80"));  // x/b-deny < x/knp...
  EXPECT_TRUE(evaluate(c, {"TCP/80"}, "3.32")->allowed("y/b", "x/a", "TCP/80"));   // a-allow/... < b-deny/...
}

// Built-in tiers per version (libcalico-go/lib/clientv3/client.go at each tag): "kube-admin"
// (order 1000) exists from v3.32; before it a policy naming it has no Tier resource and sorts
// after every valid tier; v3.28 has one implicit tier.
TEST(CalicoEvaluation, BuiltinTiersPerVersion) {
  CalicoPolicy admin = gnp("kube-admin.deny", 1, "app == 'a'");
  admin.tier = "kube-admin";
  admin.ingress.push_back(deny_rule());
  Cluster c = base().policy(k8s_allow_all_ingress("x", "allow-all")).calico(admin).build();
  EXPECT_FALSE(evaluate(c, {"TCP/80"}, "3.32")->allowed("y/b", "x/a", "TCP/80"));
  EXPECT_TRUE(evaluate(c, {"TCP/80"}, "3.31")->allowed("y/b", "x/a", "TCP/80"));
  EXPECT_FALSE(evaluate(c, {"TCP/80"}, "3.28")->allowed("y/b", "x/a", "TCP/80"));  // one tier, order 1 first
}

// Every flow of these clusters: explain() gives the verdict matrix() gives, with steps.
TEST(CalicoEvaluation, ExplainAgreesWithMatrixOnEveryFlow) {
  std::vector<Cluster> clusters;
  clusters.push_back(base().policy(k8s_deny_all_ingress("x")).build());
  {
    CalicoPolicy pass = np("x", "pass-b", 10, "all()");
    pass.ingress.push_back(from_selector(CalicoAction::Pass, "app == 'b'"));
    clusters.push_back(base().policy(k8s_deny_all_ingress("x")).calico(pass).build());
  }
  {
    CalicoPolicy normal_deny = gnp("normal-deny", 1, "host == 'node-1'");
    normal_deny.ingress.push_back(deny_rule());
    CalicoPolicy prednat = gnp("prednat-deny", 1, "host == 'node-1'");
    prednat.pre_dnat = true;
    prednat.apply_on_forward = true;
    prednat.ingress.push_back(from_selector(CalicoAction::Deny, "app == 'a'"));
    clusters.push_back(with_host_endpoint().calico(normal_deny).calico(prednat).build());
  }
  std::size_t total = 0;
  for (const Cluster& c : clusters) {
    auto e = evaluate(c, {"TCP/80", "TCP/22", "UDP/53"});
    std::string mismatch;
    total += check_explain_agrees(*e, mismatch);
    EXPECT_EQ(mismatch, "");
  }
  EXPECT_GT(total, 100u);
}

}  // namespace
}  // namespace netpol::calico::testing

namespace netpol::calico::testing {
namespace {

// docs reference/resources/hostendpoint: a HEP naming the interface (here via expectedIPs)
// claims it; the "*" HEP governs only what no specific HEP claims.
TEST(CalicoEvaluationHosts, SpecificHostEndpointWinsOverWildcard) {
  ClusterBuilder b = with_host_endpoint();  // node-1-eth0: no policy, no profile -> deny
  CalicoHostEndpoint star;
  star.name = "node-1-all";
  star.node = "node-1";
  star.interface_name = "*";
  star.profiles = {"projectcalico-default-allow"};
  b.cluster.calico.host_endpoints.push_back(star);
  auto e = evaluate(b.build(), {"TCP/80"});
  EXPECT_FALSE(e->allowed("y/a", "node:node-1", "TCP/80"));
}

// networksetprocessor.go: a NetworkSet carries projectcalico.org/namespace and inherits the
// namespace profile's pcns. labels, so a rule's namespaceSelector reaches it.
TEST(CalicoEvaluationHosts, NamespacedNetworkSetIsReachedThroughNamespaceSelector) {
  ClusterBuilder b = base();
  CalicoNetworkSet set;
  set.namespace_name = "y";
  set.name = "partners";
  set.labels = {{"kind", "partner"}};
  set.nets = {cidr("192.0.2.0/24")};
  b.cluster.calico.network_sets.push_back(set);
  CalicoPolicy p = gnp("from-team-y-partners", 1, "app == 'a'");
  CalicoRule r = allow_rule();
  r.source.namespace_selector = "team == 'y'";
  r.source.selector = "kind == 'partner'";
  p.ingress.push_back(r);
  b.calico(p);
  auto e = evaluate(b.build(), {"TCP/80"});
  EXPECT_TRUE(e->allowed("ip:192.0.2.0", "x/a", "TCP/80"));
  EXPECT_FALSE(e->allowed("y/b", "x/a", "TCP/80"));
}

}  // namespace
}  // namespace netpol::calico::testing

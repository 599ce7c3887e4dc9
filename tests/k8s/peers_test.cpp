// Peers of a rule: podSelector, namespaceSelector, both (AND), several entries (OR), ipBlock with
// except, empty from/to. Sources: network-policies doc "Behavior of to and from selectors", the
// API reference (NetworkPolicyPeer, IPBlock), and the upstream e2e cases named per test.
#include <gtest/gtest.h>

#include "models/k8s/k8s_engine.h"
#include "models/k8s/label_selector.h"
#include "tests/k8s/cluster_builder.h"

namespace netpol::testing {
namespace {

Evaluated eval(const ClusterBuilder& b) { return Evaluated(*make_k8s_engine(), b.build(), {*Probe::parse("TCP/80")}); }

LabelSelector ns_named(const std::string& name) { return match({{"kubernetes.io/metadata.name", name}}); }

// e2e "should enforce policy to allow traffic from pods within server namespace based on
// PodSelector": podSelector alone selects pods of the policy's own namespace.
TEST(K8sPeers, PodSelectorAloneMeansPolicyNamespace) {
  auto b = e2e_model();
  b.add_policy("x", "x-a-allows-x-b", match({{"pod", "a"}})).ingress.push_back(rule({pods(match({{"pod", "b"}}))}));
  auto e = eval(b);
  Reachability r(e);
  r.expect_all_ingress("x/a", false);
  r.expect("x/b", "x/a", true);
  EXPECT_EQ(r.differences(), "");
}

// e2e "should enforce policy to allow traffic only from a different namespace, based on
// NamespaceSelector": namespaceSelector alone admits every pod of the matching namespaces.
TEST(K8sPeers, NamespaceSelectorAloneMeansAllPodsOfMatchingNamespaces) {
  auto b = e2e_model();
  b.add_policy("x", "allow-client-a-via-ns-selector", match({{"pod", "a"}}))
      .ingress.push_back(rule({namespaces(ns_named("y"))}));
  auto e = eval(b);
  Reachability r(e);
  r.expect_peer("x/", "x/a", false);
  r.expect_peer("z/", "x/a", false);
  EXPECT_EQ(r.differences(), "");
}

// e2e "should enforce policy based on PodSelector and NamespaceSelector": one entry with both is
// an AND.
TEST(K8sPeers, BothSelectorsInOneEntryAreAnded) {
  auto b = e2e_model();
  b.add_policy("x", "allow-ns-y-podselector-and-nsselector", match({{"pod", "a"}}))
      .ingress.push_back(rule({pods_in(match({{"pod", "b"}}), expression("kubernetes.io/metadata.name",
                                                                          SelectorOperator::NotIn, {"x"}))}));
  auto e = eval(b);
  Reachability r(e);
  r.expect_all_ingress("x/a", false);
  r.expect("y/b", "x/a", true);
  r.expect("z/b", "x/a", true);
  EXPECT_EQ(r.differences(), "");
}

// e2e "should enforce policy based on PodSelector or NamespaceSelector": two entries are an OR.
TEST(K8sPeers, SeparateEntriesAreOred) {
  auto b = e2e_model();
  b.add_policy("x", "allow-ns-y-match-selector", match({{"pod", "a"}}))
      .ingress.push_back(rule({namespaces(expression("kubernetes.io/metadata.name", SelectorOperator::NotIn, {"x"})),
                               pods(match({{"pod", "b"}}))}));
  auto e = eval(b);
  Reachability r(e);
  r.expect("x/c", "x/a", false);
  EXPECT_EQ(r.differences(), "");
}

// e2e "should enforce policy based on PodSelector with MatchExpressions" and "... NamespaceSelector
// with MatchExpressions".
TEST(K8sPeers, MatchExpressions) {
  auto b = e2e_model();
  b.add_policy("x", "x-a-allows-x-b", match({{"pod", "a"}}))
      .ingress.push_back(rule({pods(expression("pod", SelectorOperator::In, {"b"}))}));
  b.add_policy("x", "allow-ns-y-match-selector", match({{"pod", "c"}}))
      .ingress.push_back(rule({namespaces(expression("kubernetes.io/metadata.name", SelectorOperator::In, {"y"}))}));
  auto e = eval(b);
  Reachability r(e);
  r.expect_all_ingress("x/a", false);
  r.expect("x/b", "x/a", true);
  r.expect_peer("x/", "x/c", false);
  r.expect_peer("z/", "x/c", false);
  EXPECT_EQ(r.differences(), "");
}

// e2e "should enforce policy to allow ingress traffic from pods in all namespaces": an empty
// namespaceSelector matches every namespace.
TEST(K8sPeers, EmptyNamespaceSelectorMatchesAllNamespaces) {
  auto b = e2e_model();
  b.add_policy("x", "allow-from-another-ns", match({{"pod", "a"}})).ingress.push_back(rule({namespaces({})}));
  EXPECT_EQ(Reachability(eval(b)).differences(), "");
}

// API reference, NetworkPolicyIngressRule.from: "If this field is empty or missing, this rule
// matches all sources" -- external addresses and nodes included. e2e "should support allow-all
// policy".
TEST(K8sPeers, EmptyFromMatchesAllSources) {
  auto b = e2e_model();
  b.add_policy("x", "allow-all").ingress.push_back(rule());
  b.add_policy("x", "deny-ingress-unused", match({{"pod", "none"}}));
  b.add_policy("y", "ext", match({{"pod", "none"}})).ingress.push_back(rule({block("192.168.0.0/16")}));
  auto e = eval(b);
  EXPECT_EQ(Reachability(e).differences(), "");
  EXPECT_TRUE(e.allowed("ip:192.168.0.0", "x/a"));
  EXPECT_TRUE(e.allowed("ip:0.0.0.0", "x/a"));
}

// A rule with peers admits nothing else: an isolated pod refuses external addresses not listed.
// Doc example: ipBlock 172.17.0.0/16 except 172.17.1.0/24 ("all of 172.17.0.0/16 except
// 172.17.1.0/24").
TEST(K8sPeers, IpBlockWithExcept) {
  auto b = e2e_model();
  b.add_policy("x", "ext", match({{"pod", "a"}})).ingress.push_back(rule({block("172.17.0.0/16", {"172.17.1.0/24"})}));
  auto e = eval(b);
  // Externals: 0.0.0.0 (outside), 172.17.0.0 (inside), 172.17.1.0 (the except), 172.17.2.0 (inside, same class as .0.0).
  EXPECT_FALSE(e.allowed("ip:0.0.0.0", "x/a"));
  EXPECT_TRUE(e.allowed("ip:172.17.0.0", "x/a"));
  EXPECT_FALSE(e.allowed("ip:172.17.1.0", "x/a"));
  EXPECT_FALSE(e.allowed("y/a", "x/a"));
  EXPECT_TRUE(e.allowed("ip:0.0.0.0", "x/b"));
}

// e2e "should allow egress access to server in CIDR block": an ipBlock holding a pod's IP (/32)
// matches that pod.
TEST(K8sPeers, IpBlockMatchesPodAddress) {
  auto b = e2e_model();
  auto& p = b.add_policy("x", "allow-client-a-via-cidr-egress-rule", match({{"pod", "a"}}));
  p.ingress_type = false;
  p.egress_type = true;
  p.egress.push_back(rule({block("10.244.2.2/32")}));  // y/b
  auto e = eval(b);
  Reachability r(e);
  r.expect_all_egress("x/a", false);
  r.expect("x/a", "y/b", true);
  EXPECT_EQ(r.differences(), "");
}

// e2e "should enforce except clause while egress access to server in CIDR block" and "should
// ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed" (a second policy's
// /32 allows what the first one's except left out).
TEST(K8sPeers, IpBlockExceptAndOverlappingAllow) {
  auto b = e2e_model();
  auto& p = b.add_policy("x", "allow-client-a-via-cidr-egress-rule", match({{"pod", "a"}}));
  p.ingress_type = false;
  p.egress_type = true;
  p.egress.push_back(rule({block("0.0.0.0/4", {"10.244.1.2/32"})}));  // x/a's IP /4, except x/b
  {
    auto e = eval(b);
    Reachability r(e);
    r.expect("x/a", "x/b", false);
    EXPECT_EQ(r.differences(), "");
  }
  auto& allow = b.add_policy("x", "allow-client-a-to-b", match({{"pod", "a"}}));
  allow.ingress_type = false;
  allow.egress_type = true;
  allow.egress.push_back(rule({block("10.244.1.2/32")}));
  EXPECT_EQ(Reachability(eval(b)).differences(), "");
}

// apimachinery labels/selector.go Requirement.Matches: NotIn and DoesNotExist match pods without
// the key; In and Exists need it; matchLabels and matchExpressions are ANDed.
TEST(K8sLabelSelector, OperatorsFollowApimachinery) {
  using k8s::selector_matches;
  const Labels with{{"app", "web"}, {"tier", "front"}}, without{{"tier", "front"}};
  EXPECT_TRUE(selector_matches({}, with));
  EXPECT_TRUE(selector_matches(expression("app", SelectorOperator::In, {"db", "web"}), with));
  EXPECT_FALSE(selector_matches(expression("app", SelectorOperator::In, {"web"}), without));
  EXPECT_FALSE(selector_matches(expression("app", SelectorOperator::NotIn, {"web"}), with));
  EXPECT_TRUE(selector_matches(expression("app", SelectorOperator::NotIn, {"web"}), without));
  EXPECT_TRUE(selector_matches(expression("app", SelectorOperator::Exists), with));
  EXPECT_FALSE(selector_matches(expression("app", SelectorOperator::Exists), without));
  EXPECT_TRUE(selector_matches(expression("app", SelectorOperator::DoesNotExist), without));
  EXPECT_FALSE(selector_matches(expression("app", SelectorOperator::DoesNotExist), with));
  LabelSelector both = match({{"tier", "front"}});
  both.match_expressions.push_back({"app", SelectorOperator::In, {"db"}});
  EXPECT_FALSE(selector_matches(both, with));
  both.match_expressions[0].values.push_back("web");
  EXPECT_TRUE(selector_matches(both, with));
  EXPECT_FALSE(selector_matches(match({{"app", "web"}}), without));
}

TEST(K8sLabelSelector, KeyIsCanonical) {
  using k8s::selector_key;
  EXPECT_EQ(selector_key(expression("a", SelectorOperator::In, {"x", "y"})),
            selector_key(expression("a", SelectorOperator::In, {"y", "x"})));
  EXPECT_NE(selector_key(expression("a", SelectorOperator::In, {"x"})),
            selector_key(expression("a", SelectorOperator::NotIn, {"x"})));
  EXPECT_NE(selector_key(match({{"a", "b"}})), selector_key(match({{"a", "c"}})));
  EXPECT_NE(selector_key(match({{"ab", ""}})), selector_key(match({{"a", "b"}})));
}

}  // namespace
}  // namespace netpol::testing

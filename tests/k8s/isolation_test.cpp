// Isolation per direction, union of allows, ingress AND egress.
// Sources: kubernetes.io/docs/concepts/services-networking/network-policies ("Isolated and
// Non-isolated Pods", "The two sorts of pod isolation", "Default policies") and the upstream e2e
// cases of kubernetes/kubernetes test/e2e/network/netpol/network_policy.go named per test.
#include <gtest/gtest.h>

#include "models/k8s/k8s_engine.h"
#include "tests/k8s/cluster_builder.h"

namespace netpol::testing {
namespace {

const std::vector<Probe> kTcp80 = {*Probe::parse("TCP/80"), *Probe::parse("TCP/81"), *Probe::parse("UDP/80")};

Evaluated eval(const ClusterBuilder& b) { return Evaluated(*make_k8s_engine(), b.build(), kTcp80); }

// Doc "Isolated and Non-isolated Pods": by default pods are non-isolated.
TEST(K8sIsolation, NoPolicyAllowsEveryFlow) {
  auto e = eval(e2e_model());
  const auto& m = e.matrix();
  EXPECT_EQ(m.count_allowed(), m.endpoints() * m.endpoints() * m.probes());
}

// e2e "should support a 'default-deny-ingress' policy".
TEST(K8sIsolation, DefaultDenyIngress) {
  auto b = e2e_model();
  b.add_policy("x", "deny-ingress");
  auto e = eval(b);
  Reachability r(e);
  r.expect_peer("", "x/", false);
  EXPECT_EQ(r.differences(), "");
  // Egress from x is untouched: "This policy does not change the default egress isolation".
  EXPECT_TRUE(e.allowed("x/a", "y/b"));
}

// e2e "should support a 'default-deny-all' policy".
TEST(K8sIsolation, DefaultDenyAll) {
  auto b = e2e_model();
  auto& p = b.add_policy("x", "deny-all");
  p.egress_type = true;
  auto e = eval(b);
  Reachability r(e);
  r.expect_peer("", "x/", false);
  r.expect_peer("x/", "", false);
  EXPECT_EQ(r.differences(), "");
}

// Doc "The two sorts of pod isolation": isolation for egress comes from policyTypes, not from the
// presence of rules; a policy with policyTypes [Egress] and no rules denies all egress.
TEST(K8sIsolation, EgressOnlyPolicyIsolatesEgressOnly) {
  auto b = e2e_model();
  auto& p = b.add_policy("x", "deny-egress", match({{"pod", "a"}}));
  p.ingress_type = false;
  p.egress_type = true;
  auto e = eval(b);
  Reachability r(e);
  r.expect_all_egress("x/a", false);
  EXPECT_EQ(r.differences(), "");
  EXPECT_TRUE(e.allowed("y/a", "x/a"));  // ingress to x/a untouched
}

// e2e "should enforce multiple ingress policies with ingress allow-all policy taking precedence":
// policies are additive; the union of their rules applies.
TEST(K8sIsolation, PoliciesAreAdditive) {
  auto b = e2e_model();
  b.add_policy("x", "allow-ingress-port-80").ingress.push_back(rule({}, {port(80)}));
  {
    auto e = eval(b);
    Reachability r(e);
    r.expect_peer("", "x/", false);
    EXPECT_EQ(r.differences("TCP/81"), "");
    EXPECT_EQ(Reachability(e).differences("TCP/80"), "");
  }
  b.add_policy("x", "allow-ingress").ingress.push_back(rule());
  auto e = eval(b);
  EXPECT_EQ(Reachability(e).differences("TCP/81"), "");
}

// e2e "should enforce multiple egress policies with egress allow-all policy taking precedence".
TEST(K8sIsolation, EgressPoliciesAreAdditive) {
  auto b = e2e_model();
  auto& p = b.add_policy("x", "allow-egress-port-80");
  p.ingress_type = false;
  p.egress_type = true;
  p.egress.push_back(rule({}, {port(80)}));
  auto e = eval(b);
  Reachability r(e);
  r.expect_peer("x/", "", false);
  EXPECT_EQ(r.differences("TCP/81"), "");
  EXPECT_EQ(Reachability(e).differences("TCP/80"), "");
}

// Doc "The two sorts of pod isolation": "for a connection from a source pod to a destination pod
// to be allowed, both the egress policy on the source pod and the ingress policy on the
// destination pod need to allow the connection". e2e "should support denying of egress traffic
// on the client side (even if the server explicitly allows this traffic)": x/a may egress to y/a
// only, so y/b's ingress allowing x/a does not help.
TEST(K8sIsolation, ConnectionNeedsEgressAndIngress) {
  auto b = e2e_model();
  auto& egress = b.add_policy("x", "allow-to-ns-y-pod-a", match({{"pod", "a"}}));
  egress.ingress_type = false;
  egress.egress_type = true;
  egress.egress.push_back(rule({pods_in(match({{"pod", "a"}}), match({{"kubernetes.io/metadata.name", "y"}}))}));
  b.add_policy("y", "allow-from-xa-on-ya", match({{"pod", "a"}}))
      .ingress.push_back(rule({pods_in(match({{"pod", "a"}}), match({{"kubernetes.io/metadata.name", "x"}}))}));
  b.add_policy("y", "allow-from-xa-on-yb", match({{"pod", "b"}}))
      .ingress.push_back(rule({pods_in(match({{"pod", "a"}}), match({{"kubernetes.io/metadata.name", "x"}}))}));
  auto e = eval(b);
  Reachability r(e);
  r.expect_peer("x/a", "", false);
  r.expect_peer("", "y/a", false);
  r.expect_peer("x/a", "y/a", true);
  r.expect_peer("", "y/b", false);
  EXPECT_EQ(r.differences(), "");
}

// e2e "should enforce policies to check ingress and egress policies can be controlled
// independently based on PodSelector".
TEST(K8sIsolation, IngressAndEgressAreIndependent) {
  auto b = e2e_model();
  auto& allow_egress = b.add_policy("x", "allow-egress-for-target", match({{"pod", "a"}}));
  allow_egress.ingress_type = false;
  allow_egress.egress_type = true;
  allow_egress.egress.push_back(rule());
  EXPECT_EQ(Reachability(eval(b)).differences(), "");
  b.add_policy("x", "deny-ingress-for-target", match({{"pod", "a"}}));
  auto e = eval(b);
  Reachability r(e);
  r.expect_all_ingress("x/a", false);
  EXPECT_EQ(r.differences(), "");
}

// e2e "should enforce policy to allow ingress traffic for a target": deny-all plus an allow-all
// for x/a only.
TEST(K8sIsolation, AllowForOneTargetUnderDenyAll) {
  auto b = e2e_model();
  b.add_policy("x", "deny-all");
  b.add_policy("x", "allow-all-to-a", match({{"pod", "a"}})).ingress.push_back(rule({pods_in({}, {})}));
  auto e = eval(b);
  Reachability r(e);
  r.expect_all_ingress("x/b", false);
  r.expect_all_ingress("x/c", false);
  EXPECT_EQ(r.differences(), "");
}

// e2e "should enforce egress policy allowing traffic to a server in a different namespace based
// on PodSelector and NamespaceSelector".
TEST(K8sIsolation, EgressToOnePodOfAnotherNamespace) {
  auto b = e2e_model();
  auto& p = b.add_policy("x", "allow-to-ns-y-pod-a", match({{"pod", "a"}}));
  p.ingress_type = false;
  p.egress_type = true;
  p.egress.push_back(rule({pods_in(match({{"pod", "a"}}), match({{"kubernetes.io/metadata.name", "y"}}))}));
  auto e = eval(b);
  Reachability r(e);
  r.expect_all_egress("x/a", false);
  r.expect("x/a", "y/a", true);
  EXPECT_EQ(r.differences(), "");
}

}  // namespace
}  // namespace netpol::testing

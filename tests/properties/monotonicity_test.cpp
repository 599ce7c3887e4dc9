// Law: once a pod is isolated in a direction, adding a policy only adds allowed flows in that
// direction.
//
// Source: kubernetes.io/docs/concepts/services-networking/network-policies/ ("The two sorts of
// pod isolation"): "Network policies do not conflict; they are additive. If any policy or
// policies apply to a given pod for a given direction, the connections allowed in that direction
// from that pod is the union of what the applicable policies allow."
//
// Construction: a deny-all policy per direction in a random subset of namespaces makes every pod
// there isolated in that direction, whatever else the cluster holds. Then one more policy of
// random policyTypes is added. A flow allowed before must stay allowed when its source side is
// untouched or already isolated (the new policy has no Egress type, or the source is not a pod,
// or it sits in an egress-isolated namespace) and likewise its destination side (no Ingress
// type, not a pod, or in an ingress-isolated namespace). Pods elsewhere may become isolated by
// the new policy and lose flows: that is the other half of the spec, not this law.
// Non-pod endpoints (nodes, outside addresses) are subject to no NetworkPolicy (same document:
// policies select pods).
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <set>

#include "generators/cluster_gen.h"
#include "generators/cluster_text.h"
#include "generators/combinators.h"
#include "generators/policy_gen.h"
#include "tests/properties/law_support.h"

namespace netpol {
namespace {

// Engines the law is checked on (an engine not listed is not checked; add it with its reason):
//  - k8s: it is the upstream semantics quoted above.
//  - azure, azure-legacy: allows of all policies are OR'ed (one chain per policy, allow marks;
//    shared/reference/azure-npm.md, npm policymanager_linux.go); their deviations (L3, L4, L7)
//    widen what a rule matches, and a skipped policy (L5) adds nothing, so no flow is lost.
//  - azure-windows: allow ACLs share one priority and block ACLs sit below them (priority 222 vs
//    3000, npm policies/policy_windows.go), so allows stay a union; W1 skips a whole policy,
//    which adds nothing.
//  - calico: converted Kubernetes policies hold Allow rules only, in one tier whose end-of-tier
//    deny applies only when no rule allowed (shared/reference/calico.md), so they add.
const std::vector<std::string> kEngines = {"k8s", "azure", "azure-legacy", "azure-windows", "calico"};

NetworkPolicy deny_all(const std::string& ns, bool ingress) {
  NetworkPolicy p;
  p.namespace_name = ns;
  p.name = ingress ? "deny-all-ingress" : "deny-all-egress";
  p.ingress_type = ingress;
  p.egress_type = !ingress;
  p.source.kind = "NetworkPolicy";
  p.source.name = p.qualified_name();
  return p;
}

TEST(MonotonicityLaw, AddingAPolicyOnlyAddsFlowsToIsolatedPods) {
  const auto engines = laws::registered(kEngines);
  ASSERT_FALSE(engines.empty()) << "no engine registered for this law";
  for (const auto& engine : engines) {
    EXPECT_TRUE(rc::check("adding a policy only adds flows in isolated directions [" + engine + "]", [&engine] {
      Cluster before = *generators::small_cluster();
      const auto names = generators::namespace_names(before);
      // Mostly isolated, so that most flows are checked; shrinks towards not isolated.
      const auto isolated = generators::weighted_pick<bool>({{1, false}, {3, true}});
      const auto ingress_isolated = *rc::gen::container<std::vector<bool>>(names.size(), isolated);
      const auto egress_isolated = *rc::gen::container<std::vector<bool>>(names.size(), isolated);
      std::set<std::string> ingress_namespaces, egress_namespaces;
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (ingress_isolated[i]) {
          ingress_namespaces.insert(names[i]);
          generators::add_policy(before, deny_all(names[i], true));
        }
        if (egress_isolated[i]) {
          egress_namespaces.insert(names[i]);
          generators::add_policy(before, deny_all(names[i], false));
        }
      }
      const auto types = *generators::pick(std::vector<std::pair<bool, bool>>{{true, false}, {false, true}, {true, true}});
      const NetworkPolicy extra = *generators::network_policy_of_types(names, "extra", types.first, types.second);
      Cluster after = before;
      generators::add_policy(after, extra);

      const Universe universe = laws::default_universe(after);
      const VerdictMatrix old_matrix = laws::evaluate(engine, before, universe);
      const VerdictMatrix new_matrix = laws::evaluate(engine, after, universe);

      auto side_settled = [&](const Endpoint& e, bool policy_has_direction, const std::set<std::string>& isolated) {
        if (!policy_has_direction || !e.is_pod()) return true;
        return isolated.count(before.pods[e.pod].namespace_name) > 0;
      };
      std::size_t gained = 0;
      for (std::size_t p = 0; p < universe.probes.size(); ++p)
        for (std::size_t s = 0; s < universe.endpoints.size(); ++s) {
          if (!side_settled(universe.endpoints[s], extra.egress_type, egress_namespaces)) continue;
          for (std::size_t d = 0; d < universe.endpoints.size(); ++d) {
            if (!side_settled(universe.endpoints[d], extra.ingress_type, ingress_namespaces)) continue;
            const bool was = old_matrix.allowed(p, s, d), is = new_matrix.allowed(p, s, d);
            if (was && !is) RC_FAIL("flow lost: " + laws::flow_text(universe, p, s, d));
            gained += (!was && is);
          }
        }
      // Shows in the output that the law is exercised, not vacuous.
      RC_CLASSIFY(gained > 0, "new policy allowed new flows");
    }));
  }
}

}  // namespace
}  // namespace netpol

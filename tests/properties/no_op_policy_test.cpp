// Law: a NetworkPolicy that selects no pod changes no verdict.
//
// Source: kubernetes.io/docs/concepts/services-networking/network-policies/ ("The two sorts of
// pod isolation"): a pod is isolated for a direction only by a policy that selects it, and what
// an isolated pod may do is the union of what the policies *that select it* allow. A policy
// selecting no pod therefore isolates nothing and widens nothing; its peers matter only to the
// pods it selects.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "generators/cluster_gen.h"
#include "generators/cluster_text.h"
#include "tests/properties/law_support.h"

namespace netpol {
namespace {

// Engines the law is checked on (an engine not listed is not checked; add it with its reason):
//  - k8s: it is the upstream semantics quoted above.
//  - azure, azure-legacy: a policy's chains are entered only by packets whose pod matches its
//    podSelector sets (shared/reference/azure-npm.md, npm policymanager_linux.go); a skipped
//    policy (L5) changes nothing either.
//  - azure-windows: a policy's ACLs (including the allow-from-node ACL) are set only on the
//    endpoints it selects (azure-npm.md "Windows", npm policies/policy_windows.go); a skipped
//    policy (W1) changes nothing.
//  - calico: a converted Kubernetes policy applies only to the workload endpoints its selector
//    matches (shared/reference/calico.md; libcalico-go conversion), so other endpoints see no
//    new tier entry.
const std::vector<std::string> kEngines = {"k8s", "azure", "azure-legacy", "azure-windows", "calico"};

TEST(NoOpPolicyLaw, PolicySelectingNoPodChangesNoVerdict) {
  const auto engines = laws::registered(kEngines);
  ASSERT_FALSE(engines.empty()) << "no engine registered for this law";
  for (const auto& engine : engines) {
    EXPECT_TRUE(rc::check("a policy selecting no pod changes nothing [" + engine + "]", [&engine] {
      const Cluster before = *generators::small_cluster();
      Cluster after = before;
      generators::add_policy(after, *generators::policy_selecting_nothing(before, "selects-nothing"));
      // One universe for both: the new policy's CIDRs and ports cut the address and port spaces
      // further, and both clusters must be asked the same questions.
      const Universe universe = laws::default_universe(after);
      const auto difference = laws::first_difference(universe, laws::evaluate(engine, before, universe),
                                                     laws::evaluate(engine, after, universe));
      if (difference) RC_FAIL("verdict changed: " + *difference);
    }));
  }
}

}  // namespace
}  // namespace netpol

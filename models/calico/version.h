// The Calico releases the engine models (3.28 .. 3.32) and what changes between them.
//
// Every difference is read from projectcalico/calico at the release tags v3.28.0 .. v3.32.0:
//  - Tiers: v3.28 has no Tier resource in open source (api/pkg/apis/projectcalico/v3 has no
//    tier.go; felix/calc/policy_sorter.go keeps one implicit tier). From v3.29 the client
//    creates built-in tiers (libcalico-go/lib/clientv3/client.go ensureTierExists /
//    ensureDefaultTierExists): "default" (order 1,000,000, Deny) everywhere;
//    "adminnetworkpolicy" (1,000, Pass) from v3.29; "baselineadminnetworkpolicy"
//    (10,000,000, Pass) from v3.30; v3.32 renames them "kube-admin" / "kube-baseline"
//    (libcalico-go/lib/names, api/pkg/apis/projectcalico/v3/tier.go).
//  - Tie-break of equal orders inside a tier (felix/calc/policy_sorter.go PolKVLess): up to
//    v3.31 the backend key name ("<ns>/<name>" for namespaced policies, "<name>" for global);
//    from v3.32 the string "<name>/<namespace>/<kind>".
//  - Name of a converted Kubernetes NetworkPolicy (libcalico-go/lib/backend/k8s/conversion/
//    conversion.go K8sNetworkPolicyToCalico): "knp.default.<name>" up to v3.31; from v3.32 the
//    plain name with key kind "KubernetesNetworkPolicy".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/calico_resources.h"

namespace netpol::calico {

struct CalicoVersion {
  int minor = 32;  // 3.<minor>

  static constexpr int kOldest = 28;
  static constexpr int kNewest = 32;

  // Accepts "3.28" .. "3.32", with an optional leading "v" and an optional patch ("v3.30.2").
  // nullopt for anything else.
  static std::optional<CalicoVersion> parse(std::string_view text);
  std::string to_string() const;

  bool has_tiers() const { return minor >= 29; }
  bool prefixes_k8s_policy_names() const { return minor <= 31; }
  bool tie_break_with_namespace_and_kind() const { return minor >= 32; }
};

struct BuiltinTier {
  std::string name;
  double order = 0;
  CalicoAction default_action = CalicoAction::Deny;
  std::string citation;
};

// The tiers the given release creates by itself, in no particular order. For v3.28: the one
// implicit tier, named "default", order 1,000,000 with end-of-tier Deny (felix/rules/
// endpoints.go v3.28.0 "drop if no policies passed packet").
std::vector<BuiltinTier> builtin_tiers(CalicoVersion version);

}  // namespace netpol::calico

// Every policy Calico enforces for a cluster, compiled and sorted the way Felix sorts them.
//
// Sources (projectcalico/calico):
//  - felix/calc/policy_sorter.go TierLess: tiers with a Tier resource first, then by order
//    (nil last), equal orders by name; PolKVLess: policies by order (nil = +Inf), ties by the
//    version's key (see version.h).
//  - Staged kinds are never enforced (felix/rules/endpoints.go skips them, and a tier whose only
//    policies are staged renders no end-of-tier drop), so they are left out here entirely.
//  - Kubernetes NetworkPolicies enter as converted by k8s_conversion.h.
//  - v3.28 open source has no tiers: every policy lands in the one implicit tier (a `tier`
//    field or Tier resource is reported as ignored).
//
// Invariants: policies() is sorted by (tier rank, order, tie key); tier_of(p) indexes tiers();
// applicable() lists are sorted the same way.
#pragma once

#include <array>
#include <deque>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "models/calico/compiled_rule.h"
#include "models/calico/endpoints.h"
#include "models/calico/selector_index.h"
#include "models/calico/version.h"
#include "models/cluster/cluster.h"

namespace netpol::calico {

struct TierInfo {
  std::string name;
  std::optional<double> order;
  CalicoAction default_action = CalicoAction::Deny;
  bool declared = true;  // false: referenced by a policy but no Tier resource (sorts last)
  std::string citation;
};

struct CompiledPolicy {
  // The policy as Felix sees it: the cluster's own object for Calico kinds, `converted` for a
  // Kubernetes policy. Never null; the object never moves (CompiledRule points into it).
  const CalicoPolicy* spec = nullptr;
  std::unique_ptr<const CalicoPolicy> converted;
  std::string tier_name;       // spec->tier after defaulting ("default" when unset or ignored)
  const char* key_kind = "";   // NetworkPolicy | GlobalNetworkPolicy | KubernetesNetworkPolicy
  int tier = 0;                // index into PolicySet::tiers()
  int selector = -1;           // scoped selector id in the SelectorIndex
  std::span<CompiledRule> ingress, egress;  // in the PolicySet's rule list
  // Where the policy came from, and "ns/name" or "name" (for notes and explanations; built on
  // demand, matrix() never asks).
  std::string citation() const { return spec->source.describe(); }
  std::string display_name() const;
};

// Which chain of Felix evaluates the policies (felix/rules/endpoints.go endpointChainType).
enum class Stage { Normal, Untracked, PreDnat, Forward };

enum class Direction { Ingress, Egress };

class PolicySet {
 public:
  PolicySet(const Cluster& cluster, CalicoVersion version, SelectorIndex& selectors, std::size_t probes,
            Diagnostics& notes);
  // The policies' rule spans point into this set's own rule list: a copy would point into the
  // original.
  PolicySet(const PolicySet&) = delete;
  PolicySet& operator=(const PolicySet&) = delete;

  const std::vector<TierInfo>& tiers() const { return tiers_; }
  std::vector<CompiledPolicy>& policies() { return policies_; }
  const std::vector<CompiledPolicy>& policies() const { return policies_; }

  // Policies applying to Calico endpoint class `cls` (below SelectorIndex::
  // endpoint_class_count()) in `stage` and `direction`, in
  // evaluation order. A policy applies when its types include the direction, its scoped
  // selector matches, and its flags fit the stage: Normal = neither doNotTrack nor preDNAT;
  // Untracked = doNotTrack; PreDnat = preDNAT (ingress only); Forward = applyOnForward and
  // neither doNotTrack nor preDNAT. Equal lists are one object (callers may key on the address),
  // which lives as long as the set.
  const std::vector<int>& applicable(int cls, Stage stage, Direction direction) {
    if (!lists_built_) build_applicable_lists();
    return *canonical_[static_cast<std::size_t>(cls)][static_cast<std::size_t>(static_cast<int>(stage) * 2 + static_cast<int>(direction))];
  }

 private:
  std::vector<TierInfo> tiers_;
  std::vector<CompiledPolicy> policies_;
  std::vector<CompiledRule> rules_;  // every policy's rules, policy by policy; never reallocates
  SelectorIndex& selectors_;
  // Builds lists_ and canonical_ (on the first applicable() call).
  void build_applicable_lists();
  std::deque<std::vector<int>> lists_;  // distinct applicable lists; a deque keeps them in place
  std::vector<std::array<const std::vector<int>*, 8>> canonical_;  // [class][stage * 2 + direction]
  bool lists_built_ = false;
};

}  // namespace netpol::calico

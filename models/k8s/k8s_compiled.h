// A cluster compiled for the whole-matrix computation: every policy's target set and every
// rule's peer set as EndpointSets, computed once per (namespace, labels) class of pods with a
// cache per selector, plus an index of named container ports.
//
// Invariants: every set has universe.endpoints.size() bits; target and selector-peer sets only
// hold policy pods (k8s_decisions.h is_policy_pod); ipBlock sets hold any endpoint with an
// address of the family in the block; policies keep the cluster's order.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/cluster/universe.h"
#include "models/k8s/endpoint_set.h"

namespace netpol::k8s {

inline constexpr IpFamily kFamilies[] = {IpFamily::V4, IpFamily::V6};
inline std::size_t family_slot(IpFamily f) { return f == IpFamily::V4 ? 0 : 1; }

struct CompiledRule {
  const NetworkPolicyRule* rule = nullptr;
  // Endpoints the rule's peer list admits, per family slot: every endpoint when the list is
  // empty, else the union of its selector peers and its ipBlock peers of that family. A slot
  // whose family no live endpoint holds is left empty (size 0): no flow uses it.
  EndpointSet peers[2];
};

struct CompiledPolicy {
  const NetworkPolicy* policy = nullptr;
  EndpointSet targets;  // policy pods selected by spec.podSelector
  std::vector<CompiledRule> ingress, egress;
};

class CompiledCluster {
 public:
  // Compiles `cluster` over the endpoints of `universe`; keeps references to both.
  CompiledCluster(const Cluster& cluster, const Universe& universe);

  const Cluster& cluster() const { return cluster_; }
  const Universe& universe() const { return universe_; }
  std::size_t size() const { return universe_.endpoints.size(); }

  const EndpointSet& live() const { return live_; }
  // Live endpoints holding an address of the family in `slot`.
  const EndpointSet& has_family(std::size_t slot) const { return has_family_[slot]; }
  const std::vector<CompiledPolicy>& policies() const { return policies_; }
  // Pods selected by at least one policy with Ingress (Egress) in its policyTypes.
  const EndpointSet& ingress_isolated() const { return ingress_isolated_; }
  const EndpointSet& egress_isolated() const { return egress_isolated_; }
  // Pairs (host endpoint, pod) of node-local traffic (k8s_decisions.h node_local_exempt).
  const std::vector<std::pair<EndpointIndex, EndpointIndex>>& node_local_pairs() const { return node_local_; }

  // Policy pods with a containerPort (name, protocol, port): where a named port resolves.
  const std::vector<EndpointIndex>& named_port_pods(const std::string& name, Protocol protocol, int port) const;

 private:
  // Policy pods of the namespaces `namespace_selector` matches (or of `policy_namespace` when
  // absent) whose labels match `pod_selector` (every pod when absent). Cached by arguments.
  const EndpointSet& select_pods(const std::string& policy_namespace, const LabelSelector* pod_selector,
                                 const LabelSelector* namespace_selector);

  // Live endpoints with an address of `family` inside the block and outside its excepts (k8s_decisions.h
  // ip_block_matches). Cached by block and family.
  const EndpointSet& ip_block_members(const IpBlock& block, IpFamily family);

  const Cluster& cluster_;
  const Universe& universe_;
  EndpointSet live_, has_family_[2];
  std::vector<CompiledPolicy> policies_;
  EndpointSet ingress_isolated_, egress_isolated_;
  std::vector<std::pair<EndpointIndex, EndpointIndex>> node_local_;

  // Pods grouped by (namespace, labels): selectors are evaluated once per class.
  struct LabelClass {
    const Labels* labels;
    std::vector<EndpointIndex> members;
  };
  std::map<std::string, std::vector<LabelClass>, std::less<>> classes_by_namespace_;
  std::map<std::string, EndpointSet> selector_cache_, ip_block_cache_;
  std::map<std::tuple<std::string, Protocol, int>, std::vector<EndpointIndex>> named_ports_;
};

}  // namespace netpol::k8s

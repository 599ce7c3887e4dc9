// The upstream NetworkPolicy rules for one endpoint at a time: which policies select a pod and
// which peers match an endpoint. `explain` walks these per flow; the matrix computation
// (k8s_compiled.h) evaluates the same rules once per (namespace, labels) class into bitsets, and
// a test checks that both agree on every flow.
#pragma once

#include "models/cluster/cluster.h"
#include "models/cluster/policy.h"
#include "models/cluster/universe.h"

namespace netpol::k8s {

// The labels of namespace `name` (empty when the cluster lacks it, which the loader prevents).
const Labels& namespace_labels(const Cluster& cluster, std::string_view name);

// True when `policy` applies to the endpoint: a policy pod (k8s_decisions.h) in the policy's
// namespace whose labels match spec.podSelector; an empty podSelector selects every pod of the
// namespace. Source: network-policies doc, "podSelector: ... An empty podSelector selects all
// pods in the namespace".
bool policy_selects(const Cluster& cluster, const NetworkPolicy& policy, const Endpoint& endpoint);

// True when one `from`/`to` entry of `policy` matches the endpoint over `family`.
// Source: network-policies doc, "Behavior of to and from selectors":
//  - podSelector alone: pods of the policy's namespace whose labels match;
//  - namespaceSelector alone: every pod of every namespace whose labels match;
//  - both in one entry: pods matching podSelector inside namespaces matching namespaceSelector;
//  - ipBlock: addresses in cidr and outside every except (k8s_decisions.h ip_block_matches).
// Selector peers only ever match policy pods (hostNetwork pods excluded, k8s_decisions.h).
bool peer_matches(const Cluster& cluster, const NetworkPolicy& policy, const NetworkPolicyPeer& peer,
                  const Endpoint& endpoint, IpFamily family);

// True when the rule's peer list admits the endpoint: an empty list admits every endpoint
// ("If this field is empty or missing, this rule matches all sources/destinations": API
// reference, NetworkPolicyIngressRule.from / NetworkPolicyEgressRule.to).
bool rule_peers_match(const Cluster& cluster, const NetworkPolicy& policy, const NetworkPolicyRule& rule,
                      const Endpoint& endpoint, IpFamily family);

}  // namespace netpol::k8s

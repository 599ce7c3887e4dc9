#include "models/k8s/k8s_rules.h"

#include <algorithm>

#include "models/k8s/k8s_decisions.h"
#include "models/k8s/label_selector.h"

namespace netpol::k8s {

const Labels& namespace_labels(const Cluster& cluster, std::string_view name) {
  static const Labels kNone;
  const Namespace* ns = cluster.find_namespace(name);
  return ns ? ns->labels : kNone;
}

bool policy_selects(const Cluster& cluster, const NetworkPolicy& policy, const Endpoint& endpoint) {
  if (!is_policy_pod(cluster, endpoint)) return false;
  const Pod& pod = cluster.pods[static_cast<std::size_t>(endpoint.pod)];
  return pod.namespace_name == policy.namespace_name && selector_matches(policy.pod_selector, pod.labels);
}

bool peer_matches(const Cluster& cluster, const NetworkPolicy& policy, const NetworkPolicyPeer& peer,
                  const Endpoint& endpoint, IpFamily family) {
  if (peer.ip_block) return ip_block_matches(*peer.ip_block, endpoint, family);
  if (!peer.pod_selector && !peer.namespace_selector) return false;  // rejected by validation
  if (!is_policy_pod(cluster, endpoint)) return false;
  const Pod& pod = cluster.pods[static_cast<std::size_t>(endpoint.pod)];
  if (peer.namespace_selector) {
    if (!selector_matches(*peer.namespace_selector, namespace_labels(cluster, pod.namespace_name))) return false;
  } else if (pod.namespace_name != policy.namespace_name) {
    return false;
  }
  return !peer.pod_selector || selector_matches(*peer.pod_selector, pod.labels);
}

bool rule_peers_match(const Cluster& cluster, const NetworkPolicy& policy, const NetworkPolicyRule& rule,
                      const Endpoint& endpoint, IpFamily family) {
  return rule.peers.empty() || std::any_of(rule.peers.begin(), rule.peers.end(), [&](const NetworkPolicyPeer& p) {
           return peer_matches(cluster, policy, p, endpoint, family);
         });
}

}  // namespace netpol::k8s

#include "models/k8s/k8s_compiled.h"

#include "models/k8s/k8s_decisions.h"
#include "models/k8s/k8s_rules.h"
#include "models/k8s/label_selector.h"

namespace netpol::k8s {

CompiledCluster::CompiledCluster(const Cluster& cluster, const Universe& universe)
    : cluster_(cluster), universe_(universe) {
  const std::size_t n = size();
  live_ = EndpointSet(n);
  for (auto& s : has_family_) s = EndpointSet(n);
  ingress_isolated_ = EndpointSet(n);
  egress_isolated_ = EndpointSet(n);

  // Classes of policy pods by (namespace, labels), and the named-port index.
  std::map<std::pair<std::string, Labels>, std::size_t> class_of;
  for (EndpointIndex e = 0; e < n; ++e) {
    const Endpoint& ep = universe.endpoints[e];
    if (!endpoint_is_live(cluster, ep)) continue;
    live_.set(e);
    for (const auto& ip : ep.ips) has_family_[family_slot(ip.family)].set(e);
    if (!is_policy_pod(cluster, ep)) continue;
    const Pod& pod = cluster.pods[static_cast<std::size_t>(ep.pod)];
    auto& classes = classes_by_namespace_[pod.namespace_name];
    auto [it, added] = class_of.try_emplace({pod.namespace_name, pod.labels}, classes.size());
    if (added) classes.push_back({&pod.labels, {}});
    classes[it->second].members.push_back(e);
    for (const auto& cp : pod.ports) {
      auto& pods = named_ports_[{cp.name, cp.protocol, cp.port}];
      if (!cp.name.empty() && (pods.empty() || pods.back() != e)) pods.push_back(e);
    }
  }

  // Node-local pairs: each host endpoint with every policy pod of its node.
  std::map<int, std::vector<EndpointIndex>> pods_on_node, hosts_on_node;
  for (EndpointIndex e = 0; e < n; ++e) {
    const Endpoint& ep = universe.endpoints[e];
    if (!live_.test(e)) continue;
    if (is_policy_pod(cluster, ep) && ep.node >= 0) pods_on_node[ep.node].push_back(e);
    if (int node = host_node_of(cluster, ep); node >= 0) hosts_on_node[node].push_back(e);
  }
  for (const auto& [node, hosts] : hosts_on_node)
    for (EndpointIndex h : hosts)
      for (EndpointIndex p : pods_on_node[node]) node_local_.emplace_back(h, p);

  // Policies: targets and rule peer sets.
  for (const auto& policy : cluster.policies) {
    CompiledPolicy cp;
    cp.policy = &policy;
    cp.targets = select_pods(policy.namespace_name, &policy.pod_selector, nullptr);
    auto compile_rules = [&](const std::vector<NetworkPolicyRule>& rules, std::vector<CompiledRule>& out) {
      for (const auto& rule : rules) {
        CompiledRule cr;
        cr.rule = &rule;
        // Sets only for the families some live endpoint holds: no flow exists over the others.
        for (IpFamily family : kFamilies) {
          const std::size_t f = family_slot(family);
          if (has_family_[f].none()) continue;
          cr.peers[f] = EndpointSet(n, rule.peers.empty());
          for (const auto& peer : rule.peers) {
            if (peer.ip_block) {
              cr.peers[f] |= ip_block_members(*peer.ip_block, family);
            } else if (peer.pod_selector || peer.namespace_selector) {
              cr.peers[f] |= select_pods(policy.namespace_name, peer.pod_selector ? &*peer.pod_selector : nullptr,
                                         peer.namespace_selector ? &*peer.namespace_selector : nullptr);
            }
          }
        }
        out.push_back(std::move(cr));
      }
    };
    compile_rules(policy.ingress, cp.ingress);
    compile_rules(policy.egress, cp.egress);
    // Isolation per direction follows policyTypes, whatever the rules (network-policies doc,
    // "The two sorts of pod isolation").
    if (policy.ingress_type) ingress_isolated_ |= cp.targets;
    if (policy.egress_type) egress_isolated_ |= cp.targets;
    policies_.push_back(std::move(cp));
  }
}

const EndpointSet& CompiledCluster::select_pods(const std::string& policy_namespace, const LabelSelector* pod_selector,
                                                const LabelSelector* namespace_selector) {
  // The policy's namespace matters only when no namespaceSelector is given.
  // Appended piece by piece: g++ 12 at -O3 warns (-Wrestrict, a false positive) on
  // literal + std::string temporaries here.
  std::string key;
  key += namespace_selector ? 'N' : 'n';
  key += namespace_selector ? selector_key(*namespace_selector) : policy_namespace;
  key += '|';
  key += pod_selector ? 'P' : 'p';
  if (pod_selector) key += selector_key(*pod_selector);
  auto [it, added] = selector_cache_.try_emplace(std::move(key));
  if (!added) return it->second;
  EndpointSet& set = it->second;
  set = EndpointSet(size());
  auto add_namespace = [&](const std::vector<LabelClass>& classes) {
    for (const auto& c : classes)
      if (!pod_selector || selector_matches(*pod_selector, *c.labels))
        for (EndpointIndex e : c.members) set.set(e);
  };
  if (namespace_selector) {
    for (const auto& [ns, classes] : classes_by_namespace_)
      if (selector_matches(*namespace_selector, namespace_labels(cluster_, ns))) add_namespace(classes);
  } else if (auto c = classes_by_namespace_.find(policy_namespace); c != classes_by_namespace_.end()) {
    add_namespace(c->second);
  }
  return set;
}

const EndpointSet& CompiledCluster::ip_block_members(const IpBlock& block, IpFamily family) {
  std::string key;  // piece by piece, as in select_pods
  key += family == IpFamily::V4 ? '4' : '6';
  key += ' ';
  key += block.cidr.to_string();
  for (const auto& e : block.except) {
    key += ' ';
    key += e.to_string();
  }
  auto [it, added] = ip_block_cache_.try_emplace(std::move(key));
  if (!added) return it->second;
  EndpointSet& set = it->second;
  set = EndpointSet(size());
  has_family_[family_slot(family)].for_each([&](std::size_t e) {
    if (ip_block_matches(block, universe_.endpoints[e], family)) set.set(e);
  });
  return set;
}

const std::vector<EndpointIndex>& CompiledCluster::named_port_pods(const std::string& name, Protocol protocol,
                                                                   int port) const {
  static const std::vector<EndpointIndex> kNone;
  auto it = named_ports_.find({name, protocol, port});
  return it == named_ports_.end() ? kNone : it->second;
}

}  // namespace netpol::k8s

#include "models/loader/cluster_finalize.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "models/loader/calico_kinds.h"
#include "models/loader/namespace_node_reader.h"

namespace netpol {
namespace {

std::string where(const SourceRef& s) {
  return s.location.file.empty() ? std::string("(created by the loader)") : s.location.to_string();
}

// Sorts by key; two equal keys are the same object declared twice.
template <typename T, typename Key>
void sort_unique(std::vector<T>& items, Key key, std::string_view what) {
  std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
  for (std::size_t i = 1; i < items.size(); ++i) {
    if (key(items[i - 1]) != key(items[i])) continue;
    const SourceRef& first = items[i - 1].source;
    const SourceRef& second = items[i].source;
    throw InputError(second.location, "metadata.name",
                     fmt::format("duplicate {}: {} {} at {} and {} {} at {} have the same namespace and name", what,
                                 first.kind, first.name, where(first), second.kind, second.name, where(second)));
  }
}

// Hands out addresses of one block in increasing order, skipping its network address, the
// IPv4 broadcast address and every address in `used`.
class AddressPool {
 public:
  AddressPool(Cidr block, const std::set<IpAddress>& used, std::string purpose)
      : block_(block), next_(block.network()), last_(block.last()), used_(used), purpose_(std::move(purpose)) {
    if (block.family() == IpFamily::V4 && block.prefix < 31) last_.value -= 1;  // broadcast
  }

  IpAddress take(const std::string& for_whom) {
    while (next_.value < last_.value) {
      next_.value += 1;
      if (!used_.count(next_)) return next_;
    }
    throw InputError({}, "", fmt::format("no free address left in {} {} for {}", purpose_, block_.to_string(), for_whom));
  }

 private:
  Cidr block_;
  IpAddress next_;  // last address handed out or skipped
  IpAddress last_;  // last usable address
  const std::set<IpAddress>& used_;
  std::string purpose_;
};

}  // namespace

void finalize_cluster(Cluster& c, const LoadOptions& options, Diagnostics& warnings) {
  auto ns_key = [](const Namespace& n) { return std::string_view(n.name); };
  auto node_key = [](const Node& n) { return std::string_view(n.name); };
  auto pod_key = [](const Pod& p) { return std::tie(p.namespace_name, p.name); };
  auto policy_key = [](const NetworkPolicy& p) { return std::tie(p.namespace_name, p.name); };
  sort_unique(c.namespaces, ns_key, "Namespace");
  sort_unique(c.nodes, node_key, "Node");
  sort_unique(c.pods, pod_key, "pod");
  sort_unique(c.policies, policy_key, "NetworkPolicy");

  // 2. Namespaces used but not declared, reported at their first user (in sorted order).
  std::map<std::string, const SourceRef*> missing;
  std::set<std::string_view> declared;
  for (const Namespace& ns : c.namespaces) declared.insert(ns.name);
  auto need_namespace = [&](const std::string& name, const SourceRef& user) {
    if (!declared.count(name)) missing.emplace(name, &user);
  };
  for (const Pod& p : c.pods) need_namespace(p.namespace_name, p.source);
  for (const NetworkPolicy& p : c.policies) need_namespace(p.namespace_name, p.source);
  for (const auto& [name, user] : missing) {
    Namespace ns;
    ns.name = name;
    ns.declared = false;
    set_namespace_default_label(ns);
    warnings.push_back({Severity::Warning, user->location, "metadata.namespace",
                        fmt::format("namespace \"{}\" is used by {} {} but not declared; created with label "
                                    "kubernetes.io/metadata.name={}",
                                    name, user->kind, user->name, name)});
    c.namespaces.push_back(std::move(ns));
  }
  if (!missing.empty()) std::sort(c.namespaces.begin(), c.namespaces.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

  // 3. Scheduling.
  std::map<std::string, std::size_t> node_index;
  for (std::size_t i = 0; i < c.nodes.size(); ++i) node_index.emplace(c.nodes[i].name, i);
  std::map<std::string, const Pod*> created_nodes;  // name -> first pod naming it
  for (Pod& p : c.pods) {
    if (p.node_name.empty()) {
      if (p.phase == PodPhase::Pending) continue;  // not scheduled yet
      p.node_name = options.default_node;
    }
    if (!node_index.count(p.node_name)) created_nodes.emplace(p.node_name, &p);
  }
  for (const auto& [name, pod] : created_nodes) {
    Node n;
    n.name = name;
    if (name != options.default_node)
      warnings.push_back({Severity::Warning, pod->source.location, "spec.nodeName",
                          fmt::format("node \"{}\" is used by {} {} but has no Node document; created", name,
                                      pod->source.kind, pod->source.name)});
    c.nodes.push_back(std::move(n));
  }
  if (!created_nodes.empty()) {
    std::sort(c.nodes.begin(), c.nodes.end(), [](const Node& a, const Node& b) { return a.name < b.name; });
    node_index.clear();
    for (std::size_t i = 0; i < c.nodes.size(); ++i) node_index.emplace(c.nodes[i].name, i);
  }

  // Every address the input gave is taken.
  std::set<IpAddress> used;
  for (const Node& n : c.nodes) used.insert(n.addresses.begin(), n.addresses.end());
  std::map<IpAddress, const Pod*> pod_owner;
  for (const Pod& p : c.pods) {
    if (p.host_network) continue;
    for (const IpAddress& ip : p.ips) {
      used.insert(ip);
      auto [it, fresh] = pod_owner.emplace(ip, &p);
      const bool both_live = p.phase != PodPhase::Succeeded && p.phase != PodPhase::Failed &&
                             it->second->phase != PodPhase::Succeeded && it->second->phase != PodPhase::Failed;
      if (!fresh && both_live)
        warnings.push_back({Severity::Warning, p.source.location, "status.podIPs",
                            fmt::format("pod {} has address {}, which pod {} also has", p.qualified_name(),
                                        ip.to_string(), it->second->qualified_name())});
    }
  }

  // 4. Nodes without addresses.
  std::vector<bool> node_assigned(c.nodes.size(), false);
  {
    AddressPool pool(options.node_cidr, used, "node CIDR");
    for (std::size_t i = 0; i < c.nodes.size(); ++i) {
      Node& n = c.nodes[i];
      if (!n.addresses.empty()) continue;
      IpAddress a = pool.take("node " + n.name);
      n.addresses.push_back(a);
      used.insert(a);
      node_assigned[i] = true;
    }
  }

  // 5 and 6. Pod addresses.
  AddressPool pool(options.pod_cidr, used, "pod CIDR");
  for (Pod& p : c.pods) {
    if (p.node_name.empty()) continue;  // unscheduled: no node, no address
    const std::size_t ni = node_index.at(p.node_name);
    if (p.host_network) {
      const Node& n = c.nodes[ni];
      if (!p.ips.empty() && p.ips.front() != n.addresses.front())
        warnings.push_back({Severity::Warning, p.source.location, "status.podIP",
                            fmt::format("hostNetwork pod {} has address {} but its node {} has {}; using the node's "
                                        "addresses",
                                        p.qualified_name(), p.ips.front().to_string(), n.name,
                                        n.addresses.front().to_string())});
      p.ips = n.addresses;
      p.ips_assigned = node_assigned[ni];
      continue;
    }
    if (!p.ips.empty()) continue;
    // Terminated pods have released their sandbox and address.
    if (p.phase == PodPhase::Succeeded || p.phase == PodPhase::Failed) continue;
    p.ips.push_back(pool.take("pod " + p.qualified_name()));
    p.ips_assigned = true;
  }

  finalize_calico(c, warnings);
}

}  // namespace netpol

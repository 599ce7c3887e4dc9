#include "models/azure/ipset_state.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/azure/partition.h"

namespace netpol::azure {
namespace {

// One "cidr" or "cidr nomatch" entry of a hash:net set.
struct NetEntry {
  std::uint32_t network = 0;
  std::uint32_t mask = 0;
  int prefix = 0;
  bool nomatch = false;
};

std::optional<NetEntry> parse_entry(const std::string& text) {
  const bool nomatch = text.size() > 8 && text.ends_with(" nomatch");
  auto cidr = Cidr::parse(nomatch ? std::string_view(text).substr(0, text.size() - 8) : std::string_view(text));
  if (!cidr || cidr->family() != IpFamily::V4) return std::nullopt;
  // ipset stores the network address: host bits of an entry are masked on add.
  const std::uint32_t mask = cidr->prefix == 0 ? 0u : ~std::uint32_t{0} << (32 - cidr->prefix);
  return NetEntry{static_cast<std::uint32_t>(cidr->network().value), mask, cidr->prefix, nomatch};
}

// Entries most specific first (stable: among equal prefixes the earlier entry stays first), so
// that the first entry containing an address is the one ipset's lookup picks.
void order_for_lookup(std::vector<NetEntry>& entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const NetEntry& a, const NetEntry& b) { return a.prefix > b.prefix; });
}

bool has_key(const Labels& labels, const std::string& key) { return labels.count(key) > 0; }
bool has_kv(const Labels& labels, const std::string& key, const std::string& value) {
  auto it = labels.find(key);
  return it != labels.end() && it->second == value;
}

}  // namespace

IpSetState::IpSetState(const Cluster& cluster, const Universe& universe)
    : cluster_(cluster), universe_(universe), v4_(universe.endpoints.size()), tracked_(universe.endpoints.size()) {
  for (const auto& ns : cluster.namespaces) namespaces_[ns.name] = &ns;
  for (EndpointIndex e = 0; e < universe.endpoints.size(); ++e) {
    const auto& ep = universe.endpoints[e];
    for (const auto& ip : ep.ips)
      if (ip.family == IpFamily::V4) {
        v4_[e] = static_cast<std::uint32_t>(ip.value);
        by_v4_.emplace_back(*v4_[e], e);
        break;
      }
    if (!ep.is_pod()) continue;
    const Pod& pod = cluster.pods[static_cast<std::size_t>(ep.pod)];
    const bool complete = pod.phase == PodPhase::Succeeded || pod.phase == PodPhase::Failed;
    if (!pod.host_network && !complete && !pod.ips.empty() && pod.ips.front().family == IpFamily::V4) {
      tracked_.set(e);
      tracked_pods_.push_back(ep.pod);
    }
  }
  std::sort(by_v4_.begin(), by_v4_.end());
  pod_endpoint_start_.assign(1, 0);
  for (int p : tracked_pods_) {
    for_each_endpoint_at(static_cast<std::uint32_t>(cluster.pods[static_cast<std::size_t>(p)].ips.front().value),
                         [&](EndpointIndex e) { pod_endpoints_.push_back(e); });
    pod_endpoint_start_.push_back(pod_endpoints_.size());
  }
}

int IpSetState::intern(const TranslatedSet& set) {
  if (const int id = find(set.kind, set.name); id >= 0) return id;  // copied only when new
  return intern(TranslatedSet(set));
}

int IpSetState::intern(TranslatedSet&& set) {
  auto& ids = ids_[static_cast<std::size_t>(set.kind)];
  if (auto it = ids.find(std::string_view(set.name)); it != ids.end()) return it->second;
  const int id = static_cast<int>(defs_.size());
  ids.emplace(set.name, id);
  defs_.push_back(std::move(set));
  return id;
}

int IpSetState::find(SetKind kind, const std::string& name) const {
  const auto& ids = ids_[static_cast<std::size_t>(kind)];
  auto it = ids.find(std::string_view(name));
  return it == ids.end() ? -1 : it->second;
}

bool IpSetState::namespace_has(std::string_view ns, const TranslatedSet& set) const {
  auto it = namespaces_.find(ns);
  if (it == namespaces_.end()) return false;
  if (set.kind == SetKind::KeyLabelOfNamespace && set.name == kAllNamespaces) return true;
  if (set.label_value) return has_kv(it->second->labels, set.label_key, *set.label_value);
  return has_key(it->second->labels, set.label_key);
}

void IpSetState::finalize() {
  const std::size_t n = universe_.endpoints.size();
  members_.assign(defs_.size(), Bits(n));
  port_members_.assign(defs_.size(), {});
  // Tracked pods by namespace, label key and key=value, each as the endpoints their addresses
  // reach (pod_endpoints_): a pod set is a union of index entries, filled while the pods are
  // read. Keys are views of strings the cluster and the set definitions own (neither changes
  // here). Only label keys some set asks about are indexed: per key, the pods carrying it (when
  // a key set asks) and per asked value the pods carrying key=value. A pod label whose key
  // nobody asks about costs one hash lookup; an asked one, one more for its value.
  struct KeyIndex {
    std::optional<Bits> with_key;  // when a key set asks
    std::unordered_map<std::string_view, Bits> by_value;
  };
  std::unordered_map<std::string_view, Bits> by_namespace;
  std::unordered_map<std::string_view, KeyIndex> by_key;
  auto split = [](std::string_view member) {  // NestedLabelOfPod member "key:value"
    const auto colon = member.find(':');
    return std::make_pair(member.substr(0, colon), member.substr(colon + 1));
  };
  for (const TranslatedSet& set : defs_) {
    if (set.kind == SetKind::KeyLabelOfPod) {
      auto& with_key = by_key[set.label_key].with_key;
      if (!with_key) with_key.emplace(n);
    }
    if (set.kind == SetKind::KeyValueLabelOfPod) by_key[set.label_key].by_value.try_emplace(*set.label_value, n);
    if (set.kind == SetKind::NestedLabelOfPod)
      for (const auto& m : set.members) {
        const auto [key, value] = split(m);
        by_key[key].by_value.try_emplace(value, n);
      }
  }
  auto add_pod = [&](Bits& to, std::size_t i) {  // tracked_pods_[i]'s endpoints
    for (std::size_t k = pod_endpoint_start_[i]; k < pod_endpoint_start_[i + 1]; ++k) to.set(pod_endpoints_[k]);
  };
  // The previous pod's namespace entry: pods usually come sorted by namespace (the loader sorts
  // them), so most pods skip the hash lookup.
  Bits* in_namespace = nullptr;
  std::string_view namespace_name;
  for (std::size_t i = 0; i < tracked_pods_.size(); ++i) {
    const Pod& pod = cluster_.pods[static_cast<std::size_t>(tracked_pods_[i])];
    if (!in_namespace || pod.namespace_name != namespace_name) {
      namespace_name = pod.namespace_name;
      in_namespace = &by_namespace.try_emplace(namespace_name, n).first->second;  // entries never move
    }
    add_pod(*in_namespace, i);
    for (const auto& [key, value] : pod.labels) {
      auto k = by_key.find(std::string_view(key));
      if (k == by_key.end()) continue;
      if (k->second.with_key) add_pod(*k->second.with_key, i);
      if (auto v = k->second.by_value.find(std::string_view(value)); v != k->second.by_value.end()) add_pod(v->second, i);
    }
  }
  auto pods_with_value = [&](std::string_view key, std::string_view value) -> const Bits* {
    auto k = by_key.find(key);
    if (k == by_key.end()) return nullptr;
    auto v = k->second.by_value.find(value);
    return v == k->second.by_value.end() ? nullptr : &v->second;
  };
  // Every tracked pod's container ports (not init containers': common/pod.go
  // GetContainerPortList), listed once for the named-port sets: "podIP,PROTO:port" entries.
  struct ContainerPortOf {
    const std::string* name;
    Protocol protocol;
    int port;
    std::size_t pod;  // position in tracked_pods_
  };
  std::vector<ContainerPortOf> container_ports;
  bool container_ports_listed = false;
  auto list_container_ports = [&] {
    for (std::size_t i = 0; i < tracked_pods_.size(); ++i)
      for (const auto& cp : cluster_.pods[static_cast<std::size_t>(tracked_pods_[i])].ports)
        if (!cp.init_container) container_ports.push_back({&cp.name, cp.protocol, cp.port, i});
    container_ports_listed = true;
  };
  std::map<std::vector<std::string>, std::size_t> cidr_sets;  // entries -> first hash:net set with them
  for (std::size_t id = 0; id < defs_.size(); ++id) {
    const TranslatedSet& set = defs_[id];
    switch (set.kind) {
      case SetKind::Namespace:
        if (auto it = by_namespace.find(std::string_view(set.name)); it != by_namespace.end()) members_[id] = it->second;
        break;
      case SetKind::KeyLabelOfNamespace:
      case SetKind::KeyValueLabelOfNamespace:
        for (const auto& [ns, in_ns] : by_namespace)
          if (namespace_has(ns, set)) members_[id] |= in_ns;
        break;
      case SetKind::KeyLabelOfPod: {
        auto k = by_key.find(std::string_view(set.label_key));  // asked above: always there
        if (k != by_key.end() && k->second.with_key) members_[id] = *k->second.with_key;
        break;
      }
      case SetKind::KeyValueLabelOfPod:
        if (const Bits* pods = pods_with_value(set.label_key, *set.label_value)) members_[id] = *pods;
        break;
      case SetKind::NestedLabelOfPod:
        // A list set: member if in any member set (the children are key:value pod sets).
        for (const auto& m : set.members) {
          const auto [key, value] = split(m);
          if (const Bits* pods = pods_with_value(key, value)) members_[id] |= *pods;
        }
        break;
      case SetKind::CidrBlocks: {
        // Policies made from one template list the same entries under different set names; the
        // members are a function of the entries alone, so such sets are computed once.
        if (auto same = cidr_sets.find(set.members); same != cidr_sets.end()) {
          members_[id] = members_[same->second];
          break;
        }
        cidr_sets.emplace(set.members, id);
        std::vector<NetEntry> entries;
        for (const auto& m : set.members)
          if (auto e = parse_entry(m)) entries.push_back(*e);
        order_for_lookup(entries);
        // ipset hash:net lookup: the most specific entry containing an address decides, and a
        // nomatch entry means "not in". Done for every endpoint at once: the endpoints inside an
        // entry are one run of by_v4_ (sorted by address), and the first entry in lookup order
        // to reach an endpoint decides it.
        Bits decided(n);
        for (const auto& entry : entries) {
          const std::uint32_t last = entry.network | ~entry.mask;
          for (auto it = std::lower_bound(by_v4_.begin(), by_v4_.end(), std::make_pair(entry.network, EndpointIndex{0}));
               it != by_v4_.end() && it->first <= last; ++it) {
            if (decided.test(it->second)) continue;
            decided.set(it->second);
            if (!entry.nomatch) members_[id].set(it->second);
          }
        }
        break;
      }
      case SetKind::NamedPorts: {
        if (!container_ports_listed) list_container_ports();
        for (const auto& probe : universe_.probes) {
          Bits bits(n);
          for (const auto& cp : container_ports)
            if (cp.port == probe.port && cp.protocol == probe.protocol && *cp.name == set.name) add_pod(bits, cp.pod);
          port_members_[id].push_back(std::move(bits));
        }
        break;
      }
    }
  }
}

std::vector<std::string> IpSetState::entries(int id) const {
  const TranslatedSet& set = defs_[static_cast<std::size_t>(id)];
  std::vector<std::string> out;
  if (set.kind == SetKind::CidrBlocks || set.kind == SetKind::NestedLabelOfPod) {
    out = set.members;
  } else if (set.kind == SetKind::NamedPorts) {
    for (int p : tracked_pods_) {
      const Pod& pod = cluster_.pods[static_cast<std::size_t>(p)];
      for (const auto& cp : pod.ports)
        if (!cp.init_container && cp.name == set.name)
          out.push_back(fmt::format("{},{}:{}", pod.ips.front().to_string(), to_string(cp.protocol), cp.port));
    }
  } else {
    members_[static_cast<std::size_t>(id)].for_each([&](std::size_t e) {
      if (universe_.endpoints[e].is_pod() && tracked_.test(e)) out.push_back(universe_.endpoints[e].ips.front().to_string());
    });
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string IpSetState::describe(int id) const {
  const TranslatedSet& set = defs_[static_cast<std::size_t>(id)];
  const char* type = "hash:ip";
  switch (set.kind) {
    case SetKind::KeyLabelOfNamespace:
    case SetKind::KeyValueLabelOfNamespace:
    case SetKind::NestedLabelOfPod: type = "list:set"; break;
    case SetKind::CidrBlocks: type = "hash:net"; break;
    case SetKind::NamedPorts: type = "hash:ip,port"; break;
    default: break;
  }
  return fmt::format("{}-{} ({})", to_string(set.kind), set.name, type);
}

}  // namespace netpol::azure

namespace netpol::azure {

SourceClasses IpSetState::classify(const std::vector<int>& set_ids) const {
  std::vector<const Bits*> columns;
  for (int id : set_ids) columns.push_back(&members(id));
  Partition p = partition_by_columns(endpoints(), columns);
  SourceClasses out;
  out.class_of = std::move(p.block_of);
  out.representative.assign(p.first.begin(), p.first.end());
  return out;
}

}  // namespace netpol::azure

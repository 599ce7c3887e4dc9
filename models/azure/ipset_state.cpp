#include "models/azure/ipset_state.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

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

// ipset hash:net lookup: the most specific matching entry decides; a nomatch entry means "not
// in". `entries` must be in order_for_lookup order.
bool net_contains(const std::vector<NetEntry>& entries, std::uint32_t addr) {
  for (const auto& e : entries)
    if ((addr & e.mask) == e.network) return !e.nomatch;
  return false;
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
  // Group the tracked pods by (namespace, labels). Sorting by a hash of that key and comparing
  // only within equal hashes keeps this cheap; groups are then ordered by their first pod.
  const auto& pods = cluster.pods;
  auto pod_at = [&](std::size_t position) -> const Pod& { return pods[static_cast<std::size_t>(tracked_pods_[position])]; };
  auto same_key = [&](std::size_t a, std::size_t b) {
    return pod_at(a).namespace_name == pod_at(b).namespace_name && pod_at(a).labels == pod_at(b).labels;
  };
  std::vector<std::pair<std::uint64_t, std::size_t>> keyed;  // (hash, position)
  keyed.reserve(tracked_pods_.size());
  for (std::size_t i = 0; i < tracked_pods_.size(); ++i) {
    const Pod& pod = pod_at(i);
    std::uint64_t h = std::hash<std::string>{}(pod.namespace_name);
    for (const auto& [key, value] : pod.labels)
      h = (h ^ std::hash<std::string>{}(key)) * 0x100000001b3ull ^ std::hash<std::string>{}(value) * 0x9e3779b97f4a7c15ull;
    keyed.emplace_back(h, i);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::vector<std::size_t>> groups;  // positions, ascending, per group
  for (std::size_t run = 0; run < keyed.size();) {
    std::size_t end = run;
    while (end < keyed.size() && keyed[end].first == keyed[run].first) ++end;
    const std::size_t first_group = groups.size();
    for (std::size_t i = run; i < end; ++i) {
      const std::size_t position = keyed[i].second;
      auto it = std::find_if(groups.begin() + static_cast<std::ptrdiff_t>(first_group), groups.end(),
                             [&](const std::vector<std::size_t>& g) { return same_key(g.front(), position); });
      if (it == groups.end()) groups.push_back({position});
      else it->push_back(position);
    }
    run = end;
  }
  std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
  for (const auto& positions : groups) {
    PodGroup g{tracked_pods_[positions.front()], {}};
    for (std::size_t position : positions)
      for_each_endpoint_at(static_cast<std::uint32_t>(pod_at(position).ips.front().value), [&](EndpointIndex e) { g.endpoints.push_back(e); });
    std::sort(g.endpoints.begin(), g.endpoints.end());
    g.endpoints.erase(std::unique(g.endpoints.begin(), g.endpoints.end()), g.endpoints.end());
    pod_groups_.push_back(std::move(g));
  }
}

int IpSetState::intern(const TranslatedSet& set) {
  auto [it, inserted] = ids_.try_emplace({set.kind, set.name}, static_cast<int>(defs_.size()));
  if (inserted) defs_.push_back(set);
  return it->second;
}

int IpSetState::find(SetKind kind, const std::string& name) const {
  auto it = ids_.find({kind, name});
  return it == ids_.end() ? -1 : it->second;
}

bool IpSetState::namespace_has(const std::string& ns, const TranslatedSet& set) const {
  auto it = namespaces_.find(ns);
  if (it == namespaces_.end()) return false;
  if (set.kind == SetKind::KeyLabelOfNamespace && set.name == kAllNamespaces) return true;
  if (set.label_value) return has_kv(it->second->labels, set.label_key, *set.label_value);
  return has_key(it->second->labels, set.label_key);
}

Bits IpSetState::group_members(const std::vector<std::size_t>* groups) const {
  Bits out(universe_.endpoints.size());
  if (!groups) return out;
  for (std::size_t g : *groups)
    for (auto e : pod_groups_[g].endpoints) out.set(e);
  return out;
}

void IpSetState::finalize() {
  const std::size_t n = universe_.endpoints.size();
  members_.assign(defs_.size(), Bits(n));
  non_members_.assign(defs_.size(), Bits(n));
  port_members_.assign(defs_.size(), {});
  // Pod groups by namespace, label key and key=value: a pod set is a union of index entries (a
  // group's pods share namespace and labels, so the group is in a set or out of it as a whole).
  std::map<std::string, std::vector<std::size_t>> by_namespace, by_key;
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> by_key_value;
  for (std::size_t g = 0; g < pod_groups_.size(); ++g) {
    const Pod& pod = cluster_.pods[static_cast<std::size_t>(pod_groups_[g].representative)];
    by_namespace[pod.namespace_name].push_back(g);
    for (const auto& [key, value] : pod.labels) {
      by_key[key].push_back(g);
      by_key_value[{key, value}].push_back(g);
    }
  }
  auto find_groups = [](const auto& index, const auto& key) -> const std::vector<std::size_t>* {
    auto it = index.find(key);
    return it == index.end() ? nullptr : &it->second;
  };
  for (std::size_t id = 0; id < defs_.size(); ++id) {
    const TranslatedSet& set = defs_[id];
    switch (set.kind) {
      case SetKind::Namespace:
        members_[id] = group_members(find_groups(by_namespace, set.name));
        break;
      case SetKind::KeyLabelOfNamespace:
      case SetKind::KeyValueLabelOfNamespace: {
        std::vector<std::size_t> groups;
        for (const auto& [ns, in_ns] : by_namespace)
          if (namespace_has(ns, set)) groups.insert(groups.end(), in_ns.begin(), in_ns.end());
        members_[id] = group_members(&groups);
        break;
      }
      case SetKind::KeyLabelOfPod:
        members_[id] = group_members(find_groups(by_key, set.label_key));
        break;
      case SetKind::KeyValueLabelOfPod:
        members_[id] = group_members(find_groups(by_key_value, std::make_pair(set.label_key, *set.label_value)));
        break;
      case SetKind::NestedLabelOfPod:
        // A list set: member if in any member set (the children are key:value pod sets).
        for (const auto& m : set.members) {
          const auto colon = m.find(':');
          members_[id] |= group_members(find_groups(by_key_value, std::make_pair(m.substr(0, colon), m.substr(colon + 1))));
        }
        break;
      case SetKind::CidrBlocks: {
        std::vector<NetEntry> entries;
        for (const auto& m : set.members)
          if (auto e = parse_entry(m)) entries.push_back(*e);
        order_for_lookup(entries);
        for (EndpointIndex e = 0; e < n; ++e)
          if (v4_[e] && net_contains(entries, *v4_[e])) members_[id].set(e);
        break;
      }
      case SetKind::NamedPorts: {
        for (const auto& probe : universe_.probes) {
          Bits bits(n);
          for (int p : tracked_pods_) {
            const Pod& pod = cluster_.pods[static_cast<std::size_t>(p)];
            bool hit = false;
            for (const auto& cp : pod.ports)
              hit |= !cp.init_container && cp.name == set.name && cp.protocol == probe.protocol && cp.port == probe.port;
            if (!hit) continue;
            for_each_endpoint_at(static_cast<std::uint32_t>(pod.ips.front().value), [&](EndpointIndex e) { bits.set(e); });
          }
          port_members_[id].push_back(std::move(bits));
        }
        break;
      }
    }
    non_members_[id] = members_[id].complement();
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

#include "models/azure/ipset_state.h"

#include <fmt/format.h>

#include <algorithm>

namespace netpol::azure {
namespace {

// One "cidr" or "cidr nomatch" entry of a hash:net set.
struct NetEntry {
  std::uint32_t network = 0;
  int prefix = 0;
  bool nomatch = false;
};

std::optional<NetEntry> parse_entry(const std::string& text) {
  const bool nomatch = text.size() > 8 && text.ends_with(" nomatch");
  auto cidr = Cidr::parse(nomatch ? std::string_view(text).substr(0, text.size() - 8) : std::string_view(text));
  if (!cidr || cidr->family() != IpFamily::V4) return std::nullopt;
  // ipset stores the network address: host bits of an entry are masked on add.
  return NetEntry{static_cast<std::uint32_t>(cidr->network().value), cidr->prefix, nomatch};
}

bool in_prefix(std::uint32_t addr, const NetEntry& e) {
  if (e.prefix == 0) return true;
  const std::uint32_t mask = e.prefix == 32 ? ~0u : ~((1u << (32 - e.prefix)) - 1);
  return (addr & mask) == e.network;
}

// ipset hash:net lookup: the most specific matching entry decides; a nomatch entry means "not in".
bool net_contains(const std::vector<NetEntry>& entries, std::uint32_t addr) {
  int best = -1;
  bool member = false;
  for (const auto& e : entries)
    if (e.prefix > best && in_prefix(addr, e)) {
      best = e.prefix;
      member = !e.nomatch;
    }
  return member;
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
        by_v4_[*v4_[e]].push_back(e);
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
  std::map<std::pair<std::string, Labels>, std::size_t> group_of;
  for (int p : tracked_pods_) {
    const Pod& pod = cluster.pods[static_cast<std::size_t>(p)];
    auto [it, inserted] = group_of.try_emplace({pod.namespace_name, pod.labels}, pod_groups_.size());
    if (inserted) pod_groups_.push_back({p, {}});
    auto addr = by_v4_.find(static_cast<std::uint32_t>(pod.ips.front().value));
    if (addr != by_v4_.end()) {
      auto& eps = pod_groups_[it->second].endpoints;
      eps.insert(eps.end(), addr->second.begin(), addr->second.end());
    }
  }
  for (auto& g : pod_groups_) {
    std::sort(g.endpoints.begin(), g.endpoints.end());
    g.endpoints.erase(std::unique(g.endpoints.begin(), g.endpoints.end()), g.endpoints.end());
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

Bits IpSetState::pod_members(bool (*pred)(const IpSetState&, const TranslatedSet&, const Pod&), const TranslatedSet& set) const {
  // pred reads only the pod's namespace and labels, the same across a group.
  Bits out(universe_.endpoints.size());
  for (const auto& g : pod_groups_) {
    if (!pred(*this, set, cluster_.pods[static_cast<std::size_t>(g.representative)])) continue;
    for (auto e : g.endpoints) out.set(e);
  }
  return out;
}

void IpSetState::finalize() {
  const std::size_t n = universe_.endpoints.size();
  members_.assign(defs_.size(), Bits(n));
  non_members_.assign(defs_.size(), Bits(n));
  port_members_.assign(defs_.size(), {});
  port_non_members_.assign(defs_.size(), {});
  for (std::size_t id = 0; id < defs_.size(); ++id) {
    const TranslatedSet& set = defs_[id];
    switch (set.kind) {
      case SetKind::Namespace:
        members_[id] = pod_members([](const IpSetState&, const TranslatedSet& s, const Pod& p) { return p.namespace_name == s.name; }, set);
        break;
      case SetKind::KeyLabelOfNamespace:
      case SetKind::KeyValueLabelOfNamespace:
        members_[id] = pod_members([](const IpSetState& self, const TranslatedSet& s, const Pod& p) { return self.namespace_has(p.namespace_name, s); }, set);
        break;
      case SetKind::KeyLabelOfPod:
        members_[id] = pod_members([](const IpSetState&, const TranslatedSet& s, const Pod& p) { return has_key(p.labels, s.label_key); }, set);
        break;
      case SetKind::KeyValueLabelOfPod:
        members_[id] = pod_members([](const IpSetState&, const TranslatedSet& s, const Pod& p) { return has_kv(p.labels, s.label_key, *s.label_value); }, set);
        break;
      case SetKind::NestedLabelOfPod:
        // A list set: member if in any member set (the children are key:value pod sets).
        members_[id] = pod_members([](const IpSetState&, const TranslatedSet& s, const Pod& p) {
          for (const auto& m : s.members) {
            const auto colon = m.find(':');
            if (has_kv(p.labels, m.substr(0, colon), m.substr(colon + 1))) return true;
          }
          return false;
        }, set);
        break;
      case SetKind::CidrBlocks: {
        std::vector<NetEntry> entries;
        for (const auto& m : set.members)
          if (auto e = parse_entry(m)) entries.push_back(*e);
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
            auto it = by_v4_.find(static_cast<std::uint32_t>(pod.ips.front().value));
            if (it != by_v4_.end())
              for (auto e : it->second) bits.set(e);
          }
          port_non_members_[id].push_back(bits.complement());
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

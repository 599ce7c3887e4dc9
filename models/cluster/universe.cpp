// Endpoints and probes of the flow matrix (contract in universe.h).
//
// Both halves use the same idea: a space (addresses of one family, or ports of one protocol) is
// cut by a set of blocks into intervals; intervals with the same membership in every block form
// one equivalence class, because every engine decides by block membership only. One
// representative per class is enough to see every verdict an engine can give.
#include "models/cluster/universe.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace netpol {
namespace {

// ---------------------------------------------------------------------------------------------
// Generic partition of an ordered space [lo, hi] by inclusive blocks [first, last].

template <typename T>
struct Block {
  T first, last;
  bool operator<(const Block& o) const { return std::pair(first, last) < std::pair(o.first, o.last); }
  bool operator==(const Block& o) const = default;
};

template <typename T>
struct Interval {
  T first, last;
  std::vector<std::uint64_t> membership;  // bit b set when the interval lies in block b
};

// Cuts [lo, hi] at every block boundary and returns the intervals in order, each with the set of
// blocks it lies in. Blocks must lie inside [lo, hi].
template <typename T>
std::vector<Interval<T>> partition(T lo, T hi, std::vector<Block<T>> blocks) {
  std::sort(blocks.begin(), blocks.end());
  blocks.erase(std::unique(blocks.begin(), blocks.end()), blocks.end());
  std::set<T> starts{lo};
  for (const auto& b : blocks) {
    starts.insert(b.first);
    if (b.last < hi) starts.insert(static_cast<T>(b.last + 1));
  }
  std::vector<Interval<T>> out;
  const std::size_t words = (blocks.size() + 63) / 64;
  for (auto it = starts.begin(); it != starts.end(); ++it) {
    auto next = std::next(it);
    Interval<T> iv{*it, next == starts.end() ? hi : static_cast<T>(*next - 1), std::vector<std::uint64_t>(words, 0)};
    for (std::size_t b = 0; b < blocks.size(); ++b)
      if (blocks[b].first <= iv.first && iv.last <= blocks[b].last) iv.membership[b / 64] |= std::uint64_t{1} << (b % 64);
    out.push_back(std::move(iv));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// External representatives.

uint128 family_max(IpFamily f) { return f == IpFamily::V4 ? uint128{0xffffffffu} : ~uint128{0}; }

// Every CIDR of the input that can decide a verdict: Kubernetes ipBlock cidr and except entries,
// and Calico nets (calico_cidrs).
std::vector<Cidr> input_cidrs(const Cluster& cluster) {
  std::vector<Cidr> cidrs;
  for (const auto& policy : cluster.policies)
    for (const auto* rules : {&policy.ingress, &policy.egress})
      for (const auto& rule : *rules)
        for (const auto& peer : rule.peers)
          if (peer.ip_block) {
            cidrs.push_back(peer.ip_block->cidr);
            cidrs.insert(cidrs.end(), peer.ip_block->except.begin(), peer.ip_block->except.end());
          }
  auto calico = calico_cidrs(cluster.calico);
  cidrs.insert(cidrs.end(), calico.begin(), calico.end());
  return cidrs;
}

// One address per equivalence class of `family`, lowest first, never one of `taken`.
std::vector<IpAddress> representatives(IpFamily family, const std::vector<Cidr>& cidrs,
                                       const std::set<IpAddress>& taken) {
  std::vector<Block<uint128>> blocks;
  for (const auto& c : cidrs)
    if (c.family() == family) blocks.push_back({c.network().value, c.last().value});
  std::vector<IpAddress> out;
  std::set<std::vector<std::uint64_t>> seen;  // classes that already have a representative
  for (const auto& iv : partition<uint128>(0, family_max(family), std::move(blocks))) {
    if (seen.count(iv.membership)) continue;
    // The lowest address of the interval that no pod or node holds; when the whole interval is
    // taken, a later interval of the same class may still provide one.
    uint128 a = iv.first;
    bool free = !taken.count(IpAddress{family, a});
    while (!free && a != iv.last) free = !taken.count(IpAddress{family, ++a});
    if (!free) continue;
    seen.insert(iv.membership);
    out.push_back(IpAddress{family, a});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Probes.

// Every port range of the input for `protocol`: policy ports (numeric, ranges, named ports
// resolved on the pods' containerPorts), every containerPort, and Calico rule ports.
std::vector<Block<int>> port_blocks(const Cluster& cluster, Protocol protocol) {
  std::vector<Block<int>> blocks;
  for (const auto& policy : cluster.policies)
    for (const auto* rules : {&policy.ingress, &policy.egress})
      for (const auto& rule : *rules)
        for (const auto& port : rule.ports) {
          if (port.protocol != protocol) continue;
          if (port.port) blocks.push_back({*port.port, port.end_port.value_or(*port.port)});
          if (port.name)
            for (const auto& pod : cluster.pods)
              for (const auto& cp : pod.ports)
                if (cp.name == *port.name && cp.protocol == protocol) blocks.push_back({cp.port, cp.port});
        }
  for (const auto& pod : cluster.pods)
    for (const auto& cp : pod.ports)
      if (cp.protocol == protocol && cp.port >= 1 && cp.port <= 65535) blocks.push_back({cp.port, cp.port});
  for (const auto& r : calico_port_ranges(cluster.calico))
    if (r.protocol == protocol) blocks.push_back({std::max(1, r.first), std::min(65535, r.last)});
  std::erase_if(blocks, [](const Block<int>& b) { return b.first > b.last || b.first < 1 || b.last > 65535; });
  return blocks;
}

}  // namespace

std::optional<EndpointIndex> Universe::find(std::string_view id) const {
  for (EndpointIndex i = 0; i < endpoints.size(); ++i)
    if (endpoints[i].id == id) return i;
  return std::nullopt;
}

std::vector<Endpoint> build_endpoints(const Cluster& cluster) {
  std::vector<Endpoint> out;
  std::map<std::string, int, std::less<>> node_index;
  for (std::size_t n = 0; n < cluster.nodes.size(); ++n) node_index[cluster.nodes[n].name] = static_cast<int>(n);

  std::set<IpAddress> taken;  // pod and node addresses: never chosen as external representatives
  std::set<IpFamily> families;

  // Pods, hostNetwork ones included: such a pod is still a pod endpoint of its own, with its
  // node's addresses (the engines decide how its traffic is treated).
  for (std::size_t p = 0; p < cluster.pods.size(); ++p) {
    const Pod& pod = cluster.pods[p];
    Endpoint e;
    e.kind = EndpointKind::Pod;
    e.id = pod.qualified_name();
    e.ips = pod.ips;
    e.pod = static_cast<int>(p);
    if (auto it = node_index.find(pod.node_name); it != node_index.end()) e.node = it->second;
    for (const auto& ip : pod.ips) {
      taken.insert(ip);
      families.insert(ip.family);
    }
    out.push_back(std::move(e));
  }

  std::vector<IpAddress> node_addresses;
  for (std::size_t n = 0; n < cluster.nodes.size(); ++n) {
    const Node& node = cluster.nodes[n];
    Endpoint e;
    e.kind = EndpointKind::Node;
    e.id = "node:" + node.name;
    e.ips = node.addresses;
    e.node = static_cast<int>(n);
    for (const auto& ip : node.addresses) {
      taken.insert(ip);
      families.insert(ip.family);
      node_addresses.push_back(ip);
    }
    out.push_back(std::move(e));
  }

  for (const auto& hep : calico_standalone_endpoints(cluster.calico, node_addresses)) {
    Endpoint e;
    e.kind = EndpointKind::HostEndpoint;
    e.id = hep.id;
    e.ips = hep.ips;
    e.host_endpoint = hep.host_endpoint;
    if (auto it = node_index.find(hep.node_name); it != node_index.end()) e.node = it->second;
    for (const auto& ip : hep.ips) {
      taken.insert(ip);
      families.insert(ip.family);
    }
    out.push_back(std::move(e));
  }

  const auto cidrs = input_cidrs(cluster);
  for (const auto& c : cidrs) families.insert(c.family());
  for (IpFamily family : families)  // V4 before V6: address order
    for (const auto& address : representatives(family, cidrs, taken)) {
      Endpoint e;
      e.kind = EndpointKind::External;
      e.id = "ip:" + address.to_string();
      e.ips = {address};
      out.push_back(std::move(e));
    }
  return out;
}

std::vector<Probe> build_probes(const Cluster& cluster, const std::vector<Probe>& requested) {
  std::vector<Probe> out;
  if (!requested.empty()) {
    out = requested;
  } else {
    for (Protocol protocol : kAllProtocols) {
      std::set<std::vector<std::uint64_t>> seen;
      // Intervals come in port order, so the first one of a class holds its lowest port.
      for (const auto& iv : partition<int>(1, 65535, port_blocks(cluster, protocol)))
        if (seen.insert(iv.membership).second) out.push_back(Probe{protocol, iv.first});
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Universe build_universe(const Cluster& cluster, const std::vector<Probe>& requested_probes) {
  return Universe{build_endpoints(cluster), build_probes(cluster, requested_probes)};
}

}  // namespace netpol

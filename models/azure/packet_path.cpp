#include "models/azure/packet_path.h"

#include <algorithm>

namespace netpol::azure {

PacketPaths::PacketPaths(const Cluster& cluster, const Universe& universe)
    : n_(universe.endpoints.size()), places_(n_), live_(n_), first_v4_(n_), first_v6_(n_), has_v4_(n_), has_v6_(n_), pod_netns_(n_),
      pods_on_node_(cluster.nodes.size(), Bits(n_)), host_of_node_(cluster.nodes.size(), Bits(n_)) {
  for (EndpointIndex e = 0; e < n_; ++e) {
    const auto& ep = universe.endpoints[e];
    Placement p;
    if (!ep.ips.empty()) {
      switch (ep.kind) {
        case EndpointKind::Pod: {
          const Pod& pod = cluster.pods[static_cast<std::size_t>(ep.pod)];
          const bool done = pod.phase == PodPhase::Succeeded || pod.phase == PodPhase::Failed;
          if (!done && !pod.node_name.empty() && ep.node >= 0) p = {pod.host_network ? Netns::Host : Netns::Pod, ep.node};
          break;
        }
        case EndpointKind::Node: p = {Netns::Host, ep.node}; break;
        case EndpointKind::HostEndpoint: p = ep.node >= 0 ? Placement{Netns::Host, ep.node} : Placement{Netns::External, -1}; break;
        case EndpointKind::External: p = {Netns::External, -1}; break;
      }
    }
    places_[e] = p;
    if (p.netns == Netns::None) continue;
    live_.set(e);
    (ep.ips.front().family == IpFamily::V4 ? first_v4_ : first_v6_).set(e);
    for (const auto& ip : ep.ips) (ip.family == IpFamily::V4 ? has_v4_ : has_v6_).set(e);
    if (p.netns == Netns::Pod) {
      pod_netns_.set(e);
      pods_on_node_[static_cast<std::size_t>(p.node)].set(e);
    }
    if (p.netns == Netns::Host) host_of_node_[static_cast<std::size_t>(p.node)].set(e);
  }
}

Bits PacketPaths::v4_destinations(EndpointIndex s) const {
  Bits out(n_);
  if (!live_.test(s) || !has_v4_.test(s)) return out;
  out |= first_v4_;
  if (!has_v6_.test(s)) out |= first_v6_ & has_v4_;
  out.set(s, false);
  return out;
}

Bits PacketPaths::v6_destinations(EndpointIndex s) const {
  Bits out(n_);
  if (!live_.test(s) || !has_v6_.test(s)) return out;
  out |= first_v6_;
  if (!has_v4_.test(s)) out |= first_v4_ & has_v6_;
  out.set(s, false);
  return out;
}

bool PacketPaths::v4_flow(EndpointIndex s, EndpointIndex d) const {
  if (s == d || !live_.test(s) || !live_.test(d) || !has_v4_.test(s)) return false;
  return first_v4_.test(d) || (!has_v6_.test(s) && has_v4_.test(d));
}

bool PacketPaths::v6_flow(EndpointIndex s, EndpointIndex d) const {
  if (s == d || !live_.test(s) || !live_.test(d) || !has_v6_.test(s)) return false;
  return first_v6_.test(d) || (!has_v4_.test(s) && has_v6_.test(d));
}

Bits PacketPaths::forwarded_destinations(EndpointIndex s) const {
  Bits out(n_);
  const Placement& p = places_[s];
  if (p.netns == Netns::Pod) {
    out = live_;
    out.subtract(host_of_node_[static_cast<std::size_t>(p.node)]);
  } else if (p.netns == Netns::Host) {
    out = pod_netns_;
    out.subtract(pods_on_node_[static_cast<std::size_t>(p.node)]);
  } else if (p.netns == Netns::External) {
    out = pod_netns_;
  }
  out.set(s, false);
  return out;
}

void PacketPaths::row_masks(EndpointIndex s, std::uint64_t* v4, std::uint64_t* v6, std::uint64_t* forwarded) const {
  const std::size_t words = live_.words();
  const bool live = live_.test(s);
  const bool s4 = live && has_v4_.test(s), s6 = live && has_v6_.test(s);
  const std::uint64_t all = ~std::uint64_t{0};
  // Word masks standing for "s has this family" / "s lacks the other one".
  const std::uint64_t use4 = s4 ? all : 0, use6 = s6 ? all : 0;
  const std::uint64_t cross4 = s4 && !s6 ? all : 0, cross6 = s6 && !s4 ? all : 0;
  const Placement& p = places_[s];
  const std::uint64_t* first4 = first_v4_.data();
  const std::uint64_t* first6 = first_v6_.data();
  const std::uint64_t* has4 = has_v4_.data();
  const std::uint64_t* has6 = has_v6_.data();
  // forwarded_destinations: base minus cut, per the source's netns.
  const std::uint64_t* base = nullptr;
  const std::uint64_t* cut = nullptr;
  if (p.netns == Netns::Pod) {
    base = live_.data();
    cut = host_of_node_[static_cast<std::size_t>(p.node)].data();
  } else if (p.netns == Netns::Host) {
    base = pod_netns_.data();
    cut = pods_on_node_[static_cast<std::size_t>(p.node)].data();
  } else if (p.netns == Netns::External) {
    base = pod_netns_.data();
  }
  for (std::size_t w = 0; w < words; ++w) {
    v4[w] = use4 & (first4[w] | (cross4 & first6[w] & has4[w]));
    v6[w] = use6 & (first6[w] | (cross6 & first4[w] & has6[w]));
    forwarded[w] = base ? base[w] & ~(cut ? cut[w] : 0) : 0;
  }
  const std::uint64_t not_self = ~(std::uint64_t{1} << (s % 64));
  v4[s / 64] &= not_self;
  v6[s / 64] &= not_self;
  forwarded[s / 64] &= not_self;
}

std::vector<int> PacketPaths::forwarding_nodes(EndpointIndex s, EndpointIndex d) const {
  std::vector<int> nodes;
  if (s == d || !live_.test(s) || !live_.test(d)) return nodes;
  const Placement& a = places_[s];
  const Placement& b = places_[d];
  if (a.netns == Netns::Pod && !(b.netns == Netns::Host && b.node == a.node)) nodes.push_back(a.node);
  if (b.netns == Netns::Pod && !(a.netns == Netns::Host && a.node == b.node) && (nodes.empty() || nodes.front() != b.node))
    nodes.push_back(b.node);
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

}  // namespace netpol::azure

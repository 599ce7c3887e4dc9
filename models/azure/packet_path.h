// Where each endpoint's packets start and end, and so which netfilter hooks (Linux) or vSwitch
// ports (Windows) a flow crosses. This is where "pod to its own node is never filtered" (L1),
// "host to local pod goes through OUTPUT" and "pod to itself never leaves the pod" come from:
// NPM on Linux hooks FORWARD only (npm/pkg/dataplane/policies/chain-management_linux.go
// jumpFromForwardToAzureChainArgs; no INPUT/OUTPUT rule), so a flow is evaluated exactly when
// it is forwarded by some node.
//
// Decisions (the spec leaves them open; the k8s engine's models/k8s/k8s_decisions.h takes the
// same ones where they coincide):
//  - an endpoint without an address, an unscheduled pod and a Succeeded/Failed pod take part in
//    no flow, not even to themselves (no network sandbox);
//  - a flow uses the address family of the destination's first address when the source has one
//    of that family, else the other family when both ends have it, else it does not exist;
//  - IPv6 flows are never seen by NPM: it programs no ip6tables rules and no IPv6 ACL addresses
//    (syncAddedPod ignores non-IPv4 pods, L6), so they are allowed.
#pragma once

#include <cstdint>
#include <vector>

#include "models/azure/bits.h"
#include "models/cluster/cluster.h"
#include "models/cluster/universe.h"

namespace netpol::azure {

enum class Netns {
  None,      // not live: takes part in no flow
  Pod,       // its own network namespace behind a veth/vNIC on `node`
  Host,      // the root namespace of `node`: a Node, a hostNetwork pod, a host endpoint of a node
  External,  // outside the cluster (or a host endpoint without a node address)
};

struct Placement {
  Netns netns = Netns::None;
  int node = -1;
};

class PacketPaths {
 public:
  PacketPaths(const Cluster& cluster, const Universe& universe);

  const Placement& place(EndpointIndex e) const { return places_[e]; }
  bool live(EndpointIndex e) const { return live_.test(e); }
  // Destinations reachable from `src` over IPv4 / IPv6 (per the family rule above), src excluded.
  Bits v4_destinations(EndpointIndex src) const;
  Bits v6_destinations(EndpointIndex src) const;
  bool v4_flow(EndpointIndex src, EndpointIndex dst) const;
  bool v6_flow(EndpointIndex src, EndpointIndex dst) const;

  // Linux: destinations d for which some node's FORWARD chain sees src -> d (src excluded):
  // the source's node forwards unless d lives in that node's root namespace (INPUT); the
  // destination's node forwards unless src sent from that node's root namespace (OUTPUT).
  Bits forwarded_destinations(EndpointIndex src) const;
  // The three sets above for one source at once, as words (Bits-sized: (endpoints + 63) / 64
  // each, padding zero) written into caller buffers: v4_destinations, v6_destinations and
  // forwarded_destinations. The matrix assembles every row from them without allocating.
  void row_masks(EndpointIndex src, std::uint64_t* v4, std::uint64_t* v6, std::uint64_t* forwarded) const;
  // Nodes whose FORWARD chain sees src -> dst, sorted (for explain).
  std::vector<int> forwarding_nodes(EndpointIndex src, EndpointIndex dst) const;

  // Pod endpoints (own namespace): these have an HNS endpoint with ACLs on Windows.
  const Bits& pod_netns() const { return pod_netns_; }
  // Pods (own namespace) on node n.
  const Bits& pods_on_node(int n) const { return pods_on_node_[static_cast<std::size_t>(n)]; }
  // Root-namespace endpoints of node n.
  const Bits& host_of_node(int n) const { return host_of_node_[static_cast<std::size_t>(n)]; }

 private:
  std::size_t n_ = 0;
  std::vector<Placement> places_;
  Bits live_, first_v4_, first_v6_, has_v4_, has_v6_, pod_netns_;
  std::vector<Bits> pods_on_node_, host_of_node_;
};

}  // namespace netpol::azure

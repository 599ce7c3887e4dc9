// The endpoints and probes of a flow matrix.
//
// Invariants:
//  - endpoints are ordered pods (cluster order), then nodes, then host endpoints without a node
//    address, then external representatives in address order; ids are unique;
//  - external representatives: one address per equivalence class of each address family that
//    appears in the input, cut by every CIDR and except (Kubernetes and Calico), plus one
//    address outside all of them; addresses of pods and nodes are never chosen;
//  - probes are sorted and unique.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/cluster/ip.h"
#include "models/cluster/protocol.h"

namespace netpol {

enum class EndpointKind { Pod, Node, HostEndpoint, External };

struct Endpoint {
  EndpointKind kind = EndpointKind::External;
  std::string id;                  // "ns/pod", "node:NAME", "hep:NAME", "ip:ADDRESS"
  std::vector<IpAddress> ips;      // may be empty for an unscheduled pod
  int pod = -1;                    // index into Cluster::pods when kind == Pod
  int node = -1;                   // index into Cluster::nodes: the node itself, or a pod's node
  int host_endpoint = -1;          // index into the Calico host endpoints when kind == HostEndpoint

  bool is_pod() const { return kind == EndpointKind::Pod; }
};

using EndpointIndex = std::size_t;

struct Universe {
  std::vector<Endpoint> endpoints;
  std::vector<Probe> probes;

  // Index of the endpoint with this id, or nullopt.
  std::optional<EndpointIndex> find(std::string_view id) const;
};

// The endpoints of `cluster` as described above.
std::vector<Endpoint> build_endpoints(const Cluster& cluster);

// With `requested` non-empty: exactly those probes (sorted, unique). Otherwise one
// representative port per equivalence class of each protocol's port space (1..65535) cut by
// every port, range and resolved named port in the policies and every container port.
std::vector<Probe> build_probes(const Cluster& cluster, const std::vector<Probe>& requested);

Universe build_universe(const Cluster& cluster, const std::vector<Probe>& requested_probes);

}  // namespace netpol

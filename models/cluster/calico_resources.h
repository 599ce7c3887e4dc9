// Calico resources (projectcalico.org/v3 and crd.projectcalico.org/v1) as input data.
// Owned by the Calico work (issue 4): the loader fills these, the calico engine evaluates them,
// the other engines ignore them. Until then this holds nothing.
#pragma once

#include <string>
#include <vector>

#include "models/cluster/ip.h"
#include "models/cluster/protocol.h"

namespace netpol {

struct CalicoResources {
  bool empty() const { return true; }
};

// Every CIDR written in Calico resources (rule nets/notNets, set nets, HEP expectedIPs), so the
// endpoint universe can cut the address space by them too.
std::vector<Cidr> calico_cidrs(const CalicoResources& resources);

// Every port range (inclusive) written in Calico rules (ports and notPorts, numeric and named
// resolved elsewhere), per protocol, so that default probes cut the port space by them too.
struct CalicoPortRange {
  Protocol protocol = Protocol::TCP;
  int first = 1, last = 65535;
};
std::vector<CalicoPortRange> calico_port_ranges(const CalicoResources& resources);

// Host endpoints that are not represented by a node address (no node IP among their
// expectedIPs): each becomes an endpoint "hep:NAME" of the flow matrix.
struct CalicoStandaloneEndpoint {
  std::string id;                 // "hep:NAME"
  std::vector<IpAddress> ips;
  int host_endpoint = -1;         // index into the resources' host endpoints
  std::string node_name;          // spec.node
};
std::vector<CalicoStandaloneEndpoint> calico_standalone_endpoints(
    const CalicoResources& resources, const std::vector<IpAddress>& node_addresses);

}  // namespace netpol

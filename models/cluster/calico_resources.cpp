#include "models/cluster/calico_resources.h"

namespace netpol {

// Placeholders until the Calico resources land (issue 4): no Calico input, nothing to add.
std::vector<Cidr> calico_cidrs(const CalicoResources&) { return {}; }

std::vector<CalicoPortRange> calico_port_ranges(const CalicoResources&) { return {}; }

std::vector<CalicoStandaloneEndpoint> calico_standalone_endpoints(const CalicoResources&,
                                                                  const std::vector<IpAddress>&) {
  return {};
}

}  // namespace netpol

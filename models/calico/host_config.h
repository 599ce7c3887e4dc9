// The FelixConfiguration fields that change verdicts, with Calico's defaults.
//
// Sources (projectcalico/calico):
//  - felix/config/config_params.go: FailsafeInboundHostPorts default tcp:22, udp:68, tcp:179,
//    tcp:2379, tcp:2380, tcp:5473, tcp:6443, tcp:6666, tcp:6667; FailsafeOutboundHostPorts
//    default udp:53, udp:67, tcp:179, tcp:2379, tcp:2380, tcp:5473, tcp:6443, tcp:6666,
//    tcp:6667; DefaultEndpointToHostAction default DROP in Felix itself.
//  - manifests/calico.yaml (and charts/calico/templates/calico-node.yaml) set
//    FELIX_DEFAULTENDPOINTTOHOSTACTION=ACCEPT: as shipped, pods may reach their own host. We
//    model the shipped value, overridden by FelixConfiguration.defaultEndpointToHostAction.
//  - felix/rules/static.go failsafeInChain / failsafeOutChain: a failsafe entry matches protocol
//    and destination port (inbound: remote = source, outbound: remote = destination), and its
//    optional net must contain the remote address.
//  - felix/rules/static.go filterWorkloadToHostChain: after the pod's egress policy, the
//    configured action: ACCEPT (allowed), DROP (denied) or RETURN (back to the host's INPUT
//    chain: host endpoint policy is not consulted there, so the host's own firewall decides;
//    we assume it accepts).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/calico_resources.h"
#include "models/cluster/protocol.h"

namespace netpol::calico {

enum class EndpointToHostAction { Drop, Accept, Return };

struct HostPolicyConfig {
  EndpointToHostAction endpoint_to_host = EndpointToHostAction::Accept;
  std::string endpoint_to_host_source;  // where the value came from
  std::vector<CalicoProtoPort> failsafe_inbound;
  std::vector<CalicoProtoPort> failsafe_outbound;
};

std::vector<CalicoProtoPort> default_failsafe_inbound();
std::vector<CalicoProtoPort> default_failsafe_outbound();

// The configuration Felix runs with on `node` (per field: FelixConfiguration "node.NODE" over
// "default" over the defaults above; see calico_felix_for_node).
HostPolicyConfig host_policy_config(const CalicoResources& resources, std::string_view node);

// The entries whose protocol and port are the probe's (the remote address is checked apart).
std::vector<const CalicoProtoPort*> failsafe_entries_for(const std::vector<CalicoProtoPort>& entries,
                                                          const Probe& probe);

// True if the probe to/from `remote` is covered by one of `entries`.
bool failsafe_matches(const std::vector<CalicoProtoPort>& entries, const Probe& probe,
                      const std::optional<IpAddress>& remote);

}  // namespace netpol::calico

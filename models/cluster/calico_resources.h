// Calico resources (projectcalico.org/v3 and crd.projectcalico.org/v1) as input data, after
// Calico's defaulting and validation. The loader fills these (models/loader/calico_*.cpp), the
// calico engine evaluates them, the other engines ignore them.
//
// Sources: projectcalico/calico api/pkg/apis/projectcalico/v3 (policy_common.go,
// networkpolicy.go, globalnetworkpolicy.go, tier.go, networkset.go, globalnetworkset.go,
// hostendpoint.go, profile.go, felixconfig.go), api/pkg/lib/numorstring (port.go, protocol.go),
// api/pkg/defaults/networkpolicy.go.
//
// Invariants (established by the loader):
//  - selectors are kept as the text written (the engine parses them with its selector library;
//    the loader has already checked that they parse); std::nullopt = field absent, which
//    differs from an empty string in Calico's rewrite of EntityRules;
//  - CIDRs are parsed; ports are either a numeric range (first..last, first <= last) or a name;
//  - policy types are defaulted (api/pkg/defaults/networkpolicy.go) for the v3 form; a
//    crd.projectcalico.org/v1 policy without types gets Ingress and Egress, as Felix reads it
//    (felix/calc/policy_sorter.go; see models/loader/calico_policies.h);
//  - every vector is sorted by (namespace, name) and unique per kind.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/ip.h"
#include "models/cluster/labels.h"
#include "models/cluster/protocol.h"
#include "models/cluster/source.h"

namespace netpol {

enum class CalicoAction { Allow, Deny, Log, Pass };

// numorstring.Protocol: a name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite; case as written) or a
// number 1..255.
struct CalicoProtocol {
  std::string name;  // empty when numeric
  int number = 0;    // IANA number (TCP 6, UDP 17, ICMP 1, ICMPv6 58, SCTP 132, UDPLite 136)
  bool operator==(const CalicoProtocol&) const = default;
};

// numorstring.Port: "80", "80:90" (inclusive range) or a port name.
struct CalicoPort {
  int first = 0, last = 0;  // numeric range when name is empty
  std::string name;
  bool operator==(const CalicoPort&) const = default;
};

struct CalicoIcmp {
  std::optional<int> type;
  std::optional<int> code;
  bool operator==(const CalicoIcmp&) const = default;
};

struct CalicoServiceAccountMatch {
  std::vector<std::string> names;
  std::optional<std::string> selector;
  bool operator==(const CalicoServiceAccountMatch&) const = default;
};

struct CalicoServiceMatch {
  std::string name;
  std::string namespace_name;
  bool operator==(const CalicoServiceMatch&) const = default;
};

// v3.EntityRule: every present criterion must match (AND).
struct CalicoEntityRule {
  std::vector<Cidr> nets;
  std::vector<Cidr> not_nets;
  std::optional<std::string> selector;
  std::optional<std::string> not_selector;
  std::optional<std::string> namespace_selector;
  std::vector<CalicoPort> ports;
  std::vector<CalicoPort> not_ports;
  std::optional<CalicoServiceAccountMatch> service_accounts;
  std::optional<CalicoServiceMatch> services;
  bool operator==(const CalicoEntityRule&) const = default;
};

// v3.Rule.
struct CalicoRule {
  CalicoAction action = CalicoAction::Allow;
  std::optional<int> ip_version;  // 4 or 6
  std::optional<CalicoProtocol> protocol;
  std::optional<CalicoProtocol> not_protocol;
  std::optional<CalicoIcmp> icmp;
  std::optional<CalicoIcmp> not_icmp;
  CalicoEntityRule source;
  CalicoEntityRule destination;
  bool has_http = false;  // HTTP match present: ignored at L3/L4 (warned at load)
  SourceLocation location;
  bool operator==(const CalicoRule& o) const {
    return action == o.action && ip_version == o.ip_version && protocol == o.protocol &&
           not_protocol == o.not_protocol && icmp == o.icmp && not_icmp == o.not_icmp &&
           source == o.source && destination == o.destination && has_http == o.has_http;
  }
};

enum class CalicoPolicyKind {
  NetworkPolicy,               // namespaced
  GlobalNetworkPolicy,         // cluster-wide
  StagedNetworkPolicy,         // never enforced
  StagedGlobalNetworkPolicy,   // never enforced
  StagedKubernetesNetworkPolicy,  // never enforced
};

struct CalicoPolicy {
  CalicoPolicyKind kind = CalicoPolicyKind::NetworkPolicy;
  std::string namespace_name;  // empty for global kinds
  std::string name;            // as written (a tier prefix "tier.name" kept as written), except
                               // that the CRD form's "default." prefix of default-tier policies
                               // is dropped (k8s/resources/resources.go determinePolicyName)
  std::string tier = "default";
  std::optional<double> order;  // nil sorts last
  std::string selector;         // "" = all()
  std::string namespace_selector;        // GlobalNetworkPolicy only
  std::string service_account_selector;
  bool ingress_type = false;  // after defaulting
  bool egress_type = false;
  std::vector<CalicoRule> ingress;
  std::vector<CalicoRule> egress;
  bool do_not_track = false;
  bool pre_dnat = false;
  bool apply_on_forward = false;
  bool staged() const {
    return kind == CalicoPolicyKind::StagedNetworkPolicy || kind == CalicoPolicyKind::StagedGlobalNetworkPolicy ||
           kind == CalicoPolicyKind::StagedKubernetesNetworkPolicy;
  }
  bool global() const {
    return kind == CalicoPolicyKind::GlobalNetworkPolicy || kind == CalicoPolicyKind::StagedGlobalNetworkPolicy;
  }
  SourceRef source;
};

struct CalicoTier {
  std::string name;
  std::optional<double> order;  // nil sorts last
  CalicoAction default_action = CalicoAction::Deny;  // Deny or Pass
  SourceRef source;
};

// NetworkSet (namespace_name set) or GlobalNetworkSet (namespace_name empty).
struct CalicoNetworkSet {
  std::string namespace_name;
  std::string name;
  Labels labels;
  std::vector<Cidr> nets;
  SourceRef source;
};

struct CalicoEndpointPort {
  std::string name;
  Protocol protocol = Protocol::TCP;
  int port = 0;
};

struct CalicoHostEndpoint {
  std::string name;
  std::string node;
  std::string interface_name;  // "", "*" or a name
  std::vector<IpAddress> expected_ips;
  std::vector<std::string> profiles;
  std::vector<CalicoEndpointPort> ports;
  Labels labels;
  SourceRef source;
};

struct CalicoProfile {
  std::string name;
  Labels labels_to_apply;
  std::vector<CalicoRule> ingress;
  std::vector<CalicoRule> egress;
  SourceRef source;
};

// A failsafe entry (felix config_params.go ProtoPort): protocol "tcp"/"udp"/"sctp", port, and
// an optional net restricting the remote address.
struct CalicoProtoPort {
  std::string protocol = "tcp";
  int port = 0;
  std::optional<Cidr> net;
  bool operator==(const CalicoProtoPort&) const = default;
};

// The FelixConfiguration fields that change verdicts: one resource as written, or a node's
// merged view (calico_felix_for_node: node-specific over "default").
// std::nullopt = not set by this resource (Felix's built-in default applies); an empty list of
// failsafe ports = none.
struct CalicoFelixConfiguration {
  std::optional<std::string> default_endpoint_to_host_action;  // Drop | Accept | Return
  std::optional<std::vector<CalicoProtoPort>> failsafe_inbound_host_ports;
  std::optional<std::vector<CalicoProtoPort>> failsafe_outbound_host_ports;
  SourceRef source;
  std::string node_name;  // "" for the resource "default"; NODE for "node.NODE"
};

struct CalicoResources {
  std::vector<CalicoPolicy> policies;          // all policy kinds, staged included
  std::vector<CalicoTier> tiers;               // user-declared tiers (built-ins are the engine's)
  std::vector<CalicoNetworkSet> network_sets;  // namespaced and global
  std::vector<CalicoHostEndpoint> host_endpoints;
  std::vector<CalicoProfile> profiles;         // user-declared profiles
  std::optional<CalicoFelixConfiguration> felix;  // the resource "default", as written
  // The per-node resources "node.NODE", as written (not merged), sorted by node_name. Use
  // calico_felix_for_node() for the configuration a node's Felix runs with.
  std::vector<CalicoFelixConfiguration> felix_nodes;

  bool empty() const { return object_count() == 0; }
  // How many Calico objects the input held (each FelixConfiguration counts once).
  std::size_t object_count() const {
    return policies.size() + tiers.size() + network_sets.size() + host_endpoints.size() + profiles.size() +
           (felix ? 1 : 0) + felix_nodes.size();
  }
};

// The configuration Felix on `node` runs with: per field, the value of "node.NODE" when set,
// else the value of "default" (felix/config/config_params.go: DatastorePerHost ranks above
// DatastoreGlobal, field by field). Fields set by neither stay std::nullopt; node_name is
// `node`; source is the node resource's when it exists, else the default's.
CalicoFelixConfiguration calico_felix_for_node(const CalicoResources& resources,
                                               std::string_view node);

// Every CIDR written in Calico resources (rule nets/notNets, set nets, HEP expectedIPs as host
// CIDRs), so the endpoint universe can cut the address space by them too. Also failsafe nets;
// not the rules of staged policies (never enforced). Sorted, unique.
std::vector<Cidr> calico_cidrs(const CalicoResources& resources);

// Every numeric port range (inclusive) written in Calico rules (ports and notPorts) per
// protocol (a rule without a protocol contributes to TCP, UDP and SCTP), so default probes cut
// the port space by them too. Also host endpoint ports (what rule port names resolve to) and
// failsafe ports; not the rules of staged policies. Sorted, unique.
struct CalicoPortRange {
  Protocol protocol = Protocol::TCP;
  int first = 1, last = 65535;
};
std::vector<CalicoPortRange> calico_port_ranges(const CalicoResources& resources);

// Host endpoints that are not represented by a node address (none of their expectedIPs is an
// address of a node): each becomes an endpoint "hep:NAME" of the flow matrix. A host endpoint
// without expectedIPs has no address of its own and is left to its node's endpoint. In
// host-endpoint order (by name); ips sorted.
struct CalicoStandaloneEndpoint {
  std::string id;                 // "hep:NAME"
  std::vector<IpAddress> ips;
  int host_endpoint = -1;         // index into CalicoResources::host_endpoints
  std::string node_name;          // spec.node
};
std::vector<CalicoStandaloneEndpoint> calico_standalone_endpoints(
    const CalicoResources& resources, const std::vector<IpAddress>& node_addresses);

}  // namespace netpol

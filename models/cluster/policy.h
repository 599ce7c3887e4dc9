// networking.k8s.io/v1 NetworkPolicy after API-server defaulting and validation.
//
// Invariants (established by the loader, relied on by every engine):
//  - policy_types is defaulted: Ingress always present unless the manifest listed only Egress;
//    Egress present when listed or when the manifest had egress rules and no policyTypes.
//  - every port's protocol is set (defaults to TCP); end_port only with a numeric port, >= port.
//  - every CIDR parsed; every `except` entry is strictly inside its `cidr`, same family.
//  - empty and missing lists are the same in the API (`from: []` == no `from`), so they are
//    both an empty vector here; a *missing selector* differs from an *empty selector* and is
//    kept as std::nullopt.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/cluster/ip.h"
#include "models/cluster/labels.h"
#include "models/cluster/protocol.h"
#include "models/cluster/source.h"

namespace netpol {

struct IpBlock {
  Cidr cidr;
  std::vector<Cidr> except;
  bool operator==(const IpBlock&) const = default;
};

// One entry of `from` / `to`. Exactly one of: (pod_selector and/or namespace_selector), ip_block.
struct NetworkPolicyPeer {
  std::optional<LabelSelector> pod_selector;
  std::optional<LabelSelector> namespace_selector;
  std::optional<IpBlock> ip_block;
  bool operator==(const NetworkPolicyPeer&) const = default;
};

// One entry of `ports`. With neither number nor name it matches every port of the protocol.
struct NetworkPolicyPort {
  Protocol protocol = Protocol::TCP;
  std::optional<int> port;          // numeric port, 1..65535
  std::optional<std::string> name;  // named port (IANA_SVC_NAME), resolved on the destination pod
  std::optional<int> end_port;      // only with a numeric port
  bool operator==(const NetworkPolicyPort&) const = default;
};

// One ingress or egress rule. Empty peers: every peer. Empty ports: every port and protocol.
struct NetworkPolicyRule {
  std::vector<NetworkPolicyPeer> peers;
  std::vector<NetworkPolicyPort> ports;
  SourceLocation location;  // of the rule, for explain
  bool operator==(const NetworkPolicyRule& o) const { return peers == o.peers && ports == o.ports; }
};

struct NetworkPolicy {
  std::string namespace_name;
  std::string name;
  Labels labels;
  LabelSelector pod_selector;
  bool ingress_type = true;   // "Ingress" in spec.policyTypes (after defaulting)
  bool egress_type = false;   // "Egress" in spec.policyTypes (after defaulting)
  std::vector<NetworkPolicyRule> ingress;
  std::vector<NetworkPolicyRule> egress;
  SourceRef source;

  std::string qualified_name() const { return namespace_name + "/" + name; }
  bool operator==(const NetworkPolicy& o) const {
    return namespace_name == o.namespace_name && name == o.name && labels == o.labels &&
           pod_selector == o.pod_selector && ingress_type == o.ingress_type &&
           egress_type == o.egress_type && ingress == o.ingress && egress == o.egress;
  }
};

}  // namespace netpol

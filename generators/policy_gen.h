// RapidCheck generators of networking.k8s.io/v1 NetworkPolicies, as the loader holds them after
// defaulting and validation (see models/cluster/policy.h for the invariants they keep).
//
// Coverage (every shape the API accepts): peers with podSelector, namespaceSelector, both, or
// ipBlock with except; ports protocol-only, numeric, numeric with endPort, named; empty rule
// lists, empty peer and port lists; policyTypes Ingress, Egress, both (rules of a direction not
// listed in policyTypes are kept: validation accepts them and engines must ignore them).
// Validation rules followed: kubernetes pkg/apis/networking/validation/validation.go
// (ValidateNetworkPolicyPeer: exactly one of selectors / ipBlock; ValidateNetworkPolicyPort:
// endPort only with a numeric port and >= port; ValidateIPBlock: except strictly inside cidr).
#pragma once

#include <string>
#include <vector>

#include <rapidcheck.h>

#include "models/cluster/policy.h"

namespace netpol::generators {

rc::Gen<NetworkPolicyPort> policy_port();
rc::Gen<IpBlock> ip_block();
rc::Gen<NetworkPolicyPeer> policy_peer();
rc::Gen<NetworkPolicyRule> policy_rule();

// A policy named `name` in one of `namespaces` (non-empty).
rc::Gen<NetworkPolicy> network_policy(std::vector<std::string> namespaces, std::string name);

// As network_policy, but with policyTypes fixed: ingress_type/egress_type as given (at least
// one true). Rules are generated for the listed directions only.
rc::Gen<NetworkPolicy> network_policy_of_types(std::vector<std::string> namespaces, std::string name,
                                               bool ingress_type, bool egress_type);

}  // namespace netpol::generators

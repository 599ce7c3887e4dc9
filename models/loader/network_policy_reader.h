// networking.k8s.io/v1 NetworkPolicy: reading, API-server defaulting and validation.
//
// Defaulting follows kubernetes pkg/apis/networking/v1/defaults.go (SetDefaults_NetworkPolicy,
// SetDefaults_NetworkPolicyPort); validation follows pkg/apis/networking/validation/
// validation.go (ValidateNetworkPolicy, ValidateNetworkPolicySpec, ValidateNetworkPolicyPort,
// ValidateNetworkPolicyPeer, ValidateIPBlock). Unknown fields under spec fail as the API
// server's strict field validation does (kubectl's default --validate=strict).
#pragma once

#include "models/cluster/policy.h"
#include "models/loader/yaml_reader.h"

namespace netpol {

// Reads a whole NetworkPolicy document (metadata and spec). Throws InputError.
NetworkPolicy read_network_policy(const Field& root);

// Reads `spec` into `policy` (pod selector, policy types, rules), defaulted and validated.
// Exposed for kinds that embed a Kubernetes NetworkPolicySpec (e.g. Calico's
// StagedKubernetesNetworkPolicy). Throws InputError.
void read_network_policy_spec(const Field& spec, NetworkPolicy& policy);

}  // namespace netpol

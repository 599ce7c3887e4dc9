// An independent check that a generated Cluster is what the API server would accept and the
// loader would produce (models/cluster/cluster.h and policy.h invariants), used to test the
// generators. Rules and sources:
//  - names and label keys/values: apimachinery pkg/util/validation (IsDNS1123Label,
//    IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue);
//  - selectors: apimachinery pkg/apis/meta/v1/validation ValidateLabelSelectorRequirement
//    (In/NotIn need values, Exists/DoesNotExist take none);
//  - policies: kubernetes pkg/apis/networking/validation/validation.go (peer has exactly one
//    of selectors or ipBlock; port 1..65535 or an IANA_SVC_NAME; endPort only with a numeric
//    port and >= it; except a strict subset of cidr; canonical CIDRs on create);
//  - container ports: pkg/apis/core/validation validateContainerPorts (unique names).
#pragma once

#include <string>
#include <vector>

#include "models/cluster/cluster.h"

namespace netpol::laws {

// Every rule the cluster breaks, one message each; empty when valid.
std::vector<std::string> validity_problems(const Cluster& cluster);

}  // namespace netpol::laws

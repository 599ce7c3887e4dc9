// Small random clusters for the agreement and law tests: a few namespaces, two nodes, pods with
// labels from a small vocabulary (so selectors hit), hostNetwork and address-less pods, optional
// dual stack, named container ports, and policies with every kind of peer and port.
// Deterministic: the same seed gives the same cluster.
#pragma once

#include <cstdint>

#include "models/cluster/cluster.h"

namespace netpol::testing {

struct RandomClusterOptions {
  bool dual_stack = false;
  int pods = 8;
  int policies = 5;
};

Cluster random_cluster(std::uint32_t seed, const RandomClusterOptions& options = {});

// One random policy in namespace `ns` (name `name`), drawn like random_cluster's.
NetworkPolicy random_policy(std::uint32_t seed, const std::string& ns, const std::string& name, bool dual_stack);

}  // namespace netpol::testing

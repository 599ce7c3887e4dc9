// A compact, deterministic text form of a Cluster, for RapidCheck counterexamples: when a
// property fails, the shrunk cluster is printed through showValue() so that it can be read and
// turned into a corpus case.
#pragma once

#include <ostream>
#include <string>

#include "models/cluster/cluster.h"

namespace netpol {

// One line per namespace, node, pod and policy (rules inline), in cluster order.
std::string describe_cluster(const Cluster& cluster);
std::string describe_policy(const NetworkPolicy& policy);

// Found by RapidCheck through argument-dependent lookup (rapidcheck/Show.h).
void showValue(const Cluster& cluster, std::ostream& os);
void showValue(const NetworkPolicy& policy, std::ostream& os);

}  // namespace netpol

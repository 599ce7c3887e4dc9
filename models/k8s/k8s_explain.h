// One flow of the `k8s` engine decided step by step, per flow, from k8s_rules.h and
// k8s_decisions.h (no bitsets): which exemption, policy and rule decided each direction.
#pragma once

#include "models/cluster/cluster.h"
#include "models/cluster/universe.h"
#include "models/cluster/verdict.h"

namespace netpol::k8s {

// The verdict of `flow` with its steps, in order: liveness, address family, self, node-local,
// then per shared family the egress decision at the source and the ingress decision at the
// destination. Agrees with compute_matrix on the verdict of every flow.
Explanation explain_flow(const Cluster& cluster, const Universe& universe, const Flow& flow);

}  // namespace netpol::k8s

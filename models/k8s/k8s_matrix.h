// The whole flow matrix of the `k8s` engine from a compiled cluster, with bitsets: per probe and
// address family, one row of allowed sources per ingress-isolated destination and one row of
// allowed destinations per egress-isolated source, then egress AND transposed ingress.
// Cost per probe: O(sum over rules of |targets| * words) + O(n^2 / 64); no per-flow policy scan.
#pragma once

#include "models/cluster/verdict.h"
#include "models/k8s/k8s_compiled.h"

namespace netpol::k8s {

// Every flow of the universe (all ordered pairs, self-pairs included, every probe). Agrees with
// explain_flow (k8s_explain.h) on every flow.
VerdictMatrix compute_matrix(const CompiledCluster& compiled);

}  // namespace netpol::k8s

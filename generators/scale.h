// A deterministic generator of large, realistic clusters for benchmarks (bench/) and for
// differential runs at scale. Not RapidCheck: a std::mt19937_64 seeded from the spec, so the
// same spec gives the same cluster on every machine and run.
//
// What "realistic" means here (the shapes seen in AKS workshop and e2e manifests):
//  - namespaces carry team/env labels (and kubernetes.io/metadata.name); one of them is the
//    shared "infra" namespace (ingress controller, DNS) that others allow traffic from/to;
//  - pods carry app/tier/env/version labels and named container ports per tier
//    (http/metrics on frontends, grpc/http/metrics on backends, db/metrics on data pods);
//  - policies mix: default-deny per direction, allow-from-tier within a namespace, allow from
//    the ingress controller across namespaces (podSelector AND namespaceSelector), egress to DNS,
//    egress to the Internet via ipBlock with except, ingress from an office CIDR, port ranges
//    with endPort, named ports, matchExpressions with every operator.
//
// Invariants of the result: those of models/cluster/cluster.h (sorted, unique, namespaces
// labelled, pods on existing nodes with one IPv4 address each); exactly spec.namespaces
// namespaces, spec.pods pods and spec.policies policies; every object valid per API-server
// validation.
#pragma once

#include <cstdint>

#include "models/cluster/cluster.h"

namespace netpol::generators {

// Calico resources to add at scale (issue 4: 200 GlobalNetworkPolicies, 50 GlobalNetworkSets,
// one HostEndpoint per node). EXTENSION POINT, owned by the Calico work: the types live in
// models/cluster/calico_resources.h and add_scale_calico_resources() in
// generators/scale_calico.cpp fills cluster.calico, drawing from its own random stream (seeded
// from spec.seed) so the Kubernetes part of the cluster is the same with or without them.
struct CalicoScaleSpec {
  int global_network_policies = 0;
  int global_network_sets = 0;
  bool host_endpoint_per_node = false;

  bool empty() const { return global_network_policies == 0 && global_network_sets == 0 && !host_endpoint_per_node; }
};

struct ScaleSpec {
  int namespaces = 20;
  int pods = 1000;
  int policies = 200;
  int nodes = 0;  // 0: one node per 50 pods (at least one), as AKS node pools run ~30-110 pods/node
  std::uint64_t seed = 1;
  CalicoScaleSpec calico;
};

// The cluster described above. Throws std::invalid_argument for a spec it cannot honour
// (namespaces < 1, pods < 0, policies < 0, nodes < 0, more than 64,000 pods or nodes: the
// address plan gives 250 addresses per /24 of 10.244.0.0/16 and 10.240.0.0/16).
Cluster make_scale_cluster(const ScaleSpec& spec);

// The Calico extension point (see CalicoScaleSpec): appends to cluster.calico; does nothing
// when spec.calico is empty.
void add_scale_calico_resources(Cluster& cluster, const ScaleSpec& spec);

}  // namespace netpol::generators

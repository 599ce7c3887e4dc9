// RapidCheck generators of small, valid clusters, and of policies to add to a given cluster.
//
// A generated Cluster keeps every invariant of models/cluster/cluster.h as the loader's
// finalize step would establish it: vectors sorted by (namespace, name) and unique; every
// namespace labelled kubernetes.io/metadata.name; every pod on an existing node, Running, with
// one IPv4 address; no hostNetwork pods. Sizes: 1-3 namespaces (named from "x", "y", "z"),
// 1-2 nodes, 1-6 pods, 0-4 policies. Pod i (in cluster order) has address 10.244.0.(i+1) and
// node i has 10.240.0.(i+1), so the vocabulary's ipBlocks cut the pods (see vocabulary.h).
// Addresses are written as if the manifest carried status.podIP (ips_assigned = false), so a
// manifest written from the cluster loads back to the same addresses.
//
// Shrinking: everything is built with rc combinators; counts shrink towards the minimum, labels
// towards absent, selectors towards empty, choices towards the first alternative.
#pragma once

#include <string>
#include <vector>

#include <rapidcheck.h>

#include "models/cluster/cluster.h"

namespace netpol::generators {

// A small valid cluster (see above).
rc::Gen<Cluster> small_cluster();

// Names of the cluster's namespaces, in cluster order.
std::vector<std::string> namespace_names(const Cluster& cluster);

// A valid policy for `cluster`: in one of its namespaces, named `name` (the caller keeps it
// unique within that namespace).
rc::Gen<NetworkPolicy> policy_for(const Cluster& cluster, std::string name);

// A valid policy for `cluster` that selects no pod of it, by one of three constructions: its
// podSelector also requires the unused key to exist; its podSelector requires app=nobody; or
// it lives in a namespace without pods (when there is one). Its rules are arbitrary.
rc::Gen<NetworkPolicy> policy_selecting_nothing(const Cluster& cluster, std::string name);

// Inserts `policy` keeping the cluster's sort invariant. The caller keeps names unique.
void add_policy(Cluster& cluster, NetworkPolicy policy);

// Sorts namespaces, nodes, pods and policies by (namespace, name), the cluster invariant.
void sort_cluster(Cluster& cluster);

}  // namespace netpol::generators

// The loader's last step: turns the objects read from every document into a Cluster that
// holds the invariants of models/cluster/cluster.h.
#pragma once

#include "models/cluster/cluster.h"
#include "models/cluster/source.h"
#include "models/loader/loader.h"

namespace netpol {

// In order:
//  1. sorts namespaces, nodes, pods and policies by (namespace, name); two objects with the
//     same identity throw InputError naming both places;
//  2. creates namespaces that pods or policies use but no document declared (declared=false,
//     default label set, one warning each);
//  3. places pods without spec.nodeName on options.default_node, except pods whose
//     status.phase is Pending (left unscheduled: no node, no address); creates nodes that
//     pods name but no Node document declared (a warning for those named by spec.nodeName);
//  4. gives nodes without an address one from options.node_cidr, in name order;
//  5. gives hostNetwork pods their node's addresses (warning when status said otherwise);
//  6. gives other scheduled, not terminated (Succeeded/Failed) pods without status IPs one
//     address from options.pod_cidr, in (namespace, name) order.
//  Assigned addresses skip the block's network address (and IPv4 broadcast address) and every
//  address the input already uses; they depend only on the sorted objects, never on document
//  order. Throws InputError when a block runs out of addresses.
//  7. calls finalize_calico (models/loader/calico_kinds.h).
void finalize_cluster(Cluster& cluster, const LoadOptions& options, Diagnostics& warnings);

}  // namespace netpol

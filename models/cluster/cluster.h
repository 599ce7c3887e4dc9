// The cluster: namespaces, nodes, pods, Kubernetes NetworkPolicies and Calico resources, as the
// API server would hold them after defaulting and validation.
//
// Invariants (established by the loader's finalize step):
//  - namespaces, nodes, pods and policies are sorted by (namespace, name) and unique, so that
//    document order never changes anything downstream;
//  - every pod's namespace exists (undeclared ones are created with a warning);
//  - every namespace carries `kubernetes.io/metadata.name: <name>` (API server defaulting);
//  - every scheduled pod's node exists; every node has at least one address;
//  - a hostNetwork pod's ips are its node's addresses; other pods have at least one IP unless
//    they are not running (phase Succeeded/Failed) or unscheduled.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/cluster/calico_resources.h"
#include "models/cluster/ip.h"
#include "models/cluster/labels.h"
#include "models/cluster/policy.h"
#include "models/cluster/protocol.h"
#include "models/cluster/source.h"

namespace netpol {

struct Namespace {
  std::string name;
  Labels labels;
  bool declared = true;  // false when created because something referenced it
  SourceRef source;
};

struct Node {
  std::string name;
  Labels labels;
  std::vector<IpAddress> addresses;  // InternalIP first; assigned when the manifest had none
  std::optional<Cidr> pod_cidr;      // spec.podCIDR when given
  SourceRef source;
};

struct ContainerPort {
  std::string name;  // empty when unnamed
  int port = 0;      // containerPort
  Protocol protocol = Protocol::TCP;
  bool init_container = false;  // declared on an initContainer (Calico counts these too)
  bool operator==(const ContainerPort&) const = default;
};

enum class PodPhase { Pending, Running, Succeeded, Failed, Unknown };

struct Pod {
  std::string namespace_name;
  std::string name;
  Labels labels;
  std::vector<IpAddress> ips;        // status.podIPs (first = status.podIP), or assigned
  bool ips_assigned = false;         // true when netpol-diff chose the addresses
  std::string node_name;             // spec.nodeName, or the default node; empty = unscheduled
  bool host_network = false;
  std::string service_account = "default";
  PodPhase phase = PodPhase::Running;
  std::vector<ContainerPort> ports;
  std::string owner_kind;            // "Deployment", ... when the pod stands for a workload
  SourceRef source;

  std::string qualified_name() const { return namespace_name + "/" + name; }
};

struct Cluster {
  std::vector<Namespace> namespaces;
  std::vector<Node> nodes;
  std::vector<Pod> pods;
  std::vector<NetworkPolicy> policies;
  CalicoResources calico;  // empty unless the input has Calico kinds

  // Index lookups (linear; the engines build their own indexes).
  const Namespace* find_namespace(std::string_view name) const;
  const Node* find_node(std::string_view name) const;
  const Pod* find_pod(std::string_view ns, std::string_view name) const;
};

}  // namespace netpol

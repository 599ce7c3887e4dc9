// What Calico knows about the cluster's endpoints: workload endpoints converted from pods,
// host endpoints (declared, and optionally kube-controllers' automatic ones), and profiles.
//
// Sources (projectcalico/calico):
//  - libcalico-go/lib/backend/k8s/conversion/workload_endpoint_default.go
//    (podToDefaultWorkloadEndpoint, appendEndpointPorts): labels = pod labels, then
//    projectcalico.org/namespace, projectcalico.org/orchestrator=k8s and (when the name is
//    shorter than 63 characters) projectcalico.org/serviceaccount overwrite; profiles
//    [kns.<ns>, ksa.<ns>.<sa>]; named ports from containers then initContainers with a
//    non-zero containerPort and a name (or a hostPort), protocols TCP/UDP/SCTP.
//  - conversion.go IsValidCalicoWorkloadEndpoint: host-network and unscheduled pods are not
//    workload endpoints; IsFinished: Succeeded/Failed pods keep their endpoint but no IPs.
//  - conversion.go NamespaceToProfile / ServiceAccountToProfile: kns.<ns> allows everything both
//    ways and applies pcns.<k>=<v> plus pcns.projectcalico.org/name=<ns>; ksa.<ns>.<sa> has no
//    rules and applies pcsa.projectcalico.org/name=<sa> (we have no ServiceAccount objects, so
//    no other pcsa. labels).
//  - felix/labelindex/label_inheritance_index.go itemData.GetHandle: an endpoint's own labels
//    hide its profiles' labels; among profiles the first one listing a label wins.
//  - kube-controllers/pkg/controllers/node/hostendpoints.go generateAutoHostEndpoint (docs:
//    reference/host-endpoints/overview, "automatic
//    host endpoints"): "<node>-auto-hep", interfaceName "*", the node's labels plus
//    projectcalico.org/created-by=calico-kube-controllers, expectedIPs =
//    node addresses, profile projectcalico-default-allow (allow all both ways).
//
// Invariants: workloads come first (in cluster pod order), then host endpoints (declared in
// resource order, then automatic ones in node order). An endpoint's labels and profiles live in
// the world, once per distinct value (most pods share both with others); its LabelLayers read
// as its effective labels, inherited profile labels included.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "models/cluster/cluster.h"

namespace netpol::calico {

struct ProfileDef {
  std::string name;
  Labels labels_to_apply;
  std::vector<CalicoRule> ingress;
  std::vector<CalicoRule> egress;
  std::string citation;
};

// An endpoint's effective labels, read through its layers instead of merged into one map (as
// felix/labelindex/label_inheritance_index.go does): first the labels Calico sets on the
// endpoint itself (`set`, e.g. projectcalico.org/namespace), then the endpoint's own labels,
// then each profile's labelsToApply in profile order; the first layer holding a key answers.
// Invariant: every pointer outlives the world (cluster objects, the world's profiles, or
// static strings).
struct LabelLayers {
  std::vector<std::pair<const std::string*, const std::string*>> set;  // (key, value)
  const Labels* own = nullptr;
  std::vector<const Labels*> inherited;

  // The value of `key`, or nullptr when no layer has it.
  const std::string* find(const std::string& key) const;
  // All layers merged into one map (for tests and explanations).
  Labels merged() const;
};

enum class CalicoEndpointKind { Workload, Host };

struct CalicoEndpoint {
  CalicoEndpointKind kind = CalicoEndpointKind::Workload;
  // Host endpoints only: the HEP's name and node. A workload's come from its pod (`pod`), read
  // only when explaining, so they are not copied per endpoint.
  std::string name;
  std::string node;
  // The cluster's own list (the pod's IPs, the HEP's expectedIPs, the node's addresses): the
  // world never copies addresses. Empty for a Succeeded or Failed pod.
  std::span<const IpAddress> ips;
  int label_set = -1;     // index into CalicoWorld::label_sets: effective labels
  int profile_list = -1;  // index into CalicoWorld::profile_lists: profile names, in order
  // Named ports: a host endpoint's are the cluster's list; a workload's live in
  // CalicoWorld::workload_ports.
  std::span<const CalicoEndpointPort> ports;
  std::string interface_name;  // host endpoints: "", "*" or a name
  int pod = -1;                // index into Cluster::pods (workloads)
  int host_endpoint = -1;      // index into CalicoResources::host_endpoints (-1 for auto HEPs)

  bool is_workload() const { return kind == CalicoEndpointKind::Workload; }
};

struct CalicoWorld {
  // Movable, not copyable: workload endpoints view workload_ports, which a copy would not carry.
  CalicoWorld() = default;
  CalicoWorld(CalicoWorld&&) = default;
  CalicoWorld& operator=(CalicoWorld&&) = default;
  CalicoWorld(const CalicoWorld&) = delete;
  CalicoWorld& operator=(const CalicoWorld&) = delete;

  std::vector<CalicoEndpoint> endpoints;
  std::map<std::string, ProfileDef> profiles;  // by name
  std::vector<int> workload_of_pod;            // Cluster::pods index -> endpoints index or -1
  std::vector<CalicoEndpointPort> workload_ports;  // every workload's named ports, endpoint by endpoint
  std::size_t workloads = 0;                   // endpoints[0, workloads) are the workloads
  // Shared by the endpoints that have them. Workloads alike in namespace, service account and
  // pod labels share one entry of each; host endpoints get their own.
  std::vector<LabelLayers> label_sets;
  std::vector<std::vector<std::string>> profile_lists;

  const LabelLayers& labels(const CalicoEndpoint& e) const { return label_sets[static_cast<std::size_t>(e.label_set)]; }
  const std::vector<std::string>& profiles_of(const CalicoEndpoint& e) const {
    return profile_lists[static_cast<std::size_t>(e.profile_list)];
  }
};

// The profile that Calico ships and auto host endpoints use (allow everything).
inline constexpr const char* kDefaultAllowProfile = "projectcalico-default-allow";

CalicoWorld build_calico_world(const Cluster& cluster, bool auto_host_endpoints);

// "workload ns/pod" or "host endpoint NAME", for explanations.
std::string describe_endpoint(const Cluster& cluster, const CalicoEndpoint& e);

// Label layers over `own` (with `set` on top) inheriting the labelsToApply of `profiles` that
// exist in `defs`, first profile first.
LabelLayers layered_labels(std::vector<std::pair<const std::string*, const std::string*>> set, const Labels& own,
                           const std::vector<std::string>& profiles, const std::map<std::string, ProfileDef>& defs);

// Keys of the labels Calico sets on endpoints and network sets.
extern const std::string kNamespaceLabel;       // projectcalico.org/namespace
extern const std::string kOrchestratorLabel;    // projectcalico.org/orchestrator
extern const std::string kServiceAccountLabel;  // projectcalico.org/serviceaccount

}  // namespace netpol::calico

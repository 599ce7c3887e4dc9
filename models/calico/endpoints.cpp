#include "models/calico/endpoints.h"

namespace netpol::calico {
namespace {

const char* kConversion = "projectcalico/calico libcalico-go/lib/backend/k8s/conversion/conversion.go";

CalicoRule allow_all() {
  CalicoRule r;
  r.action = CalicoAction::Allow;
  return r;
}

void add_namespace_profile(const Namespace& ns, std::map<std::string, ProfileDef>& defs) {
  ProfileDef p;
  p.name = "kns." + ns.name;
  for (const auto& [k, v] : ns.labels) p.labels_to_apply["pcns." + k] = v;
  p.labels_to_apply["pcns.projectcalico.org/name"] = ns.name;
  p.ingress.push_back(allow_all());
  p.egress.push_back(allow_all());
  p.citation = std::string(kConversion) + " NamespaceToProfile";
  defs[p.name] = std::move(p);
}

void add_service_account_profile(const std::string& ns, const std::string& sa, std::map<std::string, ProfileDef>& defs) {
  ProfileDef p;
  p.name = "ksa." + ns + "." + sa;
  if (defs.count(p.name)) return;
  p.labels_to_apply["pcsa.projectcalico.org/name"] = sa;
  p.citation = std::string(kConversion) + " ServiceAccountToProfile";
  defs[p.name] = std::move(p);
}

}  // namespace

Labels effective_labels(const Labels& own, const std::vector<std::string>& profiles,
                        const std::map<std::string, ProfileDef>& defs) {
  Labels out = own;
  for (const std::string& name : profiles) {
    auto it = defs.find(name);
    if (it == defs.end()) continue;
    for (const auto& [k, v] : it->second.labels_to_apply) out.try_emplace(k, v);  // keeps earlier; no node built when present
  }
  return out;
}

CalicoWorld build_calico_world(const Cluster& cluster, bool auto_host_endpoints) {
  CalicoWorld world;
  auto& defs = world.profiles;
  {
    ProfileDef allow;
    allow.name = kDefaultAllowProfile;
    allow.ingress.push_back(allow_all());
    allow.egress.push_back(allow_all());
    allow.citation = "docs.tigera.io/calico/latest/reference/host-endpoints/overview (projectcalico-default-allow)";
    defs[allow.name] = std::move(allow);
  }
  for (const Namespace& ns : cluster.namespaces) add_namespace_profile(ns, defs);
  // User-declared profiles come after the generated ones and do not replace them.
  for (const CalicoProfile& up : cluster.calico.profiles) {
    if (defs.count(up.name)) continue;
    ProfileDef p;
    p.name = up.name;
    p.labels_to_apply = up.labels_to_apply;
    p.ingress = up.ingress;
    p.egress = up.egress;
    p.citation = up.source.describe();
    defs[p.name] = std::move(p);
  }

  world.workload_of_pod.assign(cluster.pods.size(), -1);
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    const Pod& pod = cluster.pods[i];
    // IsValidCalicoWorkloadEndpoint: host-networked or unscheduled pods are not endpoints.
    if (pod.host_network || pod.node_name.empty()) continue;
    CalicoEndpoint e;
    e.kind = CalicoEndpointKind::Workload;
    e.name = pod.qualified_name();
    e.node = pod.node_name;
    e.namespace_name = pod.namespace_name;
    e.pod = static_cast<int>(i);
    // IsFinished: the IPs of a Succeeded/Failed pod are released.
    if (pod.phase != PodPhase::Succeeded && pod.phase != PodPhase::Failed) e.ips = pod.ips;
    e.profiles.push_back("kns." + pod.namespace_name);
    if (!pod.service_account.empty()) {
      e.profiles.push_back("ksa." + pod.namespace_name + "." + pod.service_account);
      add_service_account_profile(pod.namespace_name, pod.service_account, defs);
    }
    Labels own = pod.labels;
    own["projectcalico.org/namespace"] = pod.namespace_name;
    own["projectcalico.org/orchestrator"] = "k8s";
    if (!pod.service_account.empty() && pod.service_account.size() < 63)
      own["projectcalico.org/serviceaccount"] = pod.service_account;
    // appendEndpointPorts: containers first, then init containers; a port needs a non-zero
    // number and a name (our input has no hostPort).
    for (bool init : {false, true})
      for (const ContainerPort& cp : pod.ports)
        if (cp.init_container == init && cp.port != 0 && !cp.name.empty())
          e.ports.push_back(CalicoEndpointPort{cp.name, cp.protocol, cp.port});
    e.labels = std::move(own);
    world.workload_of_pod[i] = static_cast<int>(world.endpoints.size());
    world.endpoints.push_back(std::move(e));
  }
  for (auto& e : world.endpoints) e.labels = effective_labels(e.labels, e.profiles, defs);

  const auto& heps = cluster.calico.host_endpoints;
  for (std::size_t i = 0; i < heps.size(); ++i) {
    const CalicoHostEndpoint& h = heps[i];
    CalicoEndpoint e;
    e.kind = CalicoEndpointKind::Host;
    e.name = h.name;
    e.node = h.node;
    e.ips = h.expected_ips;
    e.profiles = h.profiles;
    e.ports = h.ports;
    e.interface_name = h.interface_name;
    e.host_endpoint = static_cast<int>(i);
    e.labels = effective_labels(h.labels, h.profiles, defs);
    world.endpoints.push_back(std::move(e));
  }
  if (auto_host_endpoints) {
    for (const Node& node : cluster.nodes) {
      CalicoEndpoint e;
      e.kind = CalicoEndpointKind::Host;
      e.name = node.name + "-auto-hep";
      e.node = node.name;
      e.ips = node.addresses;
      e.profiles = {kDefaultAllowProfile};
      e.interface_name = "*";
      Labels own = node.labels;
      // generateAutoHostEndpoint marks what it created.
      own["projectcalico.org/created-by"] = "calico-kube-controllers";
      e.labels = effective_labels(own, e.profiles, defs);
      world.endpoints.push_back(std::move(e));
    }
  }
  return world;
}

}  // namespace netpol::calico

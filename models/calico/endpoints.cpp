#include "models/calico/endpoints.h"

#include <cstdint>
#include <string_view>
#include <tuple>
#include <unordered_map>

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

// `name` is "ksa.<ns>.<sa>"; made once per service account.
void add_service_account_profile(const std::string& name, const std::string& sa, std::map<std::string, ProfileDef>& defs) {
  if (defs.count(name)) return;
  ProfileDef p;
  p.name = name;
  p.labels_to_apply["pcsa.projectcalico.org/name"] = sa;
  p.citation = std::string(kConversion) + " ServiceAccountToProfile";
  defs[p.name] = std::move(p);
}

// Hash of what a workload's labels and profiles are made of (namespace, service account, pod
// labels), to find an earlier pod alike: FNV-1a over every byte, with a separator after each
// string (so that "ab","c" and "a","bc" differ). Cheap for the short strings labels are.
std::size_t workload_key_hash(const Pod& pod) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto add = [&](const std::string& text) {
    for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    h = (h ^ 0xffu) * 0x100000001b3ULL;
  };
  add(pod.namespace_name);
  add(pod.service_account);
  for (const auto& [k, v] : pod.labels) {
    add(k);
    add(v);
  }
  return static_cast<std::size_t>(h);
}

void add_own_entries(CalicoWorld& world, CalicoEndpoint& e, LabelLayers labels, std::vector<std::string> profiles) {
  e.label_set = static_cast<int>(world.label_sets.size());
  world.label_sets.push_back(std::move(labels));
  e.profile_list = static_cast<int>(world.profile_lists.size());
  world.profile_lists.push_back(std::move(profiles));
}

}  // namespace

const std::string kNamespaceLabel = "projectcalico.org/namespace";
const std::string kOrchestratorLabel = "projectcalico.org/orchestrator";
const std::string kServiceAccountLabel = "projectcalico.org/serviceaccount";

const std::string* LabelLayers::find(const std::string& key) const {
  for (const auto& [k, v] : set)
    if (*k == key) return v;
  if (own) {
    auto it = own->find(key);
    if (it != own->end()) return &it->second;
  }
  for (const Labels* layer : inherited) {
    auto it = layer->find(key);
    if (it != layer->end()) return &it->second;
  }
  return nullptr;
}

Labels LabelLayers::merged() const {
  Labels out;
  for (const auto& [k, v] : set) out.try_emplace(*k, *v);  // keeps the first: upper layers win
  if (own) out.insert(own->begin(), own->end());
  for (const Labels* layer : inherited) out.insert(layer->begin(), layer->end());
  return out;
}

LabelLayers layered_labels(std::vector<std::pair<const std::string*, const std::string*>> set, const Labels& own,
                           const std::vector<std::string>& profiles, const std::map<std::string, ProfileDef>& defs) {
  LabelLayers out;
  out.set = std::move(set);
  out.own = &own;
  for (const std::string& name : profiles) {
    auto it = defs.find(name);
    if (it != defs.end() && !it->second.labels_to_apply.empty()) out.inherited.push_back(&it->second.labels_to_apply);
  }
  return out;
}

std::string describe_endpoint(const Cluster& cluster, const CalicoEndpoint& e) {
  if (e.is_workload()) return "workload " + cluster.pods[static_cast<std::size_t>(e.pod)].qualified_name();
  return "host endpoint " + e.name;
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
  world.endpoints.reserve(cluster.pods.size() + cluster.calico.host_endpoints.size() +
                          (auto_host_endpoints ? cluster.nodes.size() : 0));
  // Pods alike in namespace, service account and labels get the same labels and profiles, so
  // those are built once per distinct triple: the pod that got them first, found by its triple,
  // with its (label set, profile list).
  const auto& pods = cluster.pods;
  auto hash = [&](std::size_t i) { return workload_key_hash(pods[i]); };
  auto alike = [&](std::size_t a, std::size_t b) {
    return pods[a].namespace_name == pods[b].namespace_name && pods[a].service_account == pods[b].service_account &&
           pods[a].labels == pods[b].labels;
  };
  std::unordered_map<std::size_t, std::pair<int, int>, decltype(hash), decltype(alike)> entries_of(
      pods.size(), hash, alike);
  std::vector<std::pair<std::size_t, std::size_t>> port_ranges;  // per workload: (first, count) in workload_ports
  port_ranges.reserve(pods.size());
  std::size_t port_count = 0;  // an upper bound: every container port of every pod
  for (const Pod& pod : pods) port_count += pod.ports.size();
  world.workload_ports.reserve(port_count);
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    const Pod& pod = cluster.pods[i];
    // IsValidCalicoWorkloadEndpoint: host-networked or unscheduled pods are not endpoints.
    if (pod.host_network || pod.node_name.empty()) continue;
    CalicoEndpoint e;
    e.kind = CalicoEndpointKind::Workload;
    e.pod = static_cast<int>(i);
    // IsFinished: the IPs of a Succeeded/Failed pod are released.
    if (pod.phase != PodPhase::Succeeded && pod.phase != PodPhase::Failed) e.ips = pod.ips;
    if (auto [entries, fresh] = entries_of.try_emplace(i); !fresh) {
      std::tie(e.label_set, e.profile_list) = entries->second;  // an earlier pod alike
    } else {
      std::vector<std::string> profiles;
      profiles.reserve(2);
      profiles.push_back("kns." + pod.namespace_name);
      if (!pod.service_account.empty()) {
        profiles.push_back("ksa." + pod.namespace_name + "." + pod.service_account);
        add_service_account_profile(profiles.back(), pod.service_account, defs);
      }
      static const std::string kK8s = "k8s";
      std::vector<std::pair<const std::string*, const std::string*>> set{{&kNamespaceLabel, &pod.namespace_name},
                                                                           {&kOrchestratorLabel, &kK8s}};
      if (!pod.service_account.empty() && pod.service_account.size() < 63)
        set.emplace_back(&kServiceAccountLabel, &pod.service_account);
      // Profile layers are added below, once every service-account profile exists.
      add_own_entries(world, e, LabelLayers{std::move(set), &pod.labels, {}}, std::move(profiles));
      entries->second = {e.label_set, e.profile_list};
    }
    // appendEndpointPorts: containers first, then init containers; a port needs a non-zero
    // number and a name (our input has no hostPort).
    // Kept in one list for all workloads; each endpoint's span is set once the list is whole.
    const std::size_t first_port = world.workload_ports.size();
    for (bool init : {false, true})
      for (const ContainerPort& cp : pod.ports)
        if (cp.init_container == init && cp.port != 0 && !cp.name.empty())
          world.workload_ports.emplace_back(CalicoEndpointPort{cp.name, cp.protocol, cp.port});
    port_ranges.emplace_back(first_port, world.workload_ports.size() - first_port);
    world.workload_of_pod[i] = static_cast<int>(world.endpoints.size());
    world.endpoints.push_back(std::move(e));
  }
  for (std::size_t k = 0; k < port_ranges.size(); ++k)
    world.endpoints[k].ports = std::span<const CalicoEndpointPort>(world.workload_ports).subspan(port_ranges[k].first, port_ranges[k].second);
  // Workload label sets and profile lists pair up one to one, in creation order. The profiles
  // they name all exist by now (service-account profiles are added as pods are read).
  for (std::size_t k = 0; k < world.label_sets.size(); ++k) {
    LabelLayers& layers = world.label_sets[k];
    layers = layered_labels(std::move(layers.set), *layers.own, world.profile_lists[k], defs);
  }

  world.workloads = world.endpoints.size();
  const auto& heps = cluster.calico.host_endpoints;
  for (std::size_t i = 0; i < heps.size(); ++i) {
    const CalicoHostEndpoint& h = heps[i];
    CalicoEndpoint e;
    e.kind = CalicoEndpointKind::Host;
    e.name = h.name;
    e.node = h.node;
    e.ips = h.expected_ips;
    e.ports = h.ports;
    e.interface_name = h.interface_name;
    e.host_endpoint = static_cast<int>(i);
    add_own_entries(world, e, layered_labels({}, h.labels, h.profiles, defs), h.profiles);
    world.endpoints.push_back(std::move(e));
  }
  if (auto_host_endpoints) {
    for (const Node& node : cluster.nodes) {
      CalicoEndpoint e;
      e.kind = CalicoEndpointKind::Host;
      e.name = node.name + "-auto-hep";
      e.node = node.name;
      e.ips = node.addresses;
      e.interface_name = "*";
      // generateAutoHostEndpoint marks what it created.
      static const std::string kCreatedBy = "projectcalico.org/created-by";
      static const std::string kKubeControllers = "calico-kube-controllers";
      const std::vector<std::string> profiles{kDefaultAllowProfile};
      add_own_entries(world, e, layered_labels({{&kCreatedBy, &kKubeControllers}}, node.labels, profiles, defs), profiles);
      world.endpoints.push_back(std::move(e));
    }
  }
  return world;
}

}  // namespace netpol::calico

#include "models/loader/calico_kinds.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "models/loader/calico_objects.h"
#include "models/loader/calico_policies.h"
#include "models/loader/calico_validation.h"

namespace netpol {
namespace {

// Tiers that exist without a Tier document: "default" always; "kube-admin" and
// "kube-baseline" from v3.32 (libcalico-go/lib/names/policy.go ProtectedTierNames);
// "adminnetworkpolicy" / "baselineadminnetworkpolicy" in v3.29-v3.31 (same file at v3.31.0).
// The loader does not know the modelled version, so any of them is accepted here.
constexpr std::string_view kBuiltInTiers[] = {"default", "kube-admin", "kube-baseline", "adminnetworkpolicy",
                                              "baselineadminnetworkpolicy"};

std::string_view policy_kind_name(CalicoPolicyKind kind) {
  switch (kind) {
    case CalicoPolicyKind::NetworkPolicy: return "NetworkPolicy";
    case CalicoPolicyKind::GlobalNetworkPolicy: return "GlobalNetworkPolicy";
    case CalicoPolicyKind::StagedNetworkPolicy: return "StagedNetworkPolicy";
    case CalicoPolicyKind::StagedGlobalNetworkPolicy: return "StagedGlobalNetworkPolicy";
    case CalicoPolicyKind::StagedKubernetesNetworkPolicy: return "StagedKubernetesNetworkPolicy";
  }
  return "";
}

[[noreturn]] void duplicate(const SourceRef& second, const SourceRef& first) {
  throw InputError(second.location, "metadata.name",
                   fmt::format("duplicate {} {} (first defined at {})", second.kind, second.name,
                               first.location.to_string()));
}

// Sorts by `key` and throws on the first two elements with equal keys.
template <typename T, typename Key>
void sort_unique(std::vector<T>& items, Key key) {
  std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
  for (std::size_t i = 1; i < items.size(); ++i) {
    if (key(items[i - 1]) == key(items[i])) duplicate(items[i].source, items[i - 1].source);
  }
}

}  // namespace

bool load_calico_document(const Field& root, std::string_view api_version, std::string_view kind,
                          Cluster& cluster) {
  CalicoForm form;
  if (api_version == "projectcalico.org/v3") form = CalicoForm::V3;
  else if (api_version == "crd.projectcalico.org/v1") form = CalicoForm::Crd;
  else return false;

  CalicoResources& out = cluster.calico;
  auto policy = [&](CalicoPolicyKind k) {
    reject_unknown_calico_fields(root, {"apiVersion", "kind", "metadata", "spec", "status"});
    load_calico_policy(root, form, k, kind, out);
    return true;
  };
  if (kind == "NetworkPolicy") return policy(CalicoPolicyKind::NetworkPolicy);
  if (kind == "GlobalNetworkPolicy") return policy(CalicoPolicyKind::GlobalNetworkPolicy);
  if (kind == "StagedNetworkPolicy") return policy(CalicoPolicyKind::StagedNetworkPolicy);
  if (kind == "StagedGlobalNetworkPolicy") return policy(CalicoPolicyKind::StagedGlobalNetworkPolicy);
  if (kind == "StagedKubernetesNetworkPolicy") return policy(CalicoPolicyKind::StagedKubernetesNetworkPolicy);

  // Profiles have no CRD (libcalico-go/config/crd has none: in the Kubernetes datastore they
  // are derived from namespaces and service accounts), so only the v3 form knows the kind.
  const bool known = kind == "NetworkSet" || kind == "GlobalNetworkSet" || kind == "HostEndpoint" ||
                     kind == "Tier" || kind == "FelixConfiguration" || (kind == "Profile" && form == CalicoForm::V3);
  if (!known) return false;
  reject_unknown_calico_fields(root, {"apiVersion", "kind", "metadata", "spec", "status"});
  if (kind == "NetworkSet") load_calico_network_set(root, false, out);
  else if (kind == "GlobalNetworkSet") load_calico_network_set(root, true, out);
  else if (kind == "HostEndpoint") load_calico_host_endpoint(root, form, out);
  else if (kind == "Tier") load_calico_tier(root, form, out);
  else if (kind == "Profile") load_calico_profile(root, form, out);
  else load_calico_felix_configuration(root, form, out);
  return true;
}

void finalize_calico(Cluster& cluster, Diagnostics& warnings) {
  CalicoResources& r = cluster.calico;

  sort_unique(r.tiers, [](const CalicoTier& t) { return t.name; });
  sort_unique(r.policies, [](const CalicoPolicy& p) {
    return std::make_tuple(p.namespace_name, p.name, static_cast<int>(p.kind));
  });
  sort_unique(r.network_sets, [](const CalicoNetworkSet& s) { return std::make_tuple(s.namespace_name, s.name); });
  sort_unique(r.host_endpoints, [](const CalicoHostEndpoint& h) { return h.name; });
  sort_unique(r.profiles, [](const CalicoProfile& p) { return p.name; });
  sort_unique(r.felix_nodes, [](const CalicoFelixConfiguration& f) { return f.node_name; });

  // libcalico-go/lib/clientv3/networkpolicy.go Create (and the other policy clients): the
  // policy's tier must exist.
  for (const CalicoPolicy& p : r.policies) {
    if (p.kind == CalicoPolicyKind::StagedKubernetesNetworkPolicy) continue;
    bool declared = std::any_of(r.tiers.begin(), r.tiers.end(),
                                [&](const CalicoTier& t) { return t.name == p.tier; });
    bool built_in = std::find(std::begin(kBuiltInTiers), std::end(kBuiltInTiers), p.tier) != std::end(kBuiltInTiers);
    if (!declared && !built_in) {
      throw InputError(p.source.location, "spec.tier",
                       fmt::format("{} {} is in tier \"{}\", which does not exist: declare a Tier named \"{}\" "
                                   "(clientv3 networkpolicy.go Create checks that the tier exists)",
                                   policy_kind_name(p.kind), p.source.name, p.tier, p.tier));
    }
  }

  // Namespaced Calico objects in a namespace the input does not describe still load (nothing
  // in Calico checks it), but no pod lives there and they inherit no namespace labels.
  auto warn_namespace = [&](const std::string& ns, const SourceRef& source) {
    if (!ns.empty() && !cluster.find_namespace(ns)) {
      warnings.push_back({Severity::Warning, source.location, "metadata.namespace",
                          fmt::format("{} {} is in namespace \"{}\", which is not in the input", source.kind,
                                      source.name, ns)});
    }
  };
  for (const CalicoPolicy& p : r.policies) warn_namespace(p.namespace_name, p.source);
  for (const CalicoNetworkSet& s : r.network_sets) warn_namespace(s.namespace_name, s.source);

  // A host endpoint of a node the input does not describe still loads (Calico does not check
  // spec.node), but it can never govern traffic of a known node.
  for (const CalicoHostEndpoint& h : r.host_endpoints) {
    if (!cluster.find_node(h.node)) {
      warnings.push_back({Severity::Warning, h.source.location, "spec.node",
                          fmt::format("HostEndpoint {} names node \"{}\", which is not in the input", h.name, h.node)});
    }
  }
}

}  // namespace netpol

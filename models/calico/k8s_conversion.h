// Kubernetes NetworkPolicy -> Calico NetworkPolicy, exactly as libcalico-go converts it
// (projectcalico/calico libcalico-go/lib/backend/k8s/conversion/conversion.go:
// K8sNetworkPolicyToCalico, k8sSelectorToCalico, k8sRuleToCalico, k8sPeerToCalicoFields,
// k8sPortToCalico, SimplifyPorts).
//
// What the conversion does, in short:
//  - same namespace, tier "default", order 1000; name "knp.default.<name>" up to v3.31 and the
//    plain name (key kind KubernetesNetworkPolicy) from v3.32;
//  - podSelector -> "projectcalico.org/orchestrator == 'k8s'" && matchLabels (sorted by key)
//    && matchExpressions (in / not in / has / ! has), joined with " && ";
//  - policyTypes as given (none -> Ingress only);
//  - each k8s rule -> one Allow rule per (protocol x peer), protocols in sorted order; ingress
//    peers in source, egress peers in destination, ports always in destination.ports;
//  - ipBlock -> nets [masked cidr] + notNets [masked excepts]; a nil namespaceSelector ->
//    no namespaceSelector (the rules processor then scopes to the policy's namespace); `{}` ->
//    "all()"; otherwise un-prefixed labels (the processor adds "pcns.");
//  - ports: protocol default TCP; number, name, or "port:endPort"; entries of one protocol
//    merged, a protocol without a port meaning all its ports; SimplifyPorts merges numbers
//    into ranges; no ports -> no protocol and no port constraint;
//  - a rule whose port cannot be converted (numorstring.PortFromString fails) is dropped and
//    reported; the remaining rules are still enforced.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/calico/version.h"
#include "models/cluster/calico_resources.h"
#include "models/cluster/labels.h"
#include "models/cluster/policy.h"
#include "models/cluster/source.h"

namespace netpol::calico {

// The key kind a converted policy carries from v3.32 (model.KindKubernetesNetworkPolicy).
inline constexpr const char* kKubernetesNetworkPolicyKind = "KubernetesNetworkPolicy";

// k8sSelectorToCalico: `pod_selector` adds the orchestrator term. A missing selector gives the
// orchestrator term alone for pods and "" for namespaces; an empty namespace selector "all()".
std::string k8s_selector_to_calico(const LabelSelector* selector, bool pod_selector);

// SimplifyPorts: named ports first (input order), then numeric ports merged into ranges in
// ascending order. Lists with at most one numeric port come back unchanged.
std::vector<CalicoPort> simplify_ports(const std::vector<CalicoPort>& ports);

// numorstring.PortFromString: "N", "N:M" (N <= M, both <= 65535) or a name matching
// ^[a-zA-Z0-9_.-]{1,128}$. nullopt when invalid (and `error` says why).
std::optional<CalicoPort> calico_port_from_string(const std::string& text, std::string& error);

struct ConversionResult {
  CalicoPolicy policy;
  // One entry per dropped rule: "ingress rule 1: <reason>".
  std::vector<std::string> dropped_rules;
};

// Converts one policy. Never throws; dropped rules are listed in the result.
ConversionResult convert_k8s_policy(const NetworkPolicy& policy, CalicoVersion version);

}  // namespace netpol::calico

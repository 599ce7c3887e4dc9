// The small, fixed vocabulary that the RapidCheck generators draw from.
//
// Why a vocabulary: random strings almost never match each other, so selectors generated from
// free text would select nothing and every law would hold trivially. Drawing label keys, label
// values, namespace names, ports, port names and CIDRs from short shared lists makes selectors,
// named ports and ipBlocks hit often, while every entry stays valid per API-server validation
// (kubernetes pkg/apis/networking/validation/validation.go, apimachinery
// pkg/apis/meta/v1/validation, pkg/util/validation).
//
// Invariants:
//  - every label key and value is a valid qualified name / label value;
//  - `kUnusedLabelKey` and `kUnusedLabelValue` are carried by no generated pod or namespace, so
//    a selector requiring them selects nothing;
//  - pod addresses lie in 10.244.0.0/29 and node addresses in 10.240.0.0/30, and several
//    candidate ipBlock CIDRs cut those ranges, so ipBlocks hit pods and nodes;
//  - every named port is a valid IANA_SVC_NAME; every port number is in 1..65535, and every
//    number + end-port span stays <= 65535.
#pragma once

#include <string>
#include <vector>

#include "models/cluster/ip.h"
#include "models/cluster/protocol.h"

namespace netpol::generators {

// A label key with the values generated objects may carry for it.
struct LabelVocabulary {
  std::string key;
  std::vector<std::string> values;
};

// Namespaces are named from this list, in order ("x", "y", "z" as in the upstream e2e suite,
// kubernetes test/e2e/network/netpol/model.go).
const std::vector<std::string>& namespace_names_pool();

// Keys and values of pod labels. "env" also appears on namespaces on purpose: an engine that
// confuses pod and namespace labels then shows it.
const std::vector<LabelVocabulary>& pod_label_vocabulary();

// Keys and values of namespace labels other than kubernetes.io/metadata.name (which every
// namespace carries: API-server defaulting since Kubernetes 1.21).
const std::vector<LabelVocabulary>& namespace_label_vocabulary();

// The key namespace selectors use to pick namespaces by name.
inline constexpr const char* kNamespaceNameLabel = "kubernetes.io/metadata.name";

// Carried by nothing: a selector requiring this key, or this value, selects no object.
inline constexpr const char* kUnusedLabelKey = "unused";
inline constexpr const char* kUnusedLabelValue = "nobody";

// A container port a pod may declare under a fixed name, with the numbers it may take.
struct NamedPortVocabulary {
  std::string name;
  Protocol protocol;
  std::vector<int> numbers;
};
const std::vector<NamedPortVocabulary>& named_port_vocabulary();

// An unnamed container port some pods declare.
inline constexpr int kUnnamedContainerPort = 443;

// Port names policies may refer to: every name above plus one that no pod declares.
const std::vector<std::string>& policy_port_names();

// Port numbers policies may name; they overlap the container ports above.
const std::vector<int>& policy_port_numbers();

// Spans added to a port to form endPort (0 = a one-port range, still valid: endPort >= port).
const std::vector<int>& end_port_spans();

// Address of the index-th pod (0-based, in cluster order) and of the index-th node.
IpAddress pod_address(int index);
IpAddress node_address(int index);

// Canonical CIDRs an ipBlock may use: some cover a few pods, some all pods, some the nodes,
// some only outside addresses, one everything.
const std::vector<Cidr>& ip_block_cidrs();

// The CIDRs of ip_block_cidrs() that validation accepts as `except` of `cidr`: same family,
// inside it and strictly longer prefix (validation.go ValidateIPBlock: "must be a strict
// subset of `cidr`").
std::vector<Cidr> strict_subsets_of(const Cidr& cidr);

}  // namespace netpol::generators

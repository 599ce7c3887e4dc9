// Writes a Cluster back as Kubernetes manifests: multi-document YAML that kubectl can apply
// and that load_text() reads back to an equal Cluster on the fields written.
//
// Written: namespaces (labels), nodes (labels, spec.podCIDR, every address as an InternalIP
// in order), pods (labels, spec.nodeName, hostNetwork, serviceAccountName, container ports in
// a "main" container and init container ports in an "init" init container, status.phase,
// status.podIP and status.podIPs), NetworkPolicies (labels, podSelector, policyTypes always
// explicit, rules). Not written: SourceRefs, Namespace::declared (every namespace is written,
// so it reads back declared), Pod::ips_assigned and Pod::owner_kind (pods are written as
// Pods), and NetworkPolicyRule::location.
//
// Round-trip conditions: pod ports listed init-container ports first (the order the loader
// reads them); at most one pod IP per family; a hostNetwork pod's status is written from its
// first address per family and reads back as its node's addresses.
//
// Calico resources: write_manifests() does not know them. The Calico work supplies a
// ManifestSection that emits cluster.calico as further documents; callers pass it in
// `extra_sections`, which run after the Kubernetes documents, in order.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/cluster/cluster.h"

namespace netpol {

// Emits further documents (each starting with YAML::BeginDoc) for one part of the cluster.
using ManifestSection = std::function<void(const Cluster& cluster, YAML::Emitter& out)>;

// Appends one document per namespace, node, pod and NetworkPolicy, in cluster order.
void emit_kubernetes_manifests(const Cluster& cluster, YAML::Emitter& out);

// Emits a string so that it reads back as a YAML string: quoted when a plain scalar would
// resolve to null, a bool or a number (e.g. "1", "true", "", "0x10"). For section writers.
void emit_string(YAML::Emitter& out, const std::string& value);

// The Kubernetes documents, then every extra section. Throws std::runtime_error when the
// emitter reports an error (a bug, not bad input).
std::string write_manifests(const Cluster& cluster, const std::vector<ManifestSection>& extra_sections = {});

}  // namespace netpol

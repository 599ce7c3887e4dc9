// v1 Namespace and v1 Node documents.
#pragma once

#include "models/cluster/cluster.h"
#include "models/loader/yaml_reader.h"

namespace netpol {

// metadata.name (DNS-1123 label, core/validation ValidateNamespaceName) and labels, with the
// defaulting of pkg/apis/core/v1/defaults.go SetDefaults_Namespace: the label
// `kubernetes.io/metadata.name` is always set to the name, replacing any value the manifest
// gave (the NamespaceDefaultLabelName behaviour, GA since 1.22).
Namespace read_namespace(const Field& root);

// The defaulting above, for namespaces the loader creates itself.
void set_namespace_default_label(Namespace& ns);

// metadata.name (DNS-1123 subdomain), labels, spec.podCIDR, and status.addresses: InternalIP
// entries first, then ExternalIP, in document order. Other address types (Hostname, ...) are
// ignored. Throws InputError.
Node read_node(const Field& root);

}  // namespace netpol

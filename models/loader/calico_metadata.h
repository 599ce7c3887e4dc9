// metadata of a Calico document: name, namespace, labels, and the SourceRef that every loaded
// Calico object carries.
#pragma once

#include <string>
#include <string_view>

#include "models/cluster/labels.h"
#include "models/cluster/source.h"
#include "models/loader/calico_validation.h"
#include "models/loader/yaml_reader.h"

namespace netpol {

struct CalicoMetadata {
  std::string name;
  std::string namespace_name;  // empty for cluster-scoped kinds
  Labels labels;
  SourceRef source;            // kind, "ns/name" or "name", location of the document
};

// Reads metadata.name (required, a string), metadata.namespace (namespaced kinds: a DNS-1123
// label, "default" when absent, as kubectl's default context would use; cluster-scoped kinds:
// ignored with a warning) and metadata.labels (read_calico_labels). The name's format is the
// caller's to check, since it differs per kind.
CalicoMetadata read_calico_metadata(const Field& root, std::string_view kind, bool namespaced);

// "<kind> <ns/name>" for messages.
std::string describe(const CalicoMetadata& meta);

}  // namespace netpol

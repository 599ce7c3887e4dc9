// Reads Kubernetes (and Calico) manifests into a Cluster, applying what the API server would:
// defaulting and validation. Bad input throws InputError naming file, document, line, column
// and field path; unknown kinds are skipped with a warning; nothing is dropped silently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/cluster/ip.h"
#include "models/cluster/source.h"

namespace netpol {

struct LoadOptions {
  // Pods without status.podIP get addresses from here, in (namespace, name) order.
  Cidr pod_cidr = *Cidr::parse("10.244.0.0/16");
  // Nodes without an InternalIP get addresses from here, in name order.
  Cidr node_cidr = *Cidr::parse("10.240.0.0/16");
  // Pods without spec.nodeName are placed on this node (created when no Node object exists).
  std::string default_node = "node-1";
};

struct LoadResult {
  Cluster cluster;
  Diagnostics warnings;  // unknown kinds, created namespaces, ignored fields, ...
};

// Loads files and directories (recursively: *.yaml, *.yml, *.json, in sorted path order).
// Multi-document YAML and `kind: List` are supported. Throws InputError.
LoadResult load_paths(const std::vector<std::string>& paths, const LoadOptions& options = {});

// Loads one in-memory text as if it were the file `file_name`. Throws InputError.
LoadResult load_text(std::string_view text, std::string_view file_name = "<memory>",
                     const LoadOptions& options = {});

// Loads several in-memory texts (file name, text) as one input. Throws InputError.
LoadResult load_texts(const std::vector<std::pair<std::string, std::string>>& files,
                      const LoadOptions& options = {});

}  // namespace netpol

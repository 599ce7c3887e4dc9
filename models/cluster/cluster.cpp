#include "models/cluster/cluster.h"

namespace netpol {

const Namespace* Cluster::find_namespace(std::string_view name) const {
  for (const auto& ns : namespaces)
    if (ns.name == name) return &ns;
  return nullptr;
}

const Node* Cluster::find_node(std::string_view name) const {
  for (const auto& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}

const Pod* Cluster::find_pod(std::string_view ns, std::string_view name) const {
  for (const auto& p : pods)
    if (p.namespace_name == ns && p.name == name) return &p;
  return nullptr;
}

}  // namespace netpol

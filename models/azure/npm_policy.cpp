#include "models/azure/npm_policy.h"

namespace netpol::azure {

const char* to_string(SetKind kind) {
  switch (kind) {
    case SetKind::Namespace: return "ns";
    case SetKind::KeyLabelOfNamespace: return "nslabel";
    case SetKind::KeyValueLabelOfNamespace: return "nslabel";
    case SetKind::KeyLabelOfPod: return "podlabel";
    case SetKind::KeyValueLabelOfPod: return "podlabel";
    case SetKind::NestedLabelOfPod: return "nestedlabel";
    case SetKind::CidrBlocks: return "cidr";
    case SetKind::NamedPorts: return "namedport";
  }
  return "?";
}

// policy_linux.go hasIngressAndEgress: a chain exists per direction that has at least one ACL.
bool NpmNetworkPolicy::has_ingress() const {
  for (const auto& a : acls)
    if (a.direction == Direction::Ingress) return true;
  return false;
}

bool NpmNetworkPolicy::has_egress() const {
  for (const auto& a : acls)
    if (a.direction == Direction::Egress) return true;
  return false;
}

}  // namespace netpol::azure

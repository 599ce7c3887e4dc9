#include "models/azure/npm_policy.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <iterator>

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

std::string to_string(const AclOrigin& origin) {
  std::string out = origin.direction == Direction::Ingress ? "ingress" : "egress";
  if (origin.kind == AclOrigin::Kind::DefaultDrop) return out + " default drop";
  auto append = [&out](const char* word, int index) { fmt::format_to(std::back_inserter(out), FMT_COMPILE(" {} {}"), word, index); };
  append("rule", origin.rule);
  if (origin.kind == AclOrigin::Kind::AllowAll) return out + " (allow all)";
  if (origin.peer >= 0) append("peer", origin.peer);
  if (origin.port >= 0) append("port", origin.port);
  return out;
}

}  // namespace netpol::azure

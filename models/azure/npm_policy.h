// What NPM's control plane makes of one NetworkPolicy: the ipsets it needs and the ACL list, in
// the shapes of Azure/azure-container-networking npm/pkg/dataplane/policies/policy.go
// (NPMNetworkPolicy, ACLPolicy, SetInfo) and npm/pkg/dataplane/ipsets (TranslatedIPSet, SetType).
// The Linux (iptables) and Windows (HNS) dataplanes of this folder both consume these.
//
// Invariants of a translated policy:
//  - every SetInfo names a set listed in `sets` (same kind and name), except that sets are
//    shared across policies by (kind, name) exactly as NPM's ipset manager shares them;
//  - ACLs are in NPM's order: per policyType, the allow ACLs of each rule/peer/port, then one
//    drop ACL (absent when a rule allows everything, translatePolicy.go allowAllPolicy);
//  - ingress peers sit in src_list, egress peers in dst_list, named ports always in dst_list
//    with MatchType::DstDst (policy.go AddSetInfo).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/protocol.h"

namespace netpol::azure {

// npm/pkg/dataplane/ipsets/ipset.go SetType.
enum class SetKind {
  Namespace,                 // hash:ip, pods of one namespace ("ns-<name>")
  KeyLabelOfNamespace,       // list of namespace sets whose namespace has a label key
  KeyValueLabelOfNamespace,  // list of namespace sets whose namespace has key:value
  KeyLabelOfPod,             // hash:ip, pods with a label key
  KeyValueLabelOfPod,        // hash:ip, pods with key:value
  NestedLabelOfPod,          // list of KeyValueLabelOfPod sets (multi-value In/NotIn)
  CidrBlocks,                // hash:net, members "cidr" or "cidr nomatch"
  NamedPorts,                // hash:ip,port, "podIP,PROTO:port" of every container port of that name
};
inline constexpr std::size_t kSetKinds = static_cast<std::size_t>(SetKind::NamedPorts) + 1;  // SetKind values
const char* to_string(SetKind kind);

// The name NPM gives to the list of every namespace (npm/util/const.go KubeAllNamespacesFlag).
inline constexpr const char* kAllNamespaces = "all-namespaces";

struct TranslatedSet {
  SetKind kind = SetKind::Namespace;
  std::string name;                  // NPM's (unhashed, unprefixed) name
  std::string label_key;             // label sets: the key
  std::optional<std::string> label_value;  // key:value sets: the value
  std::vector<std::string> members;  // NestedLabelOfPod: member set names; CidrBlocks: entries
  bool operator==(const TranslatedSet&) const = default;
};

// policies.MatchType: which packet address (or address+port) is tested against the set.
enum class MatchType { Src, Dst, DstDst, Either };

struct SetInfo {
  SetKind kind = SetKind::Namespace;
  std::string set;       // TranslatedSet::name
  bool included = true;  // false: "! --match-set"
  MatchType match = MatchType::Src;
};

enum class Direction { Ingress, Egress };

// Which part of the NetworkPolicy an ACL was translated from, for explain and error messages
// ("ingress rule 0 peer 1 port 0"). Kept as indexes and printed by to_string only when asked:
// every ACL has an origin, and formatting each one up front was a noticeable part of compiling.
struct AclOrigin {
  enum class Kind : std::uint8_t {
    AllowAll,     // an empty rule (translatePolicy.go isAllowAllToIngress / Egress)
    Rule,         // a rule's peer and/or port
    DefaultDrop,  // the per-direction drop ACL
  };
  Kind kind = Kind::DefaultDrop;
  Direction direction = Direction::Ingress;
  int rule = -1;  // AllowAll, Rule: index into spec.ingress / spec.egress
  int peer = -1;  // Rule: index into the rule's from / to; -1 = a rule with ports only
  int port = -1;  // Rule: index into the rule's ports; -1 = a peer without ports
};

// "<direction> rule <r> (allow all)", "<direction> rule <r>[ peer <p>][ port <k>]" or
// "<direction> default drop", direction being "ingress" or "egress".
std::string to_string(const AclOrigin& origin);

// policies.ACLPolicy after NormalizePolicy: end_port == port when no range was given.
struct AclPolicy {
  bool allow = true;  // Target Allowed, or Dropped (the per-direction default drop)
  Direction direction = Direction::Ingress;
  std::vector<SetInfo> src_list;
  std::vector<SetInfo> dst_list;
  std::optional<Protocol> protocol;  // nullopt = UnspecifiedProtocol (any, ICMP included)
  int port = 0;                      // 0 = no --dport
  int end_port = 0;
  AclOrigin origin;
};

struct NpmNetworkPolicy {
  std::string key;        // "namespace/name"
  std::string name_space;
  std::vector<SetInfo> pod_selector_list;  // EitherMatch: dst for ingress jumps, src for egress
  std::vector<TranslatedSet> sets;         // pod selector sets, children and rule sets
  std::vector<AclPolicy> acls;
};

}  // namespace netpol::azure

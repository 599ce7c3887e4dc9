// One Calico rule, compiled against the flow universe: what it requires of the packet's
// protocol, and of its source and destination as sets of universe endpoints.
//
// Matching follows Felix's rendering of a rule (projectcalico/calico felix/calc/
// rule_scanner.go ruleToParsedRule; felix/rules/rule_defs.go / policy.go):
//  - all criteria AND; ipVersion, or the family of any CIDR in the rule, limits the rule to that
//    family (a rule is rendered only into the matching iptables/nftables family);
//  - protocol / notProtocol compare IANA numbers; probes are TCP, UDP or SCTP, so a rule that
//    needs ICMP (protocol ICMP/ICMPv6, icmp, notICMP) never matches a probe;
//  - nets: address in any; notNets: in none; selector / notSelector: see scoping.h;
//  - destination ports: any numeric range OR a named port IP set (address, protocol, port) of
//    the endpoints matching that side's positive selector (all endpoints when none); notPorts:
//    in no numeric range AND in no named-port set;
//  - source ports: a probe has no fixed source port. Ours is an ephemeral port of Linux's
//    default ip_local_port_range 32768-60999 (an unknown one of them): `source.ports` match only
//    if a numeric range covers the whole ephemeral range, `source.notPorts` only if no numeric
//    range touches it; a named source port never matches (decision, see README of the engine);
//  - `services` needs Kubernetes Service objects, which our input does not carry: such a rule
//    never matches (reported as a note); `http` is not rendered by Felix's iptables/nftables
//    rules (felix/rules has no HTTP match) and is ignored.
//
// Invariants: every set is one the SelectorIndex keeps (rules with equal sides share them),
// with universe_size() bits; per-probe port sets are computed on first use and cached.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/calico/bitset.h"
#include "models/calico/selector_index.h"
#include "models/cluster/calico_resources.h"
#include "models/cluster/protocol.h"

namespace netpol::calico {

// Protocol number of numorstring.Protocol (TCP 6, UDP 17, ICMP 1, ICMPv6 58, SCTP 132,
// UDPLite 136); 0 when unknown.
int protocol_number(const CalicoProtocol& p);
int protocol_number(Protocol p);

inline constexpr int kEphemeralFirst = 32768;
inline constexpr int kEphemeralLast = 60999;

struct CompiledSide {
  const Bitset* addresses = nullptr;  // nets, notNets, selectors (a set the index keeps); null = any address
  // The side's ports and notPorts, read in place from the rule (which outlives the compiled
  // rule): an entry without a name is a numeric range, one with a name a named port.
  const std::vector<CalicoPort>* ports = nullptr;
  const std::vector<CalicoPort>* not_ports = nullptr;
  int positive_selector = -1;       // for named ports (-1: every endpoint)
};

class CompiledRule {
 public:
  // `policy_namespace` is empty for global policies and profiles. Throws
  // selector::SyntaxError for a selector that does not parse.
  CompiledRule(const CalicoRule& rule, int index, const std::string& policy_namespace, SelectorIndex& index_,
               std::size_t probes);

  const CalicoRule& rule() const { return *rule_; }
  int index() const { return index_; }
  CalicoAction action() const { return rule_->action; }
  // Non-empty when the rule can never match a probe, with why.
  const std::string& never_matches() const { return never_; }

  // Protocol, family of the flow and source-port criteria: everything that does not depend on
  // which endpoints are involved.
  bool matches_scalar(const Probe& probe, std::optional<IpFamily> flow_family) const;

  // Source universe endpoints allowed by the source side (addresses only; source ports are
  // part of matches_scalar). nullptr = any.
  const Bitset* source_set() const { return src_.addresses; }
  // Destination universe endpoints allowed by the destination side, ports included, for
  // probe number `probe_index`. nullptr = any.
  const Bitset* destination_set(std::size_t probe_index, const Probe& probe);
  // Probes whose destination sets the rule keeps in itself; the rest go to a vector.
  static constexpr std::size_t kInlineProbes = 4;

 private:
  const CalicoRule* rule_;
  int index_;
  std::string never_;
  std::optional<IpFamily> family_;
  int protocol_ = 0, not_protocol_ = 0;  // 0 = none
  std::optional<Protocol> named_port_protocol_;
  bool source_ports_ok_ = true;
  CompiledSide src_, dst_;
  SelectorIndex* selectors_;
  // Per probe, destination_set()'s answer (a set the index keeps, or null for any) once
  // computed. The first kInlineProbes probes are kept in the rule itself (bit p of
  // dst_known_ says probe p is computed), so that most rules allocate nothing for them; later
  // probes, in dst_more_.
  std::array<const Bitset*, kInlineProbes> dst_inline_{};
  std::uint8_t dst_known_ = 0;
  std::vector<std::optional<const Bitset*>> dst_more_;
};

}  // namespace netpol::calico

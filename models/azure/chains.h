// The iptables rules NPM programs, as data: what a rule matches and what it does. Shared by the
// one-packet walk (iptables.h) and the symbolic class walk (class_walk.h).
//
// Invariants of a Chain list (kept by IptablesRuleset): chain 0 is FORWARD; every Jump targets
// an existing chain; the jump graph has no cycle; marks are only ever added (Target::Mark ORs
// set_mark into the packet's mark), never cleared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/protocol.h"

namespace netpol::azure {

inline constexpr std::uint32_t kIngressAllowMark = 0x200;
inline constexpr std::uint32_t kIngressDropMark = 0x400;
inline constexpr std::uint32_t kEgressDropMark = 0x800;

// Which address of the packet a set match tests: "src", "dst", or "dst,dst" (address + port).
enum class Side { Src, Dst, DstDst };

struct SetMatch {
  int set = -1;  // IpSetState id
  bool negated = false;
  Side side = Side::Src;
};

enum class Target { Jump, Accept, Drop, Mark };

// The -p and --dport matches of a rule: the only parts of a rule that read the probe.
struct PortMatch {
  std::optional<Protocol> protocol;  // -p
  int dport_lo = 0, dport_hi = 0;    // --dport lo[:hi]; 0 = none

  bool matches(const Probe& p) const {
    if (protocol && *protocol != p.protocol) return false;
    return !dport_lo || (p.port >= dport_lo && p.port <= dport_hi);
  }
  // True when every probe matches (neither -p nor --dport).
  bool any() const { return !protocol && !dport_lo; }
};

struct Rule {
  PortMatch ports;                   // -p, --dport
  std::vector<SetMatch> sets;        // -m set [!] --match-set ... (all must match)
  std::uint32_t mark_match = 0;      // -m mark --mark X/X; 0 = none
  Target target = Target::Accept;
  int jump = -1;                     // Target::Jump
  std::uint32_t set_mark = 0;        // Target::Mark
  // Explain only (the class walk reads none of these): IptablesRuleset prints the rule's
  // comment, policy key and ACL origin from them when a packet walk reports the rule. A base
  // chain rule has no policy; a policy's rule names it, and an ACL's rule names the ACL too.
  const char* comment = nullptr;     // the fixed part of NPM's -m comment: a base chain rule's
                                     // whole comment, or a policy jump's prefix before the policy
                                     // key; nullptr: none, or an ACL's (made from the ACL)
  int policy = -1;                   // index into the ruleset's policies; -1 = a base chain rule
  int acl = -1;                      // index into that policy's acls; -1 = not an ACL's rule
};

struct Chain {
  std::string name;
  std::vector<Rule> rules;
};

}  // namespace netpol::azure

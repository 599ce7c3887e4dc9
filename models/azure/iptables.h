// The filter-table chains NPM programs on every Linux node, as data, and the two ways of
// running a packet through them: one packet (explain) and a whole class of packets at once
// (matrix). Both walk the same rules; tests check that they agree on every flow.
//
// Layout (Azure/azure-container-networking npm/pkg/dataplane/policies/chain-management_linux.go
// creatorForBootup, policymanager_linux.go creatorForNewNetworkPolicies / writeNetworkPolicyRules):
//   FORWARD                      -j AZURE-NPM (ctstate NEW)
//   AZURE-NPM                    -j AZURE-NPM-INGRESS; -j AZURE-NPM-EGRESS; -j AZURE-NPM-ACCEPT
//   AZURE-NPM-INGRESS            one jump per policy with ingress ACLs, matching spec.podSelector
//                                sets on dst; then DROP on mark 0x400
//   AZURE-NPM-INGRESS-ALLOW-MARK MARK 0x200; -j AZURE-NPM-EGRESS
//   AZURE-NPM-EGRESS             one jump per policy with egress ACLs, matching on src; then DROP
//                                on mark 0x800; -j AZURE-NPM-ACCEPT on mark 0x200
//   AZURE-NPM-ACCEPT             ACCEPT
//   AZURE-NPM-INGRESS-<policy>   allow ACL -> -j AZURE-NPM-INGRESS-ALLOW-MARK; drop ACL -> MARK 0x400
//   AZURE-NPM-EGRESS-<policy>    allow ACL -> -j AZURE-NPM-ACCEPT; drop ACL -> MARK 0x800
// NPM names policy chains by a hash of the policy key; we print the key instead, for reading.
//
// Invariants: chain 0 is FORWARD; every Jump targets an existing chain; the chain graph has no
// cycle (a walk terminates).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/azure/bits.h"
#include "models/azure/ipset_state.h"
#include "models/azure/npm_policy.h"
#include "models/cluster/protocol.h"
#include "models/cluster/verdict.h"

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

struct Rule {
  std::optional<Protocol> protocol;  // -p
  int dport_lo = 0, dport_hi = 0;    // --dport lo[:hi]; 0 = none
  std::vector<SetMatch> sets;        // -m set [!] --match-set ... (all must match)
  std::uint32_t mark_match = 0;      // -m mark --mark X/X; 0 = none
  Target target = Target::Accept;
  int jump = -1;                     // Target::Jump
  std::uint32_t set_mark = 0;        // Target::Mark
  std::string comment;               // -m comment, NPM's wording
  std::string policy;                // the NetworkPolicy this rule came from, if any
  std::string origin;                // the ACL's origin in that policy
};

struct Chain {
  std::string name;
  std::vector<Rule> rules;
};

class IptablesRuleset {
 public:
  // Programs the base chains and, for each policy in order, its chains and jumps. Interns every
  // set the policies use into `sets` (call sets.finalize() afterwards, before walking).
  IptablesRuleset(const std::vector<NpmNetworkPolicy>& policies, IpSetState& sets);

  // After sets.finalize(): precomputes for every rule the destinations its dst-side set matches
  // admit (they depend on neither the source nor the probe), so that walk_class tests a rule with
  // one AND. walk_class requires it; walk_packet does not.
  void prepare(const IpSetState& sets);

  const std::vector<Chain>& chains() const { return chains_; }
  // Sets tested on the packet's source anywhere in the ruleset (the only input of a walk that
  // depends on the source endpoint).
  const std::vector<int>& source_sets() const { return source_sets_; }

  // One packet src -> dst on `probe` (index into the universe probes) through FORWARD. Appends a
  // step per matching rule that changed the packet's fate, and returns the verdict.
  Verdict walk_packet(const IpSetState& sets, EndpointIndex src, EndpointIndex dst, std::size_t probe,
                      const Probe& probe_value, std::vector<DecisionStep>& steps) const;

  // Every packet from `src` on `probe` at once: the destinations ACCEPTed by FORWARD. Same rules
  // and order as walk_packet; the pending packets are a bitset of destinations per mark value.
  Bits walk_class(const IpSetState& sets, EndpointIndex src, std::size_t probe, const Probe& probe_value) const;

 private:
  int add_chain(std::string name);
  struct PreparedRule {
    std::optional<Bits> dst;   // AND of the Dst-side matches; nullopt when there are none
    bool has_dst_dst = false;  // named-port matches remain, per probe
  };
  // What walk_class reads of a prepared rule; built once by prepare() (points into prepared_).
  struct PreparedRuleView {
    const Bits* dst = nullptr;  // nullptr: no Dst-side match (every destination)
    bool has_dst_dst = false;
  };
  std::vector<Chain> chains_;
  std::vector<std::vector<PreparedRule>> prepared_;
  std::vector<std::vector<PreparedRuleView>> views_;
  Bits all_;
  std::vector<int> source_sets_;
};

}  // namespace netpol::azure

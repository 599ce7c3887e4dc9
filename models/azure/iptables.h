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
#include <string>
#include <vector>

#include "models/azure/bits.h"
#include "models/azure/chains.h"
#include "models/azure/class_walk.h"
#include "models/azure/ipset_state.h"
#include "models/azure/npm_policy.h"
#include "models/cluster/protocol.h"
#include "models/cluster/verdict.h"

namespace netpol::azure {

class IptablesRuleset {
 public:
  // Programs the base chains and, for each policy in order, its chains and jumps. Interns every
  // set the policies use into `sets` (call sets.finalize() afterwards, before walking): each new
  // set's definition moves there, so the policies' set lists are not to be read. Keeps the policies:
  // walk_packet prints each rule's comment, policy key and ACL origin from them (and describes
  // sets from `sets`).
  IptablesRuleset(std::vector<NpmNetworkPolicy> policies, IpSetState& sets);

  // After sets.finalize(): builds the plan of the symbolic walk (class_walk.h). walk_class
  // requires it; walk_packet does not.
  void prepare(const IpSetState& sets);

  const std::vector<Chain>& chains() const { return chains_; }
  // Sets tested on the packet's source anywhere in the ruleset (the only input of a walk that
  // depends on the source endpoint).
  const std::vector<int>& source_sets() const { return source_sets_; }
  // The endpoints split by their membership in source_sets(): one walk_class per class and probe
  // decides every source of the class. Valid after prepare().
  const SourceClasses& source_classes() const { return plan_.source_classes(); }

  // One packet src -> dst on `probe` (index into the universe probes) through FORWARD. Appends a
  // step per matching rule that changed the packet's fate, and returns the verdict.
  Verdict walk_packet(const IpSetState& sets, EndpointIndex src, EndpointIndex dst, std::size_t probe,
                      const Probe& probe_value, std::vector<DecisionStep>& steps) const;

  // A cache of chain outcomes for walk_class calls on probe index `probe`.
  ClassWalkPlan::Cache new_cache(std::size_t probe) const { return plan_.new_cache(probe); }
  // Every packet from `src` on `probe_value` at once: the destinations ACCEPTed by FORWARD, by the
  // same rules in the same order as walk_packet. `cache` must have been made for that probe.
  Bits walk_class(const IpSetState& sets, EndpointIndex src, const Probe& probe_value, ClassWalkPlan::Cache& cache) const;
  // The same, written to `out` ((endpoints + 63) / 64 words, every one written).
  void walk_class(const IpSetState& sets, EndpointIndex src, const Probe& probe_value, ClassWalkPlan::Cache& cache,
                  std::uint64_t* out) const {
    plan_.accepted(sets, src, probe_value, cache, out);
  }

 private:
  int add_chain(std::string name);
  // Programs policies_[index]: its chains, their ACL rules and the jumps to them.
  void add_policy(int index, IpSetState& sets);
  // creatorForBootup: the rules that end the base chains, after every policy's jump.
  void add_base_chain_tails();

  std::vector<NpmNetworkPolicy> policies_;
  std::vector<Chain> chains_;
  std::vector<int> source_sets_;
  ClassWalkPlan plan_;
};

}  // namespace netpol::azure

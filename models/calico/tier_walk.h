// The decision of one endpoint's policy chain in one direction, for many peers at once.
//
// Models felix/rules/endpoints.go endpointIptablesChain (projectcalico/calico):
//  - tiers in order; a tier takes part only if at least one policy of it applies in this
//    direction; inside it, policies in order and their rules in order; the first matching rule
//    decides: Allow and Deny are final, Pass leaves the tier (next tier), Log continues
//    (felix/rules/rule_defs.go / policy.go: Log is a non-terminal NFLOG/LOG rule);
//  - a tier where nothing matched ends with its default action in the Normal and Forward chains
//    (Deny unless the tier's defaultAction is Pass, "End of tier ... if no policies passed
//    packet"); Untracked and PreDnat chains never drop at the end of a tier: the packet
//    continues to the next stage;
//  - Normal chains then run the endpoint's profiles in order (first matching rule; Pass in a
//    profile moves on to the next profile), then drop ("if no profiles matched");
//  - Forward chains with no applicable policy accept ("Allow forwarded traffic by default").
//
// The walk runs over a set of peers (bitset over universe endpoints) with one endpoint of the
// packet fixed: for Ingress the fixed one is the destination and the peers are sources; for
// Egress the fixed one is the source and the peers are destinations. An optional trace records,
// for one peer, the steps that decided it (for explain); the trace never changes the result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/calico/bitset.h"
#include "models/calico/endpoints.h"
#include "models/calico/policy_set.h"
#include "models/cluster/verdict.h"

namespace netpol::calico {

struct WalkResult {
  Bitset allow, deny, undecided;  // disjoint; their union is the candidate set
};

struct WalkTrace {
  std::size_t peer = 0;
  std::string label;                // e.g. "x/a ingress"
  std::vector<DecisionStep>* steps = nullptr;
};

struct WalkInput {
  const std::vector<int>* policies = nullptr;        // applicable, in order
  Direction direction = Direction::Ingress;
  Stage stage = Stage::Normal;
  std::size_t probe_index = 0;
  Probe probe;
  std::size_t fixed = 0;                             // universe endpoint fixed in the packet
  std::optional<IpFamily> family;                    // family of the flow
  // Normal stage: the endpoint's profiles, compiled, in order, each with its name.
  const std::vector<std::pair<std::string, std::vector<CompiledRule>*>>* profile_rules = nullptr;
};

WalkResult walk(PolicySet& policies, const WalkInput& in, const Bitset& candidates, const WalkTrace* trace);

}  // namespace netpol::calico

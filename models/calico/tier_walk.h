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

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/calico/bitset.h"
#include "models/calico/endpoints.h"
#include "models/calico/policy_set.h"
#include "models/cluster/verdict.h"

namespace netpol::calico {

// The candidates a chain allows and those it leaves to a later stage; the rest of the
// candidates it denies (not kept: no caller needs them as a set).
struct WalkResult {
  Bitset allow, undecided;  // disjoint subsets of the candidates
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
  std::span<const std::pair<const std::string*, std::vector<CompiledRule>*>> profile_rules;
  // Equal exactly for equal profile_rules lists (same rule lists in the same order). WalkCache
  // keys Normal-stage walks on it, so a caller giving profile_rules must give their id too.
  int profile_rules_id = -1;
};

WalkResult walk(PolicySet& policies, const WalkInput& in, const Bitset& candidates, const WalkTrace* trace);

// A chain outside the Normal stage with no applicable policy has no rule at all (no profiles
// run there either): a Forward chain accepts every packet ("Allow forwarded traffic by
// default"), an Untracked or PreDnat chain leaves every packet to the next stage. walk() gives
// exactly this; callers use it to skip walking such chains.
enum class EmptyChain { AcceptAll, DecideNothing };
// Requires: stage != Stage::Normal.
EmptyChain empty_chain_outcome(Stage stage);

// Walk results over every peer, shared by the fixed endpoints a walk cannot tell apart.
//
// A walk reads the fixed endpoint only through its inputs (applicable policies, profiles, stage,
// direction, probe, flow family) and through its membership in each rule's fixed-side set (the
// source set of an egress rule, the destination set of an ingress rule; see rule_peers), and
// it decides each peer on its own. So two fixed endpoints with equal inputs and equal
// memberships get the same result, and a walk over candidates C is the walk over every peer
// intersected with C. matrix() asks once per fixed endpoint; with this it walks once per kind.
// Chains with no rule at all are not asked about: callers decide them by empty_chain_outcome().
//
// Memberships are compared through a partition of the universe, per probe, by membership in
// every rule set any walk could test (computed once: deduplicated sets, one refinement pass
// each), so a lookup does not visit the rules. The applicable list is keyed by address
// (PolicySet hands out one object per distinct list and never moves it), the profiles by the
// id the caller gives their lists.
class WalkCache {
 public:
  // `profile_rules`: every profile rule list any walk may be given.
  explicit WalkCache(std::vector<std::vector<CompiledRule>*> profile_rules = {}) : profile_rules_(std::move(profile_rules)) {}

  // The result of walk(policies, in, <every peer>, no trace). `universe_size` peers.
  const WalkResult& all_peers(PolicySet& policies, const WalkInput& in, std::size_t universe_size);
  // How many distinct walks were run (for tests and benchmarks).
  std::size_t walks() const { return results_.size(); }

 private:
  struct Key {
    const std::vector<int>* policies;
    int profiles_id;                  // WalkInput::profile_rules_id; -1 outside the Normal stage
    int stage, direction, family;
    std::size_t probe;
    std::uint32_t fixed_class;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  // Class of each universe endpoint for probe `probe`, computed on first use.
  const std::vector<std::uint32_t>& fixed_classes(PolicySet& policies, const WalkInput& in, std::size_t universe_size);

  std::vector<std::vector<CompiledRule>*> profile_rules_;
  std::vector<std::vector<std::uint32_t>> classes_by_probe_;  // [probe]; empty until computed
  Bitset everyone_;                                          // every peer, the candidates of each walk
  // Node-based, so that references handed out stay valid as results are added.
  std::unordered_map<Key, WalkResult, KeyHash> results_;
};

}  // namespace netpol::calico

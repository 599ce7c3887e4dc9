// A cluster as Calico enforces it: every flow of the universe decided by the chains a packet
// crosses, with the same code answering matrix() and explain().
//
// Where a packet goes (projectcalico/calico felix/rules/static.go and endpoints.go):
//  - every universe endpoint plays one role: a workload endpoint (a pod Calico networks), a host
//    (a node address, a host-network pod, or a standalone host endpoint "hep:NAME"), an
//    external address, or unaddressable (a pod without an address);
//  - source side: a workload's egress chain (tiers, then profiles kns/ksa); when the packet
//    leaves the node, the node's host endpoint forward chain (applyOnForward egress policy;
//    none = allowed). A host's traffic: failsafe outbound ports, then untracked (doNotTrack)
//    egress, then normal egress policy and profiles of its host endpoint; no host endpoint = no
//    Calico policy;
//  - destination side: a workload's ingress chain; when the packet arrives from another node or
//    outside, first the node's host endpoint: untracked, preDNAT, then forward (applyOnForward)
//    ingress; an Allow in an earlier stage skips the later ones. A host: failsafe inbound ports,
//    then untracked, preDNAT and normal ingress policy and profiles of its host endpoint;
//  - host process -> workload on the same node: always allowed (filterOutputChain returns
//    before any workload policy);
//  - workload -> its own host: the workload's egress, then DefaultEndpointToHostAction (as
//    shipped: ACCEPT; see host_config.h); the host endpoint's ingress policy is not consulted;
//  - two addresses of one node, and an endpoint to itself: local traffic, not policed.
//  - the packet's family is the source address's; a destination without an address of that
//    family cannot be reached.
// Decisions where Calico leaves it open are listed in models/calico/README.md.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/calico/endpoints.h"
#include "models/calico/host_config.h"
#include "models/calico/policy_set.h"
#include "models/calico/selector_index.h"
#include "models/calico/tier_walk.h"
#include "models/calico/version.h"
#include "models/cluster/engine.h"

namespace netpol::calico {

struct CalicoOptions {
  CalicoVersion version;
  bool auto_host_endpoints = false;
};

class CalicoEvaluation : public Evaluation {
 public:
  CalicoEvaluation(const Cluster& cluster, const Universe& universe, CalicoOptions options, Diagnostics& notes);

  VerdictMatrix matrix() const override;
  Explanation explain(const Flow& flow) const override;

  // For tests: the policies as compiled (sorted as Felix sorts them).
  const PolicySet& policy_set() const { return *policies_; }
  const CalicoWorld& world() const { return *world_; }
  // For tests: how many distinct chain walks matrix() has run so far (WalkCache in tier_walk.h).
  std::size_t distinct_walks() const { return walk_cache_.walks(); }

 private:
  enum class Role { Workload, Host, External, Unaddressable };
  struct Place {
    Role role = Role::External;
    int calico_endpoint = -1;  // Workload: its WEP; Host: the governing host endpoint (or -1)
    const std::string* node = nullptr;  // node name, owned by the cluster or world; null for externals
    int node_id = -1;          // dense id of `node` (-1 when empty), for cheap same-node tests
    int forward_hep = -1;      // host endpoint of the node's main address (forward chains), or -1
    std::optional<IpFamily> family;
  };

  // Work bitsets the side functions reuse instead of allocating per endpoint; each has one bit
  // per universe endpoint. One per caller (matrix() or explain()).
  struct Scratch {
    explicit Scratch(std::size_t n) : undecided(n), off_node(n), chain(n), open(n), stage_allowed(n), failsafe(n), rest(n) {}
    Bitset undecided, off_node, chain;  // the side functions
    Bitset open, stage_allowed;         // host_endpoint_chain
    Bitset failsafe, rest;              // host_side
  };
  // Each writes into `allowed` (universe-sized, not `candidates` itself) the peers among
  // `candidates` that pass; `steps`, when given, records how peer `traced` was decided.
  // Allowed destinations of `src` (its source-side chains).
  void source_side(std::size_t src, std::size_t probe, const Bitset& candidates, Bitset& allowed, Scratch& scratch,
                   std::vector<DecisionStep>* steps, std::size_t traced) const;
  // Allowed sources of `dst` (its destination-side chains).
  void destination_side(std::size_t dst, std::size_t probe, const Bitset& candidates, Bitset& allowed, Scratch& scratch,
                        std::vector<DecisionStep>* steps, std::size_t traced) const;
  // A host's own side of a flow (Role::Host): failsafe ports, then its host endpoint's chain.
  void host_side(Direction direction, std::size_t fixed, std::size_t probe, const Bitset& candidates, Bitset& allowed,
                 Scratch& scratch, std::vector<DecisionStep>* steps, std::size_t traced) const;
  // Runs the HEP stages untracked -> preDNAT -> (normal | forward) for `hep`. Uses
  // scratch.open and scratch.stage_allowed only.
  void host_endpoint_chain(int hep, Direction direction, bool forward, std::size_t fixed, std::size_t probe,
                           const Bitset& candidates, Bitset& allowed, Scratch& scratch,
                           std::vector<DecisionStep>* steps, std::size_t traced) const;
  // True when host endpoint `hep`'s forward chain for `direction` (host_endpoint_chain with
  // forward = true) has no policy in any of its stages: the untracked and preDNAT stages then
  // decide nothing and the forward stage accepts every packet (tier_walk.h
  // empty_chain_outcome), so the chain allows exactly its candidates. matrix() skips such
  // chains; explain() still walks them, to record why.
  bool forward_chain_accepts_all(int hep, Direction direction) const;
  // Walks `calico_endpoint`'s chain for `stage` and `direction` over `candidates`: the allowed
  // peers into `allow`, those left to a later stage into `undecided` (the denied are the
  // rest). Both must have candidates.size() bits; `undecided` may be `candidates` itself.
  void run(int calico_endpoint, Stage stage, Direction direction, std::size_t fixed, std::size_t probe,
           const Bitset& candidates, Bitset& allow, Bitset& undecided, std::vector<DecisionStep>* steps,
           std::size_t traced) const;

  // The special cases decided by the pair alone; nullopt when both sides' chains decide.
  std::optional<bool> pair_override(std::size_t src, std::size_t dst, std::vector<DecisionStep>* steps) const;
  // Extra condition on the workload -> own host path (DefaultEndpointToHostAction).
  bool same_node(std::size_t a, std::size_t b) const;
  // Candidates covered by a failsafe entry for this probe (remote = the candidate's address).
  Bitset failsafe_set(const std::vector<CalicoProtoPort>& entries, const Probe& probe, const Bitset& candidates) const;
  // The host endpoint governing `address` on a node whose host endpoints (world indexes, in
  // world order) are `candidates`; -1 when none does.
  int governing_host_endpoint(std::span<const int> candidates, const std::optional<IpAddress>& address) const;
  std::string describe(std::size_t u) const;

  const Cluster& cluster_;
  const Universe& universe_;
  CalicoOptions options_;
  // Felix configuration per node (FelixConfiguration "node.NODE" over "default").
  const HostPolicyConfig& host_config(const std::string* node) const;
  std::map<std::string, HostPolicyConfig> host_configs_;
  HostPolicyConfig default_host_config_;
  std::unique_ptr<CalicoWorld> world_;
  std::unique_ptr<SelectorIndex> selectors_;
  std::unique_ptr<PolicySet> policies_;
  std::vector<Place> places_;
  // By node id (Place::node_id): the universe endpoints on the node, and those of them that
  // play Role::Host.
  std::vector<Bitset> node_members_, node_hosts_;
  // Per profile name: its compiled ingress [0] and egress [1] rules.
  std::map<std::string, std::array<std::vector<CompiledRule>, 2>> profile_rules_;
  // Per profile list of the world (CalicoWorld::profile_lists) and direction (0 ingress,
  // 1 egress): the profiles' names and compiled rules; per list, an id equal exactly for lists of
  // the same profiles (so, in either direction, for equal rule lists).
  using ProfileRules = std::span<const std::pair<const std::string*, std::vector<CompiledRule>*>>;
  std::vector<std::pair<const std::string*, std::vector<CompiledRule>*>> profile_entries_;  // what the spans view
  std::vector<std::array<ProfileRules, 2>> profile_lists_;
  std::vector<int> profile_list_ids_;
  // Walks over every peer, for matrix(); explain() walks its one flow with a trace instead.
  mutable WalkCache walk_cache_;
  // forward_chain_accepts_all() per host endpoint (index - workloads) and direction (0 ingress,
  // 1 egress): -1 until asked.
  mutable std::vector<std::array<std::int8_t, 2>> forward_open_;
};

}  // namespace netpol::calico

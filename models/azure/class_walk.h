// The symbolic walk of NPM's iptables chains: every packet from one source on one probe, to
// every destination at once, through the same rules in the same order as the one-packet walk
// (IptablesRuleset::walk_packet). Tests check that the two agree on every flow.
//
// What makes it fast, and why each step is exact:
//  1. Destination classes. A rule reads the destination only through its dst-side sets (and
//     named-port sets, per probe). Endpoints alike in all of them are one class, so pending
//     packets are a bitset over classes (a few words), expanded to endpoints at the end.
//  2. Source classes. Likewise a rule reads the source only through its src-side sets; one walk
//     per source class and probe decides every source of the class.
//  3. Chain outcomes, shared across source classes. A rule matches a packet on the packet's own
//     fields alone, so what a chain does to destinations entering it with a mark is a fixed
//     function of (source, mark): accepted, dropped, or returned with some mark. That function
//     depends on the source only through the src-side sets the chain can test; sources alike in
//     those form the chain's subclass, and the outcome is computed once per (chain, subclass,
//     mark) and probe, then reused.
//  4. Deferred terminal jumps. A jump into a chain that ends every packet it receives (ACCEPT or
//     DROP, never a return), found by a static pass over the rules, cannot change what the
//     calling chain does next. Such jumps are recorded in the outcome ("these destinations went
//     to chain X with mark g") and resolved for the actual source at the top. So the
//     NetworkPolicy chains, whose allow rules jump to AZURE-NPM-INGRESS-ALLOW-MARK and on into
//     AZURE-NPM-EGRESS, depend only on their own peers' sets, not on every egress policy's.
//  5. Outcomes shared across mark groups. A chain none of whose rules reads the mark (no -m
//     mark, and every jump either always deferred or into another such chain) treats a packet
//     alike whatever mark it carries, and marks are only ever ORed in: its outcome for group g
//     is its outcome for group 0 with g ORed into every group it names. So such "mark-blind"
//     chains (NPM's policy chains and the segments of AZURE-NPM-INGRESS / -EGRESS that jump to
//     them) are computed for group 0 only, and read for any group with that lift.
//  6. Jumps that change nothing. When a chain's outcome for a group sends every destination back
//     in that group (none accepted, dropped or deferred, and no mark added that the packets did
//     not carry already), a jump into it leaves the pending packets exactly as they were; the
//     walk looks the outcome up and moves on without touching the sets. Most policy chains and
//     most segments are such for most sources.
//
// Invariants: built from a Chain list that keeps chains.h's invariants, and from an IpSetState
// after finalize(); the outcome of a chain in a Cache is only read for the probe the cache was
// made for.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "models/azure/bits.h"
#include "models/azure/chains.h"
#include "models/azure/ipset_state.h"
#include "models/azure/word_arena.h"

namespace netpol::azure {

class ClassWalkPlan {
 public:
  ClassWalkPlan() = default;
  // Classes, class-space rule sets, terminal masks and per-chain subclasses for `chains`.
  // `source_sets`: every set tested on the source anywhere in `chains`.
  ClassWalkPlan(const std::vector<Chain>& chains, const std::vector<int>& source_sets, const IpSetState& sets);

  // The sources split by their membership in every source-side set: one walk per class.
  const SourceClasses& source_classes() const { return source_classes_; }
  std::size_t destination_classes() const { return all_.size(); }
  // Words of every class-space set the walk keeps: at least Bits::kInlineWords, so that small
  // plans walk with a length fixed at compile time. (Walking 3 words as 4 costs fewer
  // instructions than walking exactly 3: whole 2-word vector operations.)
  std::size_t walk_words() const { return std::max(all_.words(), Bits::kInlineWords); }

  // What a chain does to every destination class entering it in one mark group (mark >> 9).
  // Every set is walk_words() words in the owning Cache's arena.
  struct Outcome {
    // "These destinations went to `chain`, terminal for `group`": resolved per source at the
    // top. Kept in the Cache, linked per outcome (an outcome has a few; a vector each cost an
    // allocation per outcome).
    struct Deferred {
      int chain = -1;
      unsigned group = 0;
      std::uint64_t* destinations = nullptr;
      std::int32_t next = -1;  // the outcome's next entry in the Cache, or -1
    };
    std::uint64_t* accepted = nullptr;
    std::uint64_t* dropped = nullptr;
    bool accepts = false, drops = false;         // accepted / dropped has a member (most chains
                                                 // neither accept nor drop: callers skip the sets)
    // Bit g: for packets in group g, the jump changes nothing. Every destination comes back,
    // nothing is deferred, and the groups it comes back in, read for group g (lifted by g when
    // the outcome is a mark-blind chain's for group 0), are all g: marks are only added, so
    // that is "every returned group is a subset of g". The walk then skips the jump without
    // touching its sets (most policy chains, and most segments of the long base chains, for
    // most sources; and, for packets already marked 0x400, every policy chain whose only
    // effect on them would be marking 0x400 again).
    std::uint8_t identity_in = 0;
    unsigned returned_mask = 0;                  // bit h: some destinations come back in group h
    std::array<std::uint64_t*, 8> returned{};    // valid where returned_mask has the bit
    std::int32_t deferred = -1, deferred_last = -1;  // first and last entry in the Cache, or -1
  };

  // Outcomes computed so far for one probe, and the working sets of the walks that use it (a
  // walk per source class and probe: allocated once here, not once per walk).
  class Cache {
   public:
    std::size_t probe() const { return probe_; }
    // For tests: jumps the walks skipped because their target's outcome was an identity.
    std::size_t skipped_jumps() const { return skipped_jumps_; }
    // For tests: outcomes computed so far.
    std::size_t outcomes() const {
      return outcome_chunks_.empty() ? 0 : (outcome_chunks_.size() - 1) * kOutcomeChunk + outcomes_in_last_chunk_;
    }

   private:
    friend class ClassWalkPlan;
    template <std::size_t>
    friend struct ClassWalker;
    std::size_t probe_ = 0;
    bool skip_identities_ = true;
    bool share_mark_blind_ = true;
    std::size_t skipped_jumps_ = 0;
    // A new outcome (default values) that keeps its address for the cache's life, so that
    // computed outcomes stay where they are while more are added. In chunks of many: a deque's
    // nodes held 4 outcomes each, an allocation per 4.
    Outcome& new_outcome() {
      if (outcomes_in_last_chunk_ == kOutcomeChunk) {
        outcome_chunks_.push_back(std::make_unique<Outcome[]>(kOutcomeChunk));
        outcomes_in_last_chunk_ = 0;
      }
      return outcome_chunks_.back()[outcomes_in_last_chunk_++];
    }
    static constexpr std::size_t kOutcomeChunk = 256;
    // slot_[slot_base_[chain][source class] + group]: the outcome, or null.
    std::vector<const Outcome*> slot_;
    std::vector<std::unique_ptr<Outcome[]>> outcome_chunks_;
    std::size_t outcomes_in_last_chunk_ = kOutcomeChunk;  // none yet: "full"
    std::vector<Outcome::Deferred> deferred_;  // every outcome's deferred jumps, linked per outcome
    WordArena words_;                   // the outcomes' sets
    std::vector<std::uint64_t> frames_;  // the walk's frames (class_walk.cpp Frames)
  };
  // `skip_identities`, `share_mark_blind`: false only for tests, which compare walks with and
  // without each shortcut (5 and 6 above).
  Cache new_cache(std::size_t probe, bool skip_identities = true, bool share_mark_blind = true) const;

  // Destinations (endpoint indexes) that FORWARD accepts from `src` on `probe_value`, which must
  // be the probe `cache` was made for.
  Bits accepted(const IpSetState& sets, EndpointIndex src, const Probe& probe_value, Cache& cache) const;
  // The same, written to `out`: (endpoints + 63) / 64 words, every one written (the matrix keeps
  // one row per source class and probe, where a Bits each was an allocation per walk).
  void accepted(const IpSetState& sets, EndpointIndex src, const Probe& probe_value, Cache& cache, std::uint64_t* out) const;

  // Longest run of rules the walk keeps in one chain; longer chains are cut into segments. (8
  // cost the fewest instructions on the generated 1,000-pod cluster among 4, 8, 16, 32 and
  // trees of segments of 4 or 8.)
  static constexpr std::size_t kSegmentRules = 8;
  // For tests: the groups (mark >> 9) for which every packet entering `chain` ends inside it,
  // and how many source subclasses the chain tells apart. Chain ids as in the Chain list; ids
  // past it are segments.
  unsigned terminal_groups(std::size_t chain) const { return terminal_[chain]; }
  bool mark_blind(std::size_t chain) const { return mark_blind_[chain] != 0; }
  std::size_t subclasses(std::size_t chain) const { return (first_slot_[chain + 1] - first_slot_[chain]) / 8; }
  std::size_t walk_chains() const { return walk_chains_; }
  // For tests: the subclass of `chain` that source class `source_class` is in (0 ..
  // subclasses(chain) - 1, numbered in order of their lowest source class).
  std::size_t subclass_of(std::size_t chain, std::size_t source_class) const {
    return (slot_base_[source_class * walk_chains_ + chain] - first_slot_[chain]) / 8;
  }
  // For tests: the endpoints of destination class k, and the destination classes rule k of
  // walk chain c matches by its destination-side sets (every class when it has none).
  const Bits& class_members(std::size_t k) const { return class_members_[k]; }
  Bits rule_destinations(std::size_t chain, std::size_t k) const;

  // A rule as the walk reads it: the probe matches, the source-side and named-port tests, and the
  // destination-side sets already ANDed in destination-class space. Small and flat (its tests
  // and destinations sit in the plan's pools): the walk reads a chain's rules one after the
  // other for every outcome it computes, and with a vector per test list and the destinations
  // inline a rule took 160 bytes and an allocation or two.
  struct WalkRule {
    PortMatch ports;
    std::uint32_t tests = 0;             // first of this rule's tests in tests_: source, then named-port
    std::uint32_t source_tests = 0;      // how many Side::Src tests
    std::uint32_t named_port_tests = 0;  // how many Side::DstDst tests, after the source tests
    std::int32_t dst = -1;               // offset in dst_words_ of the destination classes; -1: every one
    std::uint32_t mark_match = 0;
    Target target = Target::Accept;
    int jump = -1;
    std::uint32_t set_mark = 0;

    // True when the rule matches every packet whose mark has mark_match.
    bool matches_any_packet() const { return ports.any() && !source_tests && !named_port_tests && dst < 0; }
  };

 private:
  template <std::size_t>
  friend struct ClassWalker;
  template <typename Walker>
  void accepted_by(Walker& w, std::uint64_t* out) const;
  // The rules of walk chain c, in order.
  const WalkRule* rules_begin(std::size_t c) const { return rules_.data() + chain_start_[c]; }
  const WalkRule* rules_end(std::size_t c) const { return rules_.data() + chain_start_[c + 1]; }
  std::size_t endpoints_ = 0;
  Bits all_;                                      // every destination class
  std::vector<Bits> class_members_;               // per destination class: its endpoints
  // The walk's chains: the real chains (same ids as the Chain list), then their segments. Chain
  // c's rules are rules_[chain_start_[c] .. chain_start_[c + 1]).
  std::vector<WalkRule> rules_;
  std::vector<std::uint32_t> chain_start_;
  std::size_t walk_chains_ = 0;
  std::vector<SetMatch> tests_;                   // every rule's source and named-port tests
  std::vector<std::uint64_t> dst_words_;          // every rule's destination classes, walk_words() each
  std::vector<std::vector<Bits>> port_classes_;   // [set id][probe], named-port sets only
  std::vector<std::uint8_t> terminal_;            // [chain]: bit g when terminal for group g
  std::vector<std::uint8_t> mark_blind_;          // [chain]: 1 when no rule reads the mark (5 above)
  SourceClasses source_classes_;
  std::vector<std::size_t> first_slot_;           // [chain]: 8 * subclasses of the chains before it
  // [source class * walk chains + chain]: first_slot_[chain] + 8 * the class's subclass of the
  // chain, i.e. where its outcomes sit in a Cache (one load per lookup in the walk). Class-major:
  // a walk is for one source class, so its lookups read one contiguous row of walk_chains()
  // entries (chain-major, each lookup was on a line of its own, nc * 4 bytes from the next).
  // Not zeroed when sized: the constructor writes every entry.
  std::vector<std::uint32_t, DefaultInitAllocator<std::uint32_t>> slot_base_;
  std::size_t max_depth_ = 0;                     // longest jump path from FORWARD
};

}  // namespace netpol::azure

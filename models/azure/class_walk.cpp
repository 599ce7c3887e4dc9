#include "models/azure/class_walk.h"

#include <algorithm>
#include <bit>
#include <optional>
#include <utility>

#include "models/azure/partition.h"

namespace netpol::azure {
namespace {

// Pending packets are grouped by their mark: group index = mark bits 0x200/0x400/0x800 >> 9.
constexpr std::size_t kGroups = 8;
constexpr unsigned kAllGroups = (1u << kGroups) - 1;
unsigned group_of(std::uint32_t mark) { return (mark >> 9) & 7u; }
bool group_has_mark(unsigned g, std::uint32_t mark) { return ((g << 9) & mark) != 0; }

// Groups a packet may be in after marks were added to group g: g and every superset of it.
constexpr unsigned supersets_of(unsigned g) {
  unsigned out = 0;
  for (unsigned h = 0; h < kGroups; ++h)
    if ((h & g) == g) out |= 1u << h;
  return out;
}

// The groups (as a mask) whose packets carry some bit of `mark`: what "-m mark --mark X/X" lets
// through. Every group for mark 0 (no -m mark).
constexpr unsigned groups_with_mark(std::uint32_t mark) {
  if (!mark) return (1u << kGroups) - 1;
  unsigned out = 0;
  for (unsigned h = 0; h < kGroups; ++h)
    if (group_has_mark(h, mark)) out |= 1u << h;
  return out;
}

constexpr std::array<unsigned, kGroups> kSupersets = {supersets_of(0), supersets_of(1), supersets_of(2), supersets_of(3),
                                                      supersets_of(4), supersets_of(5), supersets_of(6), supersets_of(7)};

// Calls f(g) for every group whose bit is set in mask, lowest first.
template <typename F>
void for_each_group(unsigned mask, F&& f) {
  for (; mask; mask &= mask - 1) f(static_cast<unsigned>(std::countr_zero(mask)));
}

// Raw word helpers over class-space sets of `n` words.
// Always inlined, so that the walker's fixed word count unrolls them (a call each was a
// noticeable part of the walk).
[[gnu::always_inline]] inline void copy_words(std::uint64_t* to, const std::uint64_t* from, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
}
[[gnu::always_inline]] inline void or_words(std::uint64_t* to, const std::uint64_t* from, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) to[i] |= from[i];
}
// to = a & b; returns whether the result has a member.
[[gnu::always_inline]] inline bool and_words(std::uint64_t* to, const std::uint64_t* a, const std::uint64_t* b, std::size_t n) {
  std::uint64_t any = 0;
  for (std::size_t i = 0; i < n; ++i) any |= to[i] = a[i] & b[i];
  return any != 0;
}

// The walk's working sets, in one arena with a frame per chain depth: per mark group the pending
// packets and the packets moved by the current rule, plus the rule's hit, the rule's matched
// destinations (named ports), a temporary and the destinations being resolved at that depth;
// after the frames, the classes one walk accepts. The arena belongs to the Cache, so walks
// allocate nothing for it; every slot is written before it is read.
class Frames {
 public:
  // A frame's slots, in order: pending groups 0..7, moved groups 0..7, then these.
  static constexpr std::size_t kPendingSlot = 0, kMovedSlot = kGroups, kHitSlot = 2 * kGroups, kMatchedSlot = kHitSlot + 1,
                               kTempSlot = kHitSlot + 2, kResolvingSlot = kHitSlot + 3, kSlots = kHitSlot + 4;
  static std::size_t arena_words(std::size_t words, std::size_t depth) { return ((depth + 1) * kSlots + 1) * words; }
  Frames(std::uint64_t* arena, std::size_t words, std::size_t depth) : w_(words), depth_(depth), arena_(arena) {}
  std::size_t words() const { return w_; }
  // The slots, for a walker whose word count `w` (== words()) may be known at compile time, so
  // that finding a slot is shifts and adds rather than multiplications by a loaded count.
  std::uint64_t* pending(std::size_t depth, std::size_t g, std::size_t w) { return at(depth, kPendingSlot + g, w); }
  std::uint64_t* matched(std::size_t depth, std::size_t w) { return at(depth, kMatchedSlot, w); }
  std::uint64_t* temp(std::size_t depth, std::size_t w) { return at(depth, kTempSlot, w); }
  std::uint64_t* resolving(std::size_t depth, std::size_t w) { return at(depth, kResolvingSlot, w); }
  std::uint64_t* result() { return arena_ + (depth_ + 1) * kSlots * w_; }
  // Frame `depth` as one run of kSlots slots of `w` words (slot s at + s * w).
  std::uint64_t* frame(std::size_t depth, std::size_t w) { return at(depth, 0, w); }

 private:
  std::uint64_t* at(std::size_t depth, std::size_t slot, std::size_t w) { return arena_ + (depth * kSlots + slot) * w; }
  std::size_t w_, depth_;
  std::uint64_t* arena_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// The plan.

ClassWalkPlan::ClassWalkPlan(const std::vector<Chain>& chains, const std::vector<int>& source_sets, const IpSetState& sets)
    : endpoints_(sets.endpoints()) {
  source_classes_ = sets.classify(source_sets);

  // 1. Destination classes, by every set tested on the destination (named-port sets per probe).
  std::vector<std::uint8_t> tested_on_dst(sets.size(), 0);
  for (const auto& chain : chains)
    for (const Rule& r : chain.rules)
      for (const auto& m : r.sets)
        if (m.side != Side::Src) tested_on_dst[static_cast<std::size_t>(m.set)] = 1;
  std::vector<int> dst_sets;  // ascending ids
  for (std::size_t id = 0; id < tested_on_dst.size(); ++id)
    if (tested_on_dst[id]) dst_sets.push_back(static_cast<int>(id));
  std::vector<const Bits*> tests;
  for (int id : dst_sets) {
    if (sets.definition(id).kind == SetKind::NamedPorts) {
      for (std::size_t p = 0; p < sets.probe_count(); ++p) tests.push_back(&sets.port_members(id, p));
    } else {
      tests.push_back(&sets.members(id));
    }
  }
  const Partition dst = partition_by_columns(endpoints_, tests);
  const std::size_t classes = dst.first.size();
  class_members_.assign(classes, Bits(endpoints_));
  for (EndpointIndex e = 0; e < endpoints_; ++e) class_members_[dst.block_of[e]].set(e);
  auto in_class_space = [&](const Bits& endpoints) {
    Bits out(classes);
    for (std::size_t k = 0; k < classes; ++k) out.set(k, endpoints.test(dst.first[k]));
    return out;
  };
  port_classes_.assign(sets.size(), {});
  for (int id : dst_sets)
    if (sets.definition(id).kind == SetKind::NamedPorts)
      for (std::size_t p = 0; p < sets.probe_count(); ++p)
        port_classes_[static_cast<std::size_t>(id)].push_back(in_class_space(sets.port_members(id, p)));
  // Each dst-side set in class space, once (rules share sets).
  std::vector<std::optional<Bits>> set_classes(sets.size());
  for (int id : dst_sets)
    if (sets.definition(id).kind != SetKind::NamedPorts) set_classes[static_cast<std::size_t>(id)] = in_class_space(sets.members(id));
  all_ = Bits(classes, true);

  // The walk's own chains: each real chain (same index), its rules in class space; a chain of
  // more than kSegmentRules rules becomes unconditional jumps, in order, to segment chains of
  // that many rules each (numbered after the real chains). Running the segments one after the
  // other is running the chain, and a segment's outcome depends only on the sets ITS rules
  // test, so it is shared by many more sources than the whole chain's.
  const std::size_t ww = walk_words();
  auto compile = [&](const Rule& r) {
    WalkRule w;
    w.ports = r.ports;
    w.mark_match = r.mark_match;
    w.target = r.target;
    w.jump = r.jump;
    w.set_mark = r.set_mark;
    w.tests = static_cast<std::uint32_t>(tests_.size());
    for (const auto& m : r.sets)
      if (m.side == Side::Src) tests_.push_back(m);
    w.source_tests = static_cast<std::uint32_t>(tests_.size() - w.tests);
    for (const auto& m : r.sets)
      if (m.side == Side::DstDst) tests_.push_back(m);
    w.named_port_tests = static_cast<std::uint32_t>(tests_.size() - w.tests - w.source_tests);
    for (const auto& m : r.sets) {
      if (m.side != Side::Dst) continue;
      // The set (or its complement among the classes: ANDed with all_, padding stays zero).
      const std::uint64_t* members = set_classes[static_cast<std::size_t>(m.set)]->data();
      const std::uint64_t* every = all_.data();
      if (w.dst < 0) {
        w.dst = static_cast<std::int32_t>(dst_words_.size());
        dst_words_.resize(dst_words_.size() + ww, ~std::uint64_t{0});
      }
      std::uint64_t* out = dst_words_.data() + w.dst;
      for (std::size_t i = 0; i < ww; ++i) out[i] &= (m.negated ? ~members[i] : members[i]) & every[i];
    }
    return w;
  };
  // Every vector sized once (growing them by push_back was a few allocations per chain).
  auto segments_of = [](std::size_t rules) { return rules <= kSegmentRules ? 0 : (rules + kSegmentRules - 1) / kSegmentRules; };
  std::size_t total_chains = chains.size(), total_rules = 0, dst_rules = 0, total_tests = 0;
  for (const auto& chain : chains) {
    total_chains += segments_of(chain.rules.size());
    total_rules += chain.rules.size() + segments_of(chain.rules.size());
    for (const Rule& r : chain.rules) {
      bool any_dst = false;
      for (const auto& m : r.sets) {
        any_dst |= m.side == Side::Dst;
        total_tests += m.side != Side::Dst;
      }
      dst_rules += any_dst;
    }
  }
  rules_.reserve(total_rules);
  tests_.reserve(total_tests);
  dst_words_.reserve(dst_rules * ww);
  chain_start_.reserve(total_chains + 1);
  chain_start_.push_back(0);
  // The real chains: their rules, or jumps to their segments ...
  std::size_t next_segment = chains.size();
  for (const auto& chain : chains) {
    if (chain.rules.size() <= kSegmentRules) {
      for (const Rule& r : chain.rules) rules_.push_back(compile(r));
    } else {
      for (std::size_t k = 0; k < segments_of(chain.rules.size()); ++k) {
        WalkRule to_segment;
        to_segment.target = Target::Jump;
        to_segment.jump = static_cast<int>(next_segment++);
        rules_.push_back(to_segment);
      }
    }
    chain_start_.push_back(static_cast<std::uint32_t>(rules_.size()));
  }
  // ... then the segments, in the order the jumps above numbered them.
  for (const auto& chain : chains) {
    const auto& rules = chain.rules;
    if (rules.size() <= kSegmentRules) continue;
    for (std::size_t start = 0; start < rules.size(); start += kSegmentRules) {
      for (std::size_t k = start; k < std::min(rules.size(), start + kSegmentRules); ++k) rules_.push_back(compile(rules[k]));
      chain_start_.push_back(static_cast<std::uint32_t>(rules_.size()));
    }
  }
  walk_chains_ = chain_start_.size() - 1;

  // 4. Terminal masks, targets before callers (the jump graph is acyclic). Track the groups a
  // packet entering in group g may still be in; a rule that matches every packet of some groups
  // ends them (ACCEPT, DROP, a jump into a chain terminal for them) or moves them (MARK).
  const std::size_t nchains = walk_chains_;
  terminal_.assign(nchains, 0);
  mark_blind_.assign(nchains, 0);
  std::vector<std::uint8_t> settled(nchains, 0);
  std::vector<int> depth(nchains, 0);
  // may_inline[chain_start_[c] + k]: jump k of chain c may be taken in a group its target is not
  // terminal for (the walk then uses the target's outcome inline, so the target's sets matter
  // to c). An entry per rule.
  std::vector<std::uint8_t> may_inline(rules_.size(), 0);
  auto settle = [&](auto&& self, std::size_t c) -> void {
    if (settled[c]) return;
    for (const WalkRule* r = rules_begin(c); r != rules_end(c); ++r)
      if (r->target == Target::Jump) {
        self(self, static_cast<std::size_t>(r->jump));
        depth[c] = std::max(depth[c], 1 + depth[static_cast<std::size_t>(r->jump)]);
      }
    const std::size_t rule_count = chain_start_[c + 1] - chain_start_[c];
    for (unsigned g = 0; g < kGroups; ++g) {
      unsigned live = 1u << g;
      for (std::size_t k = 0; k < rule_count && live; ++k) {
        const WalkRule& r = rules_begin(c)[k];
        const unsigned matched = live & groups_with_mark(r.mark_match);
        if (!matched) continue;
        const bool every_packet = r.matches_any_packet();
        switch (r.target) {
          case Target::Accept:
          case Target::Drop:
            if (every_packet) live &= ~matched;
            break;
          case Target::Mark: {
            unsigned next = 0;
            for_each_group(matched, [&](unsigned h) { next |= 1u << (h | group_of(r.set_mark)); });
            live = every_packet ? (live & ~matched) | next : live | next;
            break;
          }
          case Target::Jump: {
            const unsigned target_terminal = terminal_[static_cast<std::size_t>(r.jump)];
            if (matched & ~target_terminal) may_inline[chain_start_[c] + k] = 1;
            for_each_group(matched, [&](unsigned h) {
              if (target_terminal & (1u << h)) {
                if (every_packet) live &= ~(1u << h);
              } else {
                live |= kSupersets[h];  // may come back, with marks added
              }
            });
            break;
          }
        }
      }
      if (!live) terminal_[c] |= static_cast<std::uint8_t>(1u << g);
    }
    // Mark-blind (class_walk.h, 5): no rule reads the mark, and every jump is deferred for every
    // group (its target terminal for all of them) or run inline for every group into a chain
    // that is mark-blind itself. Then the walk takes the same steps for every entering group.
    bool blind = true;
    for (const WalkRule* r = rules_begin(c); r != rules_end(c) && blind; ++r) {
      if (r->mark_match) blind = false;
      if (r->target != Target::Jump) continue;
      const auto x = static_cast<std::size_t>(r->jump);
      blind = blind && (terminal_[x] == kAllGroups || (terminal_[x] == 0 && mark_blind_[x]));
    }
    mark_blind_[c] = blind;
    settled[c] = 1;
  };
  for (std::size_t c = 0; c < nchains; ++c) settle(settle, c);
  max_depth_ = nchains == 0 ? 0 : static_cast<std::size_t>(depth[0]);

  // 3. Per chain, its source subclasses: classes alike in every src-side set the chain can test
  // itself or through a jump it may not defer. That is the common refinement of the split by the
  // chain's own tests and the subclasses of the chains it runs inline, so each chain is split from
  // its targets' results (targets first: the jump graph is acyclic) instead of re-reading every
  // set below it for every class.
  const auto& reps = source_classes_.representative;
  const std::size_t nc = reps.size();
  std::vector<std::optional<Bits>> classes_in(sets.size());  // src-side set -> source classes in it
  std::vector<Partition> split(nchains);
  std::vector<std::uint8_t> split_done(nchains, 0);
  // A chain's own set ids and their columns, reused from chain to chain: both are used up
  // before the recursion below.
  std::vector<int> ids;
  std::vector<const Bits*> columns;
  PartitionScratch scratch;  // each call below is done with it before the next
  auto split_chain = [&](auto&& self, std::size_t c) -> void {
    if (split_done[c]) return;
    ids.clear();
    for (const WalkRule* r = rules_begin(c); r != rules_end(c); ++r)
      for (std::uint32_t t = r->tests; t < r->tests + r->source_tests; ++t) ids.push_back(tests_[t].set);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    columns.clear();
    for (int id : ids) {
      auto& in = classes_in[static_cast<std::size_t>(id)];
      if (!in) {
        in.emplace(nc);
        for (std::size_t k = 0; k < nc; ++k)
          if (sets.members(id).test(reps[k])) in->set(k);
      }
      columns.push_back(&*in);
    }
    Partition p = split_by_columns(nc, columns, scratch);
    for (std::size_t k = chain_start_[c]; k < chain_start_[c + 1]; ++k) {
      const WalkRule& r = rules_[k];
      if (r.target != Target::Jump || !may_inline[k]) continue;
      const auto x = static_cast<std::size_t>(r.jump);
      self(self, x);
      refine(p, split[x], scratch);
    }
    split[c] = std::move(p);
    split_done[c] = 1;
  };
  first_slot_.assign(nchains + 1, 0);
  for (std::size_t c = 0; c < nchains; ++c) {
    split_chain(split_chain, c);
    first_slot_[c + 1] = first_slot_[c] + kGroups * split[c].first.size();
  }
  // Class-major, as the walk reads it; filled a chain (a column) at a time, so that each
  // chain's partition is read once, in order. Sized without zeroing: every entry is written here.
  slot_base_.resize(nc * nchains);
  for (std::size_t c = 0; c < nchains; ++c) {
    const Partition::Index* block_of = split[c].block_of.data();
    const std::size_t first = first_slot_[c];
    std::uint32_t* column = slot_base_.data() + c;
    for (std::size_t k = 0; k < nc; ++k) column[k * nchains] = static_cast<std::uint32_t>(first + kGroups * block_of[k]);
  }
}

Bits ClassWalkPlan::rule_destinations(std::size_t chain, std::size_t k) const {
  const WalkRule& r = rules_begin(chain)[k];
  Bits out(all_.size());
  copy_words(out.data(), r.dst >= 0 ? dst_words_.data() + r.dst : all_.data(), out.words());
  return out;
}

ClassWalkPlan::Cache ClassWalkPlan::new_cache(std::size_t probe, bool skip_identities, bool share_mark_blind) const {
  Cache cache;
  cache.probe_ = probe;
  cache.skip_identities_ = skip_identities;
  cache.share_mark_blind_ = share_mark_blind;
  cache.slot_.assign(first_slot_.back(), nullptr);
  cache.frames_.assign(Frames::arena_words(walk_words(), max_depth_), 0);
  return cache;
}

// ---------------------------------------------------------------------------------------------
// The walk.

// kWords: the number of words every class-space set is walked with, fixed at compile time so
// the word loops unroll; 0 means "as many as the plan has" (read at run time). Sets of up to
// Bits::kInlineWords words are walked as exactly that many: their unused words are zero
// (Bits keeps padding zero and holds at least that many words inline), and stay zero.
template <std::size_t kWords>
struct ClassWalker {
  using Outcome = ClassWalkPlan::Outcome;
  using WalkRule = ClassWalkPlan::WalkRule;
  const ClassWalkPlan& plan;
  ClassWalkPlan::Cache& cache;
  const IpSetState& sets;
  EndpointIndex src;
  const Probe& probe_value;
  Frames frames;
  const std::uint32_t* slot_bases;  // this source class's row of plan.slot_base_

  std::size_t words() const { return kWords ? kWords : frames.words(); }

  // Destination classes a rule matches for this source and probe; nullptr when none can.
  // Inlined into the walk, its only caller (a call per rule was a noticeable part of the walk).
  [[gnu::always_inline]] const std::uint64_t* rule_destinations(const WalkRule& r, std::size_t depth) {
    if (!r.ports.matches(probe_value)) return nullptr;
    const SetMatch* test = plan.tests_.data() + r.tests;
    for (const SetMatch* end = test + r.source_tests; test != end; ++test)
      if (sets.members(test->set).test(src) == test->negated) return nullptr;
    const std::uint64_t* base = r.dst >= 0 ? plan.dst_words_.data() + r.dst : plan.all_.data();
    if (!r.named_port_tests) return base;
    const std::size_t n = words();
    std::uint64_t* out = frames.matched(depth, n);
    copy_words(out, base, n);
    for (const SetMatch* end = test + r.named_port_tests; test != end; ++test) {
      const std::uint64_t* members = plan.port_classes_[static_cast<std::size_t>(test->set)][cache.probe_].data();
      for (std::size_t i = 0; i < n; ++i) out[i] = test->negated ? out[i] & ~members[i] : out[i] & members[i];
    }
    return out;
  }

  // Calls f(entry) for every deferred jump of a complete outcome, in order. f may add entries
  // to other outcomes (so each entry is copied out before f sees it).
  template <typename F>
  void for_each_deferred(const Outcome& o, F&& f) const {
    for (std::int32_t i = o.deferred; i >= 0;) {
      const Outcome::Deferred e = cache.deferred_[static_cast<std::size_t>(i)];
      i = e.next;
      f(e);
    }
  }

  // Adds "destinations a (AND b, when given) went to chain x in group g" to `out`; uses the
  // temporary of frame `depth`.
  void defer(Outcome& out, std::size_t depth, int x, unsigned g, const std::uint64_t* a, const std::uint64_t* b) {
    const std::size_t n = words();
    const std::uint64_t* d = a;
    if (b) {
      std::uint64_t* both = frames.temp(depth, n);
      if (!and_words(both, a, b, n)) return;
      d = both;
    }
    for (std::int32_t i = out.deferred; i >= 0; i = cache.deferred_[static_cast<std::size_t>(i)].next) {
      const auto& e = cache.deferred_[static_cast<std::size_t>(i)];
      if (e.chain == x && e.group == g) {
        or_words(e.destinations, d, n);
        return;
      }
    }
    std::uint64_t* kept = cache.words_.take(n);
    copy_words(kept, d, n);
    const auto added = static_cast<std::int32_t>(cache.deferred_.size());
    cache.deferred_.push_back({x, g, kept, -1});
    if (out.deferred_last >= 0) cache.deferred_[static_cast<std::size_t>(out.deferred_last)].next = added;
    else out.deferred = added;
    out.deferred_last = added;
  }

  // The outcome of chain c for group g and this source's subclass of c; computes it in frames
  // `depth` and deeper when it is not cached yet.
  // The lookup is inlined into the walk and the computation is not: most calls find the outcome
  // cached, and paid the computation's prologue and epilogue for a load and a test.
  [[gnu::always_inline]] const Outcome& outcome(int c, unsigned g, std::size_t depth) {
    const auto ci = static_cast<std::size_t>(c);
    const Outcome*& slot = cache.slot_[slot_bases[ci] + g];
    if (slot) [[likely]] return *slot;
    return compute_outcome(c, g, depth, slot);
  }

  // The outcome a jump into chain c applies to packets of group g, and `lift`, the bits to OR
  // into every group that outcome names: a mark-blind chain's outcome is the one for group 0,
  // lifted by g (class_walk.h, 5); any other chain's is its own for g, lifted by nothing.
  [[gnu::always_inline]] const Outcome& outcome_for(int c, unsigned g, std::size_t depth, unsigned& lift) {
    if (cache.share_mark_blind_ && plan.mark_blind_[static_cast<std::size_t>(c)]) {
      lift = g;
      return outcome(c, 0, depth);
    }
    lift = 0;
    return outcome(c, g, depth);
  }

  [[gnu::noinline]] const Outcome& compute_outcome(int c, unsigned g, std::size_t depth, const Outcome*& slot) {
    const std::size_t n = words();
    // Built in place: it stays where it is while deeper outcomes are added.
    Outcome& o = cache.new_outcome();
    o.accepted = cache.words_.take(2 * n);  // accepted, then dropped: one run
    o.dropped = o.accepted + n;
    std::fill_n(o.accepted, 2 * n, 0);
    copy_words(frames.pending(depth, g, n), plan.all_.data(), n);
    o.returned_mask = walk(c, depth, 1u << g, o);
    for (std::size_t i = 0; i < n; ++i) {
      o.accepts |= o.accepted[i] != 0;
      o.drops |= o.dropped[i] != 0;
    }
    for_each_group(o.returned_mask, [&](unsigned h) {
      o.returned[h] = cache.words_.take(n);
      copy_words(o.returned[h], frames.pending(depth, h, n), n);
    });
    // Every destination entering has one fate (accepted, dropped, deferred, or back in a group):
    // with no other fate, the jump changes nothing for exactly the groups that contain every
    // group the destinations came back in (their union). Read for g itself, that is g alone
    // when all came back in g (groups only grow), and no group otherwise.
    unsigned returned_union = 0;
    for_each_group(o.returned_mask, [&](unsigned h) { returned_union |= h; });
    if (!o.accepts && !o.drops && o.deferred < 0) o.identity_in = static_cast<std::uint8_t>(kSupersets[returned_union]);
    // slot_ does not move while deeper outcomes are computed: it is sized once per cache.
    slot = &o;
    return o;
  }

  // Runs the pending packets of frame `depth` (groups in `mask`) through chain c. Terminal fates
  // and deferred jumps go to `out`; the packets that come back stay in the frame's pending
  // groups, and their mask is returned.
  unsigned walk(int c, std::size_t depth, unsigned mask, Outcome& out) {
    const auto ci = static_cast<std::size_t>(c);
    const WalkRule* const rules = plan.rules_begin(ci);
    const std::size_t rule_count = plan.chain_start_[ci + 1] - plan.chain_start_[ci];
    const std::size_t n = words();
    // The frame's slots from one base held in a local: every word the walk writes is a
    // std::uint64_t, which may alias the Frames' own size_t fields, so slot addresses recomputed
    // through `frames` were reloaded and remultiplied after every store.
    std::uint64_t* const frame = frames.frame(depth, n);
    auto pending = [frame, n](unsigned g) { return frame + (Frames::kPendingSlot + g) * n; };
    auto moved_slot = [frame, n](unsigned h) { return frame + (Frames::kMovedSlot + h) * n; };
    std::uint64_t* const hit = frame + Frames::kHitSlot * n;
    std::uint64_t* const temp = frame + Frames::kTempSlot * n;
    for (std::size_t k = 0; k < rule_count && mask; ++k) {
      const WalkRule& r = rules[k];
      const std::uint64_t* m = rule_destinations(r, depth);
      if (!m) continue;
      // Packets whose mark this rule changed (or that came back from a jump) go on with the
      // next rule, not with this one.
      unsigned moved = 0;
      auto merge = [&](unsigned h, const std::uint64_t* from) {
        if (moved & (1u << h)) or_words(moved_slot(h), from, n);
        else copy_words(moved_slot(h), from, n);
        moved |= 1u << h;
      };
      // Groups this rule can see: pending, and carrying its -m mark when it has one.
      unsigned eligible = mask;
      if (r.mark_match)
        for_each_group(mask, [&](unsigned g) {
          if (!group_has_mark(g, r.mark_match)) eligible &= ~(1u << g);
        });
      // A jump this walk runs inline (the target is not terminal for the group).
      const bool inline_jump = r.target == Target::Jump;
      const unsigned terminal = inline_jump ? plan.terminal_[static_cast<std::size_t>(r.jump)] : 0;
      for (; eligible; eligible &= eligible - 1) {
        const auto g = static_cast<unsigned>(std::countr_zero(eligible));
        std::uint64_t* in = pending(g);
        const Outcome* x = nullptr;
        unsigned lift = 0;
        if (inline_jump && !(terminal & (1u << g))) {
          // The target's outcome first (it is computed only when some pending packet takes the
          // jump, as below): when it leaves every packet as it was, the jump changes nothing.
          std::uint64_t taken = 0;
          for (std::size_t i = 0; i < n; ++i) taken |= in[i] & m[i];
          if (!taken) continue;
          x = &outcome_for(r.jump, g, depth + 1, lift);
          if ((x->identity_in >> g) & 1u && cache.skip_identities_) {
            ++cache.skipped_jumps_;
            continue;
          }
        }
        std::uint64_t any = 0, left = 0;
        for (std::size_t i = 0; i < n; ++i) {
          hit[i] = in[i] & m[i];
          in[i] &= ~m[i];
          any |= hit[i];
          left |= in[i];
        }
        if (!any) continue;
        if (!left) mask &= ~(1u << g);
        switch (r.target) {
          case Target::Accept: or_words(out.accepted, hit, n); break;
          case Target::Drop: or_words(out.dropped, hit, n); break;
          case Target::Mark: merge(g | group_of(r.set_mark), hit); break;
          case Target::Jump: {
            if (!x) {
              defer(out, depth, r.jump, g, hit, nullptr);
              break;
            }
            if (x->accepts)
              for (std::size_t i = 0; i < n; ++i) out.accepted[i] |= hit[i] & x->accepted[i];
            if (x->drops)
              for (std::size_t i = 0; i < n; ++i) out.dropped[i] |= hit[i] & x->dropped[i];
            for_each_group(x->returned_mask, [&](unsigned h) {
              if (and_words(temp, hit, x->returned[h], n)) merge(h | lift, temp);
            });
            for_each_deferred(*x, [&](const Outcome::Deferred& d) {
              defer(out, depth, d.chain, d.group | lift, hit, d.destinations);
            });
            break;
          }
        }
      }
      for_each_group(moved, [&](unsigned h) {
        if (mask & (1u << h)) or_words(pending(h), moved_slot(h), n);
        else copy_words(pending(h), moved_slot(h), n);
        mask |= 1u << h;
      });
    }
    return mask;
  }

  // Adds to `accepted` the destinations among `d` that chain x, terminal for group g, accepts;
  // uses the resolving slots of frames `depth` and deeper. (A chain deferred from x is reached
  // from x by a jump, so the recursion is no deeper than the jump graph: max_depth_ frames.)
  void resolve(int x, unsigned g, const std::uint64_t* d, std::uint64_t* accepted, std::size_t depth) {
    unsigned lift = 0;
    const Outcome& o = outcome_for(x, g, 0, lift);
    const std::size_t n = words();
    if (o.accepts)
      for (std::size_t i = 0; i < n; ++i) accepted[i] |= d[i] & o.accepted[i];
    std::uint64_t* next = frames.resolving(depth, n);
    for_each_deferred(o, [&](const Outcome::Deferred& e) {
      if (and_words(next, d, e.destinations, n)) resolve(e.chain, e.group | lift, next, accepted, depth + 1);
    });
  }
};

Bits ClassWalkPlan::accepted(const IpSetState& sets, EndpointIndex src, const Probe& probe_value, Cache& cache) const {
  Bits out(endpoints_);
  accepted(sets, src, probe_value, cache, out.data());
  return out;
}

void ClassWalkPlan::accepted(const IpSetState& sets, EndpointIndex src, const Probe& probe_value, Cache& cache,
                             std::uint64_t* out) const {
  Frames frames(cache.frames_.data(), walk_words(), max_depth_);
  const std::uint32_t* slot_bases = slot_base_.data() + source_classes_.class_of[src] * walk_chains_;
  if (walk_words() == Bits::kInlineWords) {
    ClassWalker<Bits::kInlineWords> w{*this, cache, sets, src, probe_value, frames, slot_bases};
    accepted_by(w, out);
    return;
  }
  ClassWalker<0> w{*this, cache, sets, src, probe_value, frames, slot_bases};
  accepted_by(w, out);
}

template <typename Walker>
void ClassWalkPlan::accepted_by(Walker& w, std::uint64_t* out) const {
  const std::size_t n = w.words();
  const Outcome& forward = w.outcome(0, 0, 0);
  std::uint64_t* classes = w.frames.result();
  copy_words(classes, forward.accepted, n);
  for_each_group(forward.returned_mask, [&](unsigned h) { or_words(classes, forward.returned[h], n); });  // FORWARD's policy: ACCEPT
  // Resolving may compute further outcomes; cached ones never move or change (chunks, an arena).
  w.for_each_deferred(forward, [&](const Outcome::Deferred& d) { w.resolve(d.chain, d.group, d.destinations, classes, 0); });
  const std::size_t endpoint_words = (endpoints_ + 63) / 64;
  std::fill_n(out, endpoint_words, 0);
  for (std::size_t w = 0; w < all_.words(); ++w)  // the accepted classes only (padding bits are zero)
    for (std::uint64_t x = classes[w]; x; x &= x - 1)
      or_words(out, class_members_[w * 64 + static_cast<std::size_t>(std::countr_zero(x))].data(), endpoint_words);
}

}  // namespace netpol::azure

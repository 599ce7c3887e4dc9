#include "models/calico/tier_walk.h"

#include <algorithm>
#include <climits>

#include <fmt/format.h>

namespace netpol::calico {
namespace {

constexpr const char* kEndpoints = "projectcalico/calico felix/rules/endpoints.go endpointIptablesChain";

const char* action_name(CalicoAction a) {
  switch (a) {
    case CalicoAction::Allow: return "Allow";
    case CalicoAction::Deny: return "Deny";
    case CalicoAction::Log: return "Log";
    case CalicoAction::Pass: return "Pass";
  }
  return "?";
}

const char* stage_name(Stage s) {
  switch (s) {
    case Stage::Normal: return "normal";
    case Stage::Untracked: return "untracked (doNotTrack)";
    case Stage::PreDnat: return "preDNAT";
    case Stage::Forward: return "forward (applyOnForward)";
  }
  return "?";
}

// The peers among `open` for which `rule` matches, given the fixed endpoint, into `out`
// (same size as `open`). Returns false when the rule matches no peer (then `out` is
// unspecified).
bool rule_peers(CompiledRule& rule, const WalkInput& in, const Bitset& open, Bitset& out) {
  if (!rule.matches_scalar(in.probe, in.family)) return false;
  const Bitset* peers = nullptr;
  if (in.direction == Direction::Ingress) {
    const Bitset* dst = rule.destination_set(in.probe_index, in.probe);
    if (dst && !dst->test(in.fixed)) return false;
    peers = rule.source_set();
  } else {
    const Bitset* src = rule.source_set();
    if (src && !src->test(in.fixed)) return false;
    peers = rule.destination_set(in.probe_index, in.probe);
  }
  if (!peers) {
    out = open;
    return out.any();
  }
  return out.assign_and(open, *peers);
}

void record(const WalkTrace* trace, std::string stage, std::string subject, std::string detail, std::string outcome,
            std::string citation) {
  if (!trace || !trace->steps) return;
  trace->steps->push_back(DecisionStep{std::move(stage), std::move(subject), std::move(detail), std::move(outcome),
                                       std::move(citation)});
}

std::string outcome_of(CalicoAction a) {
  switch (a) {
    case CalicoAction::Allow: return "allow";
    case CalicoAction::Deny: return "deny";
    case CalicoAction::Pass: return "pass";
    case CalicoAction::Log: return "log (continues)";
  }
  return "?";
}

}  // namespace

EmptyChain empty_chain_outcome(Stage stage) {
  return stage == Stage::Forward ? EmptyChain::AcceptAll : EmptyChain::DecideNothing;
}

WalkResult walk(PolicySet& set, const WalkInput& in, const Bitset& candidates, const WalkTrace* trace) {
  const std::size_t n = candidates.size();
  WalkResult r{Bitset(n), candidates};
  const char* dir = in.direction == Direction::Ingress ? "ingress" : "egress";
  const std::string label = trace ? fmt::format("{} {} {}", trace->label, stage_name(in.stage), dir) : "";
  const bool traced_live = trace && candidates.test(trace->peer);

  const std::vector<int>& list = *in.policies;
  if (list.empty()) {
    if (in.stage != Stage::Normal && empty_chain_outcome(in.stage) == EmptyChain::AcceptAll) {
      r.allow = r.undecided;
      r.undecided.clear();
      if (traced_live)
        record(trace, label, "", "no applyOnForward policy applies: forwarded traffic allowed by default", "allow",
               kEndpoints);
      return r;
    }
    if (traced_live && in.stage == Stage::Normal)
      record(trace, label, "", "no policy applies in this direction; profiles decide", "no policy", kEndpoints);
  }

  // Work sets reused across tiers, profiles and walks (copy-assignment keeps their storage).
  // Per thread, so that walks on different threads never share them; every use writes before
  // it reads.
  thread_local Bitset scratch, open, passed;
  if (scratch.size() != n) scratch = open = passed = Bitset(n);
  std::size_t i = 0;
  // Once every peer is decided, the remaining tiers and profiles can change nothing: a tier
  // over no open peer matches no rule, drops none and passes none. So the walk stops there.
  while (i < list.size() && r.undecided.any()) {
    const int tier_index = set.policies()[list[i]].tier;
    const TierInfo& tier = set.tiers()[tier_index];
    open = r.undecided;  // not yet decided in this tier
    passed.clear();
    const std::string tier_label = label.empty() ? "" : fmt::format("{} tier {}", label, tier.name);
    for (; i < list.size() && set.policies()[list[i]].tier == tier_index; ++i) {
      CompiledPolicy& p = set.policies()[list[i]];
      auto& rules = in.direction == Direction::Ingress ? p.ingress : p.egress;
      bool decided_all = false;  // open became empty (kept as a flag: testing the set costs more)
      for (CompiledRule& rule : rules) {
        if (!rule_peers(rule, in, open, scratch)) continue;
        const bool hit = trace && scratch.test(trace->peer);
        if (hit)
          record(trace, tier_label, p.display_name(),
                 fmt::format("{} rule {} ({}) matches", dir, rule.index(), action_name(rule.action())),
                 outcome_of(rule.action()), p.citation());
        switch (rule.action()) {
          case CalicoAction::Allow: r.allow |= scratch; break;
          case CalicoAction::Deny: break;  // decided: out of open, into neither result
          case CalicoAction::Pass: passed |= scratch; break;
          case CalicoAction::Log: continue;  // non-terminal
        }
        if (!open.subtract_any(scratch)) {
          decided_all = true;
          break;
        }
      }
      if (decided_all) {
        // The tier has decided every peer: its remaining policies could match none. The list is
        // in tier order, so the tier's end is found by bisection.
        i = static_cast<std::size_t>(std::partition_point(list.begin() + static_cast<std::ptrdiff_t>(i), list.end(),
                                                          [&](int policy) { return set.policies()[policy].tier == tier_index; }) -
                                     list.begin());
        break;
      }
    }
    // End of tier.
    const bool drop = (in.stage == Stage::Normal || in.stage == Stage::Forward) &&
                      tier.default_action != CalicoAction::Pass;
    if (trace && open.test(trace->peer))
      record(trace, tier_label, "",
             fmt::format("no rule of tier {} matched; end of tier: {}", tier.name,
                         drop ? "Deny" : (in.stage == Stage::Normal || in.stage == Stage::Forward
                                              ? "defaultAction Pass, next tier"
                                              : "no end-of-tier drop in this stage, continue")),
             drop ? "deny" : "pass", tier.citation + "; " + kEndpoints);
    if (drop) {
      r.undecided = passed;  // the open peers are denied
    } else {
      r.undecided = passed;
      r.undecided |= open;
    }
  }

  if (in.stage == Stage::Normal) {
    for (const auto& [name, rules] : in.profile_rules) {
      if (!r.undecided.any()) break;
      open = r.undecided;
      for (CompiledRule& rule : *rules) {
        if (!open.any()) break;
        if (!rule_peers(rule, in, open, scratch)) continue;
        if (trace && scratch.test(trace->peer))
          record(trace, label, "profile " + *name,
                 fmt::format("{} rule {} ({}) matches", dir, rule.index(), action_name(rule.action())),
                 outcome_of(rule.action()), "projectcalico/calico felix/rules/endpoints.go (profiles after tiers)");
        switch (rule.action()) {
          case CalicoAction::Allow: r.allow |= scratch; r.undecided.subtract(scratch); break;
          case CalicoAction::Deny: r.undecided.subtract(scratch); break;
          case CalicoAction::Pass: break;  // next profile
          case CalicoAction::Log: continue;
        }
        open.subtract(scratch);
      }
    }
    if (trace && r.undecided.test(trace->peer))
      record(trace, label, "", "no profile matched: drop", "deny", kEndpoints);
    r.undecided.clear();  // denied
  }
  return r;
}

const std::vector<std::uint32_t>& WalkCache::fixed_classes(PolicySet& set, const WalkInput& in, std::size_t n) {
  if (classes_by_probe_.size() <= in.probe_index) classes_by_probe_.resize(in.probe_index + 1);
  if (!classes_by_probe_[in.probe_index].empty() || n == 0) return classes_by_probe_[in.probe_index];
  // Every set a walk on this probe may test the fixed endpoint against, without repeats.
  std::vector<const Bitset*> tests;
  // A set holding every endpoint or none tells no two apart: it cannot refine the partition.
  const Bitset none(n), every(n, true);
  auto add = [&](const Bitset* b) {
    if (b && *b != none && *b != every) tests.push_back(b);
  };
  for (CompiledPolicy& p : set.policies()) {
    for (CompiledRule& rule : p.ingress) add(rule.destination_set(in.probe_index, in.probe));
    for (CompiledRule& rule : p.egress) add(rule.source_set());
  }
  for (auto* rules : profile_rules_)
    for (CompiledRule& rule : *rules) {
      add(rule.destination_set(in.probe_index, in.probe));
      add(rule.source_set());
    }
  auto by_words = [](const Bitset* a, const Bitset* b) { return a->words() < b->words(); };
  std::sort(tests.begin(), tests.end(), by_words);
  tests.erase(std::unique(tests.begin(), tests.end(), [](const Bitset* a, const Bitset* b) { return a->words() == b->words(); }),
              tests.end());
  // Refine: endpoints stay in one class while every set so far agrees on them.
  std::vector<std::uint32_t> cls(n, 0);
  std::vector<std::uint32_t> renumber;
  std::uint32_t classes = n ? 1 : 0;
  for (const Bitset* b : tests) {
    renumber.assign(2 * static_cast<std::size_t>(classes), UINT32_MAX);
    std::uint32_t next = 0;
    for (std::size_t u = 0; u < n; ++u) {
      std::uint32_t& id = renumber[2 * static_cast<std::size_t>(cls[u]) + (b->test(u) ? 1 : 0)];
      if (id == UINT32_MAX) id = next++;
      cls[u] = id;
    }
    classes = next;
  }
  return classes_by_probe_[in.probe_index] = std::move(cls);
}

std::size_t WalkCache::KeyHash::operator()(const Key& k) const {
  std::size_t h = std::hash<const void*>{}(k.policies);
  for (std::size_t part : {static_cast<std::size_t>(k.profiles_id), static_cast<std::size_t>(k.stage), static_cast<std::size_t>(k.direction),
                           static_cast<std::size_t>(k.family), k.probe, static_cast<std::size_t>(k.fixed_class)})
    h = (h ^ part) * 0x100000001b3ULL;
  return h;
}

const WalkResult& WalkCache::all_peers(PolicySet& set, const WalkInput& in, std::size_t universe_size) {
  Key key{in.policies, in.stage == Stage::Normal ? in.profile_rules_id : -1, static_cast<int>(in.stage), static_cast<int>(in.direction),
          in.family ? static_cast<int>(*in.family) : -1, in.probe_index, fixed_classes(set, in, universe_size)[in.fixed]};
  auto it = results_.find(key);
  if (it == results_.end()) {
    if (everyone_.size() != universe_size) everyone_ = Bitset(universe_size, true);
    it = results_.emplace(std::move(key), walk(set, in, everyone_, nullptr)).first;
  }
  return it->second;
}

}  // namespace netpol::calico

#include "models/calico/policy_set.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "models/calico/k8s_conversion.h"
#include "models/calico/scoping.h"
#include "models/calico/selector/syntax_error.h"
#include "models/cluster/joined_text.h"

namespace netpol::calico {
namespace {

const char* kind_name(const CalicoPolicy& p) { return p.global() ? "GlobalNetworkPolicy" : "NetworkPolicy"; }

std::string policy_display(const CalicoPolicy& p) {
  return p.namespace_name.empty() ? p.name : p.namespace_name + "/" + p.name;
}

// The tie-break key of PolKVLess as pieces: "name/namespace/kind" where the version breaks ties
// by namespace and kind, else "namespace/name" ("name" for a global policy).
std::array<std::string_view, 5> tie_key_pieces(const CompiledPolicy& c, bool with_namespace_and_kind) {
  const CalicoPolicy& p = *c.spec;
  if (with_namespace_and_kind) return {p.name, "/", p.namespace_name, "/", c.key_kind};
  if (p.namespace_name.empty()) return {p.name, {}, {}, {}, {}};
  return {p.namespace_name, "/", p.name, {}, {}};
}

Diagnostic note(const SourceRef& src, std::string message) {
  Diagnostic d;
  d.severity = Severity::Warning;
  d.location = src.location;
  d.message = std::move(message);
  return d;
}

// Everything scoped_policy_selector reads, tagged and length-prefixed so that distinct inputs
// never share a key (and never meet compiled_rule.cpp's rule-side keys, which start with 'p').
void policy_selector_key(const CalicoPolicy& p, std::string& key) {
  key.clear();
  key += p.global() ? 'G' : 'N';
  for (const std::string* text : {&p.namespace_name, &p.selector, &p.namespace_selector, &p.service_account_selector}) {
    key += std::to_string(text->size());
    key += ':';
    key += *text;
  }
}

// The interned id of the policy's scoped selector. Many policies share one (a namespace's
// policies over the same pods), so parsing, rewriting and printing run once per distinct key.
int scoped_selector_id(const CalicoPolicy& p, SelectorIndex& selectors) {
  std::string& key = selectors.key_buffer();
  policy_selector_key(p, key);
  if (const std::pair<int, int>* cached = selectors.cached_side(key)) return cached->first;
  const int id = selectors.intern(scoped_policy_selector(p, &selectors.parse_cache()));
  selectors.remember_side(key, {id, -1});  // a copy: the buffer is reused
  return id;
}

}  // namespace

PolicySet::PolicySet(const Cluster& cluster, CalicoVersion version, SelectorIndex& selectors, std::size_t probes,
                     Diagnostics& notes)
    : selectors_(selectors) {
  // Tiers: built-ins of the version, then user-declared ones (a user Tier named like a built-in
  // replaces its values, as the datastore would then hold the user's object).
  std::map<std::string, TierInfo> tiers;
  for (const BuiltinTier& b : builtin_tiers(version))
    tiers[b.name] = TierInfo{b.name, b.order, b.default_action, true, b.citation};
  if (version.has_tiers()) {
    for (const CalicoTier& t : cluster.calico.tiers)
      tiers[t.name] = TierInfo{t.name, t.order, t.default_action, true, t.source.describe()};
  } else {
    for (const CalicoTier& t : cluster.calico.tiers)
      notes.push_back(note(t.source, fmt::format("Tier {} ignored: Calico {} has no Tier resource "
                                                 "(projectcalico/calico v3.28.0 api/pkg/apis/projectcalico/v3)",
                                                 t.name, version.to_string())));
  }

  // The policies Felix enforces.
  std::vector<CompiledPolicy> list;
  for (const CalicoPolicy& p : cluster.calico.policies) {
    if (p.staged()) continue;  // never enforced
    CompiledPolicy c;
    c.spec = &p;
    c.key_kind = kind_name(p);
    list.push_back(std::move(c));
  }
  for (const NetworkPolicy& np : cluster.policies) {
    ConversionResult r = convert_k8s_policy(np, version);
    for (const std::string& dropped : r.dropped_rules)
      notes.push_back(note(np.source, fmt::format("NetworkPolicy {}: {} (dropped, as libcalico-go "
                                                  "conversion.go K8sNetworkPolicyToCalico does)",
                                                  np.qualified_name(), dropped)));
    CompiledPolicy c;
    c.converted = std::make_unique<const CalicoPolicy>(std::move(r.policy));
    c.spec = c.converted.get();
    c.key_kind = kKubernetesNetworkPolicyKind;
    list.push_back(std::move(c));
  }

  for (CompiledPolicy& c : list) {
    const CalicoPolicy& spec = *c.spec;
    c.tier_name = spec.tier.empty() ? "default" : spec.tier;
    if (!version.has_tiers() && c.tier_name != "default") {
      notes.push_back(note(spec.source, fmt::format("policy {}: tier {} ignored, Calico {} has one implicit tier",
                                                    policy_display(spec), c.tier_name, version.to_string())));
      c.tier_name = "default";
    }
    if (!tiers.count(c.tier_name)) {
      // policy_sorter.go: a tier known only from its policies is not Valid and sorts last.
      tiers[c.tier_name] = TierInfo{c.tier_name, std::nullopt, CalicoAction::Deny, false,
                                    "projectcalico/calico felix/calc/policy_sorter.go (tier without resource)"};
      notes.push_back(note(spec.source, fmt::format("policy {} names tier {} which has no Tier resource",
                                                    policy_display(spec), c.tier_name)));
    }
  }

  for (auto& [name, t] : tiers) tiers_.push_back(t);
  // TierLess: declared first, then order (nil last), then name.
  std::sort(tiers_.begin(), tiers_.end(), [](const TierInfo& a, const TierInfo& b) {
    if (a.declared != b.declared) return a.declared;
    if (a.order.has_value() != b.order.has_value()) return a.order.has_value();
    if (a.order && *a.order != *b.order) return *a.order < *b.order;
    return a.name < b.name;
  });
  std::map<std::string, int> rank;
  for (std::size_t i = 0; i < tiers_.size(); ++i) rank[tiers_[i].name] = static_cast<int>(i);
  for (CompiledPolicy& c : list) c.tier = rank[c.tier_name];

  // PolKVLess: order (nil = +Inf), then the tie key. Sorted as indexes: a CompiledPolicy is
  // large, and moving it around costs more than comparing.
  // Each policy's sort key is gathered once (the sort compares each policy many times).
  struct SortKey {
    int tier;
    double order;
    std::array<std::string_view, 5> tie;
  };
  std::vector<SortKey> keys;
  keys.reserve(list.size());
  const bool with_namespace_and_kind = version.tie_break_with_namespace_and_kind();
  for (const CompiledPolicy& c : list)
    keys.push_back(SortKey{c.tier, c.spec->order.value_or(std::numeric_limits<double>::infinity()),
                           tie_key_pieces(c, with_namespace_and_kind)});
  std::vector<std::size_t> sorted(list.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) sorted[i] = i;
  std::stable_sort(sorted.begin(), sorted.end(), [&](std::size_t x, std::size_t y) {
    const SortKey& a = keys[x];
    const SortKey& b = keys[y];
    if (a.tier != b.tier) return a.tier < b.tier;
    if (a.order != b.order) return a.order < b.order;
    return compare_joined(a.tie, b.tie) < 0;
  });

  // CompiledRule keeps a pointer to its rule inside *spec, which never moves (the cluster's
  // object, or `converted` on the heap); reserve() just spares the moves. Every policy's rules
  // live in rules_, reserved whole up front so that it never reallocates and the policies'
  // spans into it stay valid (one allocation instead of two per policy).
  policies_.reserve(list.size());
  std::size_t total_rules = 0;
  for (const CompiledPolicy& c : list) total_rules += c.spec->ingress.size() + c.spec->egress.size();
  rules_.reserve(total_rules);
  static const std::string kNoNamespace;
  for (std::size_t index : sorted) {
    policies_.push_back(std::move(list[index]));
    CompiledPolicy& c = policies_.back();
    const std::size_t first = rules_.size();
    try {
      c.selector = scoped_selector_id(*c.spec, selectors);
      const std::string& ns = c.spec->global() ? kNoNamespace : c.spec->namespace_name;
      for (std::size_t i = 0; i < c.spec->ingress.size(); ++i)
        rules_.emplace_back(c.spec->ingress[i], static_cast<int>(i), ns, selectors, probes);
      for (std::size_t i = 0; i < c.spec->egress.size(); ++i)
        rules_.emplace_back(c.spec->egress[i], static_cast<int>(i), ns, selectors, probes);
    } catch (const selector::SyntaxError& e) {
      notes.push_back(note(c.spec->source, fmt::format("policy {} skipped: {}", c.display_name(), e.what())));
      while (rules_.size() > first) rules_.pop_back();
      policies_.pop_back();
      continue;
    }
    c.ingress = std::span<CompiledRule>(rules_).subspan(first, c.spec->ingress.size());
    c.egress = std::span<CompiledRule>(rules_).subspan(first + c.spec->ingress.size(), c.spec->egress.size());
    for (const auto* rules : {&c.ingress, &c.egress})
      for (const CompiledRule& r : *rules)
        if (!r.never_matches().empty())
          notes.push_back(note(c.spec->source, fmt::format("policy {} rule {}: never matches a probe: {}",
                                                          c.display_name(), r.index(), r.never_matches())));
  }
}

std::string CompiledPolicy::display_name() const { return policy_display(*spec); }

void PolicySet::build_applicable_lists() {
  // First as bitsets over policies, one per (class, list): a policy sets its bit in every class
  // its selector selects (computed once per distinct selector), for each list it joins. Policy
  // order is bit order, so reading the bits back gives evaluation order. Only lists some policy
  // joins get bitsets (most clusters have no doNotTrack, preDNAT or applyOnForward policy).
  constexpr std::size_t kLists = 8;  // stage * 2 + direction
  const std::size_t classes = selectors_.endpoint_class_count();  // network sets have no chains
  const std::size_t words = (policies_.size() + 63) / 64;
  std::vector<std::uint8_t> joins(policies_.size(), 0);  // per policy: bit `list` when it joins it
  std::uint8_t joined = 0;
  for (std::size_t i = 0; i < policies_.size(); ++i) {
    const CalicoPolicy& s = *policies_[i].spec;
    for (Direction d : {Direction::Ingress, Direction::Egress}) {
      const bool typed = d == Direction::Ingress ? s.ingress_type : s.egress_type;
      if (!typed) continue;
      auto join = [&](Stage st) { joins[i] |= static_cast<std::uint8_t>(1u << (static_cast<int>(st) * 2 + static_cast<int>(d))); };
      if (!s.do_not_track && !s.pre_dnat) join(Stage::Normal);
      if (s.do_not_track) join(Stage::Untracked);
      if (s.pre_dnat && d == Direction::Ingress) join(Stage::PreDnat);
      if (s.apply_on_forward && !s.do_not_track && !s.pre_dnat) join(Stage::Forward);
    }
    joined |= joins[i];
  }
  std::array<std::size_t, kLists> slot{};  // list -> its place among the joined lists
  std::size_t slots = 0;
  for (std::size_t list = 0; list < kLists; ++list)
    if (joined & (1u << list)) slot[list] = slots++;
  std::vector<std::uint64_t> bits(classes * slots * words, 0);
  for (std::size_t i = 0; i < policies_.size(); ++i) {
    if (!joins[i]) continue;
    std::array<std::size_t, kLists> offsets{};  // of the policy's word in each list it joins
    std::size_t count = 0;
    for (std::size_t list = 0; list < kLists; ++list)
      if (joins[i] & (1u << list)) offsets[count++] = slot[list] * words + i / 64;
    const std::uint64_t bit = std::uint64_t{1} << (i % 64);
    for (int c : selectors_.selected_classes(policies_[i].selector)) {
      if (static_cast<std::size_t>(c) >= classes) break;  // ascending: the rest are network sets
      std::uint64_t* row = &bits[static_cast<std::size_t>(c) * slots * words];
      for (std::size_t k = 0; k < count; ++k) row[offsets[k]] |= bit;
    }
  }
  // Then one list object per distinct bitset: classes selected by the same policies share it (a
  // walk over one is a walk over the other, and WalkCache keys on the address). Lists no policy
  // joins, and every list without a policy, are the one empty list.
  const std::vector<int>* empty = &lists_.emplace_back();
  // Distinct lists made so far, by the bytes of their bitsets (views into `bits`, which outlives
  // the map).
  std::unordered_map<std::string_view, const std::vector<int>*> by_bits;
  by_bits.reserve(classes * 2);
  canonical_.resize(classes);
  for (std::size_t c = 0; c < classes; ++c)
    for (std::size_t list = 0; list < kLists; ++list) {
      const std::uint64_t* b = joined & (1u << list) ? &bits[(c * slots + slot[list]) * words] : nullptr;
      if (!b || std::all_of(b, b + words, [](std::uint64_t w) { return w == 0; })) {
        canonical_[c][list] = empty;
        continue;
      }
      auto [it, fresh] = by_bits.try_emplace(std::string_view(reinterpret_cast<const char*>(b), words * sizeof *b));
      if (fresh) {
        std::vector<int>& made = lists_.emplace_back();
        std::size_t count = 0;
        for (std::size_t w = 0; w < words; ++w) count += static_cast<std::size_t>(std::popcount(b[w]));
        made.reserve(count);
        for (std::size_t w = 0; w < words; ++w)
          for (std::uint64_t x = b[w]; x; x &= x - 1) made.push_back(static_cast<int>(w * 64 + static_cast<std::size_t>(std::countr_zero(x))));
        it->second = &made;
      }
      canonical_[c][list] = it->second;
    }
  lists_built_ = true;
}

}  // namespace netpol::calico

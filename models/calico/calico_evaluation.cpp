#include "models/calico/calico_evaluation.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "models/cluster/bit_matrix.h"

namespace netpol::calico {
namespace {

constexpr const char* kStatic = "projectcalico/calico felix/rules/static.go";

// Views, not strings: matrix() calls pair_override() without steps for many pairs, and must
// not build the texts it would throw away.
void step(std::vector<DecisionStep>* steps, std::string_view stage, std::string_view subject, std::string_view detail,
          std::string_view outcome, std::string_view citation) {
  if (steps)
    steps->push_back({std::string(stage), std::string(subject), std::string(detail), std::string(outcome),
                      std::string(citation)});
}

}  // namespace

CalicoEvaluation::CalicoEvaluation(const Cluster& cluster, const Universe& universe, CalicoOptions options,
                                   Diagnostics& notes)
    : cluster_(cluster), universe_(universe), options_(options),
      default_host_config_(host_policy_config(cluster.calico, "")) {
  // A node without a FelixConfiguration "node.NODE" of its own runs with the default one
  // (calico_felix_for_node), which host_config() falls back to: only the others get an entry.
  for (const CalicoFelixConfiguration& f : cluster.calico.felix_nodes)
    host_configs_.try_emplace(f.node_name, host_policy_config(cluster.calico, f.node_name));
  world_ = std::make_unique<CalicoWorld>(build_calico_world(cluster, options.auto_host_endpoints));
  const std::size_t n = universe.endpoints.size();
  selectors_ = std::make_unique<SelectorIndex>(*world_, cluster.calico.network_sets, flow_addresses(universe));
  policies_ = std::make_unique<PolicySet>(cluster, options.version, *selectors_, universe.probes.size(), notes);

  // Ingress rules of every profile first, then egress rules (the order their notes come in).
  for (int dir : {0, 1})
    for (const auto& [name, def] : world_->profiles) {
      auto& rules = profile_rules_[name][dir];
      const std::vector<CalicoRule>& source = dir == 0 ? def.ingress : def.egress;
      try {
        for (std::size_t i = 0; i < source.size(); ++i) rules.emplace_back(source[i], static_cast<int>(i), "", *selectors_, universe.probes.size());
      } catch (const std::exception& e) {
        // Built field by field: g++ 12 at -O2 warns that a braced temporary's location "may be
        // used uninitialized".
        Diagnostic note;
        note.severity = Severity::Warning;
        note.message = fmt::format("profile {}: {}", name, e.what());
        notes.push_back(std::move(note));
      }
    }

  std::vector<std::vector<CompiledRule>*> profile_lists;
  for (auto& [name, rules] : profile_rules_)
    for (auto& direction : rules) profile_lists.push_back(&direction);
  walk_cache_ = WalkCache(std::move(profile_lists));

  // Per profile list of the world (shared by alike endpoints): its compiled rules per direction,
  // and an id equal exactly for lists of the same existing profiles (so, in each direction, for
  // the same rule lists), so the walk cache compares one int instead of the lists.
  const auto& lists = world_->profile_lists;
  profile_lists_.resize(lists.size());
  profile_list_ids_.resize(lists.size());
  using Profile = decltype(profile_rules_)::value_type;
  std::map<std::vector<Profile*>, int> ids;
  std::vector<Profile*> found;  // the list's profiles that exist, in order
  std::vector<std::array<std::pair<std::size_t, std::size_t>, 2>> ranges(lists.size());  // in profile_entries_
  for (std::size_t k = 0; k < lists.size(); ++k) {
    found.clear();
    for (const std::string& name : lists[k])
      if (auto it = profile_rules_.find(name); it != profile_rules_.end()) found.push_back(&*it);
    for (int dir : {0, 1}) {
      const std::size_t first = profile_entries_.size();
      for (Profile* profile : found) profile_entries_.emplace_back(&profile->first, &profile->second[dir]);
      ranges[k][dir] = {first, profile_entries_.size() - first};
    }
    auto id = ids.find(found);  // a key is copied only when it is new
    if (id == ids.end()) id = ids.emplace(found, static_cast<int>(ids.size())).first;
    profile_list_ids_[k] = id->second;
  }
  // Spans once the list is whole (it no longer moves).
  for (std::size_t k = 0; k < lists.size(); ++k)
    for (int dir : {0, 1})
      profile_lists_[k][dir] = ProfileRules(profile_entries_).subspan(ranges[k][dir].first, ranges[k][dir].second);

  forward_open_.assign(world_->endpoints.size() - world_->workloads, {-1, -1});

  // Host endpoints by node name, in world order: what governing_host_endpoint() chooses from
  // (looked up once per endpoint, instead of scanning every host endpoint for each).
  std::unordered_map<std::string_view, std::vector<int>> heps_of_node;
  for (std::size_t i = world_->workloads; i < world_->endpoints.size(); ++i)
    heps_of_node[world_->endpoints[i].node].push_back(static_cast<int>(i));
  auto governing = [&](const std::string& node, const std::optional<IpAddress>& address) {
    auto it = heps_of_node.find(node);
    return it == heps_of_node.end() ? -1 : governing_host_endpoint(it->second, address);
  };

  // Roles.
  places_.resize(n);
  for (std::size_t u = 0; u < n; ++u) {
    const Endpoint& ep = universe.endpoints[u];
    Place& pl = places_[u];
    if (!ep.ips.empty()) pl.family = ep.ips.front().family;
    switch (ep.kind) {
      case EndpointKind::Pod: {
        const Pod& pod = cluster.pods[ep.pod];
        pl.node = &pod.node_name;
        const int wep = world_->workload_of_pod[ep.pod];
        if (ep.ips.empty()) {
          pl.role = Role::Unaddressable;
        } else if (pod.host_network) {
          pl.role = Role::Host;
          pl.calico_endpoint = governing(pod.node_name, ep.ips.front());
        } else if (wep >= 0 && !world_->endpoints[wep].ips.empty()) {
          pl.role = Role::Workload;
          pl.calico_endpoint = wep;
        } else {
          // Addressed but not a Calico workload (unscheduled): Calico knows nothing of it.
          pl.role = Role::External;
          pl.node = nullptr;
        }
        break;
      }
      case EndpointKind::Node: {
        pl.node = &cluster.nodes[ep.node].name;
        pl.role = ep.ips.empty() ? Role::Unaddressable : Role::Host;
        if (!ep.ips.empty()) pl.calico_endpoint = governing(*pl.node, ep.ips.front());
        break;
      }
      case EndpointKind::HostEndpoint: {
        pl.role = ep.ips.empty() ? Role::Unaddressable : Role::Host;
        pl.calico_endpoint = ep.host_endpoint >= 0 ? static_cast<int>(world_->workloads) + ep.host_endpoint : -1;
        if (pl.calico_endpoint >= 0) pl.node = &world_->endpoints[pl.calico_endpoint].node;
        break;
      }
      case EndpointKind::External:
        pl.role = Role::External;
        break;
    }
  }
  // The host endpoint of each cluster node's main address (its forward chains); a node name
  // that no Node object carries has none.
  std::unordered_map<std::string_view, int> forward_hep;
  for (const Node& node : cluster.nodes)
    forward_hep.insert_or_assign(
        node.name, governing(node.name, node.addresses.empty() ? std::nullopt : std::optional(node.addresses.front())));
  std::unordered_map<std::string_view, int> node_ids;
  std::vector<int> forward_hep_of_node;  // by node id
  for (std::size_t u = 0; u < n; ++u) {
    Place& pl = places_[u];
    if (!pl.node || pl.node->empty()) continue;
    auto [id, fresh] = node_ids.try_emplace(*pl.node, static_cast<int>(node_ids.size()));
    if (fresh) {
      node_members_.emplace_back(n);
      node_hosts_.emplace_back(n);
      auto hep = forward_hep.find(*pl.node);
      forward_hep_of_node.push_back(hep == forward_hep.end() ? -1 : hep->second);
    }
    pl.node_id = id->second;
    node_members_[static_cast<std::size_t>(pl.node_id)].set(u);
    if (pl.role == Role::Host) node_hosts_[static_cast<std::size_t>(pl.node_id)].set(u);
    pl.forward_hep = forward_hep_of_node[static_cast<std::size_t>(pl.node_id)];
  }
}

const HostPolicyConfig& CalicoEvaluation::host_config(const std::string* node) const {
  if (!node) return default_host_config_;
  auto it = host_configs_.find(*node);
  return it == host_configs_.end() ? default_host_config_ : it->second;
}

int CalicoEvaluation::governing_host_endpoint(std::span<const int> candidates, const std::optional<IpAddress>& address) const {
  // docs.tigera.io/calico/latest/reference/resources/hostendpoint: a HEP with interfaceName X
  // governs X; with "" the interface holding one of its expectedIPs; "*" every host interface
  // not claimed by a specific HEP. We take the interface holding the address: an explicit HEP
  // listing it, else a named-interface HEP without expectedIPs (assumed to be that interface),
  // else the node's "*" HEP.
  int named_without_ips = -1, wildcard = -1;
  for (int i : candidates) {
    const CalicoEndpoint& e = world_->endpoints[static_cast<std::size_t>(i)];
    if (e.interface_name != "*" && address &&
        std::find(e.ips.begin(), e.ips.end(), *address) != e.ips.end())
      return i;
    if (!e.interface_name.empty() && e.interface_name != "*" && e.ips.empty() && named_without_ips < 0)
      named_without_ips = i;
    if (e.interface_name == "*" && wildcard < 0) wildcard = i;
  }
  return named_without_ips >= 0 ? named_without_ips : wildcard;
}

Bitset CalicoEvaluation::failsafe_set(const std::vector<CalicoProtoPort>& entries, const Probe& probe,
                                      const Bitset& candidates) const {
  Bitset out(candidates.size());
  const auto matching = failsafe_entries_for(entries, probe);
  if (matching.empty()) return out;
  for (const CalicoProtoPort* e : matching)
    if (!e->net) return candidates;  // no net: every remote address
  candidates.for_each([&](std::size_t u) {
    const auto& a = selectors_->flow_address(u);
    for (const CalicoProtoPort* e : matching)
      if (a && e->net->contains(*a)) {
        out.set(u);
        break;
      }
  });
  return out;
}

bool CalicoEvaluation::same_node(std::size_t a, std::size_t b) const {
  return places_[a].node_id >= 0 && places_[a].node_id == places_[b].node_id;
}

std::string CalicoEvaluation::describe(std::size_t u) const { return universe_.endpoints[u].id; }

void CalicoEvaluation::run(int ce, Stage stage, Direction direction, std::size_t fixed, std::size_t probe,
                           const Bitset& candidates, Bitset& allow, Bitset& undecided, std::vector<DecisionStep>* steps,
                           std::size_t traced) const {
  const CalicoEndpoint& e = world_->endpoints[ce];
  WalkInput in;
  in.policies = &policies_->applicable(selectors_->endpoint_class(ce), stage, direction);
  in.direction = direction;
  in.stage = stage;
  in.probe_index = probe;
  in.probe = universe_.probes[probe];
  in.fixed = fixed;
  in.family = places_[fixed].family;
  if (stage == Stage::Normal) {
    const auto list = static_cast<std::size_t>(e.profile_list);
    in.profile_rules = profile_lists_[list][direction == Direction::Ingress ? 0 : 1];
    in.profile_rules_id = profile_list_ids_[list];
  }
  if (!steps && stage != Stage::Normal && in.policies->empty()) {
    // No rule to walk (tier_walk.h empty_chain_outcome): the common case for host endpoint
    // stages, decided without a walk or a cache lookup.
    if (empty_chain_outcome(stage) == EmptyChain::AcceptAll) {
      allow = candidates;
      undecided.clear();
    } else {
      allow.clear();
      undecided = candidates;  // may be candidates itself
    }
    return;
  }
  if (!steps) {
    // Shared with every fixed endpoint the walk cannot tell apart (tier_walk.h WalkCache). The
    // walk decides each peer alone, so the answer on `candidates` is the answer on all peers
    // cut down to them. `undecided` last: it may be `candidates` itself.
    const WalkResult& all = walk_cache_.all_peers(*policies_, in, candidates.size());
    allow.assign_and(all.allow, candidates);
    undecided.assign_and(all.undecided, candidates);
    return;
  }
  WalkTrace trace{traced, describe_endpoint(cluster_, e), steps};
  WalkResult r = walk(*policies_, in, candidates, &trace);
  allow = std::move(r.allow);
  undecided = std::move(r.undecided);
}

void CalicoEvaluation::host_endpoint_chain(int hep, Direction direction, bool forward, std::size_t fixed,
                                           std::size_t probe, const Bitset& candidates, Bitset& allowed,
                                           Scratch& scratch, std::vector<DecisionStep>* steps, std::size_t traced) const {
  Bitset& open = scratch.open;  // not yet decided by an earlier stage
  Bitset& stage_allowed = scratch.stage_allowed;
  open = candidates;
  allowed.clear();
  // Untracked (raw table) and, for ingress, preDNAT (mangle PREROUTING): an Allow skips the
  // later stages (static.go acceptAlreadyAccepted / the forward chain's accept-mark check).
  // Raw OUTPUT sees only local traffic: forwarded egress has no early stage.
  const Stage kIngressEarly[] = {Stage::Untracked, Stage::PreDnat};
  const std::size_t early = forward && direction == Direction::Egress ? 0 : direction == Direction::Ingress ? 2 : 1;
  for (std::size_t k = 0; k < early; ++k) {
    const Stage st = kIngressEarly[k];
    if (!open.any()) break;
    run(hep, st, direction, fixed, probe, open, stage_allowed, open, steps, traced);
    allowed |= stage_allowed;
  }
  if (open.any()) {
    run(hep, forward ? Stage::Forward : Stage::Normal, direction, fixed, probe, open, stage_allowed, open, steps, traced);
    allowed |= stage_allowed;
    if (forward) {
      // Every tier passed: the forward chain returns without a verdict and the packet goes on
      // through FORWARD (decision: allowed, see README).
      allowed |= open;
    }
  }
}

bool CalicoEvaluation::forward_chain_accepts_all(int hep, Direction direction) const {
  std::int8_t& known = forward_open_[static_cast<std::size_t>(hep) - world_->workloads][direction == Direction::Ingress ? 0 : 1];
  if (known < 0) {
    const int cls = selectors_->endpoint_class(static_cast<std::size_t>(hep));
    bool open = policies_->applicable(cls, Stage::Forward, direction).empty();
    if (open && direction == Direction::Ingress)  // forwarded egress has no early stage
      open = policies_->applicable(cls, Stage::Untracked, direction).empty() &&
             policies_->applicable(cls, Stage::PreDnat, direction).empty();
    known = open ? 1 : 0;
  }
  return known == 1;
}

void CalicoEvaluation::source_side(std::size_t src, std::size_t probe, const Bitset& candidates, Bitset& allowed,
                                   Scratch& scratch, std::vector<DecisionStep>* steps, std::size_t traced) const {
  const Place& pl = places_[src];
  switch (pl.role) {
    case Role::Unaddressable:
      allowed.clear();
      return;
    case Role::External:
      if (steps && candidates.test(traced))
        step(steps, "source", describe(src), "not a Calico endpoint: no Calico policy on the sending side", "allow", "");
      allowed = candidates;
      return;
    case Role::Workload: {
      // A Normal chain ends in its profiles' drop: nothing is left undecided.
      run(pl.calico_endpoint, Stage::Normal, Direction::Egress, src, probe, candidates, allowed, scratch.undecided, steps,
          traced);
      if (pl.forward_hep >= 0 && (steps || !forward_chain_accepts_all(pl.forward_hep, Direction::Egress))) {
        Bitset& off_node = scratch.off_node;
        off_node = allowed;
        off_node.subtract(node_members_[static_cast<std::size_t>(pl.node_id)]);
        if (off_node.any()) {
          host_endpoint_chain(pl.forward_hep, Direction::Egress, true, src, probe, off_node, scratch.chain, scratch,
                              steps, traced);
          allowed.subtract(off_node);
          allowed |= scratch.chain;
        }
      }
      return;
    }
    case Role::Host:
      host_side(Direction::Egress, src, probe, candidates, allowed, scratch, steps, traced);
      return;
  }
}

// Host traffic (a node or standalone host endpoint) leaving (Egress) or entering (Ingress) the
// host: no governing host endpoint means no Calico policy; otherwise failsafe ports are allowed
// first and the rest walks the host endpoint's chain. One body for both directions, which
// differ only in the failsafe list and the wording.
void CalicoEvaluation::host_side(Direction direction, std::size_t fixed, std::size_t probe, const Bitset& candidates,
                                 Bitset& allowed, Scratch& scratch, std::vector<DecisionStep>* steps,
                                 std::size_t traced) const {
  const Place& pl = places_[fixed];
  const Probe& pr = universe_.probes[probe];
  const bool egress = direction == Direction::Egress;
  const char* way = egress ? "egress" : "ingress";
  if (pl.calico_endpoint < 0) {
    if (steps && candidates.test(traced))
      step(steps, fmt::format("host {}", way), describe(fixed), "no host endpoint governs this address: no Calico policy",
           "allow", "docs.tigera.io/calico/latest/reference/host-endpoints/overview");
    allowed = candidates;
    return;
  }
  const HostPolicyConfig& config = host_config(pl.node);
  Bitset& failsafe = scratch.failsafe;
  failsafe = failsafe_set(egress ? config.failsafe_outbound : config.failsafe_inbound, pr, candidates);
  if (steps && failsafe.test(traced))
    step(steps, fmt::format("host {} failsafe", way), world_->endpoints[pl.calico_endpoint].name,
         fmt::format("{} is a failsafe {} port", pr.to_string(), egress ? "outbound" : "inbound"), "allow",
         egress ? "projectcalico/calico felix/config/config_params.go FailsafeOutboundHostPorts; felix/rules/static.go failsafeOutChain"
                : "projectcalico/calico felix/config/config_params.go FailsafeInboundHostPorts; felix/rules/static.go failsafeInChain");
  Bitset& rest = scratch.rest;
  rest = candidates;
  rest.subtract(failsafe);
  host_endpoint_chain(pl.calico_endpoint, direction, false, fixed, probe, rest, allowed, scratch, steps, traced);
  allowed |= failsafe;
}

void CalicoEvaluation::destination_side(std::size_t dst, std::size_t probe, const Bitset& candidates, Bitset& allowed,
                                        Scratch& scratch, std::vector<DecisionStep>* steps, std::size_t traced) const {
  const Place& pl = places_[dst];
  switch (pl.role) {
    case Role::Unaddressable:
      allowed.clear();
      return;
    case Role::External:
      if (steps && candidates.test(traced))
        step(steps, "destination", describe(dst), "not a Calico endpoint: no Calico policy on the receiving side",
             "allow", "");
      allowed = candidates;
      return;
    case Role::Workload: {
      // `passed`: what reaches the workload's own chain, after the node's forward chain.
      Bitset& passed = scratch.undecided;
      passed = candidates;
      if (pl.forward_hep >= 0 && (steps || !forward_chain_accepts_all(pl.forward_hep, Direction::Ingress))) {
        Bitset& off_node = scratch.off_node;
        off_node = candidates;
        off_node.subtract(node_members_[static_cast<std::size_t>(pl.node_id)]);
        if (off_node.any()) {
          host_endpoint_chain(pl.forward_hep, Direction::Ingress, true, dst, probe, off_node, scratch.chain, scratch,
                              steps, traced);
          passed.subtract(off_node);
          passed |= scratch.chain;
        }
      }
      if (!passed.any()) {
        allowed.clear();
        return;
      }
      run(pl.calico_endpoint, Stage::Normal, Direction::Ingress, dst, probe, passed, allowed, passed, steps, traced);
      return;
    }
    case Role::Host:
      host_side(Direction::Ingress, dst, probe, candidates, allowed, scratch, steps, traced);
      return;
  }
}

std::optional<bool> CalicoEvaluation::pair_override(std::size_t s, std::size_t d, std::vector<DecisionStep>* steps) const {
  const Place& a = places_[s];
  const Place& b = places_[d];
  if (a.role == Role::Unaddressable || b.role == Role::Unaddressable) {
    step(steps, "addressing", "", "an endpoint without an address sends and receives nothing", "deny", "");
    return false;
  }
  if (s == d) {
    step(steps, "local", "", "traffic of an endpoint to itself never leaves it; no Calico chain sees it", "allow",
         "decision (models/calico/README.md)");
    return true;
  }
  if (a.family != b.family) {
    step(steps, "addressing", "", "source and destination have no address of a common family", "deny", "");
    return false;
  }
  if (same_node(s, d) && a.role == Role::Host && b.role == Role::Host) {
    step(steps, "local", "", "two addresses of the same node: local traffic, no host endpoint chain", "allow",
         "decision (models/calico/README.md)");
    return true;
  }
  if (same_node(s, d) && a.role == Role::Host && b.role == Role::Workload) {
    step(steps, "host to local workload", "", "filterOutputChain returns before any workload policy", "allow",
         "projectcalico/calico felix/rules/static.go filterOutputChain");
    return true;
  }
  return std::nullopt;
}

VerdictMatrix CalicoEvaluation::matrix() const {
  const std::size_t n = universe_.endpoints.size();
  const std::size_t probes = universe_.probes.size();
  VerdictMatrix m(n, probes);
  // DefaultEndpointToHostAction per node id, looked up once per node instead of per pair.
  std::vector<std::int8_t> to_own_host_allowed(node_members_.size(), -1);
  auto endpoint_to_host_allowed = [&](std::size_t s) {
    std::int8_t& known = to_own_host_allowed[static_cast<std::size_t>(places_[s].node_id)];
    if (known < 0) known = host_config(places_[s].node).endpoint_to_host != EndpointToHostAction::Drop ? 1 : 0;
    return known == 1;
  };
  const Bitset all(n, true);
  std::vector<std::size_t> unaddressable;
  bool mixed_families = false;
  std::optional<IpFamily> first_family;
  for (std::size_t u = 0; u < n; ++u) {
    if (places_[u].role == Role::Unaddressable) unaddressable.push_back(u);
    if (!places_[u].family) continue;
    if (!first_family) first_family = places_[u].family;
    if (*places_[u].family != *first_family) mixed_families = true;
  }
  const std::size_t words = (n + 63) / 64;
  // Row s of out_rows: the destinations s's side lets through. Row d of in_rows: the sources
  // d's side admits; transposed so that row s of in_by_source holds the destinations that admit s.
  // Every word is written before it is read (whole rows are copied in, and transpose_bits
  // writes every word of its output), so the arrays are left uninitialised.
  // One block for the three (one allocation and one release instead of three).
  const auto rows = std::make_unique_for_overwrite<std::uint64_t[]>(3 * n * words);
  std::uint64_t* const out_rows = rows.get();
  std::uint64_t* const in_rows = out_rows + n * words;
  std::uint64_t* const in_by_source = in_rows + n * words;
  auto sent = [&](std::size_t s, std::size_t d) { return (out_rows[s * words + d / 64] >> (d % 64)) & 1u; };
  Scratch scratch(n);
  Bitset side(n);
  for (std::size_t p = 0; p < probes; ++p) {
    for (std::size_t s = 0; s < n; ++s) {
      source_side(s, p, all, side, scratch, nullptr, 0);
      std::copy(side.words().begin(), side.words().end(), &out_rows[s * words]);
    }
    for (std::size_t d = 0; d < n; ++d) {
      destination_side(d, p, all, side, scratch, nullptr, 0);
      std::copy(side.words().begin(), side.words().end(), &in_rows[d * words]);
    }
    transpose_bits(in_rows, in_by_source, n, words);
    for (std::size_t s = 0; s < n; ++s) {
      std::uint64_t* dst = m.row(p, s);
      for (std::size_t w = 0; w < words; ++w) dst[w] = out_rows[s * words + w] & in_by_source[s * words + w];
    }
    // Pairs decided by where they are, not by chains: only self pairs, pairs on one node,
    // unaddressable endpoints and mixed families can be special, so only those are visited.
    auto special = [&](std::size_t s, std::size_t d) {
      if (auto v = pair_override(s, d, nullptr)) {
        m.set(p, s, d, *v);
      } else if (places_[s].role == Role::Workload && places_[d].role == Role::Host && same_node(s, d)) {
        // Workload -> own host: egress policy, then DefaultEndpointToHostAction.
        m.set(p, s, d, sent(s, d) && endpoint_to_host_allowed(s));
      }
    };
    for (std::size_t s = 0; s < n; ++s) {
      if (mixed_families || places_[s].role == Role::Unaddressable) {
        for (std::size_t d = 0; d < n; ++d) special(s, d);
        continue;
      }
      special(s, s);
      for (std::size_t d : unaddressable) special(s, d);
      // On one node a workload is special only towards the host (its own host), a host towards
      // everything (host to host, host to local workload).
      const Place& from = places_[s];
      if (from.node_id < 0) continue;
      const auto node = static_cast<std::size_t>(from.node_id);
      (from.role == Role::Workload ? node_hosts_[node] : node_members_[node]).for_each([&](std::size_t d) { special(s, d); });
    }
  }
  return m;
}

Explanation CalicoEvaluation::explain(const Flow& flow) const {
  Explanation ex;
  const std::size_t n = universe_.endpoints.size();
  const std::size_t s = flow.src, d = flow.dst;
  std::size_t p = 0;
  while (p < universe_.probes.size() && !(universe_.probes[p] == flow.probe)) ++p;
  if (p == universe_.probes.size()) throw UsageError("explain: probe " + flow.probe.to_string() + " is not in the universe");
  if (auto v = pair_override(s, d, &ex.steps)) {
    ex.verdict = *v ? Verdict::Allow : Verdict::Deny;
    return ex;
  }
  Bitset only_d(n), only_s(n), allowed(n);
  only_d.set(d);
  only_s.set(s);
  Scratch scratch(n);
  source_side(s, p, only_d, allowed, scratch, &ex.steps, d);
  const bool out_ok = allowed.test(d);
  if (places_[s].role == Role::Workload && places_[d].role == Role::Host && same_node(s, d)) {
    const HostPolicyConfig& config = host_config(places_[s].node);
    const bool action_ok = config.endpoint_to_host != EndpointToHostAction::Drop;
    if (out_ok)
      step(&ex.steps, "workload to own host", "DefaultEndpointToHostAction",
           "after the workload's egress policy, " + config.endpoint_to_host_source, action_ok ? "allow" : "deny",
           std::string(kStatic) + " filterWorkloadToHostChain");
    ex.verdict = out_ok && action_ok ? Verdict::Allow : Verdict::Deny;
    return ex;
  }
  if (!out_ok) {
    ex.verdict = Verdict::Deny;
    return ex;
  }
  destination_side(d, p, only_s, allowed, scratch, &ex.steps, s);
  const bool in_ok = allowed.test(s);
  ex.verdict = in_ok ? Verdict::Allow : Verdict::Deny;
  return ex;
}

}  // namespace netpol::calico

// The Calico part of the scale generator (see CalicoScaleSpec in scale.h), filled in by the
// Calico engine work (issue 4).
//
// Generated, from a std::mt19937_64 seeded with spec.seed and an offset of its own (so the
// Kubernetes part of a scale cluster does not change):
//  - two user tiers: "security" (order 100, defaultAction Deny) whose policies end in a Pass
//    rule, and "platform" (order 200, defaultAction Pass);
//  - spec.calico.global_network_sets GlobalNetworkSets labelled feed=threat-<k> or
//    feed=partner-<k>, each with one or two /24 nets in 198.18.0.0/15;
//  - spec.calico.global_network_policies GlobalNetworkPolicies over the pod labels of scale.cpp
//    (app, tier, env, canary) and the namespace labels (team, env): mixed tiers, orders (some
//    unset), Allow/Deny/Pass/Log rules, selectors on sets, nets, namespaceSelectors, numeric and
//    named ports;
//  - when spec.calico.host_endpoint_per_node, one HostEndpoint per node: interfaceName "*",
//    expectedIPs = the node's addresses, the node's labels plus host-endpoint=true, profile
//    projectcalico-default-allow (as kube-controllers' automatic host endpoints have).
#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "generators/scale.h"

namespace netpol::generators {
namespace {

constexpr std::uint64_t kCalicoStream = 0xCA11C0'5CA1E000ull;

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
}

bool chance(std::mt19937_64& rng, int percent) { return std::uniform_int_distribution<int>(0, 99)(rng) < percent; }

CalicoRule make_rule(std::mt19937_64& rng, CalicoAction action, int sets) {
  CalicoRule r;
  r.action = action;
  CalicoEntityRule& peer = r.source;  // ingress rules: peer in source
  switch (std::uniform_int_distribution<int>(0, 4)(rng)) {
    case 0: peer.selector = fmt::format("feed == 'threat-{}'", std::uniform_int_distribution<int>(0, std::max(0, sets / 5 - 1))(rng)); break;
    case 1: peer.nets = {*Cidr::parse(fmt::format("198.18.{}.0/24", std::uniform_int_distribution<int>(0, 255)(rng)))}; break;
    case 2: peer.namespace_selector = pick(rng, std::vector<std::string>{"team == 'team-a'", "env == 'prod'", "all()"}); break;
    case 3: peer.selector = pick(rng, std::vector<std::string>{"tier == 'frontend'", "app == 'api'", "has(canary)"}); break;
    default: break;  // any peer
  }
  if (chance(rng, 50)) {
    r.protocol = CalicoProtocol{"TCP", 6};
    if (chance(rng, 30))
      r.destination.ports = {CalicoPort{0, 0, "http"}};
    else
      r.destination.ports = {CalicoPort{8080, 8080, ""}, CalicoPort{9000, 9100, ""}};
  }
  return r;
}

}  // namespace

void add_scale_calico_resources(Cluster& cluster, const ScaleSpec& spec) {
  if (spec.calico.empty()) return;
  std::mt19937_64 rng(spec.seed ^ kCalicoStream);
  CalicoResources& out = cluster.calico;

  out.tiers.push_back(CalicoTier{"platform", 200.0, CalicoAction::Pass, {}});
  out.tiers.push_back(CalicoTier{"security", 100.0, CalicoAction::Deny, {}});

  const int sets = spec.calico.global_network_sets;
  for (int i = 0; i < sets; ++i) {
    CalicoNetworkSet s;
    s.name = fmt::format("gns-{:03}", i);
    s.labels = {{"feed", i % 2 == 0 ? fmt::format("threat-{}", i / 5) : fmt::format("partner-{}", i / 5)}};
    const int n = 1 + std::uniform_int_distribution<int>(0, 1)(rng);
    for (int k = 0; k < n; ++k)
      s.nets.push_back(*Cidr::parse(fmt::format("198.{}.{}.0/24", 18 + k, std::uniform_int_distribution<int>(0, 255)(rng))));
    out.network_sets.push_back(std::move(s));
  }

  const std::vector<std::string> selectors = {"tier == 'frontend'", "app == 'api'", "env == 'prod'",
                                              "has(canary)", "tier in {'backend', 'data'}", "all()"};
  for (int i = 0; i < spec.calico.global_network_policies; ++i) {
    CalicoPolicy p;
    p.kind = CalicoPolicyKind::GlobalNetworkPolicy;
    const int tier = std::uniform_int_distribution<int>(0, 2)(rng);
    p.tier = tier == 0 ? "security" : tier == 1 ? "platform" : "default";
    p.name = tier == 2 ? fmt::format("gnp-{:03}", i) : fmt::format("{}.gnp-{:03}", p.tier, i);
    if (!chance(rng, 20)) p.order = std::uniform_int_distribution<int>(1, 2000)(rng);
    p.selector = pick(rng, selectors);
    if (chance(rng, 30)) p.namespace_selector = pick(rng, std::vector<std::string>{"team == 'team-b'", "env != 'dev'"});
    p.ingress_type = true;
    const int rules = 1 + std::uniform_int_distribution<int>(0, 2)(rng);
    for (int k = 0; k < rules; ++k) {
      const CalicoAction action = pick(rng, std::vector<CalicoAction>{CalicoAction::Allow, CalicoAction::Deny,
                                                                      CalicoAction::Log, CalicoAction::Pass});
      p.ingress.push_back(make_rule(rng, action, sets));
    }
    if (chance(rng, 40)) {
      p.egress_type = true;
      CalicoRule deny;
      deny.action = CalicoAction::Deny;
      deny.destination.selector = fmt::format("feed == 'threat-{}'", std::uniform_int_distribution<int>(0, std::max(0, sets / 5 - 1))(rng));
      p.egress.push_back(deny);
      CalicoRule pass;
      pass.action = CalicoAction::Pass;
      p.egress.push_back(pass);
    }
    if (p.tier == "security") {  // security policies never blanket-deny: they end in Pass
      CalicoRule pass;
      pass.action = CalicoAction::Pass;
      p.ingress.push_back(pass);
    }
    out.policies.push_back(std::move(p));
  }
  std::sort(out.policies.begin(), out.policies.end(), [](const CalicoPolicy& a, const CalicoPolicy& b) { return a.name < b.name; });
  std::sort(out.tiers.begin(), out.tiers.end(), [](const CalicoTier& a, const CalicoTier& b) { return a.name < b.name; });

  if (spec.calico.host_endpoint_per_node) {
    for (const Node& node : cluster.nodes) {
      CalicoHostEndpoint h;
      // Strings built without string + literal or = literal: g++ 12 -O2 gives a false
      // -Wrestrict on those here.
      h.name = fmt::format("{}-hep", node.name);
      h.node = node.name;
      h.interface_name.push_back('*');
      h.expected_ips = node.addresses;
      h.labels = node.labels;
      h.labels["host-endpoint"] = "true";
      h.profiles = {"projectcalico-default-allow"};
      out.host_endpoints.push_back(std::move(h));
    }
  }
}

}  // namespace netpol::generators

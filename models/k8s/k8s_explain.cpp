#include "models/k8s/k8s_explain.h"

#include <fmt/format.h>

#include "models/k8s/k8s_decisions.h"
#include "models/k8s/k8s_rules.h"

namespace netpol::k8s {
namespace {

std::string family_name(IpFamily f) { return f == IpFamily::V4 ? "IPv4" : "IPv6"; }

bool has_family(const Endpoint& e, IpFamily f) {
  for (const auto& ip : e.ips)
    if (ip.family == f) return true;
  return false;
}

std::string why_not_live(const Cluster& cluster, const Endpoint& e) {
  if (e.ips.empty()) return "has no IP address";
  const Pod& pod = cluster.pods[static_cast<std::size_t>(e.pod)];
  if (pod.node_name.empty()) return "is not scheduled to a node";
  return "has terminated (phase Succeeded or Failed)";
}

// One direction at one end: egress at the source (peer = destination) or ingress at the
// destination (peer = source). Ports are always matched on the destination.
struct Direction {
  bool ingress;
  const Endpoint& selected;  // the end whose policies decide
  const Endpoint& peer;
  const Endpoint& destination;
};

bool decide(const Cluster& cluster, const Direction& dir, const Probe& probe, IpFamily family,
            const std::string& stage, std::vector<DecisionStep>& steps) {
  if (!is_policy_pod(cluster, dir.selected)) {
    steps.push_back({stage, "",
                     fmt::format("{} is not a pod that policies select (node, external address or hostNetwork pod)",
                                 dir.selected.id),
                     "not isolated", std::string(dir.selected.is_pod() ? kDocHostNetwork : kDocNetworkPolicies)});
    return true;
  }
  std::vector<std::string> isolating;
  bool allowed = false;
  for (const auto& policy : cluster.policies) {
    if (!(dir.ingress ? policy.ingress_type : policy.egress_type) || !policy_selects(cluster, policy, dir.selected))
      continue;
    isolating.push_back(policy.qualified_name());
    const auto& rules = dir.ingress ? policy.ingress : policy.egress;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const auto& rule = rules[i];
      if (!rule_peers_match(cluster, policy, rule, dir.peer, family)) continue;
      if (!rule_ports_match(cluster, rule.ports, dir.destination, probe)) continue;
      steps.push_back({stage, policy.qualified_name(),
                       fmt::format("{} rule {} admits {} ({}) on {}", dir.ingress ? "ingress" : "egress", i,
                                   dir.peer.id, rule.peers.empty() ? "any peer" : "peer matches",
                                   rule.ports.empty() ? "any port" : probe.to_string()),
                       "allow", std::string(kDocSelectors)});
      allowed = true;
      break;
    }
  }
  if (isolating.empty()) {
    steps.push_back({stage, "",
                     fmt::format("no policy with {} in policyTypes selects {}", dir.ingress ? "Ingress" : "Egress",
                                 dir.selected.id),
                     "not isolated", std::string(kDocIsolation)});
    return true;
  }
  if (!allowed)
    steps.push_back({stage, fmt::format("{}", fmt::join(isolating, ", ")),
                     fmt::format("{} is isolated for {} and no rule admits {} on {}", dir.selected.id,
                                 dir.ingress ? "ingress" : "egress", dir.peer.id, probe.to_string()),
                     "deny", std::string(kDocIsolation)});
  return allowed;
}

}  // namespace

Explanation explain_flow(const Cluster& cluster, const Universe& universe, const Flow& flow) {
  const Endpoint& src = universe.endpoints[flow.src];
  const Endpoint& dst = universe.endpoints[flow.dst];
  Explanation out;
  for (const Endpoint* e : {&src, &dst}) {
    if (endpoint_is_live(cluster, *e)) continue;
    out.steps.push_back({"endpoint", e->id, e->id + " " + why_not_live(cluster, *e) + ": no traffic", "deny",
                         std::string(kDocPodLifecycle)});
    return out;
  }
  std::vector<IpFamily> shared;
  for (IpFamily f : {IpFamily::V4, IpFamily::V6})
    if (has_family(src, f) && has_family(dst, f)) shared.push_back(f);
  if (shared.empty()) {
    out.steps.push_back({"address family", "", "source and destination share no address family", "deny",
                         std::string(kDocNetworkPolicies)});
    return out;
  }
  if (self_exempt(flow.src, flow.dst)) {
    out.steps.push_back({"self", "", "a pod cannot block access to itself", "allow", std::string(kDocNetworkPolicies)});
    out.verdict = Verdict::Allow;
    return out;
  }
  if (node_local_exempt(cluster, src, dst)) {
    out.steps.push_back({"node-local", "",
                         "traffic between a pod and the node it runs on is always allowed", "allow",
                         std::string(kDocNetworkPolicies)});
    out.verdict = Verdict::Allow;
    return out;
  }
  for (IpFamily f : shared) {
    const std::string suffix = shared.size() > 1 ? " (" + family_name(f) + ")" : "";
    const bool egress = decide(cluster, {false, src, dst, dst}, flow.probe, f, "egress" + suffix, out.steps);
    const bool ingress = decide(cluster, {true, dst, src, dst}, flow.probe, f, "ingress" + suffix, out.steps);
    if (egress && ingress) {
      out.verdict = Verdict::Allow;
      return out;
    }
  }
  return out;
}

}  // namespace netpol::k8s

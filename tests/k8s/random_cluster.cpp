#include "tests/k8s/random_cluster.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "tests/k8s/cluster_builder.h"

namespace netpol::testing {
namespace {

class Dice {
 public:
  explicit Dice(std::uint32_t seed) : rng_(seed) {}
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return below(100) < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))]; }

 private:
  std::mt19937 rng_;
};

const std::vector<std::string> kNamespaces = {"x", "y", "z"};
const std::vector<std::string> kApps = {"web", "db", "api"};
const std::vector<std::string> kTiers = {"front", "back"};

Labels random_labels(Dice& d) {
  Labels l;
  if (d.chance(80)) l["app"] = d.pick(kApps);
  if (d.chance(50)) l["tier"] = d.pick(kTiers);
  return l;
}

LabelSelector random_selector(Dice& d, bool for_namespace) {
  LabelSelector s;
  const std::string key = for_namespace ? "team" : (d.chance(60) ? "app" : "tier");
  const auto& values = for_namespace ? std::vector<std::string>{"blue", "red"} : (key == "app" ? kApps : kTiers);
  switch (d.below(5)) {
    case 0: break;  // empty: everything
    case 1: s.match_labels[key] = d.pick(values); break;
    case 2: s.match_expressions.push_back({key, SelectorOperator::In, {d.pick(values), d.pick(values)}}); break;
    case 3: s.match_expressions.push_back({key, SelectorOperator::NotIn, {d.pick(values)}}); break;
    default:
      s.match_expressions.push_back({key, d.chance(50) ? SelectorOperator::Exists : SelectorOperator::DoesNotExist, {}});
  }
  return s;
}

NetworkPolicyPeer random_peer(Dice& d, bool dual_stack) {
  switch (d.below(4)) {
    case 0: return pods(random_selector(d, false));
    case 1: return namespaces(random_selector(d, true));
    case 2: return pods_in(random_selector(d, false), random_selector(d, true));
    default: {
      if (dual_stack && d.chance(40)) return d.chance(50) ? block("fd00:10:244::/64", {"fd00:10:244::2/127"}) : block("::/0");
      static const std::vector<std::pair<std::string, std::vector<std::string>>> blocks = {
          {"10.244.0.0/16", {"10.244.0.0/30"}}, {"10.244.0.4/31", {}}, {"0.0.0.0/0", {"10.0.0.0/8"}},
          {"10.240.0.0/24", {}}, {"192.168.0.0/16", {"192.168.1.0/24", "192.168.2.0/24"}}};
      const auto& [c, except] = d.pick(blocks);
      return block(c, except);
    }
  }
}

NetworkPolicyPort random_port(Dice& d) {
  switch (d.below(6)) {
    case 0: return port(80);
    case 1: return port_range(8000, 8080);
    case 2: return named_port(d.chance(70) ? "http" : "nope");
    case 3: return named_port("dns", Protocol::UDP);
    case 4: return any_port(d.chance(50) ? Protocol::UDP : Protocol::SCTP);
    default: return port(9000, Protocol::SCTP);
  }
}

NetworkPolicyRule random_rule(Dice& d, bool dual_stack) {
  NetworkPolicyRule r;
  for (int i = d.below(3); i > 0; --i) r.peers.push_back(random_peer(d, dual_stack));
  for (int i = d.below(3); i > 0; --i) r.ports.push_back(random_port(d));
  return r;
}

NetworkPolicy policy_from(Dice& d, const std::string& ns, const std::string& name, bool dual_stack) {
  NetworkPolicy p;
  p.namespace_name = ns;
  p.name = name;
  p.pod_selector = random_selector(d, false);
  const int types = d.below(3);  // 0 ingress, 1 egress, 2 both
  p.ingress_type = types != 1;
  p.egress_type = types != 0;
  if (p.ingress_type)
    for (int i = d.below(3); i > 0; --i) p.ingress.push_back(random_rule(d, dual_stack));
  if (p.egress_type)
    for (int i = d.below(3); i > 0; --i) p.egress.push_back(random_rule(d, dual_stack));
  return p;
}

}  // namespace

NetworkPolicy random_policy(std::uint32_t seed, const std::string& ns, const std::string& name, bool dual_stack) {
  Dice d(seed);
  return policy_from(d, ns, name, dual_stack);
}

Cluster random_cluster(std::uint32_t seed, const RandomClusterOptions& options) {
  Dice d(seed);
  ClusterBuilder b;
  for (const auto& ns : kNamespaces) b.add_namespace(ns, d.chance(50) ? Labels{{"team", d.chance(50) ? "blue" : "red"}} : Labels{});
  if (options.dual_stack) {
    b.add_node("node-1", {"10.240.0.1", "fd00:240::1"}).add_node("node-2", {"10.240.0.2", "fd00:240::2"});
  } else {
    b.add_node("node-1", {"10.240.0.1"}).add_node("node-2", {"10.240.0.2"});
  }
  for (int i = 0; i < options.pods; ++i) {
    const std::string node = d.chance(50) ? "node-1" : "node-2";
    std::vector<std::string> ips;
    const bool host = d.chance(10);
    if (host) {
      ips.push_back(node == "node-1" ? "10.240.0.1" : "10.240.0.2");
      if (options.dual_stack) ips.push_back(node == "node-1" ? "fd00:240::1" : "fd00:240::2");
    } else if (!d.chance(5)) {
      const int family = options.dual_stack ? d.below(3) : 0;  // 0 v4, 1 v6, 2 both
      if (family != 1) ips.push_back(fmt::format("10.244.0.{}", i + 1));
      if (family != 0) ips.push_back(fmt::format("fd00:10:244::{:x}", i + 1));
    }
    Pod& pod = b.add_pod(d.pick(kNamespaces), fmt::format("p{}", i), random_labels(d), ips, node);
    pod.host_network = host;
    if (d.chance(50)) pod.ports.push_back({"http", d.chance(50) ? 80 : 8080, Protocol::TCP, false});
    if (d.chance(30)) pod.ports.push_back({"dns", 53, Protocol::UDP, false});
    if (d.chance(20)) pod.ports.push_back({"metrics", 9000, Protocol::SCTP, d.chance(50)});
  }
  Cluster c = b.build();
  for (int i = 0; i < options.policies; ++i)
    c.policies.push_back(policy_from(d, d.pick(kNamespaces), fmt::format("np{}", i), options.dual_stack));
  std::sort(c.policies.begin(), c.policies.end(), [](const auto& a, const auto& b) {
    return std::tie(a.namespace_name, a.name) < std::tie(b.namespace_name, b.name);
  });
  return c;
}

}  // namespace netpol::testing

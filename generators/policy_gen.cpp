#include "generators/policy_gen.h"

#include <optional>
#include <tuple>
#include <utility>

#include "generators/combinators.h"
#include "generators/label_gen.h"
#include "generators/vocabulary.h"

namespace netpol::generators {
namespace {

rc::Gen<Protocol> protocol() {
  return weighted_pick<Protocol>({{6, Protocol::TCP}, {3, Protocol::UDP}, {1, Protocol::SCTP}});
}

SourceRef generated_source(const std::string& ns, const std::string& name) {
  SourceRef ref;
  ref.location.file = "<generated>";
  ref.kind = "NetworkPolicy";
  ref.name = ns + "/" + name;
  return ref;
}

rc::Gen<std::vector<NetworkPolicyRule>> rules() {
  // 0 (deny all in that direction), 1 or 2 rules (a union); mostly at least one.
  return vector_of<NetworkPolicyRule>(0, 2, policy_rule(), 1, 2);
}

}  // namespace

rc::Gen<NetworkPolicyPort> policy_port() {
  using Port = NetworkPolicyPort;
  return weighted_gen<Port>({
      // protocol only: every port of the protocol
      {1, rc::gen::map(protocol(), [](Protocol p) { return Port{p, std::nullopt, std::nullopt, std::nullopt}; })},
      {1, rc::gen::apply([](Protocol p, int port) { return Port{p, port, std::nullopt, std::nullopt}; },
                         protocol(), pick(policy_port_numbers()))},
      {1, rc::gen::apply([](Protocol p, int port, int span) { return Port{p, port, std::nullopt, port + span}; },
                         protocol(), pick(policy_port_numbers()), pick(end_port_spans()))},
      {1, rc::gen::apply([](Protocol p, std::string name) { return Port{p, std::nullopt, std::move(name), std::nullopt}; },
                         protocol(), pick(policy_port_names()))},
  });
}

rc::Gen<IpBlock> ip_block() {
  return rc::gen::mapcat(pick(ip_block_cidrs()), [](const Cidr& cidr) {
    return rc::gen::map(subset_of(strict_subsets_of(cidr), 2),
                        [cidr](std::vector<Cidr> except) { return IpBlock{cidr, std::move(except)}; });
  });
}

rc::Gen<NetworkPolicyPeer> policy_peer() {
  using Peer = NetworkPolicyPeer;
  return weighted_gen<Peer>({
      {3, rc::gen::map(pod_selector(), [](LabelSelector s) { return Peer{std::move(s), std::nullopt, std::nullopt}; })},
      {2, rc::gen::map(namespace_selector(), [](LabelSelector s) { return Peer{std::nullopt, std::move(s), std::nullopt}; })},
      {2, rc::gen::apply([](LabelSelector pods, LabelSelector namespaces) { return Peer{std::move(pods), std::move(namespaces), std::nullopt}; },
                         pod_selector(), namespace_selector())},
      {2, rc::gen::map(ip_block(), [](IpBlock b) { return Peer{std::nullopt, std::nullopt, std::move(b)}; })},
  });
}

rc::Gen<NetworkPolicyRule> policy_rule() {
  return rc::gen::apply(
      [](std::vector<NetworkPolicyPeer> peers, std::vector<NetworkPolicyPort> ports) {
        NetworkPolicyRule rule;
        rule.peers = std::move(peers);
        rule.ports = std::move(ports);
        rule.location.file = "<generated>";
        return rule;
      },
      vector_of<NetworkPolicyPeer>(0, 2, policy_peer(), 1, 2),
      vector_of<NetworkPolicyPort>(0, 2, policy_port(), 1, 1));
}

rc::Gen<NetworkPolicy> network_policy_of_types(std::vector<std::string> namespaces, std::string name,
                                               bool ingress_type, bool egress_type) {
  auto maybe_rules = [](bool wanted) {
    return wanted ? rules() : rc::gen::just(std::vector<NetworkPolicyRule>{});
  };
  return rc::gen::apply(
      [name, ingress_type, egress_type](std::string ns, LabelSelector selector, std::vector<NetworkPolicyRule> ingress,
                                        std::vector<NetworkPolicyRule> egress) {
        NetworkPolicy policy;
        policy.namespace_name = std::move(ns);
        policy.name = name;
        policy.pod_selector = std::move(selector);
        policy.ingress_type = ingress_type;
        policy.egress_type = egress_type;
        policy.ingress = std::move(ingress);
        policy.egress = std::move(egress);
        policy.source = generated_source(policy.namespace_name, policy.name);
        return policy;
      },
      pick(namespaces), pod_selector(), maybe_rules(ingress_type), maybe_rules(egress_type));
}

rc::Gen<NetworkPolicy> network_policy(std::vector<std::string> namespaces, std::string name) {
  // policyTypes after defaulting: [Ingress], [Egress] or both (never empty).
  using Types = std::pair<bool, bool>;
  return rc::gen::mapcat(
      pick(std::vector<Types>{{true, false}, {true, true}, {false, true}}),
      [namespaces, name](Types types) {
        // Rules of a direction missing from policyTypes pass validation and must be ignored;
        // generate them sometimes so engines are tested on it.
        return rc::gen::mapcat(
            rc::gen::pair(network_policy_of_types(namespaces, name, types.first, types.second),
                          weighted_pick<bool>({{4, false}, {1, true}})),
            [types](std::pair<NetworkPolicy, bool> generated) -> rc::Gen<NetworkPolicy> {
              auto [policy, add_ignored] = std::move(generated);
              if (!add_ignored || (types.first && types.second)) return rc::gen::just(policy);
              return rc::gen::map(rules(), [policy, types](std::vector<NetworkPolicyRule> ignored) {
                NetworkPolicy out = policy;
                (types.first ? out.egress : out.ingress) = std::move(ignored);
                return out;
              });
            });
      });
}

}  // namespace netpol::generators

#include "generators/cluster_gen.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <utility>

#include "generators/combinators.h"
#include "generators/label_gen.h"
#include "generators/policy_gen.h"
#include "generators/vocabulary.h"

namespace netpol::generators {
namespace {

constexpr int kMaxNamespaces = 3;
constexpr int kMaxNodes = 2;

// A pod before names and addresses are given: indexes into the cluster's namespaces and nodes.
struct PodDraft {
  int namespace_index = 0;
  int node_index = 0;
  Labels labels;
  std::vector<ContainerPort> ports;
};

SourceRef generated_ref(std::string kind, std::string name) {
  SourceRef ref;
  ref.location.file = "<generated>";
  ref.kind = std::move(kind);
  ref.name = std::move(name);
  return ref;
}

// Container ports: each vocabulary name declared or not (with one of its numbers), plus
// sometimes an unnamed port. Names are unique per pod as pod validation requires
// (kubernetes pkg/apis/core/validation: validateContainerPorts).
rc::Gen<std::vector<ContainerPort>> container_ports() {
  rc::Gen<std::vector<ContainerPort>> ports = rc::gen::map(
      optional_of(rc::gen::just(kUnnamedContainerPort), 2, 1), [](std::optional<int> unnamed) {
        std::vector<ContainerPort> out;
        if (unnamed) out.push_back(ContainerPort{"", *unnamed, Protocol::TCP, false});
        return out;
      });
  for (const auto& named : named_port_vocabulary()) {
    ports = rc::gen::map(rc::gen::pair(ports, optional_of(pick(named.numbers), 1, 2)),
                         [named](std::pair<std::vector<ContainerPort>, std::optional<int>> both) {
                           if (both.second)
                             both.first.push_back(ContainerPort{named.name, *both.second, named.protocol, false});
                           return std::move(both.first);
                         });
  }
  return ports;
}

rc::Gen<PodDraft> pod_draft(int namespaces, int nodes) {
  return rc::gen::apply(
      [](int ns, int node, Labels labels, std::vector<ContainerPort> ports) {
        return PodDraft{ns, node, std::move(labels), std::move(ports)};
      },
      rc::gen::inRange(0, namespaces), rc::gen::inRange(0, nodes), pod_labels(), container_ports());
}

std::string pod_name(std::size_t index) { return std::string(1, static_cast<char>('a' + index)); }

Cluster assemble(int namespace_count, int node_count, const std::vector<Labels>& namespace_labels,
                 const std::vector<PodDraft>& drafts, std::vector<NetworkPolicy> policies) {
  Cluster cluster;
  for (int i = 0; i < namespace_count; ++i) {
    Namespace ns;
    ns.name = namespace_names_pool()[i];
    ns.labels = namespace_labels[i];
    ns.labels[kNamespaceNameLabel] = ns.name;  // API-server defaulting (Kubernetes >= 1.21)
    ns.source = generated_ref("Namespace", ns.name);
    cluster.namespaces.push_back(std::move(ns));
  }
  for (int i = 0; i < node_count; ++i) {
    Node node;
    node.name = "node-" + std::to_string(i + 1);
    node.addresses = {node_address(i)};
    node.source = generated_ref("Node", node.name);
    cluster.nodes.push_back(std::move(node));
  }
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    Pod pod;
    pod.namespace_name = cluster.namespaces[drafts[i].namespace_index].name;
    pod.name = pod_name(i);  // unique across the cluster, so unique per namespace
    pod.labels = drafts[i].labels;
    pod.node_name = cluster.nodes[drafts[i].node_index].name;
    pod.ports = drafts[i].ports;
    pod.source = generated_ref("Pod", pod.qualified_name());
    cluster.pods.push_back(std::move(pod));
  }
  for (std::size_t i = 0; i < policies.size(); ++i) {
    policies[i].name = "np-" + std::to_string(i);
    policies[i].source = generated_ref("NetworkPolicy", policies[i].qualified_name());
    cluster.policies.push_back(std::move(policies[i]));
  }
  sort_cluster(cluster);
  // Addresses in cluster order, after sorting, so that they do not depend on generation order.
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) cluster.pods[i].ips = {pod_address(static_cast<int>(i))};
  return cluster;
}

}  // namespace

void sort_cluster(Cluster& cluster) {
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  auto by_qualified = [](const auto& a, const auto& b) {
    return std::tie(a.namespace_name, a.name) < std::tie(b.namespace_name, b.name);
  };
  std::sort(cluster.namespaces.begin(), cluster.namespaces.end(), by_name);
  std::sort(cluster.nodes.begin(), cluster.nodes.end(), by_name);
  std::sort(cluster.pods.begin(), cluster.pods.end(), by_qualified);
  std::sort(cluster.policies.begin(), cluster.policies.end(), by_qualified);
}

std::vector<std::string> namespace_names(const Cluster& cluster) {
  std::vector<std::string> names;
  for (const auto& ns : cluster.namespaces) names.push_back(ns.name);
  return names;
}

rc::Gen<Cluster> small_cluster() {
  return rc::gen::mapcat(
      rc::gen::pair(rc::gen::inRange(1, kMaxNamespaces + 1), rc::gen::inRange(1, kMaxNodes + 1)),
      [](std::pair<int, int> counts) {
        const auto [namespace_count, node_count] = counts;
        std::vector<std::string> names(namespace_names_pool().begin(),
                                       namespace_names_pool().begin() + namespace_count);
        return rc::gen::apply(
            [namespace_count, node_count](std::vector<Labels> namespace_labels, std::vector<PodDraft> pods,
                                          std::vector<NetworkPolicy> policies) {
              return assemble(namespace_count, node_count, namespace_labels, pods, std::move(policies));
            },
            rc::gen::container<std::vector<Labels>>(namespace_count, namespace_extra_labels()),
            // 1-6 pods; shrinks towards one pod.
            vector_of<PodDraft>(1, 6, pod_draft(namespace_count, node_count)),
            // 0-4 policies (named by assemble).
            vector_of<NetworkPolicy>(0, 4, network_policy(names, "unnamed")));
      });
}

rc::Gen<NetworkPolicy> policy_for(const Cluster& cluster, std::string name) {
  return network_policy(namespace_names(cluster), std::move(name));
}

rc::Gen<NetworkPolicy> policy_selecting_nothing(const Cluster& cluster, std::string name) {
  std::vector<std::string> empty_namespaces;
  for (const auto& ns : cluster.namespaces)
    if (std::none_of(cluster.pods.begin(), cluster.pods.end(),
                     [&](const Pod& p) { return p.namespace_name == ns.name; }))
      empty_namespaces.push_back(ns.name);
  const int constructions = empty_namespaces.empty() ? 2 : 3;
  return rc::gen::apply(
      [empty_namespaces](NetworkPolicy policy, int construction, std::size_t empty_index) {
        switch (construction) {
          case 0:  // a required key that no pod carries
            policy.pod_selector.match_expressions.push_back({kUnusedLabelKey, SelectorOperator::Exists, {}});
            break;
          case 1:  // a required value that no pod carries
            policy.pod_selector.match_labels["app"] = kUnusedLabelValue;
            break;
          default:  // a namespace without pods: its selector, whatever it is, has nothing to pick
            policy.namespace_name = empty_namespaces[empty_index % empty_namespaces.size()];
            policy.source.name = policy.qualified_name();
            break;
        }
        return policy;
      },
      policy_for(cluster, std::move(name)), rc::gen::inRange(0, constructions),
      rc::gen::inRange<std::size_t>(0, std::max<std::size_t>(1, empty_namespaces.size())));
}

void add_policy(Cluster& cluster, NetworkPolicy policy) {
  auto key = [](const NetworkPolicy& p) { return std::tie(p.namespace_name, p.name); };
  auto at = std::lower_bound(cluster.policies.begin(), cluster.policies.end(), policy,
                             [&](const NetworkPolicy& a, const NetworkPolicy& b) { return key(a) < key(b); });
  cluster.policies.insert(at, std::move(policy));
}

}  // namespace netpol::generators

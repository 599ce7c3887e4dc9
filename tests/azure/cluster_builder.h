// A small in-memory cluster builder for the Azure engine tests: namespaces, nodes, pods and
// NetworkPolicies as the loader would leave them (defaulted, sorted), without YAML.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "models/azure/azure_engine.h"
#include "models/cluster/cluster.h"
#include "models/cluster/universe.h"

namespace netpol::azure::testing {

inline IpAddress ip(const char* text) { return *IpAddress::parse(text); }
inline Cidr cidr(const char* text) { return *Cidr::parse(text); }
inline Probe probe(const char* text) { return *Probe::parse(text); }

inline LabelSelector match(Labels labels, std::vector<LabelRequirement> exprs = {}) { return LabelSelector{std::move(labels), std::move(exprs)}; }
inline LabelRequirement req(std::string key, SelectorOperator op, std::vector<std::string> values = {}) {
  return LabelRequirement{std::move(key), op, std::move(values)};
}

inline NetworkPolicyPeer pods(LabelSelector s) { return NetworkPolicyPeer{s, std::nullopt, std::nullopt}; }
inline NetworkPolicyPeer namespaces(LabelSelector s) { return NetworkPolicyPeer{std::nullopt, s, std::nullopt}; }
inline NetworkPolicyPeer pods_in(LabelSelector ns, LabelSelector p) { return NetworkPolicyPeer{p, ns, std::nullopt}; }
inline NetworkPolicyPeer block(const char* c, std::vector<const char*> except = {}) {
  IpBlock b{cidr(c), {}};
  for (auto e : except) b.except.push_back(cidr(e));
  return NetworkPolicyPeer{std::nullopt, std::nullopt, b};
}
inline NetworkPolicyPort port(int p, Protocol proto = Protocol::TCP) { return NetworkPolicyPort{proto, p, std::nullopt, std::nullopt}; }
inline NetworkPolicyPort port_range(int p, int end, Protocol proto = Protocol::TCP) { return NetworkPolicyPort{proto, p, std::nullopt, end}; }
inline NetworkPolicyPort named(const char* name, Protocol proto = Protocol::TCP) {
  return NetworkPolicyPort{proto, std::nullopt, std::string(name), std::nullopt};
}
inline NetworkPolicyRule rule(std::vector<NetworkPolicyPeer> peers, std::vector<NetworkPolicyPort> ports = {}) {
  NetworkPolicyRule r;
  r.peers = std::move(peers);
  r.ports = std::move(ports);
  return r;
}

class ClusterBuilder {
 public:
  ClusterBuilder() { node("node-1", "10.240.0.4"); }

  ClusterBuilder& node(const std::string& name, const char* address) {
    for (auto& n : c_.nodes)
      if (n.name == name) {
        n.addresses = {ip(address)};
        return *this;
      }
    Node n;
    n.name = name;
    n.addresses = {ip(address)};
    c_.nodes.push_back(n);
    return *this;
  }
  ClusterBuilder& ns(const std::string& name, Labels labels = {}) {
    labels["kubernetes.io/metadata.name"] = name;
    for (auto& n : c_.namespaces)
      if (n.name == name) {
        n.labels = labels;
        return *this;
      }
    c_.namespaces.push_back(Namespace{name, labels, true, {}});
    return *this;
  }
  // A pod; `address` may be IPv4 or IPv6 (several: comma separated).
  ClusterBuilder& pod(const std::string& ns_name, const std::string& name, Labels labels, const std::string& address,
                      const std::string& node_name = "node-1", std::vector<ContainerPort> ports = {}, bool host_network = false) {
    ns(ns_name, labels_of(ns_name));
    Pod p;
    p.namespace_name = ns_name;
    p.name = name;
    p.labels = std::move(labels);
    std::size_t start = 0;
    while (start <= address.size()) {
      auto end = address.find(',', start);
      p.ips.push_back(*IpAddress::parse(address.substr(start, end == std::string::npos ? std::string::npos : end - start)));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    p.node_name = node_name;
    p.ports = std::move(ports);
    p.host_network = host_network;
    c_.pods.push_back(std::move(p));
    return *this;
  }
  ClusterBuilder& host_pod(const std::string& ns_name, const std::string& name, const std::string& node_name) {
    const Node* n = find_node(node_name);
    return pod(ns_name, name, {{"app", "host"}}, n->addresses.front().to_string(), node_name, {}, true);
  }
  NetworkPolicy& policy(const std::string& ns_name, const std::string& name, LabelSelector selector) {
    ns(ns_name, labels_of(ns_name));
    NetworkPolicy p;
    p.namespace_name = ns_name;
    p.name = name;
    p.pod_selector = std::move(selector);
    p.ingress_type = false;
    p.egress_type = false;
    p.source.kind = "NetworkPolicy";
    p.source.name = ns_name + "/" + name;
    p.source.location.file = "<test>";
    policies_.push_back(std::make_unique<NetworkPolicy>(std::move(p)));
    return *policies_.back();
  }

  // The cluster, sorted as the loader leaves it.
  Cluster build() const {
    Cluster c = c_;
    for (const auto& p : policies_) c.policies.push_back(*p);
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    std::sort(c.namespaces.begin(), c.namespaces.end(), by_name);
    std::sort(c.nodes.begin(), c.nodes.end(), by_name);
    std::sort(c.pods.begin(), c.pods.end(), [](const Pod& a, const Pod& b) {
      return std::pair(a.namespace_name, a.name) < std::pair(b.namespace_name, b.name);
    });
    std::sort(c.policies.begin(), c.policies.end(), [](const NetworkPolicy& a, const NetworkPolicy& b) {
      return std::pair(a.namespace_name, a.name) < std::pair(b.namespace_name, b.name);
    });
    return c;
  }

 private:
  Labels labels_of(const std::string& name) const {
    for (const auto& n : c_.namespaces)
      if (n.name == name) return n.labels;
    return {};
  }
  const Node* find_node(const std::string& name) const {
    for (const auto& n : c_.nodes)
      if (n.name == name) return &n;
    return nullptr;
  }
  Cluster c_;
  std::vector<std::unique_ptr<NetworkPolicy>> policies_;
};

// The Windows dataplane tests' cluster: pods x/a and x/b on node-1, y/d and z/e on node-2
// (10.240.0.5), one label "pod" each.
inline ClusterBuilder four_pods_on_two_nodes() {
  ClusterBuilder b;
  b.node("node-2", "10.240.0.5");
  b.pod("x", "a", {{"pod", "a"}}, "10.244.0.10", "node-1");
  b.pod("x", "b", {{"pod", "b"}}, "10.244.0.11", "node-1");
  b.pod("y", "d", {{"pod", "d"}}, "10.244.1.11", "node-2");
  b.pod("z", "e", {{"pod", "e"}}, "10.244.1.12", "node-2");
  return b;
}

// A compiled cluster with lookups by endpoint id.
struct Compiled {
  Cluster cluster;
  Universe universe;
  Diagnostics notes;
  std::unique_ptr<Evaluation> evaluation;
  VerdictMatrix matrix;

  Compiled(Cluster c, Variant v, std::vector<Probe> probes = {})
      : cluster(std::move(c)), universe(build_universe(cluster, probes)) {
    evaluation = make_azure_engine(v)->compile(cluster, universe, notes);
    matrix = evaluation->matrix();
  }
  EndpointIndex at(const std::string& id) const {
    auto e = universe.find(id);
    if (!e) throw std::runtime_error("no endpoint " + id);
    return *e;
  }
  std::size_t probe_index(const Probe& p) const {
    for (std::size_t k = 0; k < universe.probes.size(); ++k)
      if (universe.probes[k] == p) return k;
    throw std::runtime_error("no probe " + p.to_string());
  }
  // Matrix verdict; also checks that explain() agrees.
  bool allowed(const std::string& src, const std::string& dst, const char* probe_text = "TCP/80") const {
    const Probe p = probe(probe_text);
    const bool m = matrix.allowed(probe_index(p), at(src), at(dst));
    const bool x = evaluation->explain(Flow{at(src), at(dst), p}).verdict == Verdict::Allow;
    if (m != x) throw std::runtime_error("matrix and explain disagree on " + src + " -> " + dst + " " + probe_text);
    return m;
  }
  Explanation explain(const std::string& src, const std::string& dst, const char* probe_text = "TCP/80") const {
    return evaluation->explain(Flow{at(src), at(dst), probe(probe_text)});
  }
};

// Runs explain() on every flow and counts the disagreements with matrix().
inline std::size_t disagreements(const Compiled& c) {
  std::size_t bad = 0;
  for (std::size_t p = 0; p < c.universe.probes.size(); ++p)
    for (EndpointIndex s = 0; s < c.universe.endpoints.size(); ++s)
      for (EndpointIndex d = 0; d < c.universe.endpoints.size(); ++d) {
        const bool x = c.evaluation->explain(Flow{s, d, c.universe.probes[p]}).verdict == Verdict::Allow;
        bad += x != c.matrix.allowed(p, s, d);
      }
  return bad;
}

}  // namespace netpol::azure::testing

namespace netpol::azure::testing {

// Id of an external representative endpoint inside `inside` (when given) and outside all of `outside`.
inline std::string external(const Compiled& c, std::vector<const char*> outside, const char* inside = nullptr) {
  for (const auto& e : c.universe.endpoints) {
    if (e.kind != EndpointKind::External || e.ips.empty()) continue;
    bool ok = !inside || cidr(inside).contains(e.ips.front());
    for (auto o : outside) ok = ok && !cidr(o).contains(e.ips.front());
    if (ok) return e.id;
  }
  throw std::runtime_error("no such external endpoint");
}

inline bool has_note(const Compiled& c, const std::string& text) {
  for (const auto& d : c.notes)
    if (d.message.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace netpol::azure::testing

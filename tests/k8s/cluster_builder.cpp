#include "tests/k8s/cluster_builder.h"

#include <algorithm>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <set>

namespace netpol::testing {

IpAddress ip(std::string_view text) {
  auto a = IpAddress::parse(text);
  if (!a) throw std::invalid_argument(std::string(text));
  return *a;
}

Cidr cidr(std::string_view text) {
  auto c = Cidr::parse(text);
  if (!c) throw std::invalid_argument(std::string(text));
  return *c;
}

ClusterBuilder& ClusterBuilder::add_namespace(const std::string& name, Labels labels) {
  labels["kubernetes.io/metadata.name"] = name;
  cluster_.namespaces.push_back({name, std::move(labels), true, {}});
  return *this;
}

ClusterBuilder& ClusterBuilder::add_node(const std::string& name, const std::vector<std::string>& ips) {
  Node node;
  node.name = name;
  for (const auto& a : ips) node.addresses.push_back(ip(a));
  cluster_.nodes.push_back(std::move(node));
  return *this;
}

Pod& ClusterBuilder::add_pod(const std::string& ns, const std::string& name, Labels labels,
                             const std::vector<std::string>& ips, const std::string& node) {
  auto pod = std::make_unique<Pod>();
  pod->namespace_name = ns;
  pod->name = name;
  pod->labels = std::move(labels);
  for (const auto& a : ips) pod->ips.push_back(ip(a));
  pod->node_name = node;
  pods_.push_back(std::move(pod));
  return *pods_.back();
}

NetworkPolicy& ClusterBuilder::add_policy(const std::string& ns, const std::string& name, LabelSelector pod_selector) {
  auto policy = std::make_unique<NetworkPolicy>();
  policy->namespace_name = ns;
  policy->name = name;
  policy->pod_selector = std::move(pod_selector);
  policies_.push_back(std::move(policy));
  return *policies_.back();
}

Cluster ClusterBuilder::build() const {
  Cluster c = cluster_;
  for (const auto& p : pods_) c.pods.push_back(*p);
  for (const auto& p : policies_) c.policies.push_back(*p);
  std::set<std::string> namespaces, nodes;
  for (const auto& ns : c.namespaces) namespaces.insert(ns.name);
  for (const auto& n : c.nodes) nodes.insert(n.name);
  auto ensure_namespace = [&](const std::string& name) {
    if (namespaces.insert(name).second)
      c.namespaces.push_back({name, {{"kubernetes.io/metadata.name", name}}, false, {}});
  };
  for (const auto& p : c.pods) {
    ensure_namespace(p.namespace_name);
    if (!p.node_name.empty() && nodes.insert(p.node_name).second) {
      Node node;
      node.name = p.node_name;
      node.addresses.push_back(IpAddress::v4(0x0af00000u + static_cast<std::uint32_t>(nodes.size())));  // 10.240.0.N
      c.nodes.push_back(std::move(node));
    }
  }
  for (const auto& p : c.policies) ensure_namespace(p.namespace_name);
  std::sort(c.namespaces.begin(), c.namespaces.end(), [](auto& a, auto& b) { return a.name < b.name; });
  std::sort(c.nodes.begin(), c.nodes.end(), [](auto& a, auto& b) { return a.name < b.name; });
  std::sort(c.pods.begin(), c.pods.end(), [](auto& a, auto& b) {
    return std::tie(a.namespace_name, a.name) < std::tie(b.namespace_name, b.name);
  });
  std::sort(c.policies.begin(), c.policies.end(), [](auto& a, auto& b) {
    return std::tie(a.namespace_name, a.name) < std::tie(b.namespace_name, b.name);
  });
  return c;
}

ClusterBuilder e2e_model() {
  ClusterBuilder b;
  b.add_node("node-1", {"10.240.0.1"});
  const char* namespaces[] = {"x", "y", "z"};
  const char* pods[] = {"a", "b", "c"};
  for (int n = 0; n < 3; ++n) {
    b.add_namespace(namespaces[n]);
    for (int p = 0; p < 3; ++p) {
      Pod& pod = b.add_pod(namespaces[n], pods[p], {{"pod", pods[p]}}, {fmt::format("10.244.{}.{}", n + 1, p + 1)});
      for (int number : {80, 81})
        for (Protocol protocol : kAllProtocols) {
          std::string proto(to_string(protocol));
          std::transform(proto.begin(), proto.end(), proto.begin(), [](unsigned char ch) { return std::tolower(ch); });
          pod.ports.push_back({fmt::format("serve-{}-{}", number, proto), number, protocol, false});
        }
    }
  }
  return b;
}

LabelSelector match(Labels labels) { return LabelSelector{std::move(labels), {}}; }

LabelSelector expression(const std::string& key, SelectorOperator op, std::vector<std::string> values) {
  LabelSelector s;
  s.match_expressions.push_back({key, op, std::move(values)});
  return s;
}

NetworkPolicyPeer pods(LabelSelector pod_selector) { return {std::move(pod_selector), std::nullopt, std::nullopt}; }
NetworkPolicyPeer namespaces(LabelSelector namespace_selector) {
  return {std::nullopt, std::move(namespace_selector), std::nullopt};
}
NetworkPolicyPeer pods_in(LabelSelector pod_selector, LabelSelector namespace_selector) {
  return {std::move(pod_selector), std::move(namespace_selector), std::nullopt};
}
NetworkPolicyPeer block(const std::string& cidr_text, const std::vector<std::string>& except) {
  IpBlock b{cidr(cidr_text), {}};
  for (const auto& e : except) b.except.push_back(cidr(e));
  return {std::nullopt, std::nullopt, b};
}

NetworkPolicyPort port(int number, Protocol protocol) { return {protocol, number, std::nullopt, std::nullopt}; }
NetworkPolicyPort port_range(int first, int last, Protocol protocol) { return {protocol, first, std::nullopt, last}; }
NetworkPolicyPort named_port(const std::string& name, Protocol protocol) {
  return {protocol, std::nullopt, name, std::nullopt};
}
NetworkPolicyPort any_port(Protocol protocol) { return {protocol, std::nullopt, std::nullopt, std::nullopt}; }

NetworkPolicyRule rule(std::vector<NetworkPolicyPeer> peers, std::vector<NetworkPolicyPort> ports) {
  NetworkPolicyRule r;
  r.peers = std::move(peers);
  r.ports = std::move(ports);
  return r;
}

Evaluated::Evaluated(const Engine& engine, Cluster cluster, std::vector<Probe> probes)
    : cluster_(std::make_unique<Cluster>(std::move(cluster))),
      universe_(std::make_unique<Universe>(build_universe(*cluster_, probes))),
      evaluation_(engine.compile(*cluster_, *universe_, notes_)),
      matrix_(evaluation_->matrix()) {}

namespace {

std::size_t index_of(const Universe& u, const std::string& id) {
  auto i = u.find(id);
  if (!i) throw std::invalid_argument("unknown endpoint " + id);
  return *i;
}

std::size_t probe_index(const Universe& u, const std::string& text) {
  auto p = Probe::parse(text);
  if (!p) throw std::invalid_argument("malformed probe " + text);
  auto it = std::find(u.probes.begin(), u.probes.end(), *p);
  if (it == u.probes.end()) throw std::invalid_argument("unknown probe " + text);
  return static_cast<std::size_t>(it - u.probes.begin());
}

}  // namespace

bool Evaluated::allowed(const std::string& src, const std::string& dst, const std::string& probe) const {
  return matrix_.allowed(probe_index(*universe_, probe), index_of(*universe_, src), index_of(*universe_, dst));
}

Explanation Evaluated::explain(const std::string& src, const std::string& dst, const std::string& probe) const {
  return evaluation_->explain(Flow{index_of(*universe_, src), index_of(*universe_, dst), *Probe::parse(probe)});
}

Reachability::Reachability(const Evaluated& evaluated, bool default_allowed) : evaluated_(evaluated) {
  for (const auto& e : evaluated.universe().endpoints)
    if (e.is_pod()) pods_.push_back(e.id);
  expected_.assign(pods_.size(), std::vector<bool>(pods_.size(), default_allowed));
}

void Reachability::expect(const std::string& src, const std::string& dst, bool allowed) {
  expect_peer(src, dst, allowed);
  bool found = std::find(pods_.begin(), pods_.end(), src) != pods_.end() &&
               std::find(pods_.begin(), pods_.end(), dst) != pods_.end();
  if (!found) throw std::invalid_argument("unknown pod in " + src + " -> " + dst);
}

void Reachability::expect_peer(const std::string& src_prefix, const std::string& dst_prefix, bool allowed) {
  for (std::size_t s = 0; s < pods_.size(); ++s)
    for (std::size_t d = 0; d < pods_.size(); ++d)
      if (pods_[s].starts_with(src_prefix) && pods_[d].starts_with(dst_prefix)) expected_[s][d] = allowed;
}

std::string Reachability::differences(const std::string& probe) const {
  std::string table = "expected (X = allow), * marks a difference; rows are sources\n";
  bool any = false;
  for (std::size_t s = 0; s < pods_.size(); ++s) {
    table += fmt::format("{:6}", pods_[s]);
    for (std::size_t d = 0; d < pods_.size(); ++d) {
      const bool got = evaluated_.allowed(pods_[s], pods_[d], probe);
      const bool differs = s != d && got != expected_[s][d];  // self-pairs ignored, as upstream
      any |= differs;
      table += fmt::format(" {}{}", expected_[s][d] ? 'X' : '.', differs ? '*' : ' ');
    }
    table += '\n';
  }
  return any ? table : "";
}

}  // namespace netpol::testing

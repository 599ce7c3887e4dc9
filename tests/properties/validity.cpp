#include "tests/properties/validity.h"

#include <algorithm>
#include <regex>
#include <set>
#include <tuple>

namespace netpol::laws {
namespace {

bool dns_label(const std::string& s) {
  static const std::regex re("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  return s.size() <= 63 && std::regex_match(s, re);
}

bool dns_subdomain(const std::string& s) {
  static const std::regex re("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  return s.size() <= 253 && std::regex_match(s, re);
}

bool label_name(const std::string& s) {
  static const std::regex re("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  return !s.empty() && s.size() <= 63 && std::regex_match(s, re);
}

bool label_key(const std::string& key) {
  const auto slash = key.find('/');
  if (slash == std::string::npos) return label_name(key);
  return dns_subdomain(key.substr(0, slash)) && label_name(key.substr(slash + 1));
}

bool label_value(const std::string& v) { return v.empty() || label_name(v); }

// IANA_SVC_NAME: <= 15 chars, lowercase alphanumerics and '-', a letter, no leading/trailing
// or double '-' (apimachinery IsValidPortName).
bool port_name(const std::string& s) {
  static const std::regex re("[a-z0-9]([a-z0-9]|-(?!-))*");
  return !s.empty() && s.size() <= 15 && std::regex_match(s, re) && s.back() != '-' &&
         std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

void check_labels(const Labels& labels, const std::string& where, std::vector<std::string>& out) {
  for (const auto& [k, v] : labels) {
    if (!label_key(k)) out.push_back(where + ": bad label key " + k);
    if (!label_value(v)) out.push_back(where + ": bad label value " + v);
  }
}

void check_selector(const LabelSelector& s, const std::string& where, std::vector<std::string>& out) {
  check_labels(s.match_labels, where, out);
  for (const auto& r : s.match_expressions) {
    if (!label_key(r.key)) out.push_back(where + ": bad expression key " + r.key);
    const bool takes_values = r.op == SelectorOperator::In || r.op == SelectorOperator::NotIn;
    if (takes_values == r.values.empty()) out.push_back(where + ": operator/values mismatch on " + r.key);
    for (const auto& v : r.values)
      if (!label_value(v)) out.push_back(where + ": bad expression value " + v);
  }
}

void check_rules(const std::vector<NetworkPolicyRule>& rules, const std::string& where, std::vector<std::string>& out) {
  for (const auto& rule : rules) {
    for (const auto& peer : rule.peers) {
      const bool selectors = peer.pod_selector || peer.namespace_selector;
      if (selectors == peer.ip_block.has_value()) out.push_back(where + ": peer needs exactly one of selectors or ipBlock");
      if (peer.pod_selector) check_selector(*peer.pod_selector, where, out);
      if (peer.namespace_selector) check_selector(*peer.namespace_selector, where, out);
      if (peer.ip_block) {
        const Cidr& cidr = peer.ip_block->cidr;
        if (!cidr.canonical()) out.push_back(where + ": non-canonical cidr " + cidr.to_string());
        for (const Cidr& e : peer.ip_block->except)
          if (!e.canonical() || e.family() != cidr.family() || e.prefix <= cidr.prefix || !cidr.contains(e.network()))
            out.push_back(where + ": except " + e.to_string() + " not a strict subset of " + cidr.to_string());
      }
    }
    for (const auto& port : rule.ports) {
      if (port.port && port.name) out.push_back(where + ": port both numeric and named");
      if (port.port && (*port.port < 1 || *port.port > 65535)) out.push_back(where + ": port out of range");
      if (port.name && !port_name(*port.name)) out.push_back(where + ": bad port name " + *port.name);
      if (port.end_port && (!port.port || *port.end_port < *port.port || *port.end_port > 65535))
        out.push_back(where + ": bad endPort");
    }
  }
}

template <typename T, typename Key>
void check_sorted_unique(const std::vector<T>& items, Key key, const std::string& what, std::vector<std::string>& out) {
  for (std::size_t i = 1; i < items.size(); ++i)
    if (!(key(items[i - 1]) < key(items[i]))) out.push_back(what + " not sorted and unique at " + std::to_string(i));
}

}  // namespace

std::vector<std::string> validity_problems(const Cluster& cluster) {
  std::vector<std::string> out;
  auto name_key = [](const auto& x) { return x.name; };
  auto qualified_key = [](const auto& x) { return std::tie(x.namespace_name, x.name); };
  check_sorted_unique(cluster.namespaces, name_key, "namespaces", out);
  check_sorted_unique(cluster.nodes, name_key, "nodes", out);
  check_sorted_unique(cluster.pods, qualified_key, "pods", out);
  check_sorted_unique(cluster.policies, qualified_key, "policies", out);

  for (const auto& ns : cluster.namespaces) {
    if (!dns_label(ns.name)) out.push_back("bad namespace name " + ns.name);
    const auto it = ns.labels.find("kubernetes.io/metadata.name");
    if (it == ns.labels.end() || it->second != ns.name) out.push_back("namespace " + ns.name + " lacks its name label");
    check_labels(ns.labels, "namespace " + ns.name, out);
  }
  for (const auto& node : cluster.nodes) {
    if (!dns_subdomain(node.name)) out.push_back("bad node name " + node.name);
    if (node.addresses.empty()) out.push_back("node " + node.name + " has no address");
    check_labels(node.labels, "node " + node.name, out);
  }
  for (const auto& pod : cluster.pods) {
    const std::string where = "pod " + pod.qualified_name();
    if (!dns_subdomain(pod.name)) out.push_back("bad pod name " + pod.name);
    if (!cluster.find_namespace(pod.namespace_name)) out.push_back(where + ": namespace missing");
    if (!cluster.find_node(pod.node_name)) out.push_back(where + ": node missing");
    if (pod.ips.empty()) out.push_back(where + ": no address");
    check_labels(pod.labels, where, out);
    std::set<std::string> names;
    for (const auto& port : pod.ports) {
      if (port.port < 1 || port.port > 65535) out.push_back(where + ": container port out of range");
      if (!port.name.empty() && (!port_name(port.name) || !names.insert(port.name).second))
        out.push_back(where + ": bad or duplicate port name " + port.name);
    }
  }
  for (const auto& policy : cluster.policies) {
    const std::string where = "policy " + policy.qualified_name();
    if (!dns_subdomain(policy.name)) out.push_back("bad policy name " + policy.name);
    if (!cluster.find_namespace(policy.namespace_name)) out.push_back(where + ": namespace missing");
    if (!policy.ingress_type && !policy.egress_type) out.push_back(where + ": no policyTypes");
    check_labels(policy.labels, where, out);
    check_selector(policy.pod_selector, where, out);
    check_rules(policy.ingress, where + " ingress", out);
    check_rules(policy.egress, where + " egress", out);
  }
  // Addresses are unique among pods and nodes (no pod is hostNetwork here).
  std::set<IpAddress> addresses;
  for (const auto& pod : cluster.pods)
    for (const auto& ip : pod.ips)
      if (!pod.host_network && !addresses.insert(ip).second) out.push_back("address used twice: " + ip.to_string());
  for (const auto& node : cluster.nodes)
    for (const auto& ip : node.addresses)
      if (!addresses.insert(ip).second) out.push_back("address used twice: " + ip.to_string());
  return out;
}

}  // namespace netpol::laws

#include "generators/cluster_text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace netpol {
namespace {

std::string labels_text(const Labels& labels) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : labels) parts.push_back(fmt::format("{}={}", k, v));
  return fmt::format("{{{}}}", fmt::join(parts, ","));
}

const char* op_text(SelectorOperator op) {
  switch (op) {
    case SelectorOperator::In: return "In";
    case SelectorOperator::NotIn: return "NotIn";
    case SelectorOperator::Exists: return "Exists";
    case SelectorOperator::DoesNotExist: return "DoesNotExist";
  }
  return "?";
}

std::string selector_text(const LabelSelector& s) {
  std::string out = labels_text(s.match_labels);
  for (const auto& r : s.match_expressions)
    out += fmt::format(" {} {}({})", r.key, op_text(r.op), fmt::join(r.values, ","));
  return out;
}

std::string peer_text(const NetworkPolicyPeer& p) {
  if (p.ip_block) {
    std::vector<std::string> except;
    for (const auto& c : p.ip_block->except) except.push_back(c.to_string());
    return fmt::format("ipBlock {} except [{}]", p.ip_block->cidr.to_string(), fmt::join(except, ","));
  }
  std::string out;
  if (p.namespace_selector) out += fmt::format("ns{}", selector_text(*p.namespace_selector));
  if (p.pod_selector) out += fmt::format("{}pod{}", out.empty() ? "" : " & ", selector_text(*p.pod_selector));
  return out;
}

std::string port_text(const NetworkPolicyPort& p) {
  std::string out(to_string(p.protocol));
  if (p.port) out += fmt::format("/{}", *p.port);
  if (p.name) out += fmt::format("/{}", *p.name);
  if (p.end_port) out += fmt::format("-{}", *p.end_port);
  return out;
}

std::string rules_text(const std::vector<NetworkPolicyRule>& rules) {
  std::vector<std::string> parts;
  for (const auto& r : rules) {
    std::vector<std::string> peers, ports;
    for (const auto& p : r.peers) peers.push_back(peer_text(p));
    for (const auto& p : r.ports) ports.push_back(port_text(p));
    parts.push_back(fmt::format("{{peers: [{}] ports: [{}]}}", fmt::join(peers, "; "), fmt::join(ports, ",")));
  }
  return fmt::format("[{}]", fmt::join(parts, ", "));
}

}  // namespace

std::string describe_policy(const NetworkPolicy& policy) {
  std::string types = std::string(policy.ingress_type ? "Ingress" : "") +
                      (policy.ingress_type && policy.egress_type ? "+" : "") + (policy.egress_type ? "Egress" : "");
  return fmt::format("policy {} select {} types {} ingress {} egress {}", policy.qualified_name(),
                     selector_text(policy.pod_selector), types, rules_text(policy.ingress), rules_text(policy.egress));
}

std::string describe_cluster(const Cluster& cluster) {
  std::string out;
  for (const auto& ns : cluster.namespaces) out += fmt::format("namespace {} {}\n", ns.name, labels_text(ns.labels));
  for (const auto& n : cluster.nodes) {
    std::vector<std::string> ips;
    for (const auto& a : n.addresses) ips.push_back(a.to_string());
    out += fmt::format("node {} [{}]\n", n.name, fmt::join(ips, ","));
  }
  for (const auto& p : cluster.pods) {
    std::vector<std::string> ips, ports;
    for (const auto& a : p.ips) ips.push_back(a.to_string());
    for (const auto& c : p.ports)
      ports.push_back(fmt::format("{}{}/{}", c.name.empty() ? "" : c.name + ":", to_string(c.protocol), c.port));
    out += fmt::format("pod {} {} [{}] on {}{} ports [{}]\n", p.qualified_name(), labels_text(p.labels),
                       fmt::join(ips, ","), p.node_name, p.host_network ? " hostNetwork" : "", fmt::join(ports, ","));
  }
  for (const auto& p : cluster.policies) out += describe_policy(p) + "\n";
  return out;
}

void showValue(const Cluster& cluster, std::ostream& os) { os << "\n" << describe_cluster(cluster); }
void showValue(const NetworkPolicy& policy, std::ostream& os) { os << describe_policy(policy); }

}  // namespace netpol

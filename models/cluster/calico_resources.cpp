#include "models/cluster/calico_resources.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace netpol {
namespace {

// Rules that can decide a verdict: those of enforced policies and of profiles (staged
// policies never decide, so their CIDRs and ports would only add noise to the universe).
template <typename Fn>
void for_each_enforced_rule(const CalicoResources& r, Fn fn) {
  for (const CalicoPolicy& p : r.policies) {
    if (p.staged()) continue;
    for (const CalicoRule& rule : p.ingress) fn(rule);
    for (const CalicoRule& rule : p.egress) fn(rule);
  }
  for (const CalicoProfile& p : r.profiles) {
    for (const CalicoRule& rule : p.ingress) fn(rule);
    for (const CalicoRule& rule : p.egress) fn(rule);
  }
}

// The flow protocols a rule's ports apply to: its protocol when it is TCP, UDP or SCTP (by
// IANA number, however it was written), all three when it has none, none otherwise.
std::vector<Protocol> port_protocols(const CalicoRule& rule) {
  if (!rule.protocol) return {Protocol::TCP, Protocol::UDP, Protocol::SCTP};
  switch (rule.protocol->number) {
    case 6: return {Protocol::TCP};
    case 17: return {Protocol::UDP};
    case 132: return {Protocol::SCTP};
    default: return {};
  }
}

void merge_felix_fields(CalicoFelixConfiguration& into, const CalicoFelixConfiguration& from) {
  if (from.default_endpoint_to_host_action) into.default_endpoint_to_host_action = from.default_endpoint_to_host_action;
  if (from.failsafe_inbound_host_ports) into.failsafe_inbound_host_ports = from.failsafe_inbound_host_ports;
  if (from.failsafe_outbound_host_ports) into.failsafe_outbound_host_ports = from.failsafe_outbound_host_ports;
}

}  // namespace

std::vector<Cidr> calico_cidrs(const CalicoResources& resources) {
  std::set<Cidr> out;
  for_each_enforced_rule(resources, [&](const CalicoRule& rule) {
    for (const CalicoEntityRule* e : {&rule.source, &rule.destination}) {
      out.insert(e->nets.begin(), e->nets.end());
      out.insert(e->not_nets.begin(), e->not_nets.end());
    }
  });
  for (const CalicoNetworkSet& s : resources.network_sets) out.insert(s.nets.begin(), s.nets.end());
  for (const CalicoHostEndpoint& h : resources.host_endpoints)
    for (const IpAddress& ip : h.expected_ips) out.insert(Cidr::host(ip));
  // Failsafe entries with a net restrict the remote address (felix config_params.go ProtoPort).
  auto failsafe = [&](const CalicoFelixConfiguration& f) {
    for (const auto* list : {&f.failsafe_inbound_host_ports, &f.failsafe_outbound_host_ports})
      if (*list)
        for (const CalicoProtoPort& pp : **list)
          if (pp.net) out.insert(*pp.net);
  };
  if (resources.felix) failsafe(*resources.felix);
  for (const CalicoFelixConfiguration& f : resources.felix_nodes) failsafe(f);
  return {out.begin(), out.end()};
}

std::vector<CalicoPortRange> calico_port_ranges(const CalicoResources& resources) {
  std::set<std::tuple<Protocol, int, int>> out;
  for_each_enforced_rule(resources, [&](const CalicoRule& rule) {
    const std::vector<Protocol> protocols = port_protocols(rule);
    for (const CalicoEntityRule* e : {&rule.source, &rule.destination})
      for (const auto* ports : {&e->ports, &e->not_ports})
        for (const CalicoPort& port : *ports)
          if (port.name.empty())
            for (Protocol p : protocols) out.insert({p, port.first, port.last});
  });
  // Host endpoint named ports: the numbers that rule port names resolve to on host endpoints
  // (as containerPorts are for pods).
  for (const CalicoHostEndpoint& h : resources.host_endpoints)
    for (const CalicoEndpointPort& port : h.ports) out.insert({port.protocol, port.port, port.port});
  // Failsafe ports decide host-endpoint traffic before any policy.
  auto failsafe = [&](const CalicoFelixConfiguration& f) {
    for (const auto* list : {&f.failsafe_inbound_host_ports, &f.failsafe_outbound_host_ports})
      if (*list)
        for (const CalicoProtoPort& pp : **list) {
          if (pp.port < 1) continue;
          out.insert({pp.protocol == "udp" ? Protocol::UDP : pp.protocol == "sctp" ? Protocol::SCTP : Protocol::TCP,
                      pp.port, pp.port});
        }
  };
  if (resources.felix) failsafe(*resources.felix);
  for (const CalicoFelixConfiguration& f : resources.felix_nodes) failsafe(f);

  std::vector<CalicoPortRange> ranges;
  for (const auto& [protocol, first, last] : out) ranges.push_back({protocol, first, last});
  return ranges;
}

std::vector<CalicoStandaloneEndpoint> calico_standalone_endpoints(const CalicoResources& resources,
                                                                  const std::vector<IpAddress>& node_addresses) {
  const std::set<IpAddress> nodes(node_addresses.begin(), node_addresses.end());
  std::vector<CalicoStandaloneEndpoint> out;
  for (std::size_t i = 0; i < resources.host_endpoints.size(); ++i) {
    const CalicoHostEndpoint& h = resources.host_endpoints[i];
    // A host endpoint without expectedIPs has no address of its own: only its node's traffic
    // (through interfaceName) can reach it, so the node endpoint represents it.
    if (h.expected_ips.empty()) continue;
    bool on_node = std::any_of(h.expected_ips.begin(), h.expected_ips.end(),
                               [&](const IpAddress& ip) { return nodes.count(ip) > 0; });
    if (on_node) continue;
    CalicoStandaloneEndpoint e;
    e.id = "hep:" + h.name;
    e.ips = h.expected_ips;
    std::sort(e.ips.begin(), e.ips.end());
    e.host_endpoint = static_cast<int>(i);
    e.node_name = h.node;
    out.push_back(std::move(e));
  }
  return out;
}

CalicoFelixConfiguration calico_felix_for_node(const CalicoResources& resources, std::string_view node) {
  CalicoFelixConfiguration merged;
  if (resources.felix) {
    merge_felix_fields(merged, *resources.felix);
    merged.source = resources.felix->source;
  }
  for (const CalicoFelixConfiguration& f : resources.felix_nodes) {
    if (f.node_name != node) continue;
    merge_felix_fields(merged, f);
    merged.source = f.source;
  }
  merged.node_name = std::string(node);
  return merged;
}

}  // namespace netpol

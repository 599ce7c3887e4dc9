#include "models/calico/host_config.h"

#include <cctype>

namespace netpol::calico {
namespace {

std::vector<CalicoProtoPort> parse_list(std::initializer_list<std::pair<const char*, int>> items) {
  std::vector<CalicoProtoPort> out;
  for (auto [proto, port] : items) out.push_back(CalicoProtoPort{proto, port, std::nullopt});
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::vector<CalicoProtoPort> default_failsafe_inbound() {
  return parse_list({{"tcp", 22}, {"udp", 68}, {"tcp", 179}, {"tcp", 2379}, {"tcp", 2380}, {"tcp", 5473},
                     {"tcp", 6443}, {"tcp", 6666}, {"tcp", 6667}});
}

std::vector<CalicoProtoPort> default_failsafe_outbound() {
  return parse_list({{"udp", 53}, {"udp", 67}, {"tcp", 179}, {"tcp", 2379}, {"tcp", 2380}, {"tcp", 5473},
                     {"tcp", 6443}, {"tcp", 6666}, {"tcp", 6667}});
}

HostPolicyConfig host_policy_config(const CalicoResources& resources, std::string_view node) {
  HostPolicyConfig c;
  c.endpoint_to_host_source = "projectcalico/calico manifests/calico.yaml FELIX_DEFAULTENDPOINTTOHOSTACTION=ACCEPT";
  c.failsafe_inbound = default_failsafe_inbound();
  c.failsafe_outbound = default_failsafe_outbound();
  if (!resources.felix && resources.felix_nodes.empty()) return c;
  const CalicoFelixConfiguration f = calico_felix_for_node(resources, node);
  if (f.default_endpoint_to_host_action) {
    const std::string v = lower(*f.default_endpoint_to_host_action);
    if (v == "drop") c.endpoint_to_host = EndpointToHostAction::Drop;
    if (v == "accept") c.endpoint_to_host = EndpointToHostAction::Accept;
    if (v == "return") c.endpoint_to_host = EndpointToHostAction::Return;
    c.endpoint_to_host_source = "FelixConfiguration defaultEndpointToHostAction at " + f.source.describe();
  }
  if (f.failsafe_inbound_host_ports) c.failsafe_inbound = *f.failsafe_inbound_host_ports;
  if (f.failsafe_outbound_host_ports) c.failsafe_outbound = *f.failsafe_outbound_host_ports;
  // Felix parses protocols case-insensitively; keep them lowercase so matching needs no work.
  for (auto* list : {&c.failsafe_inbound, &c.failsafe_outbound})
    for (CalicoProtoPort& e : *list) e.protocol = lower(e.protocol);
  return c;
}

std::vector<const CalicoProtoPort*> failsafe_entries_for(const std::vector<CalicoProtoPort>& entries,
                                                          const Probe& probe) {
  const std::string proto = lower(std::string(to_string(probe.protocol)));
  std::vector<const CalicoProtoPort*> out;
  for (const CalicoProtoPort& e : entries)
    if (e.port == probe.port && lower(e.protocol) == proto) out.push_back(&e);
  return out;
}

bool failsafe_matches(const std::vector<CalicoProtoPort>& entries, const Probe& probe,
                      const std::optional<IpAddress>& remote) {
  std::string proto = lower(std::string(to_string(probe.protocol)));
  for (const CalicoProtoPort& e : entries) {
    if (lower(e.protocol) != proto || e.port != probe.port) continue;
    if (e.net) {
      // static.go: an entry whose net is of the other family is not rendered for this one.
      if (!remote || !e.net->contains(*remote)) continue;
    }
    return true;
  }
  return false;
}

}  // namespace netpol::calico

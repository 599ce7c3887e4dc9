#include "models/k8s/k8s_decisions.h"

#include <algorithm>

namespace netpol::k8s {

bool endpoint_is_live(const Cluster& cluster, const Endpoint& endpoint) {
  if (endpoint.ips.empty()) return false;
  if (!endpoint.is_pod()) return true;
  const Pod& pod = cluster.pods[static_cast<std::size_t>(endpoint.pod)];
  if (pod.node_name.empty()) return false;
  return pod.phase != PodPhase::Succeeded && pod.phase != PodPhase::Failed;
}

bool is_policy_pod(const Cluster& cluster, const Endpoint& endpoint) {
  return endpoint.is_pod() && !cluster.pods[static_cast<std::size_t>(endpoint.pod)].host_network &&
         endpoint_is_live(cluster, endpoint);
}

int host_node_of(const Cluster& cluster, const Endpoint& endpoint) {
  if (endpoint.kind == EndpointKind::Node) return endpoint.node;
  if (endpoint.is_pod() && cluster.pods[static_cast<std::size_t>(endpoint.pod)].host_network) return endpoint.node;
  return -1;
}

bool node_local_exempt(const Cluster& cluster, const Endpoint& a, const Endpoint& b) {
  auto pod_on_host = [&](const Endpoint& pod, const Endpoint& host) {
    const int node = host_node_of(cluster, host);
    return node >= 0 && is_policy_pod(cluster, pod) && pod.node == node;
  };
  return pod_on_host(a, b) || pod_on_host(b, a);
}

bool self_exempt(EndpointIndex src, EndpointIndex dst) { return src == dst; }

bool ip_block_matches(const IpBlock& block, const Endpoint& endpoint, IpFamily family) {
  return std::any_of(endpoint.ips.begin(), endpoint.ips.end(), [&](const IpAddress& ip) {
    if (ip.family != family || !block.cidr.contains(ip)) return false;
    return std::none_of(block.except.begin(), block.except.end(), [&](const Cidr& e) { return e.contains(ip); });
  });
}

bool named_port_resolves(const Cluster& cluster, const Endpoint& destination, std::string_view name,
                         Protocol protocol, int port) {
  if (!is_policy_pod(cluster, destination)) return false;
  const Pod& pod = cluster.pods[static_cast<std::size_t>(destination.pod)];
  return std::any_of(pod.ports.begin(), pod.ports.end(), [&](const ContainerPort& cp) {
    return cp.name == name && cp.protocol == protocol && cp.port == port;
  });
}

bool port_matches(const Cluster& cluster, const NetworkPolicyPort& port, const Endpoint& destination,
                  const Probe& probe) {
  if (port.protocol != probe.protocol) return false;
  if (port.name) return named_port_resolves(cluster, destination, *port.name, probe.protocol, probe.port);
  if (!port.port) return true;  // protocol only: every port of it
  return *port.port <= probe.port && probe.port <= port.end_port.value_or(*port.port);
}

bool rule_ports_match(const Cluster& cluster, const std::vector<NetworkPolicyPort>& ports,
                      const Endpoint& destination, const Probe& probe) {
  return ports.empty() || std::any_of(ports.begin(), ports.end(), [&](const NetworkPolicyPort& port) {
           return port_matches(cluster, port, destination, probe);
         });
}

}  // namespace netpol::k8s

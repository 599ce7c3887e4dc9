// The places where the Kubernetes NetworkPolicy specification leaves the behaviour open, and the
// choice the `k8s` engine takes for each. Every choice lives in exactly one function here, with
// its source; the matrix computation and `explain` both call these functions, so that a change
// of mind is one edit. The unit tests in tests/k8s/decisions_test.cpp pin each one.
#pragma once

#include <string_view>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/cluster/ip.h"
#include "models/cluster/policy.h"
#include "models/cluster/universe.h"

namespace netpol::k8s {

// Citations used by code and by DecisionStep::citation.
inline constexpr std::string_view kDocNetworkPolicies =
    "kubernetes.io/docs/concepts/services-networking/network-policies";
inline constexpr std::string_view kDocIsolation =
    "kubernetes.io/docs/concepts/services-networking/network-policies#the-two-sorts-of-pod-isolation";
inline constexpr std::string_view kDocSelectors =
    "kubernetes.io/docs/concepts/services-networking/network-policies#behavior-of-to-and-from-selectors";
inline constexpr std::string_view kDocHostNetwork =
    "kubernetes.io/docs/concepts/services-networking/network-policies#networkpolicy-and-hostnetwork-pods";
inline constexpr std::string_view kApiNetworkPolicyPort =
    "kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1 (NetworkPolicyPort)";
inline constexpr std::string_view kE2eCidr =
    "kubernetes/kubernetes test/e2e/network/netpol/network_policy.go: \"should allow egress access to server in CIDR block\"";
inline constexpr std::string_view kDocPodLifecycle =
    "kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle (status.podIP, phases Succeeded/Failed)";

// DECISION (pods without a network): a pod takes part in no flow at all -- not even to itself --
// when it has no IP, is not scheduled to a node, or has terminated (phase Succeeded or Failed).
// Such a pod has no network sandbox, so no packet can leave or reach it (pod-lifecycle doc:
// status.podIP is empty until allocated; terminated pods release their sandbox). Nodes, host
// endpoints and external addresses are live when they have an address.
bool endpoint_is_live(const Cluster& cluster, const Endpoint& endpoint);

// DECISION (hostNetwork pods): a hostNetwork pod is treated as its node. It is never selected by
// spec.podSelector (so never isolated) and never matched by a podSelector/namespaceSelector peer;
// ipBlock peers match it through its (node) address, and the node-local rule below applies to
// it. Source: network-policies doc, "NetworkPolicy and hostNetwork pods": the behaviour is
// undefined, limited to two options; the second, "ignores hostNetwork pods when matching
// podSelector and namespaceSelector ... treated the same as all other traffic to/from the node
// IP", is named there as the most common implementation.
//
// Returns true for the endpoints that policies can select and that pod/namespace selectors can
// match: live pods that are not hostNetwork.
bool is_policy_pod(const Cluster& cluster, const Endpoint& endpoint);

// The node an endpoint stands for, when it is host traffic: a Node endpoint, or a hostNetwork pod
// (see is_policy_pod). -1 for everything else. Calico host endpoints without a node address are
// separate hosts for this engine, not the node.
int host_node_of(const Cluster& cluster, const Endpoint& endpoint);

// DECISION (node-local traffic): traffic between a pod and the node it runs on is always allowed,
// in both directions, whatever the policies say. Source: network-policies doc, ipBlock bullet:
// "traffic to and from the node where a Pod is running is always allowed, regardless of the IP
// address of the Pod or the node" (kubelet health checks come from the node). Returns true when
// one endpoint is a policy pod and the other is host traffic of that pod's node.
bool node_local_exempt(const Cluster& cluster, const Endpoint& a, const Endpoint& b);

// DECISION (pod to itself): a live endpoint may always reach itself. Source: network-policies doc,
// "a pod cannot block access to itself"; the upstream e2e suite ignores loopback when comparing
// (network_policy.go: ignoreLoopback, kubernetes/kubernetes#95879).
bool self_exempt(EndpointIndex src, EndpointIndex dst);

// DECISION (ipBlock vs cluster addresses): an ipBlock matches every endpoint -- pods and nodes
// included, not only cluster-external addresses -- that has an address of `family` inside cidr
// and outside every except entry. The doc says ipBlocks "should be" cluster-external, but the
// upstream e2e test "should allow egress access to server in CIDR block" allows egress to a pod
// through a /32 of its pod IP, and "should enforce except clause while egress access to server in
// CIDR block" denies one through an except.
// DECISION (IPv6): matching is per address family; an IPv4 block never matches an IPv6 address
// (Cidr::contains compares families), and a flow exists only over a family both ends have.
bool ip_block_matches(const IpBlock& block, const Endpoint& endpoint, IpFamily family);

// Named ports: true when `destination` is a policy pod with a containerPort of that name,
// protocol and number. Source: API reference, NetworkPolicyPort.port: "a numerical or named port
// on a pod"; for ingress the pod is the selected destination, for egress the destination pod.
// DECISION: non-pod destinations (nodes, hostNetwork pods, external addresses) never match a
// named port, since they have no containerPorts the policy can see; init containers' ports count
// (the doc's "Pod lifecycle" section: policies apply equally to init, sidecar and regular
// containers).
bool named_port_resolves(const Cluster& cluster, const Endpoint& destination, std::string_view name,
                         Protocol protocol, int port);

// True when the entry admits the probe towards `destination`: same protocol, and no port (the
// whole protocol), the port or the port..endPort range, or a named port resolving on the
// destination. Source: API reference, NetworkPolicyPort (port, endPort, protocol default TCP).
bool port_matches(const Cluster& cluster, const NetworkPolicyPort& port, const Endpoint& destination,
                  const Probe& probe);

// True when some entry of a rule's `ports` admits the probe; an empty list admits every probe
// ("If this field is empty or missing, this rule matches all ports": API reference,
// NetworkPolicyIngressRule.ports / NetworkPolicyEgressRule.ports).
bool rule_ports_match(const Cluster& cluster, const std::vector<NetworkPolicyPort>& ports,
                      const Endpoint& destination, const Probe& probe);

}  // namespace netpol::k8s

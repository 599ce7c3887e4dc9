// Builds clusters for the k8s engine tests directly in C++, with the invariants the loader
// establishes (cluster.h): sorted objects, namespaces with kubernetes.io/metadata.name, nodes
// with addresses. Also the upstream e2e model cluster and small helpers for policy parts.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/cluster/engine.h"
#include "models/cluster/universe.h"
#include "models/cluster/verdict.h"

namespace netpol::testing {

IpAddress ip(std::string_view text);
Cidr cidr(std::string_view text);

class ClusterBuilder {
 public:
  ClusterBuilder& add_namespace(const std::string& name, Labels labels = {});
  ClusterBuilder& add_node(const std::string& name, const std::vector<std::string>& ips);
  // A running pod on `node` (created with address 10.240.0.<n> when missing).
  Pod& add_pod(const std::string& ns, const std::string& name, Labels labels, const std::vector<std::string>& ips,
               const std::string& node = "node-1");
  // A policy with policyTypes [Ingress] unless changed by the caller.
  NetworkPolicy& add_policy(const std::string& ns, const std::string& name, LabelSelector pod_selector = {});

  // The cluster with the loader's invariants applied (missing namespaces and nodes created).
  Cluster build() const;

 private:
  Cluster cluster_;
  // Stable addresses for returned references: pods and policies live in deques until build().
  std::vector<std::unique_ptr<Pod>> pods_;
  std::vector<std::unique_ptr<NetworkPolicy>> policies_;
};

// The upstream e2e model (test/e2e/network/netpol/model.go): namespaces x, y, z, each with pods
// a, b, c labelled pod=NAME, serving 80 and 81 on TCP, UDP and SCTP through containerPorts named
// serve-PORT-PROTO (lowercase). IPs 10.244.<1..3>.<1..3>, one node node-1 at 10.240.0.1.
ClusterBuilder e2e_model();

LabelSelector match(Labels labels);
LabelSelector expression(const std::string& key, SelectorOperator op, std::vector<std::string> values = {});
NetworkPolicyPeer pods(LabelSelector pod_selector);
NetworkPolicyPeer namespaces(LabelSelector namespace_selector);
NetworkPolicyPeer pods_in(LabelSelector pod_selector, LabelSelector namespace_selector);
NetworkPolicyPeer block(const std::string& cidr_text, const std::vector<std::string>& except = {});
NetworkPolicyPort port(int number, Protocol protocol = Protocol::TCP);
NetworkPolicyPort port_range(int first, int last, Protocol protocol = Protocol::TCP);
NetworkPolicyPort named_port(const std::string& name, Protocol protocol = Protocol::TCP);
NetworkPolicyPort any_port(Protocol protocol);
NetworkPolicyRule rule(std::vector<NetworkPolicyPeer> peers = {}, std::vector<NetworkPolicyPort> ports = {});

// A cluster evaluated by one engine, owning everything the Evaluation refers to.
class Evaluated {
 public:
  Evaluated(const Engine& engine, Cluster cluster, std::vector<Probe> probes);

  const Cluster& cluster() const { return *cluster_; }
  const Universe& universe() const { return *universe_; }
  const VerdictMatrix& matrix() const { return matrix_; }
  const Evaluation& evaluation() const { return *evaluation_; }
  const Diagnostics& notes() const { return notes_; }

  // Verdict of src -> dst (endpoint ids) on `probe` ("TCP/80"); fails the test on unknown ids.
  bool allowed(const std::string& src, const std::string& dst, const std::string& probe = "TCP/80") const;
  // The verdict explain() gives for the same flow.
  Explanation explain(const std::string& src, const std::string& dst, const std::string& probe = "TCP/80") const;

 private:
  std::unique_ptr<Cluster> cluster_;
  std::unique_ptr<Universe> universe_;
  Diagnostics notes_;
  std::unique_ptr<Evaluation> evaluation_;
  VerdictMatrix matrix_;
};

// Expected pod-to-pod connectivity in the style of the upstream reachability.go: starts with every
// pair of pod endpoints allowed; self-pairs are ignored when comparing, as upstream does.
class Reachability {
 public:
  explicit Reachability(const Evaluated& evaluated, bool default_allowed = true);
  void expect(const std::string& src, const std::string& dst, bool allowed);
  // Every pod whose id starts with `src_prefix` to every pod whose id starts with `dst_prefix`
  // ("" = all, "x/" = namespace x, "x/a" = one pod).
  void expect_peer(const std::string& src_prefix, const std::string& dst_prefix, bool allowed);
  void expect_all_ingress(const std::string& dst, bool allowed) { expect_peer("", dst, allowed); }
  void expect_all_egress(const std::string& src, bool allowed) { expect_peer(src, "", allowed); }
  // Empty when the matrix agrees on `probe`; otherwise a truth table of the differences.
  std::string differences(const std::string& probe = "TCP/80") const;

 private:
  const Evaluated& evaluated_;
  std::vector<std::string> pods_;
  std::vector<std::vector<bool>> expected_;
};

}  // namespace netpol::testing

// Small builders for Calico engine tests: clusters written as C++ structs, evaluated by the
// calico engine over the universe the rest of the product builds.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/calico/calico_evaluation.h"
#include "models/calico/version.h"
#include "models/cluster/cluster.h"
#include "models/cluster/universe.h"

namespace netpol::calico::testing {

// A cluster with nodes node-1 (10.240.0.1) and node-2 (10.240.0.2), built up by the helpers.
struct ClusterBuilder {
  Cluster cluster;

  ClusterBuilder();
  ClusterBuilder& ns(const std::string& name, Labels labels = {});
  // Pod with the given IP on `node`; labels as given.
  ClusterBuilder& pod(const std::string& ns, const std::string& name, const std::string& ip, Labels labels = {},
                      const std::string& node = "node-1");
  Pod& last_pod() { return cluster.pods.back(); }
  ClusterBuilder& policy(NetworkPolicy p);
  ClusterBuilder& calico(CalicoPolicy p);
  // Sorts everything as the loader's finalize step would.
  Cluster build() const;
};

struct Evaluated {
  Cluster cluster;
  Universe universe;
  Diagnostics notes;
  std::unique_ptr<CalicoEvaluation> eval;
  VerdictMatrix matrix;

  // Verdict of src -> dst for "PROTO/PORT" from matrix(), checked against explain().
  bool allowed(const std::string& src, const std::string& dst, const std::string& probe) const;
  Explanation explain(const std::string& src, const std::string& dst, const std::string& probe) const;
};

// A cluster's Calico world, universe (one probe, TCP/80) and selector index, for tests of the
// index and the policy set below the evaluation. Held on the heap: the world and the index point
// into the cluster and the world.
struct Indexed {
  Cluster cluster;
  CalicoWorld world;
  Universe universe;
  std::unique_ptr<SelectorIndex> index;
};
std::unique_ptr<Indexed> index_cluster(Cluster cluster);

// Compiles `cluster` with the calico engine for the given probes.
std::unique_ptr<Evaluated> evaluate(const Cluster& cluster, const std::vector<std::string>& probes,
                                    const std::string& version = "3.32", bool auto_heps = false);

// Rule builders.
CalicoRule allow_rule();
CalicoRule deny_rule();
CalicoRule rule(CalicoAction action);
CalicoPolicy gnp(const std::string& name, std::optional<double> order, const std::string& selector);
CalicoPolicy np(const std::string& ns, const std::string& name, std::optional<double> order,
                const std::string& selector);
CalicoProtocol tcp();
Cidr cidr(const std::string& text);
IpAddress ip(const std::string& text);

// Checks that explain() agrees with matrix() on every flow; returns the number of flows checked
// and fills `mismatch` with the first disagreement (empty when none).
std::size_t check_explain_agrees(const Evaluated& e, std::string& mismatch);

}  // namespace netpol::calico::testing

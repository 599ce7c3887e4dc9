// The `k8s` engine: compile once (k8s_compiled.h), answer the matrix with bitsets (k8s_matrix.h)
// and single flows step by step (k8s_explain.h).
#include "models/k8s/k8s_engine.h"

#include <utility>

#include <fmt/format.h>

#include "models/k8s/k8s_compiled.h"
#include "models/k8s/k8s_decisions.h"
#include "models/k8s/k8s_explain.h"
#include "models/k8s/k8s_matrix.h"
#include "models/k8s/label_selector.h"

namespace netpol {
namespace {

class K8sEvaluation : public Evaluation {
 public:
  K8sEvaluation(const Cluster& cluster, const Universe& universe) : compiled_(cluster, universe) {}

  VerdictMatrix matrix() const override { return k8s::compute_matrix(compiled_); }

  Explanation explain(const Flow& flow) const override {
    return k8s::explain_flow(compiled_.cluster(), compiled_.universe(), flow);
  }

 private:
  k8s::CompiledCluster compiled_;
};

// Tells the user where the engine's open choices (k8s_decisions.h) touch their input.
void add_notes(const Cluster& cluster, const Universe& universe, Diagnostics& notes) {
  // The upstream spec knows networking.k8s.io/v1 NetworkPolicy only: Calico's own resources in
  // the input change nothing here, and the user should know they were read but not used.
  const std::size_t calico_objects = cluster.calico.object_count();
  if (calico_objects > 0) {
    // Built field by field: g++ 12 -O3 warns that a braced temporary's empty location "may be
    // used uninitialized".
    Diagnostic note;
    note.severity = Severity::Warning;
    note.message = fmt::format("k8s: {} Calico resource(s) in the input are not part of the Kubernetes "
                               "NetworkPolicy API and are ignored by this engine ({})",
                               calico_objects, k8s::kDocNetworkPolicies);
    notes.push_back(std::move(note));
  }
  for (const auto& e : universe.endpoints) {
    if (!e.is_pod()) continue;
    const Pod& pod = cluster.pods[static_cast<std::size_t>(e.pod)];
    if (!k8s::endpoint_is_live(cluster, e)) {
      notes.push_back({Severity::Warning, pod.source.location, "",
                       fmt::format("k8s: pod {} has no network (no IP, unscheduled or terminated): every flow to "
                                   "or from it is denied",
                                   e.id)});
      continue;
    }
    if (!pod.host_network) continue;
    for (const auto& policy : cluster.policies)
      if (policy.namespace_name == pod.namespace_name && k8s::selector_matches(policy.pod_selector, pod.labels)) {
        notes.push_back({Severity::Warning, policy.source.location, "spec.podSelector",
                         fmt::format("k8s: policy {} selects hostNetwork pod {}, which the k8s engine treats as its "
                                     "node: not isolated ({})",
                                     policy.qualified_name(), e.id, k8s::kDocHostNetwork)});
        break;
      }
  }
}

class K8sEngine : public Engine {
 public:
  std::string name() const override { return "k8s"; }
  std::unique_ptr<Evaluation> compile(const Cluster& cluster, const Universe& universe,
                                      Diagnostics& notes) const override {
    add_notes(cluster, universe, notes);
    return std::make_unique<K8sEvaluation>(cluster, universe);
  }
};

}  // namespace

std::unique_ptr<Engine> make_k8s_engine() { return std::make_unique<K8sEngine>(); }

}  // namespace netpol

// The interface every engine implements. Engines share these input types and nothing else:
// each one's evaluation code lives in its own folder and includes no other engine.
//
// Contract: an Engine is stateless and cheap to construct; compile() does all the per-cluster
// work once; the Evaluation it returns answers many questions about that cluster.
#pragma once

#include <memory>
#include <string>

#include "models/cluster/cluster.h"
#include "models/cluster/source.h"
#include "models/cluster/universe.h"
#include "models/cluster/verdict.h"

namespace netpol {

// A cluster as one engine sees it, ready to answer questions. Must outlive no argument of the
// compile() that made it: it may keep references to the Cluster and Universe.
class Evaluation {
 public:
  virtual ~Evaluation() = default;

  // Every flow of the universe: all ordered endpoint pairs (self-pairs included) x all probes.
  virtual VerdictMatrix matrix() const = 0;

  // One flow with the steps that decided it. Must agree with matrix() on the verdict.
  virtual Explanation explain(const Flow& flow) const = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;

  // The name users type after --engine ("k8s", "azure", "calico", ...).
  virtual std::string name() const = 0;

  // Translates the cluster the way the modelled implementation does. Appends what a user must
  // know to `notes` (e.g. a policy the implementation would skip, with why and the source).
  virtual std::unique_ptr<Evaluation> compile(const Cluster& cluster, const Universe& universe,
                                              Diagnostics& notes) const = 0;
};

}  // namespace netpol

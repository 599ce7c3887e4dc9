// Running engines over a cluster: the step every command (eval, diff, compare, fuzz) shares.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/cluster/engine.h"
#include "models/cluster/universe.h"
#include "models/cluster/verdict.h"
#include "oracle/engines.h"

namespace netpol {

// One engine's answer for every flow of a universe, with the notes it raised while compiling.
struct EngineRun {
  std::string engine;
  VerdictMatrix matrix;
  Diagnostics notes;
  std::unique_ptr<Evaluation> evaluation;  // kept for explain; refers to cluster and universe
};

// Compiles `cluster` with the named engine and computes the full matrix.
// Throws UsageError for an unknown engine. `cluster` and `universe` must outlive the result.
EngineRun run_engine(std::string_view engine, const EngineOptions& options, const Cluster& cluster,
                     const Universe& universe);

}  // namespace netpol

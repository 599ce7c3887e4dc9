#include "oracle/run.h"

namespace netpol {

EngineRun run_engine(std::string_view engine_name, const EngineOptions& options, const Cluster& cluster,
                     const Universe& universe) {
  auto engine = make_engine(engine_name, options);
  EngineRun run;
  run.engine = engine->name();
  run.evaluation = engine->compile(cluster, universe, run.notes);
  run.matrix = run.evaluation->matrix();
  return run;
}

}  // namespace netpol

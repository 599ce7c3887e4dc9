// Throughput of every engine on generated clusters (issue 2 "Speed"; issues 3 and 4 compare
// their engines against k8s on the same clusters).
//
// Scales (20 namespaces, 2 probes each):
//   1,000 pods /   200 policies  -> target for k8s: <= 100 ms for compile + matrix
//   5,000 pods / 1,000 policies  -> target for k8s: <= 1 s
// Benchmarks per scale: universe construction (endpoints + probes), and for every engine in
// engine_names() one compile() + matrix() per iteration, with the flow count and flows/s as
// counters. Clusters come from generators/scale.h with a fixed seed, built once outside timing.
//
// Run: bench_engines [--benchmark_filter=REGEX]  (build with CMAKE_BUILD_TYPE=Release)
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <map>
#include <memory>
#include <utility>

#include "generators/scale.h"
#include "models/cluster/universe.h"
#include "oracle/engines.h"

namespace netpol {
namespace {

struct Scale {
  int pods;
  int policies;
};
constexpr Scale kScales[] = {{1000, 200}, {5000, 1000}};

std::vector<Probe> bench_probes() { return {*Probe::parse("TCP/8080"), *Probe::parse("UDP/53")}; }

// Clusters and universes are built once per scale and shared by every benchmark.
const Cluster& cluster_for(Scale scale) {
  static std::map<std::pair<int, int>, std::unique_ptr<Cluster>> cache;
  auto& slot = cache[{scale.pods, scale.policies}];
  if (!slot) {
    generators::ScaleSpec spec;
    spec.namespaces = 20;
    spec.pods = scale.pods;
    spec.policies = scale.policies;
    spec.seed = 1;
    slot = std::make_unique<Cluster>(generators::make_scale_cluster(spec));
  }
  return *slot;
}

const Universe& universe_for(Scale scale) {
  static std::map<std::pair<int, int>, std::unique_ptr<Universe>> cache;
  auto& slot = cache[{scale.pods, scale.policies}];
  if (!slot) slot = std::make_unique<Universe>(build_universe(cluster_for(scale), bench_probes()));
  return *slot;
}

void bench_universe(benchmark::State& state, Scale scale) {
  const Cluster& cluster = cluster_for(scale);
  std::size_t endpoints = 0;
  for (auto _ : state) {
    Universe universe = build_universe(cluster, bench_probes());
    endpoints = universe.endpoints.size();
    benchmark::DoNotOptimize(universe);
  }
  state.counters["endpoints"] = static_cast<double>(endpoints);
}

void bench_engine(benchmark::State& state, const std::string& name, Scale scale) {
  const Cluster& cluster = cluster_for(scale);
  const Universe& universe = universe_for(scale);
  const auto engine = make_engine(name);
  std::size_t allowed = 0;
  for (auto _ : state) {
    Diagnostics notes;
    const auto evaluation = engine->compile(cluster, universe, notes);
    VerdictMatrix matrix = evaluation->matrix();
    benchmark::DoNotOptimize(matrix);
    state.PauseTiming();
    allowed = matrix.count_allowed();
    state.ResumeTiming();
  }
  const double flows = static_cast<double>(universe.endpoints.size() * universe.endpoints.size() * universe.probes.size());
  state.counters["flows"] = flows;
  state.counters["allowed"] = static_cast<double>(allowed);
  state.counters["flows/s"] = benchmark::Counter(flows, benchmark::Counter::kIsIterationInvariantRate);
}

void register_all() {
  for (const Scale scale : kScales) {
    const std::string suffix = fmt::format("{}pods/{}policies", scale.pods, scale.policies);
    benchmark::RegisterBenchmark(("universe/" + suffix).c_str(), bench_universe, scale)->Unit(benchmark::kMillisecond);
    for (const auto& name : engine_names())
      benchmark::RegisterBenchmark(("compile+matrix/" + name + "/" + suffix).c_str(), bench_engine, name, scale)
          ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace
}  // namespace netpol

int main(int argc, char** argv) {
  netpol::register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// The calico engine against the k8s referee on the foundation's generated clusters plus Calico
// resources (issue 4 "Speed": 200 GlobalNetworkPolicies, 50 GlobalNetworkSets and one
// HostEndpoint per node; target: calico within 3x of k8s). Each iteration is one compile() +
// matrix() on a cluster and universe built once outside timing.
//
// Run: bench_calico [--benchmark_filter=REGEX]
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <map>
#include <memory>

#include "generators/scale.h"
#include "models/cluster/universe.h"
#include "oracle/engines.h"

namespace netpol {
namespace {

struct Scale {
  int pods;
  int policies;
  bool calico_resources;
};
constexpr Scale kScales[] = {{1000, 200, false}, {1000, 200, true}, {5000, 1000, false}, {5000, 1000, true}};

std::vector<Probe> bench_probes() { return {*Probe::parse("TCP/8080"), *Probe::parse("UDP/53")}; }

struct Fixture {
  Cluster cluster;
  Universe universe;
};

const Fixture& fixture_for(Scale scale) {
  static std::map<std::tuple<int, int, bool>, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[{scale.pods, scale.policies, scale.calico_resources}];
  if (!slot) {
    generators::ScaleSpec spec;
    spec.namespaces = 20;
    spec.pods = scale.pods;
    spec.policies = scale.policies;
    spec.seed = 1;
    if (scale.calico_resources) {
      spec.calico.global_network_policies = 200;
      spec.calico.global_network_sets = 50;
      spec.calico.host_endpoint_per_node = true;
    }
    slot = std::make_unique<Fixture>();
    slot->cluster = generators::make_scale_cluster(spec);
    slot->universe = build_universe(slot->cluster, bench_probes());
  }
  return *slot;
}

void bench_engine(benchmark::State& state, const std::string& name, Scale scale) {
  const Fixture& f = fixture_for(scale);
  const auto engine = make_engine(name);
  std::size_t allowed = 0;
  for (auto _ : state) {
    Diagnostics notes;
    const auto evaluation = engine->compile(f.cluster, f.universe, notes);
    VerdictMatrix matrix = evaluation->matrix();
    benchmark::DoNotOptimize(matrix);
    state.PauseTiming();
    allowed = matrix.count_allowed();
    state.ResumeTiming();
  }
  const double flows = static_cast<double>(f.universe.endpoints.size() * f.universe.endpoints.size() * f.universe.probes.size());
  state.counters["flows"] = flows;
  state.counters["allowed"] = static_cast<double>(allowed);
}

void register_all() {
  for (const Scale scale : kScales) {
    const std::string suffix =
        fmt::format("{}pods/{}policies{}", scale.pods, scale.policies, scale.calico_resources ? "+calico" : "");
    for (const char* name : {"k8s", "calico"})
      benchmark::RegisterBenchmark(fmt::format("compile+matrix/{}/{}", name, suffix).c_str(), bench_engine,
                                   std::string(name), scale)
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

// Throughput of every engine on generated clusters (issue 2 "Speed"; issues 3 and 4 compare
// their engines against k8s on the same clusters).
//
// Scales (20 namespaces, 2 probes each):
//   1,000 pods /   200 policies  -> target for k8s: <= 100 ms for compile + matrix
//   5,000 pods / 1,000 policies  -> target for k8s: <= 1 s
// Benchmarks per scale: universe construction (endpoints + probes), and for every engine in
// engine_names() one compile() + matrix() per iteration (bench/fixture.h).
//
// Run: bench_engines [--benchmark_filter=REGEX]  (build with CMAKE_BUILD_TYPE=Release;
// NETPOL_BENCH_MEMORY=retained|returned picks the allocator policy, see bench/fixture.h)
#include "bench/fixture.h"

namespace netpol::bench {
namespace {

constexpr Scale kScales[] = {{1000, 200}, {5000, 1000}};

void bench_universe(benchmark::State& state, Scale scale) {
  const Cluster& cluster = fixture_for(scale).cluster;
  std::size_t endpoints = 0;
  for (auto _ : state) {
    Universe universe = build_universe(cluster, bench_probes());
    endpoints = universe.endpoints.size();
    benchmark::DoNotOptimize(universe);
  }
  state.counters["endpoints"] = static_cast<double>(endpoints);
}

void register_all() {
  for (const Scale scale : kScales) {
    benchmark::RegisterBenchmark(("universe/" + scale.suffix()).c_str(), bench_universe, scale)->Unit(benchmark::kMillisecond);
    for (const auto& name : engine_names()) register_engine(name, scale);
  }
}

}  // namespace
}  // namespace netpol::bench

int main(int argc, char** argv) {
  netpol::bench::register_all();
  return netpol::bench::run_benchmarks(argc, argv);
}

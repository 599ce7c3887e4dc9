// What the benchmark programs share: the generated clusters (built once, outside timing), the
// compile + matrix benchmark of one engine, and a main() that pins the allocator policy.
//
// Allocator policy, and why it is pinned: glibc moves its mmap and trim thresholds as a program
// frees large blocks. Left alone, a benchmark's figure depends on which benchmarks ran before it
// in the same process: an engine measured after another that freed big buffers gets its memory
// without page faults, and looked up to 3x faster than when measured first. So every benchmark
// runs under one fixed policy, chosen with NETPOL_BENCH_MEMORY:
//   - unset or "retained": freed memory is kept (mmap threshold 32 MiB, the most glibc allows;
//     trim threshold 1 GiB), as in a long-running process such as a fuzz loop: the figures are
//     the engines' computation, and they do not depend on the order benchmarks run in;
//   - "returned": glibc's static defaults (blocks over 128 KiB are mapped fresh and unmapped on
//     free), so page faults are part of the cost. Closer to a process that evaluates once, but
//     still not independent of order: measured on this project's machines, k8s took 1.0 ms or
//     3.0 ms on the 1,000-pod clusters depending on what ran before it.
#pragma once

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "generators/scale.h"
#include "models/cluster/universe.h"
#include "oracle/engines.h"

namespace netpol::bench {

struct Scale {
  int pods;
  int policies;
  bool calico_resources = false;  // issue 4: 200 GlobalNetworkPolicies, 50 GlobalNetworkSets, a HostEndpoint per node

  std::string suffix() const { return fmt::format("{}pods/{}policies{}", pods, policies, calico_resources ? "+calico" : ""); }
};

inline std::vector<Probe> bench_probes() { return {*Probe::parse("TCP/8080"), *Probe::parse("UDP/53")}; }

struct Fixture {
  Cluster cluster;
  Universe universe;
};

// The cluster and universe of a scale, generated once (seed 1, 20 namespaces) and shared.
inline const Fixture& fixture_for(Scale scale) {
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

// One compile() + matrix() of engine `name` per iteration; counters: flows, allowed, flows/s.
inline void bench_engine(benchmark::State& state, const std::string& name, Scale scale) {
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
  state.counters["flows/s"] = benchmark::Counter(flows, benchmark::Counter::kIsIterationInvariantRate);
}

inline void register_engine(const std::string& name, Scale scale) {
  benchmark::RegisterBenchmark(("compile+matrix/" + name + "/" + scale.suffix()).c_str(), bench_engine, name, scale)
      ->Unit(benchmark::kMillisecond);
}

// Pins the allocator policy (see the top of this file), then runs the registered benchmarks.
inline int run_benchmarks(int argc, char** argv) {
  const char* memory = std::getenv("NETPOL_BENCH_MEMORY");
  const bool retained = !memory || std::strcmp(memory, "retained") == 0;
  if (memory && !retained && std::strcmp(memory, "returned") != 0) {
    std::fprintf(stderr, "NETPOL_BENCH_MEMORY must be \"returned\" or \"retained\", not \"%s\"\n", memory);
    return 2;
  }
  // mallopt() also turns off glibc's dynamic threshold adjustment, which is the point.
  const bool pinned = mallopt(M_MMAP_THRESHOLD, retained ? 32 * 1024 * 1024 : 128 * 1024) == 1 &&
                      mallopt(M_TRIM_THRESHOLD, retained ? 1024 * 1024 * 1024 : 128 * 1024) == 1;
  if (!pinned) {
    std::fprintf(stderr, "could not pin the allocator policy (mallopt failed)\n");
    return 2;
  }
  benchmark::AddCustomContext("allocator", retained ? "retained (default; NETPOL_BENCH_MEMORY=returned for glibc's static defaults)"
                                                    : "returned (glibc static defaults, pinned)");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace netpol::bench

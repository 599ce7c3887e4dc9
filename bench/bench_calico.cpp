// The calico engine against the k8s referee on the foundation's generated clusters, without and
// with Calico resources (issue 4 "Speed": 200 GlobalNetworkPolicies, 50 GlobalNetworkSets and
// one HostEndpoint per node; target: calico within 3x of k8s). One compile() + matrix() per
// iteration, on a cluster and universe built once outside timing (bench/fixture.h).
//
// Run: bench_calico [--benchmark_filter=REGEX]  (NETPOL_BENCH_MEMORY=retained|returned picks
// the allocator policy, see bench/fixture.h)
#include "bench/fixture.h"

namespace netpol::bench {
namespace {

constexpr Scale kScales[] = {{1000, 200, false}, {1000, 200, true}, {5000, 1000, false}, {5000, 1000, true}};

void register_all() {
  for (const Scale scale : kScales)
    for (const char* name : {"k8s", "calico"}) register_engine(name, scale);
}

}  // namespace
}  // namespace netpol::bench

int main(int argc, char** argv) {
  netpol::bench::register_all();
  return netpol::bench::run_benchmarks(argc, argv);
}

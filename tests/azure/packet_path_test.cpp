// PacketPaths (models/azure/packet_path.h): the matrix assembles its rows from row_masks(), the
// explain path and the Windows rows from the per-set functions. Pin that the two give the same
// sets for every kind of endpoint placement and address family.
#include <gtest/gtest.h>

#include "models/azure/packet_path.h"
#include "tests/azure/cluster_builder.h"

namespace netpol::azure::testing {
namespace {

Cluster every_placement() {
  ClusterBuilder b;
  b.node("node-2", "10.240.0.5");
  b.pod("x", "a", {{"pod", "a"}}, "10.244.0.10", "node-1");
  b.pod("x", "b", {{"pod", "b"}}, "10.244.1.10", "node-2");
  b.pod("y", "dual", {{"pod", "dual"}}, "10.244.1.11,fd00::11", "node-2");
  b.pod("y", "dual6", {{"pod", "dual6"}}, "fd00::13,10.244.0.13", "node-1");
  b.pod("y", "v6", {{"pod", "v6"}}, "fd00::12", "node-2");
  b.host_pod("z", "h", "node-1");
  b.pod("z", "unscheduled", {{"pod", "u"}}, "10.244.0.20", "");
  b.pod("z", "done", {{"pod", "done"}}, "10.244.0.21", "node-1");
  auto& p = b.policy("x", "cut", match({}));  // address-space cuts: external endpoints
  p.ingress_type = true;
  p.ingress = {rule({block("192.168.0.0/16"), block("fd00:1::/64")})};
  Cluster c = b.build();
  for (auto& pod : c.pods)
    if (pod.name == "done") pod.phase = PodPhase::Succeeded;
  return c;
}

TEST(AzurePacketPaths, RowMasksAreThePerSetFunctions) {
  const Cluster cluster = every_placement();
  const Universe universe = build_universe(cluster, {probe("TCP/80")});
  const PacketPaths paths(cluster, universe);
  const std::size_t n = universe.endpoints.size();
  ASSERT_GT(n, 64u / 8);  // a few of every kind
  Bits v4(n), v6(n), fwd(n);
  for (EndpointIndex s = 0; s < n; ++s) {
    paths.row_masks(s, v4.data(), v6.data(), fwd.data());
    EXPECT_EQ(v4, paths.v4_destinations(s)) << universe.endpoints[s].id;
    EXPECT_EQ(v6, paths.v6_destinations(s)) << universe.endpoints[s].id;
    EXPECT_EQ(fwd, paths.forwarded_destinations(s)) << universe.endpoints[s].id;
  }
}

}  // namespace
}  // namespace netpol::azure::testing

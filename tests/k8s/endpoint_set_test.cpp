// The bitset primitives of the matrix computation (models/k8s/endpoint_set.h).
#include <gtest/gtest.h>

#include <random>

#include "models/k8s/endpoint_set.h"

namespace netpol::k8s {
namespace {

TEST(K8sEndpointSet, FullSetKeepsPaddingZero) {
  EndpointSet s(70, true);
  EXPECT_EQ(s.count(), 70u);
  EXPECT_EQ(s.words(), 2u);
  EXPECT_EQ(s.data()[1], (std::uint64_t{1} << 6) - 1);
  std::vector<std::size_t> members;
  EndpointSet t(130);
  t.set(0);
  t.set(64);
  t.set(129);
  t.for_each([&](std::size_t i) { members.push_back(i); });
  EXPECT_EQ(members, (std::vector<std::size_t>{0, 64, 129}));
}

// transpose_bits against the definition, on sizes around the 64-bit block edges.
TEST(K8sEndpointSet, TransposeMatchesDefinition) {
  std::mt19937 rng(7);
  for (std::size_t n : {1u, 5u, 63u, 64u, 65u, 130u, 200u}) {
    const std::size_t words = (n + 63) / 64;
    std::vector<std::uint64_t> in(n * words, 0), out(n * words, 0xdeadbeef);
    for (std::size_t r = 0; r < n; ++r)
      for (std::size_t c = 0; c < n; ++c)
        if (rng() % 3 == 0) in[r * words + c / 64] |= std::uint64_t{1} << (c % 64);
    transpose_bits(in.data(), out.data(), n, words);
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t c = 0; c < n; ++c)
        ASSERT_EQ((out[r * words + c / 64] >> (c % 64)) & 1, (in[c * words + r / 64] >> (r % 64)) & 1)
            << "n=" << n << " r=" << r << " c=" << c;
      if (n % 64) {
        ASSERT_EQ(out[r * words + words - 1] >> (n % 64), 0u) << "padding of row " << r;
      }
    }
  }
}

}  // namespace
}  // namespace netpol::k8s

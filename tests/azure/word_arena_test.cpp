// WordArena (models/azure/word_arena.h) holds the class walk's cached outcome sets: pin that runs
// never overlap and keep their contents while more are taken, across chunks and for runs larger
// than a chunk.
#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "models/azure/word_arena.h"

namespace netpol::azure::testing {
namespace {

TEST(AzureWordArena, RunsKeepTheirContentsAndNeverOverlap) {
  WordArena arena;
  std::vector<std::pair<std::uint64_t*, std::size_t>> runs;
  // Sizes that fill chunks unevenly, leave tails unused and exceed a chunk.
  const std::size_t sizes[] = {1, 4, 17, 3, WordArena::kChunkWords - 2, 5, WordArena::kChunkWords + 9, 4, WordArena::kChunkWords, 2};
  std::uint64_t stamp = 1;
  for (int round = 0; round < 3; ++round)
    for (std::size_t n : sizes) {
      std::uint64_t* run = arena.take(n);
      for (std::size_t i = 0; i < n; ++i) run[i] = stamp + i;
      runs.emplace_back(run, n);
      stamp += n;
    }
  stamp = 1;
  for (const auto& [run, n] : runs) {
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(run[i], stamp + i);
    stamp += n;
  }
  for (std::size_t a = 0; a < runs.size(); ++a)
    for (std::size_t b = a + 1; b < runs.size(); ++b) {
      const bool apart = runs[a].first + runs[a].second <= runs[b].first || runs[b].first + runs[b].second <= runs[a].first;
      EXPECT_TRUE(apart) << a << " and " << b;
    }
}

TEST(AzureWordArena, MovingKeepsTheRuns) {
  WordArena arena;
  std::uint64_t* run = arena.take(3);
  run[0] = 7, run[1] = 8, run[2] = 9;
  WordArena moved = std::move(arena);
  std::uint64_t* next = moved.take(2);
  next[0] = next[1] = 1;
  EXPECT_EQ(run[0] + run[1] + run[2], 24u);
}

// DefaultInitAllocator leaves only value-less construction unwritten: construction with a value
// (resize with a value, push_back, copies) must still write it, or the plan's copies and any
// filled vector would hold garbage.
TEST(AzureDefaultInitAllocator, ConstructionWithAValueStillWritesIt) {
  using Vector = std::vector<std::uint32_t, DefaultInitAllocator<std::uint32_t>>;
  Vector v;
  v.resize(1000);  // unwritten: filled right after, as ClassWalkPlan does
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::uint32_t>(3 * i + 1);
  v.resize(1500, 7u);
  v.push_back(9u);
  const Vector copy = v;
  ASSERT_EQ(copy.size(), 1501u);
  for (std::size_t i = 0; i < 1000; ++i) ASSERT_EQ(copy[i], 3 * i + 1) << i;
  for (std::size_t i = 1000; i < 1500; ++i) ASSERT_EQ(copy[i], 7u) << i;
  EXPECT_EQ(copy[1500], 9u);
}

}  // namespace
}  // namespace netpol::azure::testing

// Splitting items into blocks by a table of yes/no tests: two items land in one block exactly
// when every test answers alike for them. The symbolic walks use it three times: sources by the
// sets tested on the source, destinations by the sets tested on the destination, and source
// classes by the sets one chain can test.
//
// Invariants of the result: block_of.size() == items; blocks are numbered 0.. in order of their
// first item, and first[b] is that item (so first is strictly increasing).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "models/azure/bits.h"

namespace netpol::azure {

struct Partition {
  std::vector<std::size_t> block_of;  // per item
  std::vector<std::size_t> first;     // per block: its lowest item
};

// Refines one column at a time: O(items * tests), no signatures kept. test(item, k) answers
// test k for an item.
template <typename Test>
Partition partition_by(std::size_t items, std::size_t tests, Test&& test) {
  constexpr std::size_t kUnset = std::numeric_limits<std::size_t>::max();
  Partition p;
  p.block_of.assign(items, 0);
  std::size_t blocks = items ? 1 : 0;
  std::vector<std::size_t> renumber;
  for (std::size_t k = 0; k < tests && blocks < items; ++k) {
    renumber.assign(2 * blocks, kUnset);
    std::size_t next = 0;
    for (std::size_t i = 0; i < items; ++i) {
      std::size_t& id = renumber[2 * p.block_of[i] + (test(i, k) ? 1 : 0)];
      if (id == kUnset) id = next++;
      p.block_of[i] = id;
    }
    blocks = next;
  }
  p.first.assign(blocks, kUnset);
  for (std::size_t i = items; i-- > 0;) p.first[p.block_of[i]] = i;
  return p;
}

// The same partition when test k is "item is a member of columns[k]" (every column has `items`
// members at most). Reads only the members of each column, so it costs O(members + items log
// items) rather than O(items * columns): most sets hold a few pods of a large cluster.
inline Partition partition_by_columns(std::size_t items, const std::vector<const Bits*>& columns) {
  const std::size_t words = (columns.size() + 63) / 64;
  std::vector<std::uint64_t> signature(items * words, 0);
  for (std::size_t k = 0; k < columns.size(); ++k)
    columns[k]->for_each([&](std::size_t item) { signature[item * words + k / 64] |= std::uint64_t{1} << (k % 64); });
  auto less = [&](std::size_t a, std::size_t b) {
    return std::lexicographical_compare(signature.begin() + static_cast<std::ptrdiff_t>(a * words),
                                        signature.begin() + static_cast<std::ptrdiff_t>((a + 1) * words),
                                        signature.begin() + static_cast<std::ptrdiff_t>(b * words),
                                        signature.begin() + static_cast<std::ptrdiff_t>((b + 1) * words));
  };
  std::vector<std::size_t> order(items);
  for (std::size_t i = 0; i < items; ++i) order[i] = i;
  if (words <= 2) {
    // The common case (up to 128 tests), sorted by value: (signature, item) keys side by side
    // order exactly as the stable sort by signature below, without its indirection.
    struct Key {
      std::uint64_t w0, w1;
      std::size_t item;
      bool operator<(const Key& o) const { return w0 != o.w0 ? w0 < o.w0 : w1 != o.w1 ? w1 < o.w1 : item < o.item; }
    };
    std::vector<Key> keys(items);
    for (std::size_t i = 0; i < items; ++i)
      keys[i] = {words > 0 ? signature[i * words] : 0, words > 1 ? signature[i * words + 1] : 0, i};
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 0; i < items; ++i) order[i] = keys[i].item;
  } else {
    std::stable_sort(order.begin(), order.end(), less);
  }
  // Runs of equal signatures are blocks; stable sorting puts each run's lowest item first.
  std::vector<std::size_t> run_of(items);
  std::vector<std::size_t> run_first;
  for (std::size_t i = 0; i < items; ++i) {
    if (i == 0 || less(order[i - 1], order[i])) run_first.push_back(order[i]);
    run_of[order[i]] = run_first.size() - 1;
  }
  // Number the blocks in order of their first item.
  std::vector<std::size_t> by_first(run_first.size());
  for (std::size_t r = 0; r < by_first.size(); ++r) by_first[r] = r;
  std::sort(by_first.begin(), by_first.end(), [&](std::size_t a, std::size_t b) { return run_first[a] < run_first[b]; });
  std::vector<std::size_t> block_of_run(run_first.size());
  Partition p;
  p.first.resize(run_first.size());
  for (std::size_t b = 0; b < by_first.size(); ++b) {
    block_of_run[by_first[b]] = b;
    p.first[b] = run_first[by_first[b]];
  }
  p.block_of.resize(items);
  for (std::size_t i = 0; i < items; ++i) p.block_of[i] = block_of_run[run_of[i]];
  return p;
}

}  // namespace netpol::azure

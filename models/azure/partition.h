// Splitting items into blocks by a table of yes/no tests: two items land in one block exactly
// when every test answers alike for them. The symbolic walks use it three times: sources by the
// sets tested on the source, destinations by the sets tested on the destination, and source
// classes by the sets one chain can test (split_by_columns for the chain's own tests, then
// refine() by the splits of the chains it runs inline: the partition by a union of tests is the
// common refinement of the partitions by its parts).
//
// Invariants of the result: block_of.size() == items; blocks are numbered 0.. in order of their
// first item, and first[b] is that item (so first is strictly increasing).
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "models/azure/bits.h"

namespace netpol::azure {

struct Partition {
  std::vector<std::size_t> block_of;  // per item
  std::vector<std::size_t> first;     // per block: its lowest item
};

// The partition in which test k is "item is a member of columns[k]" (every column has `items`
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

// The same partition as partition_by_columns, made by splitting blocks held as bitsets:
// O(columns * blocks * words) plus O(items). For few columns whose blocks stay few (a chain's own
// tests, over source classes), cheaper than reading every item per column.
inline Partition split_by_columns(std::size_t items, const std::vector<const Bits*>& columns) {
  std::vector<Bits> blocks, next;
  if (items) blocks.emplace_back(items, true);
  for (const Bits* column : columns) {
    if (blocks.size() == items) break;  // every item alone already
    next.clear();
    for (Bits& b : blocks) {
      Bits in = b & *column;
      b.subtract(*column);
      if (in.any()) next.push_back(std::move(in));
      if (b.any()) next.push_back(std::move(b));
    }
    blocks.swap(next);
  }
  // Number the blocks in order of their first item.
  std::vector<std::pair<std::size_t, std::size_t>> by_first;  // (first item, block)
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const std::uint64_t* w = blocks[b].data();
    std::size_t i = 0;
    while (!w[i]) ++i;  // a block is never empty
    by_first.emplace_back(i * 64 + static_cast<std::size_t>(std::countr_zero(w[i])), b);
  }
  std::sort(by_first.begin(), by_first.end());
  Partition p;
  p.block_of.assign(items, 0);
  for (std::size_t n = 0; n < by_first.size(); ++n) {
    p.first.push_back(by_first[n].first);
    blocks[by_first[n].second].for_each([&](std::size_t item) { p.block_of[item] = n; });
  }
  return p;
}

// Makes p the common refinement of p and q (partitions of the same items): two items share a
// block of the result exactly when they share one in p and one in q. Numbered as every Partition.
// O(items + blocks of p * blocks of q).
inline void refine(Partition& p, const Partition& q) {
  if (q.first.size() <= 1) return;
  if (p.first.size() <= 1) {
    p = q;
    return;
  }
  constexpr std::size_t kUnset = std::numeric_limits<std::size_t>::max();
  const std::size_t qn = q.first.size();
  std::vector<std::size_t> id(p.first.size() * qn, kUnset);  // (block of p, block of q) -> block
  p.first.clear();
  for (std::size_t i = 0; i < p.block_of.size(); ++i) {
    std::size_t& slot = id[p.block_of[i] * qn + q.block_of[i]];
    if (slot == kUnset) {
      slot = p.first.size();
      p.first.push_back(i);
    }
    p.block_of[i] = slot;
  }
}

}  // namespace netpol::azure

// Splitting items into blocks by a table of yes/no tests: two items land in one block exactly
// when every test answers alike for them. The symbolic walks use it three times: sources by the
// sets tested on the source, destinations by the sets tested on the destination, and source
// classes by the sets one chain can test (split_by_columns for the chain's own tests, then
// refine() by the splits of the chains it runs inline: the partition by a union of tests is the
// common refinement of the partitions by its parts).
//
// Invariants of the result: block_of.size() == items; blocks are numbered 0.. in order of their
// first item, and first[b] is that item (so first is strictly increasing). Items and blocks are
// 32-bit (endpoints, classes): the plan keeps a partition per chain, and at 8 bytes an entry
// each one's block_of was a block of over a kilobyte at 232 source classes, which glibc serves
// from its large bins after consolidating every freed small chunk (malloc_consolidate).
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
  using Index = std::uint32_t;
  std::vector<Index> block_of;  // per item
  std::vector<Index> first;     // per block: its lowest item
};

// Working storage for split_by_columns and refine, kept by a caller that makes many partitions
// (the class-walk plan makes one per chain, and refines most): their temporaries were a few
// allocations per call. Carries nothing from call to call: each call sizes and writes every
// entry it reads.
struct PartitionScratch {
  std::vector<std::uint64_t> blocks, next;
  std::vector<std::pair<Partition::Index, Partition::Index>> pairs;
  std::vector<Partition::Index> start, order, provisional;
};

// The partition in which test k is "item is a member of columns[k]" (every column has `items`
// members at most). Reads only the members of each column to make each item's signature (its
// answers, a bit per test), then finds each signature's block in a hash table while scanning the
// items in order, so that blocks are numbered by their first item as they appear: O(members +
// items * signature words), no sorting. (Sorting the signatures was most of the cost: ~1,000
// endpoints and hundreds of tests for every plan.)
inline Partition partition_by_columns(std::size_t items, const std::vector<const Bits*>& columns) {
  const std::size_t words = std::max<std::size_t>(1, (columns.size() + 63) / 64);
  std::vector<std::uint64_t> signature(items * words, 0);
  for (std::size_t k = 0; k < columns.size(); ++k)
    columns[k]->for_each([&](std::size_t item) { signature[item * words + k / 64] |= std::uint64_t{1} << (k % 64); });
  // Open addressing, at most half full: slot -> block, or kEmpty.
  constexpr Partition::Index kEmpty = std::numeric_limits<Partition::Index>::max();
  std::size_t capacity = 2;
  while (capacity < 2 * items) capacity <<= 1;
  std::vector<Partition::Index> table(capacity, kEmpty);
  Partition p;
  p.block_of.resize(items);
  for (std::size_t i = 0; i < items; ++i) {
    const std::uint64_t* sig = signature.data() + i * words;
    std::uint64_t h = 0;
    for (std::size_t w = 0; w < words; ++w) h = (h ^ sig[w]) * 0x9e3779b97f4a7c15ull;
    for (std::size_t slot = (h ^ (h >> 29)) & (capacity - 1);; slot = (slot + 1) & (capacity - 1)) {
      Partition::Index& b = table[slot];
      if (b == kEmpty) {
        b = static_cast<Partition::Index>(p.first.size());
        p.first.push_back(static_cast<Partition::Index>(i));
      } else if (!std::equal(sig, sig + words, signature.data() + p.first[b] * words)) {
        continue;
      }
      p.block_of[i] = b;
      break;
    }
  }
  return p;
}

// The same partition as partition_by_columns, made by splitting blocks held as bitsets:
// O(columns * blocks * words) plus O(items). For few columns whose blocks stay few (a chain's own
// tests, over source classes), cheaper than reading every item per column.
inline Partition split_by_columns(std::size_t items, const std::vector<const Bits*>& columns, PartitionScratch& scratch) {
  Partition p;
  p.block_of.assign(items, 0);
  if (!items) return p;
  if (columns.empty()) {
    p.first.assign(1, 0);
    return p;
  }
  // Blocks side by side, `words` words each (padding bits zero), never empty.
  const std::size_t words = (items + 63) / 64;
  std::vector<std::uint64_t>& blocks = scratch.blocks;
  std::vector<std::uint64_t>& next = scratch.next;
  blocks.assign(words, ~std::uint64_t{0});
  if (items % 64) blocks[words - 1] = (std::uint64_t{1} << (items % 64)) - 1;
  // Room for every block there can be (no more than the items, no more than 2^columns), once:
  // growing `next` column by column was an allocation each time.
  const std::size_t most = columns.size() < 20 ? std::min(items, std::size_t{1} << columns.size()) : items;
  blocks.reserve(most * words);
  next.reserve(most * words);
  std::size_t count = 1;
  for (const Bits* column : columns) {
    if (count == items) break;  // every item alone already
    const std::uint64_t* c = column->data();
    next.clear();
    std::size_t next_count = 0;
    for (std::size_t b = 0; b < count; ++b) {
      const std::uint64_t* block = blocks.data() + b * words;
      std::uint64_t in_any = 0, out_any = 0;
      for (std::size_t w = 0; w < words; ++w) {
        in_any |= block[w] & c[w];
        out_any |= block[w] & ~c[w];
      }
      if (in_any) {
        for (std::size_t w = 0; w < words; ++w) next.push_back(block[w] & c[w]);
        ++next_count;
      }
      if (out_any) {
        for (std::size_t w = 0; w < words; ++w) next.push_back(block[w] & ~c[w]);
        ++next_count;
      }
    }
    blocks.swap(next);
    count = next_count;
  }
  // Number the blocks in order of their first item.
  std::vector<std::pair<Partition::Index, Partition::Index>>& by_first = scratch.pairs;  // (first item, block)
  by_first.clear();
  by_first.reserve(count);
  for (std::size_t b = 0; b < count; ++b) {
    const std::uint64_t* block = blocks.data() + b * words;
    std::size_t w = 0;
    while (!block[w]) ++w;
    by_first.emplace_back(static_cast<Partition::Index>(w * 64 + static_cast<std::size_t>(std::countr_zero(block[w]))),
                          static_cast<Partition::Index>(b));
  }
  std::sort(by_first.begin(), by_first.end());
  p.first.resize(count);
  for (std::size_t n = 0; n < count; ++n) {
    p.first[n] = by_first[n].first;
    const std::uint64_t* block = blocks.data() + by_first[n].second * words;
    for (std::size_t w = 0; w < words; ++w)
      for (std::uint64_t x = block[w]; x; x &= x - 1)
        p.block_of[w * 64 + static_cast<std::size_t>(std::countr_zero(x))] = static_cast<Partition::Index>(n);
  }
  return p;
}

inline Partition split_by_columns(std::size_t items, const std::vector<const Bits*>& columns) {
  PartitionScratch scratch;
  return split_by_columns(items, columns, scratch);
}

// Makes p the common refinement of p and q (partitions of the same items): two items share a
// block of the result exactly when they share one in p and one in q. Numbered as every Partition.
// O(items + blocks of p * blocks of q) with a table over the pairs of blocks when that table is
// small; otherwise O(items + blocks of p + blocks of q), visiting the items p-block by p-block so
// that one entry per q-block tells whether the pair has an id yet. (For chains with hundreds of
// blocks, clearing the table cost megabytes of writes per plan.)
inline void refine(Partition& p, const Partition& q, PartitionScratch& scratch) {
  if (q.first.size() <= 1) return;
  if (p.first.size() <= 1) {
    p = q;
    return;
  }
  using Index = Partition::Index;
  constexpr Index kUnset = std::numeric_limits<Index>::max();
  const std::size_t items = p.block_of.size();
  const std::size_t qn = q.first.size();
  if (p.first.size() * qn <= 4 * items) {
    std::vector<Index>& id = scratch.order;  // (block of p, block of q) -> block
    id.assign(p.first.size() * qn, kUnset);
    p.first.clear();
    for (std::size_t i = 0; i < items; ++i) {
      Index& slot = id[p.block_of[i] * qn + q.block_of[i]];
      if (slot == kUnset) {
        slot = static_cast<Index>(p.first.size());
        p.first.push_back(static_cast<Index>(i));
      }
      p.block_of[i] = slot;
    }
    return;
  }
  // The items by p-block (a counting sort; ascending within each block).
  std::vector<Index>& start = scratch.start;
  start.assign(p.first.size() + 1, 0);
  for (std::size_t i = 0; i < items; ++i) ++start[p.block_of[i] + 1];
  for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  std::vector<Index>& order = scratch.order;
  order.resize(items);  // every entry written below
  for (std::size_t i = 0; i < items; ++i) order[start[p.block_of[i]]++] = static_cast<Index>(i);  // start[b] becomes the end of b
  // Per q-block: the last p-block that met it, and the pair's provisional id.
  std::vector<std::pair<Index, Index>>& seen = scratch.pairs;
  seen.assign(qn, {kUnset, 0});
  std::vector<Index>& provisional = scratch.provisional;
  provisional.resize(items);  // every entry written below
  Index ids = 0;
  for (Index b = 0, k = 0; b < p.first.size(); ++b)
    for (; k < start[b]; ++k) {
      const Index i = order[k];
      auto& s = seen[q.block_of[i]];
      if (s.first != b) s = {b, ids++};
      provisional[i] = s.second;
    }
  // Number the blocks in order of their first item.
  std::vector<Index>& id = order;  // reused: provisional id -> block
  id.assign(ids, kUnset);
  p.first.clear();
  for (std::size_t i = 0; i < items; ++i) {
    Index& slot = id[provisional[i]];
    if (slot == kUnset) {
      slot = static_cast<Index>(p.first.size());
      p.first.push_back(static_cast<Index>(i));
    }
    p.block_of[i] = slot;
  }
}

inline void refine(Partition& p, const Partition& q) {
  PartitionScratch scratch;
  refine(p, q, scratch);
}

}  // namespace netpol::azure

// A set of endpoints (indexes into a Universe) as a dense bitset. (The bit-matrix transpose the
// matrix computation needs is models/cluster/bit_matrix.h.)
//
// Invariants: size() is fixed at construction; words() == ceil(size()/64); bits at positions
// >= size() (the padding of the last word) are always zero, so that whole-word operations and
// popcounts never see phantom endpoints.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/cluster/bit_matrix.h"

namespace netpol::k8s {

class EndpointSet {
 public:
  EndpointSet() = default;
  // An empty set over `size` endpoints, or the full one when `full`.
  explicit EndpointSet(std::size_t size, bool full = false);

  std::size_t size() const { return size_; }
  std::size_t words() const { return bits_.size(); }
  bool test(std::size_t i) const { return (bits_[i / 64] >> (i % 64)) & 1u; }
  void set(std::size_t i) { bits_[i / 64] |= std::uint64_t{1} << (i % 64); }
  bool none() const;
  std::size_t count() const;

  // In place union / intersection with a set of the same size.
  EndpointSet& operator|=(const EndpointSet& o);
  EndpointSet& operator&=(const EndpointSet& o);

  const std::uint64_t* data() const { return bits_.data(); }
  std::uint64_t* data() { return bits_.data(); }

  // Calls f(i) for every member, in increasing order.
  template <typename F>
  void for_each(F&& f) const {
    for (std::size_t w = 0; w < bits_.size(); ++w)
      for (std::uint64_t word = bits_[w]; word; word &= word - 1)
        f(w * 64 + static_cast<std::size_t>(std::countr_zero(word)));
  }

 private:
  std::size_t size_ = 0;
  std::vector<std::uint64_t> bits_;
};

}  // namespace netpol::k8s

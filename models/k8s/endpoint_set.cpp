#include "models/k8s/endpoint_set.h"

#include <algorithm>

namespace netpol::k8s {

EndpointSet::EndpointSet(std::size_t size, bool full) : size_(size), bits_((size + 63) / 64, full ? ~std::uint64_t{0} : 0) {
  if (full && size % 64) bits_.back() = (std::uint64_t{1} << (size % 64)) - 1;
}

bool EndpointSet::none() const {
  return std::all_of(bits_.begin(), bits_.end(), [](std::uint64_t w) { return w == 0; });
}

std::size_t EndpointSet::count() const {
  std::size_t n = 0;
  for (auto w : bits_) n += static_cast<std::size_t>(std::popcount(w));
  return n;
}

EndpointSet& EndpointSet::operator|=(const EndpointSet& o) {
  for (std::size_t w = 0; w < bits_.size(); ++w) bits_[w] |= o.bits_[w];
  return *this;
}

EndpointSet& EndpointSet::operator&=(const EndpointSet& o) {
  for (std::size_t w = 0; w < bits_.size(); ++w) bits_[w] &= o.bits_[w];
  return *this;
}

namespace {

// In-place transpose of a 64 x 64 bit block, a[r] bit c <-> a[c] bit r, by swapping ever smaller
// off-diagonal sub-blocks (32x32, then 16x16, ... 1x1).
void transpose64(std::uint64_t a[64]) {
  std::uint64_t m = 0x00000000FFFFFFFFull;
  for (int j = 32; j != 0; j >>= 1, m ^= (m << j)) {
    for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
      const std::uint64_t t = ((a[k] >> j) ^ a[k | j]) & m;
      a[k] ^= t << j;
      a[k | j] ^= t;
    }
  }
}

}  // namespace

void transpose_bits(const std::uint64_t* in, std::uint64_t* out, std::size_t n, std::size_t words) {
  std::uint64_t block[64];
  for (std::size_t br = 0; br < words; ++br) {      // block row: source rows br*64 ...
    for (std::size_t bc = 0; bc < words; ++bc) {    // block column: source word bc
      for (std::size_t i = 0; i < 64; ++i) {
        const std::size_t r = br * 64 + i;
        block[i] = r < n ? in[r * words + bc] : 0;
      }
      transpose64(block);
      for (std::size_t i = 0; i < 64; ++i) {
        const std::size_t r = bc * 64 + i;       // destination row = source column
        if (r < n) out[r * words + br] = block[i];
      }
    }
  }
}

}  // namespace netpol::k8s

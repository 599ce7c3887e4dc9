#include "models/cluster/bit_matrix.h"

namespace netpol {
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

}  // namespace netpol

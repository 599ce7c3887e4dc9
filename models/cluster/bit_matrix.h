// Square bit matrices stored row-major, as VerdictMatrix rows are: bit c of row r at word c/64,
// bit c%64, `words` words per row. Shared by engines that compute one side of every flow per
// source and the other per destination, and must turn one into the other's orientation.
#pragma once

#include <cstddef>
#include <cstdint>

namespace netpol {

// Transposes an n x n bit matrix: out(r, c) = in(c, r). `out` must hold n * words words;
// padding bits of `in` must be zero, and those of `out` come out zero. Works 64 x 64 blocks at a
// time (n^2 / 64 word operations, not n^2 bit operations).
void transpose_bits(const std::uint64_t* in, std::uint64_t* out, std::size_t n, std::size_t words);

}  // namespace netpol

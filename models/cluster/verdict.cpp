#include "models/cluster/verdict.h"

#include <bit>

namespace netpol {

VerdictMatrix::VerdictMatrix(std::size_t endpoints, std::size_t probes)
    : n_(endpoints), probes_(probes), words_((endpoints + 63) / 64), bits_(probes * endpoints * words_, 0) {}

std::size_t VerdictMatrix::count_allowed() const {
  std::size_t total = 0;
  for (auto w : bits_) total += static_cast<std::size_t>(std::popcount(w));
  return total;
}

}  // namespace netpol

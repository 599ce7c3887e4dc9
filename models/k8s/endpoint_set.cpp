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

}  // namespace netpol::k8s

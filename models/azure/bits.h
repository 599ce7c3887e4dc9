// A fixed-size set of endpoints as a dense bitset: the unit of the symbolic chain walk, which
// carries the SET of destinations a packet class may still reach through each rule.
//
// Invariants: size() is fixed at construction; bits at positions >= size() (padding of the last
// word) are always zero, so whole-word operations and counts never see phantom endpoints.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace netpol::azure {

class Bits {
 public:
  Bits() = default;
  // Empty (or full when `full`) set over `size` endpoints.
  explicit Bits(std::size_t size, bool full = false) : size_(size), w_((size + 63) / 64, full ? ~std::uint64_t{0} : 0) {
    if (full) trim();
  }

  std::size_t size() const { return size_; }
  std::size_t words() const { return w_.size(); }
  bool test(std::size_t i) const { return (w_[i / 64] >> (i % 64)) & 1u; }
  void set(std::size_t i, bool on = true) {
    const std::uint64_t b = std::uint64_t{1} << (i % 64);
    w_[i / 64] = on ? (w_[i / 64] | b) : (w_[i / 64] & ~b);
  }
  bool none() const {
    for (auto x : w_)
      if (x) return false;
    return true;
  }
  bool any() const { return !none(); }
  std::size_t count() const {
    std::size_t c = 0;
    for (auto x : w_) c += static_cast<std::size_t>(std::popcount(x));
    return c;
  }
  void clear() {
    for (auto& x : w_) x = 0;
  }

  Bits& operator|=(const Bits& o) {
    for (std::size_t i = 0; i < w_.size(); ++i) w_[i] |= o.w_[i];
    return *this;
  }
  Bits& operator&=(const Bits& o) {
    for (std::size_t i = 0; i < w_.size(); ++i) w_[i] &= o.w_[i];
    return *this;
  }
  // this &= ~o
  Bits& subtract(const Bits& o) {
    for (std::size_t i = 0; i < w_.size(); ++i) w_[i] &= ~o.w_[i];
    return *this;
  }
  Bits complement() const {
    Bits r(size_);
    for (std::size_t i = 0; i < w_.size(); ++i) r.w_[i] = ~w_[i];
    r.trim();
    return r;
  }
  friend Bits operator&(Bits a, const Bits& b) { return a &= b; }
  friend Bits operator|(Bits a, const Bits& b) { return a |= b; }
  bool operator==(const Bits&) const = default;

  const std::uint64_t* data() const { return w_.data(); }

  // Calls f(i) for every member in increasing order.
  template <typename F>
  void for_each(F&& f) const {
    for (std::size_t w = 0; w < w_.size(); ++w)
      for (std::uint64_t x = w_[w]; x; x &= x - 1) f(w * 64 + static_cast<std::size_t>(std::countr_zero(x)));
  }

 private:
  void trim() {
    if (size_ % 64 && !w_.empty()) w_.back() &= (std::uint64_t{1} << (size_ % 64)) - 1;
  }
  std::size_t size_ = 0;
  std::vector<std::uint64_t> w_;
};

}  // namespace netpol::azure

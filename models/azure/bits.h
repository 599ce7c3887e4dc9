// A fixed-size set of endpoints (or of endpoint classes) as a dense bitset: the unit of the
// symbolic chain walk, which carries the SET of destinations a packet class may still reach
// through each rule.
//
// Invariants: size() is fixed at construction (or by assignment); bits at positions >= size()
// (padding of the last word) are always zero, so whole-word operations and counts never see
// phantom members. Sets of up to kInlineWords * 64 members live inside the object: the chain
// walk makes and drops many small sets, and a heap allocation each was most of its cost.
// A moved-from Bits is empty (size 0).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace netpol::azure {

class Bits {
 public:
  static constexpr std::size_t kInlineWords = 4;

  Bits() = default;
  // Empty (or full when `full`) set over `size` members.
  explicit Bits(std::size_t size, bool full = false) : size_(size), words_((size + 63) / 64) {
    if (words_ > kInlineWords) heap_.assign(words_, 0);
    std::fill_n(data(), words_, full ? ~std::uint64_t{0} : 0);
    if (full) trim();
  }
  Bits(const Bits&) = default;
  Bits& operator=(const Bits&) = default;
  Bits(Bits&& o) noexcept : size_(o.size_), words_(o.words_), inline_(o.inline_), heap_(std::move(o.heap_)) { o.reset_empty(); }
  Bits& operator=(Bits&& o) noexcept {
    size_ = o.size_;
    words_ = o.words_;
    inline_ = o.inline_;
    heap_ = std::move(o.heap_);
    o.reset_empty();
    return *this;
  }

  std::size_t size() const { return size_; }
  std::size_t words() const { return words_; }
  bool test(std::size_t i) const { return (data()[i / 64] >> (i % 64)) & 1u; }
  void set(std::size_t i, bool on = true) {
    const std::uint64_t b = std::uint64_t{1} << (i % 64);
    std::uint64_t& w = data()[i / 64];
    w = on ? (w | b) : (w & ~b);
  }
  bool none() const {
    const std::uint64_t* w = data();
    for (std::size_t i = 0; i < words_; ++i)
      if (w[i]) return false;
    return true;
  }
  bool any() const { return !none(); }
  std::size_t count() const {
    std::size_t c = 0;
    const std::uint64_t* w = data();
    for (std::size_t i = 0; i < words_; ++i) c += static_cast<std::size_t>(std::popcount(w[i]));
    return c;
  }
  void clear() { std::fill_n(data(), words_, std::uint64_t{0}); }

  Bits& operator|=(const Bits& o) {
    std::uint64_t* w = data();
    const std::uint64_t* v = o.data();
    for (std::size_t i = 0; i < words_; ++i) w[i] |= v[i];
    return *this;
  }
  Bits& operator&=(const Bits& o) {
    std::uint64_t* w = data();
    const std::uint64_t* v = o.data();
    for (std::size_t i = 0; i < words_; ++i) w[i] &= v[i];
    return *this;
  }
  // this &= ~o
  Bits& subtract(const Bits& o) {
    std::uint64_t* w = data();
    const std::uint64_t* v = o.data();
    for (std::size_t i = 0; i < words_; ++i) w[i] &= ~v[i];
    return *this;
  }
  Bits complement() const {
    Bits r(size_);
    const std::uint64_t* w = data();
    std::uint64_t* out = r.data();
    for (std::size_t i = 0; i < words_; ++i) out[i] = ~w[i];
    r.trim();
    return r;
  }
  friend Bits operator&(Bits a, const Bits& b) { return a &= b; }
  friend Bits operator|(Bits a, const Bits& b) { return a |= b; }
  bool operator==(const Bits& o) const { return size_ == o.size_ && std::equal(data(), data() + words_, o.data()); }

  const std::uint64_t* data() const { return words_ > kInlineWords ? heap_.data() : inline_.data(); }
  // Raw words for whole-word loops; callers keep the padding bits zero (see invariants).
  std::uint64_t* data() { return words_ > kInlineWords ? heap_.data() : inline_.data(); }

  // Calls f(i) for every member in increasing order.
  template <typename F>
  void for_each(F&& f) const {
    const std::uint64_t* words = data();
    for (std::size_t w = 0; w < words_; ++w)
      for (std::uint64_t x = words[w]; x; x &= x - 1) f(w * 64 + static_cast<std::size_t>(std::countr_zero(x)));
  }

 private:
  void trim() {
    if (size_ % 64 && words_) data()[words_ - 1] &= (std::uint64_t{1} << (size_ % 64)) - 1;
  }
  void reset_empty() {
    size_ = 0;
    words_ = 0;
    heap_.clear();
  }
  std::size_t size_ = 0;
  std::size_t words_ = 0;
  std::array<std::uint64_t, kInlineWords> inline_{};
  std::vector<std::uint64_t> heap_;
};

}  // namespace netpol::azure

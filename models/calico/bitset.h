// A fixed-size set of endpoint indexes as 64-bit words, for evaluating one rule against every
// peer at once (the brief's "bitsets over endpoints for rule peer sets").
//
// Invariants: size() is fixed at construction; bits at and above size() are always zero, so
// count() and == never see padding.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace netpol::calico {

class Bitset {
 public:
  Bitset() = default;
  // `n` bits, all clear (or all set when `value` is true).
  explicit Bitset(std::size_t n, bool value = false) : n_(n), words_((n + 63) / 64, value ? ~std::uint64_t{0} : 0) {
    trim();
  }

  std::size_t size() const { return n_; }
  bool test(std::size_t i) const { return (words_[i / 64] >> (i % 64)) & 1u; }
  void set(std::size_t i) { words_[i / 64] |= std::uint64_t{1} << (i % 64); }
  void reset(std::size_t i) { words_[i / 64] &= ~(std::uint64_t{1} << (i % 64)); }
  void assign(std::size_t i, bool v) { v ? set(i) : reset(i); }
  // Clears every bit, keeping size() and the storage (no allocation).
  void clear() {
    for (auto& w : words_) w = 0;
  }

  bool any() const {
    // The first word answers most non-empty sets; otherwise OR-reduce the rest without an early
    // exit (that loop vectorises), since sets that are empty or start with empty words are
    // common in walks.
    if (words_.empty()) return false;
    if (words_[0]) return true;
    std::uint64_t seen = 0;
    for (std::size_t i = 1; i < words_.size(); ++i) seen |= words_[i];
    return seen != 0;
  }
  std::size_t count() const {
    std::size_t c = 0;
    for (auto w : words_) c += std::popcount(w);
    return c;
  }

  Bitset& operator&=(const Bitset& o) {
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= o.words_[i];
    return *this;
  }
  Bitset& operator|=(const Bitset& o) {
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] |= o.words_[i];
    return *this;
  }
  // this = a & b in one pass (a, b and this of one size); returns any() of the result.
  bool assign_and(const Bitset& a, const Bitset& b) {
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < words_.size(); ++i) seen |= words_[i] = a.words_[i] & b.words_[i];
    return seen != 0;
  }
  // this &= ~o
  Bitset& subtract(const Bitset& o) {
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= ~o.words_[i];
    return *this;
  }
  // this &= ~o in one pass; returns any() of the result.
  bool subtract_any(const Bitset& o) {
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < words_.size(); ++i) seen |= words_[i] &= ~o.words_[i];
    return seen != 0;
  }
  Bitset operator&(const Bitset& o) const { Bitset r = *this; r &= o; return r; }
  Bitset operator|(const Bitset& o) const { Bitset r = *this; r |= o; return r; }
  Bitset complement() const {
    Bitset r = *this;
    for (auto& w : r.words_) w = ~w;
    r.trim();
    return r;
  }

  // Calls f(i) for every set bit, in increasing order.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t wi = 0; wi < words_.size(); ++wi) {
      std::uint64_t w = words_[wi];
      while (w) {
        f(wi * 64 + std::countr_zero(w));
        w &= w - 1;
      }
    }
  }

  const std::vector<std::uint64_t>& words() const { return words_; }
  bool operator==(const Bitset&) const = default;

 private:
  void trim() {
    if (n_ % 64 && !words_.empty()) words_.back() &= (std::uint64_t{1} << (n_ % 64)) - 1;
  }
  std::size_t n_ = 0;
  std::vector<std::uint64_t> words_;
};

}  // namespace netpol::calico

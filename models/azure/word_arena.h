// Storage for many small runs of 64-bit words that live as long as their owner: the outcomes
// the class walk caches (class_walk.h) are a few words each, and there are thousands per probe.
// Giving each its own heap block made the allocator a large part of the walk; an arena hands
// out runs from big chunks and frees them all at once.
//
// Invariants: a run returned by take() keeps its address and contents until the arena is
// destroyed or moved from (a move hands the chunks, and so every run, to the new arena); runs
// never overlap.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace netpol::azure {

class WordArena {
 public:
  // Words per chunk; a larger request gets a chunk of its own.
  static constexpr std::size_t kChunkWords = 4096;

  // A run of n words, uninitialised (the caller writes all of them before reading).
  std::uint64_t* take(std::size_t n) {
    if (n > kChunkWords - used_) {
      chunks_.push_back(std::make_unique_for_overwrite<std::uint64_t[]>(std::max(n, kChunkWords)));
      used_ = n > kChunkWords ? kChunkWords : 0;  // an oversized chunk is full at once
      if (n > kChunkWords) return chunks_.back().get();
    }
    std::uint64_t* run = chunks_.back().get() + used_;
    used_ += n;
    return run;
  }

 private:
  std::vector<std::unique_ptr<std::uint64_t[]>> chunks_;
  std::size_t used_ = kChunkWords;  // words taken from the last chunk (none yet: "full")
};

// An allocator whose value-less construction default-initialises: std::vector<T,
// DefaultInitAllocator<T>>::resize(n) leaves new trivially-constructible elements unwritten
// (std::allocator zeroes them). For large arrays the caller fills completely right after
// (ClassWalkPlan::slot_base_: hundreds of kilobytes at 1,000 pods, zeroed and then overwritten).
// Invariant: elements made by resize(n) are read only after the caller has written them.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <typename U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

}  // namespace netpol::azure

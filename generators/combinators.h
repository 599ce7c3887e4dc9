// Small RapidCheck combinators the generators share, built so that shrinking works.
//
// Why not rc::gen::element / elementOf / weightedElement / oneOf: in the packaged RapidCheck
// (rapidcheck/gen/Select.hpp) they return values that never shrink to another choice
// (shrinkable::just), so a counterexample would keep, say, SCTP or a /0 ipBlock where TCP or a
// /32 would do. Every choice here is an index from rc::gen::inRange, which shrinks towards 0:
// so choices shrink towards the first alternative, sizes towards zero, optionals towards absent.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include <rapidcheck.h>

namespace netpol::generators {

// One of `items` (non-empty), uniformly; shrinks towards items[0].
template <typename T>
rc::Gen<T> pick(std::vector<T> items) {
  const std::size_t count = items.size();
  return rc::gen::map(rc::gen::inRange<std::size_t>(0, count),
                      [items = std::move(items)](std::size_t i) { return items[i]; });
}

// One of `items`, each with its weight; shrinks towards the first item.
template <typename T>
rc::Gen<T> weighted_pick(const std::vector<std::pair<std::size_t, T>>& items) {
  std::vector<T> repeated;  // each item repeated by its weight, in order
  for (const auto& [weight, item] : items)
    for (std::size_t k = 0; k < weight; ++k) repeated.push_back(item);
  return pick(std::move(repeated));
}

// A value from one of `gens`, chosen by weight; shrinks towards the first generator, then within.
template <typename T>
rc::Gen<T> weighted_gen(std::vector<std::pair<std::size_t, rc::Gen<T>>> gens) {
  std::vector<std::pair<std::size_t, std::size_t>> indexes;
  for (std::size_t i = 0; i < gens.size(); ++i) indexes.push_back({gens[i].first, i});
  return rc::gen::mapcat(weighted_pick(indexes), [gens = std::move(gens)](std::size_t i) { return gens[i].second; });
}

// std::optional<T>: absent with weight `absent`, present with weight `present`. Shrinks to absent.
template <typename T>
rc::Gen<std::optional<T>> optional_of(rc::Gen<T> gen, std::size_t absent = 1, std::size_t present = 1) {
  return weighted_gen<std::optional<T>>(
      {{absent, rc::gen::just(std::optional<T>())},
       {present, rc::gen::map(std::move(gen), [](T value) { return std::optional<T>(std::move(value)); })}});
}

// A vector of min_size..max_size elements: the first min_size always there, each of the other
// max_size - min_size present with weight `present` against `absent`. Shrinking can drop any
// optional element (not only the last), then shrinks the elements themselves.
// (A size drawn first and a fixed-size container after it could only shrink by truncation
// with regenerated contents, which loses the element a counterexample needs.)
template <typename T>
rc::Gen<std::vector<T>> vector_of(std::size_t min_size, std::size_t max_size, rc::Gen<T> gen,
                                  std::size_t absent = 1, std::size_t present = 1) {
  return rc::gen::map(
      rc::gen::pair(rc::gen::container<std::vector<T>>(min_size, gen),
                    rc::gen::container<std::vector<std::optional<T>>>(max_size - min_size,
                                                                      optional_of(gen, absent, present))),
      [](std::pair<std::vector<T>, std::vector<std::optional<T>>> parts) {
        for (auto& item : parts.second)
          if (item) parts.first.push_back(std::move(*item));
        return std::move(parts.first);
      });
}

// A sub-list of `items` (order kept) holding at most `max_items`: each item is kept (weight 1)
// or not (weight 2), and the first `max_items` kept ones are returned. Shrinks towards empty.
template <typename T>
rc::Gen<std::vector<T>> subset_of(std::vector<T> items, std::size_t max_items) {
  const std::size_t count = items.size();
  return rc::gen::map(
      rc::gen::container<std::vector<bool>>(count, weighted_pick<bool>({{2, false}, {1, true}})),
      [items = std::move(items), max_items](const std::vector<bool>& keep) {
        std::vector<T> out;
        for (std::size_t i = 0; i < keep.size() && out.size() < max_items; ++i)
          if (keep[i]) out.push_back(items[i]);
        return out;
      });
}

}  // namespace netpol::generators

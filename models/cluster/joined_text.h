// Comparing strings given as pieces (a sort key "name/namespace/kind", a set key "!" + name +
// kind) without joining them first: the engines build such keys for many objects, and most
// comparisons are decided in the first few characters.
#pragma once

#include <span>
#include <string_view>

namespace netpol {

// Three-way comparison of the concatenation of `a`'s pieces with that of `b`'s, bytewise as
// std::string compares (and as Go compares strings): negative, zero or positive. Empty pieces
// count for nothing.
int compare_joined(std::span<const std::string_view> a, std::span<const std::string_view> b);

}  // namespace netpol

#include "models/cluster/joined_text.h"

#include <algorithm>

namespace netpol {

int compare_joined(std::span<const std::string_view> a, std::span<const std::string_view> b) {
  std::size_t i = 0, j = 0, at_a = 0, at_b = 0;  // piece and offset in it, per side
  for (;;) {
    while (i < a.size() && at_a == a[i].size()) ++i, at_a = 0;
    while (j < b.size() && at_b == b[j].size()) ++j, at_b = 0;
    if (i == a.size() || j == b.size()) return (i == a.size() ? 0 : 1) - (j == b.size() ? 0 : 1);
    const std::size_t n = std::min(a[i].size() - at_a, b[j].size() - at_b);
    if (const int c = a[i].substr(at_a, n).compare(b[j].substr(at_b, n)); c != 0) return c;
    at_a += n;
    at_b += n;
  }
}

}  // namespace netpol

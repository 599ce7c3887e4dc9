// compare_joined (models/cluster/joined_text.h) compares strings given as pieces. The calico
// engine sorts policies by its tie key this way (felix/calc/policy_sorter.go PolKVLess:
// "name/namespace/kind" from v3.32.0), and the azure engine drops duplicate selector entries
// by their key this way (npm/pkg/controlplane/translation/parseSelector.go parsedSelectors:
// name, or "!" + name + kind). Both must see exactly what comparing the joined strings gives.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/joined_text.h"

namespace netpol {
namespace {

int sign(int x) { return (x > 0) - (x < 0); }

// Law: the sign of compare_joined is the sign of comparing the joined strings, for pieces drawn
// from characters around '/' ('-' and '.' sort before it, so a piece that is a prefix of
// another must not decide early), empty pieces included.
RC_GTEST_PROP(JoinedText, ComparesAsTheJoinedStrings, ()) {
  auto pieces = [] {
    std::vector<std::string> out;
    const auto count = *rc::gen::inRange<std::size_t>(0, 5);
    for (std::size_t i = 0; i < count; ++i)
      out.push_back(*rc::gen::container<std::string>(rc::gen::element('a', 'b', '-', '.', '/', '0')));
    return out;
  };
  const std::vector<std::string> a = pieces(), b = pieces();
  const std::vector<std::string_view> va(a.begin(), a.end()), vb(b.begin(), b.end());
  std::string joined_a, joined_b;
  for (const auto& p : a) joined_a += p;
  for (const auto& p : b) joined_b += p;
  RC_ASSERT(sign(compare_joined(va, vb)) == sign(joined_a.compare(joined_b)));
  RC_ASSERT(sign(compare_joined(vb, va)) == sign(joined_b.compare(joined_a)));
}

TEST(JoinedText, Table) {
  using V = std::vector<std::string_view>;
  EXPECT_LT(compare_joined(V{"a-b", "/", "x"}, V{"a", "/", "y"}), 0);  // '-' < '/'
  EXPECT_GT(compare_joined(V{"a", "/", "y"}, V{"a-b", "/", "x"}), 0);
  EXPECT_LT(compare_joined(V{"ab", "", "c"}, V{"a", "bd"}), 0);
  EXPECT_EQ(compare_joined(V{"a", "bc"}, V{"ab", "c"}), 0);  // equal strings, split differently
  EXPECT_LT(compare_joined(V{}, V{"", "a"}), 0);
  EXPECT_EQ(compare_joined(V{"", ""}, V{}), 0);
  EXPECT_GT(compare_joined(V{"!", "app", "KeyLabelOfPod"}, V{"!app"}), 0);  // a longer string after its prefix
  EXPECT_EQ(compare_joined(V{"!", "app", "KeyLabelOfPod"}, V{"!appKeyLabel", "OfPod"}), 0);
}

}  // namespace
}  // namespace netpol

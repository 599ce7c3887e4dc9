// The loader's selector check (models/loader/calico_selector_check.h) and the engine's selector
// parser (models/calico/selector/parser.h) must accept exactly the same language: Calico's
// (libcalico-go/lib/selector/tokenizer/tokenizer.go, parser/parser.go). A selector the loader
// lets through but the engine cannot parse would fail late; one the loader rejects but Calico
// accepts would refuse valid input.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "models/loader/calico_selector_check.h"

#ifdef NETPOL_HAVE_CALICO_SELECTOR
#include "models/calico/selector/parser.h"

namespace netpol {
namespace {

bool engine_accepts(const std::string& text) {
  try {
    calico::selector::parse(text);
    return true;
  } catch (const calico::selector::SyntaxError&) {
    return false;
  }
}

// Fragments that, concatenated at random, reach every tokenizer and parser path.
const std::vector<std::string> kFragments = {
    "a",  "b/c", "x.y-z_1", " ",  "\t",     "==",    "!=",     "!",          "&&",       "||",
    "&",  "|",   "=",       "(",  ")",      "{",     "}",      ",",          "'v'",      "\"w\"",
    "'",  "\"",  "in",      "not in", "notin", "contains", "starts with", "ends with", "has(a)", "has( b )",
    "has(", "all()", "all(", "global()", "global(", "%", "\n", "has (a)", "in{", "inx"};

RC_GTEST_PROP(CalicoSelectorAgreement, LoaderCheckMatchesEngineParser, ()) {
  const auto picks = *rc::gen::container<std::vector<std::size_t>>(
      rc::gen::inRange<std::size_t>(0, kFragments.size()));
  std::string text;
  for (std::size_t i : picks) text += kFragments[i];
  const bool loader_ok = !calico_selector_error(text).has_value();
  RC_CLASSIFY(loader_ok, "accepted");
  RC_ASSERT(loader_ok == engine_accepts(text));
}

TEST(CalicoSelectorAgreement, HandPickedEdgeCases) {
  for (const char* s : {"", "a == 'x'", "a in {}", "a in {'x',}", "a in {,}", "!!!has(a)", "((all()))",
                        "a notin {'x'}", "a startswith 'x'", "a == 'x' &&", "global() || a == 'b'", ")"}) {
    EXPECT_EQ(!calico_selector_error(s).has_value(), engine_accepts(s)) << s;
  }
}

}  // namespace
}  // namespace netpol
#endif

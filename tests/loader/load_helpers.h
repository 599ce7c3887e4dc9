// Helpers for the loader tests: load text and capture the InputError it must raise.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "models/cluster/source.h"
#include "models/loader/loader.h"

namespace netpol::testing {

// Loads `text` as file `file` and returns the InputError it throws; fails the test (and returns
// an error with an empty message) when nothing is thrown.
inline InputError load_error(std::string_view text, std::string_view file = "input.yaml") {
  try {
    load_text(text, file);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an InputError for:\n" << text;
  return InputError({}, "", "");
}

// Checks the parts every error must carry: file, document index, 1-based line, field path.
inline void expect_error_at(const InputError& e, std::string_view file, int document, int line,
                            std::string_view field) {
  EXPECT_EQ(e.location().file, file) << e.what();
  EXPECT_EQ(e.location().document, document) << e.what();
  EXPECT_EQ(e.location().line, line) << e.what();
  EXPECT_GT(e.location().column, 0) << e.what();
  EXPECT_EQ(e.field(), field) << e.what();
  const std::string what = e.what();
  EXPECT_NE(what.find(std::string(file)), std::string::npos) << what;
  // fmt, not literal + std::string: g++ 12 at -O3 warns (-Wrestrict, a false positive) on those.
  EXPECT_NE(what.find(fmt::format("document {}", document)), std::string::npos) << what;
  EXPECT_NE(what.find(fmt::format(":{}:", line)), std::string::npos) << what;
  if (!field.empty()) {
    EXPECT_NE(what.find(std::string(field)), std::string::npos) << what;
  }
}

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace netpol::testing

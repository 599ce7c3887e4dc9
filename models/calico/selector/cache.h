// A memo of parse(): the same selector text recurs across policies, rules and the scoping
// rewrites, so each distinct text is parsed once.
//
// Invariant: every entry maps a text to the Selector parse(text) returns. Only successful
// parses are kept; a text that fails to parse throws again on every call.
// Thread-safe: a mutex guards the table; returned selectors are immutable and shared.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "models/calico/selector/ast.h"

namespace netpol::calico::selector {

class ParseCache {
 public:
  // The parsed selector for `text`, parsing it on the first request.
  // Throws SyntaxError as parse() does. The pointer stays valid after the cache is destroyed.
  std::shared_ptr<const Selector> get(std::string_view text);

  // Number of distinct texts parsed successfully so far.
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Selector>, std::less<>> parsed_;
};

}  // namespace netpol::calico::selector

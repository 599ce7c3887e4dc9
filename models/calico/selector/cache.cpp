#include "models/calico/selector/cache.h"

#include "models/calico/selector/parser.h"

namespace netpol::calico::selector {

std::shared_ptr<const Selector> ParseCache::get(std::string_view text) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = parsed_.find(text);
    if (it != parsed_.end()) return it->second;
  }
  // Parse outside the lock: parsing is pure, and a racing duplicate is harmless.
  auto selector = std::make_shared<const Selector>(parse(text));
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = parsed_.emplace(std::string(text), std::move(selector));
  return it->second;
}

std::size_t ParseCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return parsed_.size();
}

}  // namespace netpol::calico::selector

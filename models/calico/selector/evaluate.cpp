#include "models/calico/selector/evaluate.h"

namespace netpol::calico::selector {

namespace {

// Lookup over one sorted map; the label keys in the AST are std::string, so find() needs no
// temporary.
struct MapLookup {
  const Labels& labels;
  const std::string* operator()(const std::string& label) const {
    auto it = labels.find(label);
    return it == labels.end() ? nullptr : &it->second;
  }
};

}  // namespace

bool matches(const Node& node, const Labels& labels) {
  return evaluate(node, MapLookup{labels});
}

bool matches(const Selector& selector, const Labels& labels) {
  return matches(selector.root(), labels);
}

}  // namespace netpol::calico::selector

#include "models/k8s/label_selector.h"

#include <algorithm>

namespace netpol::k8s {
namespace {

bool requirement_matches(const LabelRequirement& r, const Labels& labels) {
  const auto it = labels.find(r.key);
  const bool has = it != labels.end();
  auto listed = [&] { return std::find(r.values.begin(), r.values.end(), it->second) != r.values.end(); };
  switch (r.op) {
    case SelectorOperator::In: return has && listed();
    case SelectorOperator::NotIn: return !has || !listed();
    case SelectorOperator::Exists: return has;
    case SelectorOperator::DoesNotExist: return !has;
  }
  return false;
}

}  // namespace

bool selector_matches(const LabelSelector& selector, const Labels& labels) {
  for (const auto& [key, value] : selector.match_labels) {
    const auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return std::all_of(selector.match_expressions.begin(), selector.match_expressions.end(),
                     [&](const LabelRequirement& r) { return requirement_matches(r, labels); });
}

std::string selector_key(const LabelSelector& selector) {
  // Length-prefixed fields, so that no label text can forge another selector's key.
  std::string key;
  auto put = [&](const std::string& s) { key += std::to_string(s.size()) + ':' + s; };
  for (const auto& [k, v] : selector.match_labels) { key += 'L'; put(k); put(v); }
  for (const auto& r : selector.match_expressions) {
    key += 'E' + std::to_string(static_cast<int>(r.op));
    put(r.key);
    auto values = r.values;
    std::sort(values.begin(), values.end());
    for (const auto& v : values) put(v);
    key += ';';
  }
  return key;
}

}  // namespace netpol::k8s

// Evaluating a selector against an endpoint's labels, as the Evaluate methods of
// projectcalico/calico libcalico-go/lib/selector/parser/ast.go do.
//
// Semantics per node, and in particular on an absent label (all comparisons case-sensitive,
// byte-wise, as Go's == and strings.Contains/HasPrefix/HasSuffix):
//   all(), global()      true, whatever the labels
//   has(l)               l present (any value, also "")
//   l == v               l present and equal to v            (absent: false)
//   l != v               l absent, or present and not v      (absent: true)
//   l contains v         l present and v a substring          (absent: false; "" in any value)
//   l starts with v      l present and v a prefix             (absent: false)
//   l ends with v        l present and v a suffix             (absent: false)
//   l in {..}            l present and its value in the set   (absent: false; {} never)
//   l not in {..}        l absent, or value not in the set    (absent: true; {} always)
//   !x, &&, ||           boolean, && and || short-circuit left to right
#pragma once

#include <algorithm>
#include <string>

#include "models/calico/selector/ast.h"
#include "models/cluster/labels.h"

namespace netpol::calico::selector {

// Evaluates `node` with `lookup(label)` returning a `const std::string*` to the label's value,
// or nullptr when the endpoint does not have the label. Lets callers evaluate over label
// layers (own labels over inherited profile labels) without building a merged map.
// Requires: is_well_formed(node).
template <class Lookup>
bool evaluate(const Node& node, const Lookup& lookup) {
  switch (node.kind) {
    case NodeKind::All:
    case NodeKind::Global:
      return true;
    case NodeKind::Has:
      return lookup(node.label) != nullptr;
    case NodeKind::Equal: {
      const std::string* value = lookup(node.label);
      return value != nullptr && *value == node.value;
    }
    case NodeKind::NotEqual: {
      const std::string* value = lookup(node.label);
      return value == nullptr || *value != node.value;
    }
    case NodeKind::Contains: {
      const std::string* value = lookup(node.label);
      return value != nullptr && value->find(node.value) != std::string::npos;
    }
    case NodeKind::StartsWith: {
      const std::string* value = lookup(node.label);
      return value != nullptr && value->starts_with(node.value);
    }
    case NodeKind::EndsWith: {
      const std::string* value = lookup(node.label);
      return value != nullptr && value->ends_with(node.value);
    }
    case NodeKind::In: {
      const std::string* value = lookup(node.label);
      return value != nullptr && std::binary_search(node.values.begin(), node.values.end(), *value);
    }
    case NodeKind::NotIn: {
      const std::string* value = lookup(node.label);
      return value == nullptr ||
             !std::binary_search(node.values.begin(), node.values.end(), *value);
    }
    case NodeKind::Not:
      return !evaluate(node.operands.front(), lookup);
    case NodeKind::And:
      for (const Node& operand : node.operands) {
        if (!evaluate(operand, lookup)) return false;
      }
      return true;
    case NodeKind::Or:
      for (const Node& operand : node.operands) {
        if (evaluate(operand, lookup)) return true;
      }
      return false;
  }
  return false;
}

// True if the selector selects an endpoint with exactly these labels.
bool matches(const Selector& selector, const Labels& labels);
bool matches(const Node& node, const Labels& labels);

}  // namespace netpol::calico::selector

// Labels and Kubernetes label selectors, as data. Matching them is engine code: each engine
// owns its own interpretation (the k8s engine follows apimachinery, Azure translates them to
// ipsets, Calico converts them to its selector language).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "models/cluster/source.h"

namespace netpol {

// Sorted, so that every walk over labels is deterministic.
using Labels = std::map<std::string, std::string>;

// metav1.LabelSelectorOperator.
enum class SelectorOperator { In, NotIn, Exists, DoesNotExist };

struct LabelRequirement {
  std::string key;
  SelectorOperator op = SelectorOperator::Exists;
  std::vector<std::string> values;  // In/NotIn: non-empty; Exists/DoesNotExist: empty

  bool operator==(const LabelRequirement&) const = default;
};

// metav1.LabelSelector. An empty selector (no labels, no expressions) selects everything.
// Whether a selector is *present* is expressed by std::optional at the place of use.
struct LabelSelector {
  Labels match_labels;
  std::vector<LabelRequirement> match_expressions;

  bool empty() const { return match_labels.empty() && match_expressions.empty(); }
  bool operator==(const LabelSelector&) const = default;
};

}  // namespace netpol

// Kubernetes label-selector matching, as apimachinery defines it.
//
// Source: k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector: matchLabels
// and matchExpressions are ANDed; an empty selector matches everything) and
// k8s.io/apimachinery/pkg/labels/selector.go (Requirement.Matches: In needs the key with a listed
// value; NotIn matches when the key is absent or its value is not listed; Exists; DoesNotExist).
#pragma once

#include <string>

#include "models/cluster/labels.h"

namespace netpol::k8s {

// True when `labels` satisfy every matchLabels pair and every matchExpressions requirement.
bool selector_matches(const LabelSelector& selector, const Labels& labels);

// A canonical text of the selector, equal for equal selectors: a cache key.
std::string selector_key(const LabelSelector& selector);

}  // namespace netpol::k8s

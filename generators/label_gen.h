// RapidCheck generators of labels and label selectors over the shared vocabulary.
//
// Every generated selector passes apimachinery's ValidateLabelSelector
// (pkg/apis/meta/v1/validation/validation.go): In/NotIn carry at least one value,
// Exists/DoesNotExist carry none, keys and values are valid.
#pragma once

#include <rapidcheck.h>

#include "models/cluster/labels.h"

namespace netpol::generators {

// Pod labels: each vocabulary key present most of the time, with one of its values.
rc::Gen<Labels> pod_labels();

// Namespace labels other than kubernetes.io/metadata.name.
rc::Gen<Labels> namespace_extra_labels();

// A pod selector: sparse matchLabels and 0-2 matchExpressions with every operator, over the pod
// vocabulary plus the unused key (Exists on it matches nothing, DoesNotExist everything).
// The empty selector (select all) is generated too.
rc::Gen<LabelSelector> pod_selector();

// A namespace selector: the same shape over the namespace vocabulary and
// kubernetes.io/metadata.name with the namespace names pool.
rc::Gen<LabelSelector> namespace_selector();

}  // namespace netpol::generators

// Reading the parts every Kubernetes object shares: metadata (name, namespace, labels) and
// metav1.LabelSelector, with the API server's validation. Each rejection is a Field::fail at
// the offending field.
#pragma once

#include <string>

#include "models/cluster/labels.h"
#include "models/loader/yaml_reader.h"

namespace netpol {

enum class NameRule { DnsSubdomain, DnsLabel };

// metadata.name: required (generateName is not supported), a string, valid for `rule`
// (apimachinery api/validation/generic.go NameIsDNSSubdomain / NameIsDNSLabel).
std::string read_object_name(const Field& metadata, NameRule rule);

// metadata.namespace, "default" when absent (what kubectl does with no --namespace); validated
// as a namespace name, DNS-1123 label (core/validation ValidateNamespaceName).
std::string read_object_namespace(const Field& metadata);

// A map of labels (metadata.labels, matchLabels): keys IsQualifiedName, values
// IsValidLabelValue (apimachinery meta/v1/validation ValidateLabels). Values must be YAML
// strings: `tier: 1` is a number and the API's decoder rejects it. A null value reads as ""
// (encoding/json leaves a string untouched on null).
Labels read_labels(const Field& labels);

// metav1.LabelSelector (apimachinery pkg/apis/meta/v1/validation ValidateLabelSelector and
// ValidateLabelSelectorRequirement): matchLabels as read_labels; each matchExpressions entry
// needs a qualified-name key, an operator among In/NotIn/Exists/DoesNotExist, non-empty values
// for In/NotIn, no values for Exists/DoesNotExist, and valid label values. Unknown fields fail
// (strict decoding).
LabelSelector read_label_selector(const Field& selector);

}  // namespace netpol

// Kubernetes name, label and port syntax rules, as the API server validates them.
//
// Each function returns an empty string for a valid value, otherwise the reason (first rule
// broken), phrased like apimachinery's messages. Sources (kubernetes/kubernetes):
//  - staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go: IsDNS1123Label,
//    IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue, IsValidPortNum, IsValidPortName;
//  - staging/src/k8s.io/apimachinery/pkg/api/validation/generic.go: NameIsDNSSubdomain
//    (pod, policy, node, workload names), and ValidateNamespaceName = NameIsDNSLabel.
#pragma once

#include <string>
#include <string_view>

namespace netpol {

// Lowercase alphanumerics and '-', starting and ending alphanumeric, at most 63 characters.
std::string dns1123_label_error(std::string_view value);
// Dot-separated DNS-1123 labels, at most 253 characters.
std::string dns1123_subdomain_error(std::string_view value);
// Label key: optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters
// of alphanumerics, '-', '_', '.', starting and ending alphanumeric.
std::string qualified_name_error(std::string_view value);
// Label value: empty, or like the name part of a qualified name (at most 63 characters).
std::string label_value_error(std::string_view value);
// 1..65535.
std::string port_number_error(long long port);
// IANA_SVC_NAME: at most 15 characters of [-a-z0-9], at least one letter, no "--", not
// starting or ending with '-'.
std::string port_name_error(std::string_view name);

}  // namespace netpol

// Value checks shared by the Calico kinds: names, labels, CIDRs, IPs, selectors, numbers, as
// Calico's validator (libcalico-go/lib/validator/v3/validator.go) and the CRD schemas / CEL
// rules on the v3 API types (api/pkg/apis/projectcalico/v3) check them. Every check that fails
// throws InputError through Field::fail, naming the field path.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "models/cluster/ip.h"
#include "models/cluster/labels.h"
#include "models/loader/yaml_reader.h"

namespace netpol {

// Which manifest form a document is in: `projectcalico.org/v3` (calicoctl / Calico API server)
// or `crd.projectcalico.org/v1` (the backing CRDs, applied with kubectl).
enum class CalicoForm { V3, Crd };

// validator.go nameRegex (DNS-1123 subdomain) with validateObjectMeta's 253-byte limit.
bool calico_valid_resource_name(std::string_view name);
// validator.go tierNameRegex (DNS-1123 label) with validateTier's 63-byte limit.
bool calico_valid_tier_name(std::string_view name);
// validator.go networkPolicyNameRegex: label, label.label, or (knp|ossg).default.<subdomain>.
bool calico_valid_network_policy_name(std::string_view name);
// validator.go globalNetworkPolicyNameRegex: label or label.label.
bool calico_valid_global_network_policy_name(std::string_view name);
// k8s IsValidPortName (validator.go validatePortName): IANA service name.
bool calico_valid_k8s_port_name(std::string_view name);

// Reads a selector field: string, at most 1,024 characters (kubebuilder MaxLength on every
// selector field), parsing as a Calico selector (validator.go validateSelector). With
// `forbid_global`, also the CEL rule "global() can only be used in an EntityRule
// namespaceSelector" (text containing "global(" rejected).
std::string read_calico_selector(const Field& field, bool forbid_global);

// Reads a map of labels (metadata.labels, labelsToApply): string keys and string values, keys
// qualified names, values valid label values (validator.go validateObjectMetaLabels /
// validateLabels via k8s IsQualifiedName / IsValidLabelValue).
Labels read_calico_labels(const Field& field);

// A CIDR as libcalico-go/lib/net ParseCIDR reads it: "ADDR/LEN" only.
std::optional<Cidr> calico_parse_cidr(std::string_view text);
// ParseCIDROrIP: "ADDR/LEN" or a bare address (a host CIDR).
std::optional<Cidr> calico_parse_cidr_or_ip(std::string_view text);

// Reads a JSON number (float64) such as `order`: an unquoted YAML int or float, finite.
double read_calico_number(const Field& field);
// Reads an unquoted YAML integer within [min, max].
long long read_calico_int(const Field& field, long long min, long long max);

// Rejects keys of a mapping that the type does not define: calicoctl decodes with
// yaml.UnmarshalStrict (calicoctl/calicoctl/resourcemgr/resourcemgr.go) and kubectl's default
// strict field validation rejects unknown fields of a CRD as well. Also fails when `mapping` is
// present but not a mapping.
void reject_unknown_calico_fields(const Field& mapping,
                                  std::initializer_list<std::string_view> known);

}  // namespace netpol

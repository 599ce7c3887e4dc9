// Reading and validating Calico rules (v3.Rule, v3.EntityRule; api/pkg/apis/projectcalico/v3/
// policy_common.go) as Calico's validator does: validator.go `validateRule`,
// `validateEntityRule`, `validatePort`, `validateProtocol`, `validateHTTPRule`, the
// direction checks of `validateNetworkPolicySpec` / `validateGlobalNetworkPolicySpec`, and the
// CEL rules on Rule, EntityRule and ICMPFields.
#pragma once

#include <vector>

#include "models/cluster/calico_resources.h"
#include "models/loader/calico_validation.h"
#include "models/loader/yaml_reader.h"

namespace netpol {

enum class CalicoRuleOwner { NetworkPolicy, GlobalNetworkPolicy, Profile };

struct CalicoRuleContext {
  CalicoForm form = CalicoForm::V3;
  CalicoRuleOwner owner = CalicoRuleOwner::NetworkPolicy;
  bool ingress = true;  // which list the rules come from
};

// Reads spec.ingress or spec.egress (absent or null: no rules). At most 1,024 rules
// (kubebuilder MaxItems). Throws InputError on the first invalid value, naming its field path.
std::vector<CalicoRule> read_calico_rules(const Field& list, const CalicoRuleContext& context);

// numorstring.Protocol as the validator accepts it (also used for HostEndpoint ports): an
// integer 1..255 (a quoted number counts as a number, Uint8OrString.UnmarshalJSON) or a name
// (validator.go protocolRegex, exact case; the CRD form is also accepted in any case, since
// Felix lowercases it, numorstring Protocol.ToV1).
CalicoProtocol read_calico_protocol(const Field& field, CalicoForm form);

// numorstring.Port: an integer, "N", "MIN:MAX", or a name [a-zA-Z0-9_.-]{1,128}
// (api/pkg/lib/numorstring/port.go PortFromString), then validator.go validatePort.
CalicoPort read_calico_port(const Field& field);

}  // namespace netpol

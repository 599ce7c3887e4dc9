// The Calico policy kinds: NetworkPolicy, GlobalNetworkPolicy, StagedNetworkPolicy,
// StagedGlobalNetworkPolicy, StagedKubernetesNetworkPolicy (api/pkg/apis/projectcalico/v3
// networkpolicy.go, globalnetworkpolicy.go, staged*.go).
//
// Defaulting:
//  - tier: "default" when omitted (kubebuilder default on spec.tier; names.TierOrDefault);
//  - types, v3 form: api/pkg/defaults/networkpolicy.go defaultPolicyTypesField (no egress rules
//    -> [Ingress]; only egress rules -> [Egress]; both -> both), as calicoctl and the Calico API
//    server apply it (libcalico-go/lib/clientv3/networkpolicy.go Create);
//  - types, CRD form: nothing defaults them when the CRD is applied with kubectl, and Felix
//    reads an empty list as Ingress AND Egress (felix/calc/policy_sorter.go: "Back
//    compatibility: no Types means Ingress and Egress"); loaded so, with a warning;
//  - name, CRD form: a policy of the default tier stored as "default.<name>" (how clientv3
//    wrote it in v3.29-v3.31) is read back as "<name>"
//    (libcalico-go/lib/backend/k8s/resources/resources.go determinePolicyName).
#pragma once

#include <string_view>

#include "models/cluster/calico_resources.h"
#include "models/loader/calico_validation.h"
#include "models/loader/yaml_reader.h"

namespace netpol {

// Reads and validates one policy document of `kind` into `out.policies` (unsorted; the
// finalize step sorts and checks uniqueness and tiers). Staged kinds are loaded with the
// warning "staged: not enforced". Throws InputError.
void load_calico_policy(const Field& root, CalicoForm form, CalicoPolicyKind kind,
                        std::string_view kind_name, CalicoResources& out);

}  // namespace netpol

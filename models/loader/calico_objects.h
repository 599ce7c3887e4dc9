// The non-policy Calico kinds: Tier, NetworkSet, GlobalNetworkSet, HostEndpoint, Profile,
// FelixConfiguration (api/pkg/apis/projectcalico/v3 tier.go, networkset.go,
// globalnetworkset.go, hostendpoint.go, profile.go, felixconfig.go). Each reads one document
// into `out` (unsorted; finalize sorts and checks uniqueness) or throws InputError.
#pragma once

#include "models/cluster/calico_resources.h"
#include "models/loader/calico_validation.h"
#include "models/loader/yaml_reader.h"

namespace netpol {

void load_calico_tier(const Field& root, CalicoForm form, CalicoResources& out);
// `global`: GlobalNetworkSet (cluster-scoped) rather than NetworkSet.
void load_calico_network_set(const Field& root, bool global, CalicoResources& out);
void load_calico_host_endpoint(const Field& root, CalicoForm form, CalicoResources& out);
void load_calico_profile(const Field& root, CalicoForm form, CalicoResources& out);

// FelixConfiguration: only defaultEndpointToHostAction, failsafeInboundHostPorts and
// failsafeOutboundHostPorts are kept (other fields do not change verdicts; they are accepted
// and ignored). "default" is the cluster-wide resource, "node.<name>" a node's override
// (libcalico-go/lib/backend/syncersv1/updateprocessors/configurationprocessor.go
// globalConfigName / perNodeConfigNamePrefix); any other name is skipped with a warning.
// Stored per resource in `out.felix` ("default") or `out.felix_nodes` ("node.<name>").
void load_calico_felix_configuration(const Field& root, CalicoForm form, CalicoResources& out);

}  // namespace netpol

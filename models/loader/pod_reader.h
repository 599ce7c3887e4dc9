// Pods and workloads. A workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
// CronJob) becomes one representative Pod named after it, built from its pod template: the
// template's labels and spec, the workload's namespace, owner_kind = the workload's kind.
//
// Read here: metadata (name, namespace, labels), spec.nodeName, spec.hostNetwork,
// spec.serviceAccountName (or the deprecated spec.serviceAccount), container and init
// container ports, status.phase, status.podIP and status.podIPs. Addresses and nodes that are
// missing are filled in by the loader's finalize step.
#pragma once

#include <string_view>

#include "models/cluster/cluster.h"
#include "models/loader/yaml_reader.h"

namespace netpol {

// A v1 Pod document. Throws InputError.
Pod read_pod(const Field& root);

// A workload document of `kind`; the template is at spec.template (spec.jobTemplate.spec.
// template for CronJob). Throws InputError.
Pod read_workload(const Field& root, std::string_view kind);

}  // namespace netpol

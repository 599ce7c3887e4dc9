// The `k8s` engine: upstream Kubernetes NetworkPolicy semantics, the referee between the
// implementation engines. Sources: kubernetes.io/docs/concepts/services-networking/network-policies,
// the networking/v1 API reference, kubernetes/kubernetes test/e2e/network/netpol.
#pragma once

#include <memory>

#include "models/cluster/engine.h"

namespace netpol {

std::unique_ptr<Engine> make_k8s_engine();

}  // namespace netpol

// The `calico` engine: Calico's policy model as implemented (projectcalico/calico v3.28-v3.32:
// libcalico-go conversion and update processors, felix calc and rules). See
// calico_evaluation.h for how a flow is decided and models/calico/README.md for decisions.
#pragma once

#include <memory>
#include <string>

#include "models/cluster/engine.h"

namespace netpol {

// `version`: "3.28" .. "3.32" (throws UsageError otherwise). `auto_host_endpoints`: model
// kube-controllers' automatic host endpoints (one "*" HEP per node).
std::unique_ptr<Engine> make_calico_engine(const std::string& version = "3.32", bool auto_host_endpoints = false);

}  // namespace netpol

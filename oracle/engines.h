// The engine registry: the one place that knows every engine by name.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/engine.h"

namespace netpol {

struct EngineOptions {
  std::string calico_version = "3.32";     // --calico-version: 3.28 .. 3.32
  bool calico_auto_host_endpoints = false;  // --calico-auto-host-endpoints: kube-controllers' auto HEPs
};

// Names accepted by make_engine, in the order `--help` lists them.
std::vector<std::string> engine_names();

// Throws UsageError naming the accepted engines when `name` is unknown.
std::unique_ptr<Engine> make_engine(std::string_view name, const EngineOptions& options = {});

}  // namespace netpol

// The engine registry: the one place that knows every engine by name.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/cluster/engine.h"

namespace netpol {

struct EngineOptions {
  std::string calico_version = "3.32";  // --calico-version
};

// Names accepted by make_engine, in the order `--help` lists them.
std::vector<std::string> engine_names();

// Throws UsageError naming the accepted engines when `name` is unknown.
std::unique_ptr<Engine> make_engine(std::string_view name, const EngineOptions& options = {});

}  // namespace netpol

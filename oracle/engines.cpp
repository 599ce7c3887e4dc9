#include "oracle/engines.h"

#include <fmt/format.h>
#include <functional>
#include <utility>

#include "models/calico/calico_engine.h"
#include "models/k8s/k8s_engine.h"
#include "models/azure/azure_engine.h"
// ENGINE INCLUDES (one line per engine, keep sorted)

namespace netpol {
namespace {

using Factory = std::function<std::unique_ptr<Engine>(const EngineOptions&)>;

const std::vector<std::pair<std::string, Factory>>& registry() {
  static const std::vector<std::pair<std::string, Factory>> engines = {
      {"k8s", [](const EngineOptions&) { return make_k8s_engine(); }},
      {"calico", [](const EngineOptions& o) { return make_calico_engine(o.calico_version, o.calico_auto_host_endpoints); }},
      {"azure", [](const EngineOptions&) { return make_azure_engine(azure::Variant::Linux); }},
      {"azure-legacy", [](const EngineOptions&) { return make_azure_engine(azure::Variant::LinuxLegacy); }},
      {"azure-windows", [](const EngineOptions&) { return make_azure_engine(azure::Variant::Windows); }},
      // ENGINE FACTORIES (one line per engine)
  };
  return engines;
}

}  // namespace

std::vector<std::string> engine_names() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : registry()) names.push_back(name);
  return names;
}

std::unique_ptr<Engine> make_engine(std::string_view name, const EngineOptions& options) {
  for (const auto& [known, factory] : registry())
    if (known == name) return factory(options);
  throw UsageError(fmt::format("unknown engine '{}' (known: {})", name, fmt::join(engine_names(), ", ")));
}

}  // namespace netpol

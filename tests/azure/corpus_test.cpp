// Replays every corpus/azure-*/case.yaml: loads the manifests with the project loader, runs the
// k8s referee and the three Azure engines, and checks each listed flow's verdict per engine
// (the flows where Azure NPM differs from k8s, with the upstream citation in the case file).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <set>

#include "models/azure/azure_engine.h"
#include "models/k8s/k8s_engine.h"
#include "models/loader/loader.h"

namespace netpol::azure::testing {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> azure_cases() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(NETPOL_SOURCE_DIR) / "corpus"))
    if (e.is_directory() && e.path().filename().string().rfind("azure-", 0) == 0 && fs::exists(e.path() / "case.yaml"))
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::unique_ptr<Engine> engine_named(const std::string& name) {
  if (name == "k8s") return make_k8s_engine();
  if (name == "azure") return make_azure_engine(Variant::Linux);
  if (name == "azure-legacy") return make_azure_engine(Variant::LinuxLegacy);
  if (name == "azure-windows") return make_azure_engine(Variant::Windows);
  return nullptr;
}

TEST(AzureCorpus, EveryDeviationCaseHoldsForEveryEngine) {
  const auto cases = azure_cases();
  ASSERT_GE(cases.size(), 8u);
  for (const auto& dir : cases) {
    SCOPED_TRACE(dir.filename().string());
    const YAML::Node doc = YAML::LoadFile((dir / "case.yaml").string());
    ASSERT_TRUE(doc["citation"] && !doc["citation"].as<std::string>().empty());
    std::vector<std::string> inputs;
    for (const auto& i : doc["inputs"]) inputs.push_back((dir / i.as<std::string>()).lexically_normal().string());
    const LoadResult loaded = load_paths(inputs);
    std::set<Probe> probes;
    for (const auto& f : doc["flows"]) probes.insert(*Probe::parse(f["probe"].as<std::string>()));
    const Universe universe = build_universe(loaded.cluster, {probes.begin(), probes.end()});
    std::map<std::string, std::unique_ptr<Evaluation>> evaluations;
    std::map<std::string, VerdictMatrix> matrices;
    std::size_t checked = 0;
    for (const auto& f : doc["flows"]) {
      const auto src = universe.find(f["src"].as<std::string>());
      const auto dst = universe.find(f["dst"].as<std::string>());
      ASSERT_TRUE(src && dst) << f["src"].as<std::string>() << " -> " << f["dst"].as<std::string>();
      const Probe probe = *Probe::parse(f["probe"].as<std::string>());
      std::size_t p = 0;
      while (universe.probes[p] != probe) ++p;
      for (const auto& kv : f) {
        const std::string key = kv.first.as<std::string>();
        auto engine = engine_named(key);
        if (!engine) continue;
        if (!evaluations.count(key)) {
          Diagnostics notes;
          evaluations[key] = engine->compile(loaded.cluster, universe, notes);
          matrices[key] = evaluations[key]->matrix();
        }
        const bool want = kv.second.as<std::string>() == "allow";
        EXPECT_EQ(matrices[key].allowed(p, *src, *dst), want)
            << key << ": " << f["src"].as<std::string>() << " -> " << f["dst"].as<std::string>() << " " << probe.to_string();
        EXPECT_EQ(evaluations[key]->explain(Flow{*src, *dst, probe}).verdict == Verdict::Allow, want) << key << " explain";
        ++checked;
      }
    }
    EXPECT_GT(checked, 0u);
  }
}

}  // namespace
}  // namespace netpol::azure::testing

// Replays corpus/calico-*: each case is a place where Calico differs from the Kubernetes
// referee (or from another Calico release), with the manifests, the flows that differ, the
// expected verdict per engine ("k8s", "calico" = the newest modelled release, "calico@3.NN") and
// the upstream citation. Loaded through the product's loader, as users' files are.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <set>

#include "models/calico/calico_engine.h"
#include "models/k8s/k8s_engine.h"
#include "models/loader/loader.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> case_dirs() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(fs::path(NETPOL_SOURCE_DIR) / "corpus")) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.rfind("calico-", 0) == 0 && fs::exists(entry.path() / "case.yaml"))
      out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::unique_ptr<Engine> engine_for(const std::string& key) {
  if (key == "k8s") return make_k8s_engine();
  if (key == "calico") return make_calico_engine("3.32");
  if (key.rfind("calico@", 0) == 0) return make_calico_engine(key.substr(7));
  return nullptr;
}

TEST(CalicoCorpus, HasCases) { EXPECT_GE(case_dirs().size(), 7u); }

TEST(CalicoCorpus, EveryCaseGivesTheExpectedVerdictPerEngine) {
  for (const fs::path& dir : case_dirs()) {
    SCOPED_TRACE(dir.filename().string());
    YAML::Node c = YAML::LoadFile((dir / "case.yaml").string());
    ASSERT_TRUE(c["name"] && c["citation"] && c["inputs"] && c["flows"]) << "case.yaml needs name, citation, inputs, flows";
    std::vector<std::string> inputs;
    for (const auto& i : c["inputs"]) inputs.push_back((dir / i.as<std::string>()).lexically_normal().string());
    LoadResult loaded = load_paths(inputs);

    std::vector<Probe> probes;
    for (const auto& f : c["flows"]) probes.push_back(*Probe::parse(f["probe"].as<std::string>()));
    Universe universe = build_universe(loaded.cluster, probes);

    std::map<std::string, std::unique_ptr<Evaluation>> evaluations;
    bool differs = false;
    for (const auto& f : c["flows"]) {
      const std::string src = f["src"].as<std::string>(), dst = f["dst"].as<std::string>();
      const Probe probe = *Probe::parse(f["probe"].as<std::string>());
      auto s = universe.find(src), d = universe.find(dst);
      ASSERT_TRUE(s && d) << src << " -> " << dst;
      std::set<std::string> verdicts;
      for (const auto& kv : f) {
        const std::string key = kv.first.as<std::string>();
        if (key == "src" || key == "dst" || key == "probe") continue;
        auto engine = engine_for(key);
        ASSERT_TRUE(engine) << "unknown engine key " << key;
        auto& eval = evaluations[key];
        Diagnostics notes;
        if (!eval) eval = engine->compile(loaded.cluster, universe, notes);
        const std::string got = eval->explain(Flow{*s, *d, probe}).verdict == Verdict::Allow ? "allow" : "deny";
        const std::size_t p = std::find(universe.probes.begin(), universe.probes.end(), probe) - universe.probes.begin();
        const bool m = eval->matrix().allowed(p, *s, *d);
        EXPECT_EQ(got, m ? "allow" : "deny") << key << ": explain and matrix disagree";
        EXPECT_EQ(got, kv.second.as<std::string>()) << key << " " << src << " -> " << dst << " " << probe.to_string();
        verdicts.insert(kv.second.as<std::string>());
      }
      differs |= verdicts.size() > 1;
    }
    EXPECT_TRUE(differs) << "a corpus case must show a difference between engines or releases";
  }
}

}  // namespace
}  // namespace netpol

// Runs every engine on every case of corpus/upstream-e2e, the transcription of
// kubernetes/kubernetes test/e2e/network/netpol/network_policy.go, and compares the pod-to-pod
// verdicts with the truth tables upstream expects. Self-pairs are skipped as upstream's
// ignoreLoopback does (network_policy.go, reachability.go Summary).
//
// One gtest per (case directory, engine), so each shows as its own ctest test. An engine named
// in a case's expected_failures must NOT match: the list is pinned both ways.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "models/cluster/engine.h"
#include "models/cluster/universe.h"
#include "models/loader/loader.h"
#include "oracle/engines.h"
#include "tests/e2e/case_file.h"
#include "tests/e2e/truth_table.h"

namespace netpol::e2e {
namespace {

struct CaseEngine {
  std::string directory;
  std::string engine;
};

// So that gtest names the parameter in failure lines instead of dumping its bytes.
void PrintTo(const CaseEngine& p, std::ostream* os) { *os << p.directory << " x " << p.engine; }

std::vector<CaseEngine> all_case_engines() {
  std::vector<CaseEngine> out;
  for (const auto& dir : case_directories(corpus_root()))
    for (const auto& engine : engine_names()) out.push_back({dir, engine});
  return out;
}

std::string identifier(const std::string& text) {
  std::string id;
  for (char ch : text) id += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return id;
}

// The engine's verdicts over the pods of `expected`, for probe `probe_index` of the universe.
TruthTable observed_table(const VerdictMatrix& matrix, const Universe& universe,
                          std::size_t probe_index, const TruthTable& expected) {
  TruthTable actual;
  actual.pods = expected.pods;
  std::vector<EndpointIndex> index;
  for (const auto& pod : expected.pods) index.push_back(*universe.find(pod));
  for (std::size_t f = 0; f < index.size(); ++f) {
    std::vector<bool> row;
    for (std::size_t t = 0; t < index.size(); ++t) row.push_back(matrix.allowed(probe_index, index[f], index[t]));
    actual.allowed.push_back(std::move(row));
  }
  return actual;
}

class UpstreamE2e : public ::testing::TestWithParam<CaseEngine> {};

TEST_P(UpstreamE2e, MatchesUpstreamTruthTables) {
  const auto& [directory, engine_name] = GetParam();
  UpstreamCase c;
  try {
    c = read_case(corpus_root() / directory);
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  SCOPED_TRACE(fmt::format("case {} ({} / {})", directory, c.context, c.name));

  LoadResult loaded;
  try {
    loaded = load_paths(c.input_paths());
  } catch (const std::exception& e) {
    FAIL() << "loading " << fmt::format("{}", fmt::join(c.input_paths(), ", ")) << ": " << e.what();
  }
  const Cluster& cluster = loaded.cluster;

  std::vector<Probe> probes;
  for (const auto& e : c.expectations) probes.push_back(e.probe);
  const Universe universe = build_universe(cluster, probes);

  // The tables must cover exactly the pods of the cluster, as upstream's tables cover every
  // pod of its model: a drift between cluster.yaml and the tables fails here, not silently.
  std::set<std::string> cluster_pods;
  for (const auto& p : cluster.pods) cluster_pods.insert(p.qualified_name());

  const auto engine = make_engine(engine_name);
  Diagnostics notes;
  const auto evaluation = engine->compile(cluster, universe, notes);
  const VerdictMatrix matrix = evaluation->matrix();
  ASSERT_EQ(matrix.probes(), universe.probes.size());
  ASSERT_EQ(matrix.endpoints(), universe.endpoints.size());

  std::string report;
  std::size_t mismatched_cells = 0;
  for (const auto& e : c.expectations) {
    const std::set<std::string> table_pods(e.reachability.pods.begin(), e.reachability.pods.end());
    ASSERT_EQ(table_pods, cluster_pods) << "probe " << e.probe.to_string()
                                        << ": the table's pods differ from the cluster's pods";
    for (const auto& pod : e.reachability.pods)
      ASSERT_TRUE(universe.find(pod).has_value()) << "pod " << pod << " is not an endpoint of the universe";
    const auto probe_it = std::find(universe.probes.begin(), universe.probes.end(), e.probe);
    ASSERT_NE(probe_it, universe.probes.end()) << "probe " << e.probe.to_string() << " missing from the universe";
    const std::size_t probe_index = static_cast<std::size_t>(probe_it - universe.probes.begin());

    const TruthTable actual = observed_table(matrix, universe, probe_index, e.reachability);
    const auto diffs = diff_tables(e.reachability, actual, /*ignore_self=*/true);
    mismatched_cells += diffs.size();
    if (!diffs.empty()) {
      report += fmt::format("\nprobe {}: {} cell(s) differ\nexpected:\n{}observed ({}):\n{}differences:\n",
                            e.probe.to_string(), diffs.size(), e.reachability.render(), engine_name,
                            actual.render());
      for (const auto& d : diffs) report += "  " + d.describe() + "\n";
    }
  }

  const bool expected_to_fail = std::find(c.expected_failures.begin(), c.expected_failures.end(),
                                          engine_name) != c.expected_failures.end();
  std::string notes_text;
  for (const auto& n : notes) notes_text += "  " + n.to_string() + "\n";
  if (expected_to_fail) {
    EXPECT_GT(mismatched_cells, 0u)
        << "engine '" << engine_name << "' is listed in expected_failures of " << directory
        << " but now matches every upstream expectation: remove it from the list";
  } else {
    EXPECT_EQ(mismatched_cells, 0u) << "engine '" << engine_name << "' disagrees with upstream"
                                    << report << (notes_text.empty() ? "" : "engine notes:\n" + notes_text);
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, UpstreamE2e, ::testing::ValuesIn(all_case_engines()),
                         [](const ::testing::TestParamInfo<CaseEngine>& info) {
                           return identifier(info.param.directory) + "__" + identifier(info.param.engine);
                         });

}  // namespace
}  // namespace netpol::e2e

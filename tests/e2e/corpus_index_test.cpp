// The corpus is complete and well-formed: as many case directories as corpus/upstream-e2e/
// README.md declares, each listed in its index with the It() text and context its case.yaml
// carries, every case.yaml parses with all fields, every input exists, every expected_failures
// entry names a registered engine. Upstream: kubernetes/kubernetes
// test/e2e/network/netpol/network_policy.go (48 It()s at the revision the README names).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "oracle/engines.h"
#include "tests/e2e/case_file.h"

namespace netpol::e2e {
namespace {

struct Readme {
  int upstream_it_tests = -1;
  int case_directories = -1;
  // directory -> (context, It() text), from the index table.
  std::map<std::string, std::pair<std::string, std::string>> index;
};

Readme read_readme() {
  std::ifstream in(corpus_root() / "README.md");
  Readme r;
  const std::regex count_line(R"(^(upstream-it-tests|case-directories): (\d+)\s*$)");
  const std::regex index_row(R"(^\| `([^`]+)` \| ([^|]+?) \| ([^|]+?) \|\s*$)");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, count_line)) {
      (m[1] == "upstream-it-tests" ? r.upstream_it_tests : r.case_directories) = std::stoi(m[2]);
    } else if (std::regex_match(line, m, index_row)) {
      EXPECT_TRUE(r.index.emplace(m[1], std::make_pair(m[2].str(), m[3].str())).second)
          << "directory listed twice in the README index: " << m[1];
    }
  }
  return r;
}

TEST(UpstreamE2eCorpus, DirectoryCountMatchesReadme) {
  const Readme readme = read_readme();
  ASSERT_GT(readme.case_directories, 0) << "README.md lacks 'case-directories: N'";
  EXPECT_EQ(static_cast<int>(case_directories(corpus_root()).size()), readme.case_directories);
}

TEST(UpstreamE2eCorpus, ReadmeIndexListsExactlyTheCaseDirectories) {
  const Readme readme = read_readme();
  std::set<std::string> listed;
  for (const auto& [dir, _] : readme.index) listed.insert(dir);
  const auto on_disk = case_directories(corpus_root());
  EXPECT_EQ(listed, std::set<std::string>(on_disk.begin(), on_disk.end()));
}

TEST(UpstreamE2eCorpus, EveryCaseParsesAndAgreesWithTheIndex) {
  const Readme readme = read_readme();
  const auto engines = engine_names();
  std::set<std::pair<std::string, std::string>> it_tests;  // (context, It() text)
  for (const auto& dir : case_directories(corpus_root())) {
    SCOPED_TRACE(dir);
    UpstreamCase c;
    try {
      c = read_case(corpus_root() / dir);
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      continue;
    }
    EXPECT_EQ(c.source, "kubernetes/kubernetes test/e2e/network/netpol/network_policy.go");
    const auto row = readme.index.find(dir);
    if (row != readme.index.end()) {
      EXPECT_EQ(c.context, row->second.first);
      EXPECT_EQ(c.name, row->second.second);
    }
    for (const auto& path : c.input_paths())
      EXPECT_TRUE(std::filesystem::is_regular_file(path)) << "input missing: " << path;
    for (const auto& engine : c.expected_failures)
      EXPECT_NE(std::find(engines.begin(), engines.end(), engine), engines.end())
          << "expected_failures names an unknown engine: " << engine;
    std::set<Probe> probes;
    for (const auto& e : c.expectations)
      EXPECT_TRUE(probes.insert(e.probe).second) << "probe listed twice: " << e.probe.to_string();
    it_tests.emplace(c.context, c.name);
  }
  ASSERT_GT(readme.upstream_it_tests, 0) << "README.md lacks 'upstream-it-tests: N'";
  EXPECT_EQ(static_cast<int>(it_tests.size()), readme.upstream_it_tests);
}

// read_case refuses a case.yaml with a field missing or malformed, naming the field, so the
// completeness test above cannot pass on a half-written case.
TEST(UpstreamE2eCorpus, ReadCaseNamesTheMissingOrBadField) {
  const auto dir = std::filesystem::path(NETPOL_BINARY_DIR) / "tests_e2e_bad_case";
  std::filesystem::create_directories(dir);
  const std::string good =
      "name: \"n\"\nsource: \"s\"\ncontext: \"c\"\ntags: [tcp]\ninputs: [../cluster.yaml]\n"
      "expected_failures: []\nexpectations:\n  - probe: TCP/80\n    reachability: |\n"
      "      - x/a\n      x/a X\n";
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"context", std::regex_replace(good, std::regex("context: \"c\"\n"), "")},
      {"tags", std::regex_replace(good, std::regex("tags: \\[tcp\\]"), "tags: []")},
      {"expected_failures", std::regex_replace(good, std::regex("expected_failures: \\[\\]\n"), "")},
      {"expectations[0].probe", std::regex_replace(good, std::regex("TCP/80"), "TCP/eighty")},
      {"expectations[0].reachability", std::regex_replace(good, std::regex("x/a X"), "x/a ?")},
  };
  {
    std::ofstream(dir / "case.yaml") << good;
    EXPECT_NO_THROW(read_case(dir));
  }
  for (const auto& [field, text] : broken) {
    std::ofstream(dir / "case.yaml") << text;
    try {
      read_case(dir);
      ADD_FAILURE() << "accepted a case.yaml with a bad " << field;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("'" + field + "'"), std::string::npos) << e.what();
    }
  }
  std::filesystem::remove_all(dir);
}

// The comparison the runner relies on can fail, and skips only self-pairs.
TEST(UpstreamE2eTruthTable, DiffReportsDifferingCellsAndSkipsSelfPairs) {
  const TruthTable expected = parse_truth_table(
      "-   x/a x/b\n"
      "x/a X   .\n"
      "x/b X   .\n");
  TruthTable actual = expected;
  actual.allowed[0][0] = true;   // self-pair: ignored
  actual.allowed[1][0] = true;   // x/b -> x/a: differs
  const auto diffs = diff_tables(expected, actual, /*ignore_self=*/true);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].describe(), "x/b -> x/a: expected deny (X), got allow (.)");
  EXPECT_EQ(diff_tables(expected, actual, /*ignore_self=*/false).size(), 2u);
}

TEST(UpstreamE2eTruthTable, RenderParsesBack) {
  const TruthTable t = parse_truth_table(
      "- x/a y/b\n"
      "x/a . X\n"
      "y/b X .\n");
  const TruthTable again = parse_truth_table(t.render());
  EXPECT_EQ(again.pods, t.pods);
  EXPECT_EQ(again.allowed, t.allowed);
}

TEST(UpstreamE2eTruthTable, MalformedTablesAreRejected) {
  EXPECT_THROW(parse_truth_table(""), std::invalid_argument);
  EXPECT_THROW(parse_truth_table("x/a x/b\nx/a . .\nx/b . .\n"), std::invalid_argument);    // no '-'
  EXPECT_THROW(parse_truth_table("- x/a x/b\nx/a . .\n"), std::invalid_argument);           // row missing
  EXPECT_THROW(parse_truth_table("- x/a x/b\nx/b . .\nx/a . .\n"), std::invalid_argument);  // order
  EXPECT_THROW(parse_truth_table("- x/a x/b\nx/a . ?\nx/b . .\n"), std::invalid_argument);  // mark
  EXPECT_THROW(parse_truth_table("- x/a x/b\nx/a .\nx/b . .\n"), std::invalid_argument);    // short row
}

}  // namespace
}  // namespace netpol::e2e

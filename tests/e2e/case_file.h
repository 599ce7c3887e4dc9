// One case of corpus/upstream-e2e: a case.yaml (see corpus/upstream-e2e/README.md) read into
// memory, and the discovery of every case directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "models/cluster/protocol.h"
#include "tests/e2e/truth_table.h"

namespace netpol::e2e {

// One ValidateOrFail of the upstream test: a probe and the table it expects.
struct Expectation {
  Probe probe;
  TruthTable reachability;
};

struct UpstreamCase {
  std::filesystem::path directory;
  std::string name;     // the exact It() text
  std::string source;   // upstream file
  std::string context;  // enclosing ginkgo.Context
  std::vector<std::string> tags;
  std::vector<std::string> inputs;             // relative to `directory`
  std::vector<std::string> expected_failures;  // engines expected NOT to match
  std::vector<Expectation> expectations;

  // Absolute input paths, in the order listed.
  std::vector<std::string> input_paths() const;
};

// The corpus root: NETPOL_SOURCE_DIR/corpus/upstream-e2e.
std::filesystem::path corpus_root();

// Names of the sub-directories of `root` that hold a case.yaml, sorted.
std::vector<std::string> case_directories(const std::filesystem::path& root);

// Reads `directory`/case.yaml. Every field is required (`expected_failures` may be an empty
// list; `tags`, `inputs`, `expectations` may not). Throws std::runtime_error naming the file
// and the field that is missing or malformed.
UpstreamCase read_case(const std::filesystem::path& directory);

}  // namespace netpol::e2e

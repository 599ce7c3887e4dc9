// Runs the CLI in-process, capturing stdout, stderr and the exit code.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/app.h"

namespace netpol::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline CliResult run(std::vector<std::string> args) {
  args.insert(args.begin(), "netpol-diff");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  CliResult r;
  r.exit_code = run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

inline std::string source_path(const std::string& rel) { return std::string(NETPOL_SOURCE_DIR) + "/" + rel; }

}  // namespace netpol::testing

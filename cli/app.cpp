#include "cli/app.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "cli/eval_command.h"
#include "models/cluster/source.h"
#include "oracle/engines.h"

namespace netpol {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;

}  // namespace

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"netpol-diff: where Kubernetes network-policy engines (Azure NPM, Calico, the upstream spec) "
               "disagree about a connection"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("netpol-diff 0.1.0"));

  EvalCommandOptions eval_options;
  CLI::App* eval = add_eval_command(app, eval_options);
  CLI::App* engines = app.add_subcommand("engines", "List the engines and what each models");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0; every other parse error is usage (2).
    if (e.get_exit_code() == 0) {
      app.exit(e, out, err);
      return kExitOk;
    }
    fmt::print(err, "netpol-diff: {}\nRun with --help for usage.\n", e.what());
    return kExitBadInput;
  }

  try {
    if (*eval) return run_eval_command(eval_options, out, err);
    if (*engines) {
      for (const auto& name : engine_names()) fmt::print(out, "{}\n", name);
      return kExitOk;
    }
  } catch (const InputError& e) {
    fmt::print(err, "netpol-diff: {}\n", e.what());
    return kExitBadInput;
  } catch (const UsageError& e) {
    fmt::print(err, "netpol-diff: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    // Not expected: every bad input should be an InputError. Report it rather than crash.
    fmt::print(err, "netpol-diff: internal error: {}\n", e.what());
    return 3;
  }
  return kExitBadInput;
}

}  // namespace netpol

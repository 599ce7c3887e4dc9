// `netpol-diff eval`: one engine's verdict on every flow of the input.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace netpol {

struct EvalCommandOptions {
  std::string engine = "k8s";
  std::vector<std::string> probes;  // "PROTO/PORT"
  std::string format = "table";
  std::string pod_cidr = "10.244.0.0/16";
  std::string node_cidr = "10.240.0.0/16";
  std::string default_node = "node-1";
  std::string calico_version = "3.32";
  bool calico_auto_host_endpoints = false;
  std::vector<std::string> paths;
};

// Adds the `eval` subcommand to `app`, binding its flags to `options`.
CLI::App* add_eval_command(CLI::App& app, EvalCommandOptions& options);

// Runs eval. Returns the exit code; input and usage errors are thrown (InputError, UsageError)
// for run_cli to report.
int run_eval_command(const EvalCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace netpol

#include "cli/eval_command.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/input.h"
#include "oracle/engines.h"
#include "oracle/run.h"
#include "reports/eval_report.h"

namespace netpol {

CLI::App* add_eval_command(CLI::App& app, EvalCommandOptions& o) {
  auto* cmd = app.add_subcommand("eval", "Print one engine's verdict (allow/deny) for every flow of the input");
  cmd->add_option("--engine", o.engine, fmt::format("Engine to run: {}", fmt::join(engine_names(), ", ")))
      ->capture_default_str();
  cmd->add_option("--probe", o.probes,
                  "Probe PROTO/PORT (TCP, UDP or SCTP); repeatable. Default: one port per equivalence "
                  "class of each protocol's port space cut by the ports in the input")
      ->allow_extra_args(false);  // one value per --probe, so the paths after it stay paths
  cmd->add_option("--format", o.format, "Output format: table, json or csv")->capture_default_str();
  add_input_options(*cmd, o.pod_cidr, o.node_cidr, o.default_node);
  cmd->add_option("--calico-version", o.calico_version, "Calico release modelled (3.28 .. 3.32)")
      ->capture_default_str();
  cmd->add_flag("--calico-auto-host-endpoints", o.calico_auto_host_endpoints,
                "Model kube-controllers' automatic host endpoints (one '*' HEP per node)");
  cmd->add_option("paths", o.paths, "Manifest files or directories (.yaml, .yml, .json)")->required();
  return cmd;
}

int run_eval_command(const EvalCommandOptions& o, std::ostream& out, std::ostream& err) {
  auto format = parse_eval_format(o.format);
  if (!format) throw UsageError(fmt::format("--format: unknown format '{}' (known: table, json, csv)", o.format));
  EngineOptions engine_options;
  engine_options.calico_version = o.calico_version;
  engine_options.calico_auto_host_endpoints = o.calico_auto_host_endpoints;
  auto engine = make_engine(o.engine, engine_options);  // fail on a bad engine before reading input

  const std::vector<Probe> probes = parse_probe_options(o.probes);
  LoadResult input = load_input(o.paths, o.pod_cidr, o.node_cidr, o.default_node, err);
  Universe universe = build_universe(input.cluster, probes);
  fmt::print(err, "netpol-diff: {} endpoints; probes{}: {}\n", universe.endpoints.size(),
             probes.empty() ? " (one per port class of the input)" : "",
             [&] {
               std::vector<std::string> names;
               for (const auto& p : universe.probes) names.push_back(p.to_string());
               return fmt::format("{}", fmt::join(names, ", "));
             }());

  EngineRun run = run_engine(o.engine, engine_options, input.cluster, universe);
  for (const auto& note : run.notes) err << "netpol-diff: " << run.engine << ": " << note.to_string() << '\n';
  write_eval(out, *format, EvalReport{run.engine, universe, run.matrix});
  return 0;
}

}  // namespace netpol

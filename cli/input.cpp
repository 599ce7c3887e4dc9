#include "cli/input.h"

#include <fmt/format.h>

namespace netpol {

void add_input_options(CLI::App& cmd, std::string& pod_cidr, std::string& node_cidr, std::string& default_node) {
  cmd.add_option("--pod-cidr", pod_cidr, "Addresses for pods whose manifest has no status.podIP")
      ->capture_default_str();
  cmd.add_option("--node-cidr", node_cidr, "Addresses for nodes whose manifest has no InternalIP")
      ->capture_default_str();
  cmd.add_option("--default-node", default_node, "Node for pods whose manifest has no spec.nodeName")
      ->capture_default_str();
}

std::vector<Probe> parse_probe_options(const std::vector<std::string>& texts) {
  std::vector<Probe> probes;
  for (const auto& t : texts) {
    auto p = Probe::parse(t);
    if (!p)
      throw UsageError(fmt::format("--probe: '{}' is not PROTO/PORT with PROTO one of TCP, UDP, SCTP and "
                                   "PORT 1..65535",
                                   t));
    probes.push_back(*p);
  }
  return probes;
}

LoadResult load_input(const std::vector<std::string>& paths, const std::string& pod_cidr,
                      const std::string& node_cidr, const std::string& default_node, std::ostream& err) {
  LoadOptions options;
  auto parse_cidr = [](const std::string& flag, const std::string& text) {
    auto c = Cidr::parse(text);
    if (!c || !c->canonical() || c->family() != IpFamily::V4)
      throw UsageError(fmt::format("{}: '{}' is not a canonical IPv4 CIDR such as 10.244.0.0/16", flag, text));
    return *c;
  };
  options.pod_cidr = parse_cidr("--pod-cidr", pod_cidr);
  options.node_cidr = parse_cidr("--node-cidr", node_cidr);
  if (default_node.empty()) throw UsageError("--default-node: must not be empty");
  options.default_node = default_node;
  LoadResult result = load_paths(paths, options);
  for (const auto& w : result.warnings) err << "netpol-diff: " << w.to_string() << '\n';
  return result;
}

}  // namespace netpol

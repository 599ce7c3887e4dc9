// Input handling shared by the commands: manifest loading options, probes, warnings.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "models/cluster/protocol.h"
#include "models/loader/loader.h"

namespace netpol {

// --pod-cidr, --node-cidr, --default-node.
void add_input_options(CLI::App& cmd, std::string& pod_cidr, std::string& node_cidr, std::string& default_node);

// Parses every "PROTO/PORT"; throws UsageError naming the bad one.
std::vector<Probe> parse_probe_options(const std::vector<std::string>& texts);

// Loads the manifests and prints the loader's warnings to `err`. Throws InputError/UsageError.
LoadResult load_input(const std::vector<std::string>& paths, const std::string& pod_cidr,
                      const std::string& node_cidr, const std::string& default_node, std::ostream& err);

}  // namespace netpol

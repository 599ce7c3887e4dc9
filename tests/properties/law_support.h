// Shared support for the property tests of engine laws: which engines each law is checked on,
// and evaluation / comparison helpers.
//
// Each law names the engines it holds for, with why. An engine named for a law but not (yet)
// registered in oracle/engines.cpp is skipped; a registered engine not named is not checked for
// that law. Evaluation contracts (models/cluster/engine.h) hold for every registered engine.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/cluster/universe.h"
#include "models/cluster/verdict.h"

namespace netpol::laws {

// Engines among `candidates` that oracle/engines.cpp registers, in registry order.
std::vector<std::string> registered(const std::vector<std::string>& candidates);

// Every registered engine (engine_names()).
std::vector<std::string> all_engines();

// Compiles `cluster` with engine `engine` over `universe` and returns its matrix.
VerdictMatrix evaluate(const std::string& engine, const Cluster& cluster, const Universe& universe);

// The universe with the default probes (one per equivalence class of ports in the input).
Universe default_universe(const Cluster& cluster);

// "src -> dst PROTO/PORT" for a flow of `universe`.
std::string flow_text(const Universe& universe, std::size_t probe, std::size_t src, std::size_t dst);

// The first flow where two matrices over the same universe differ, described; nullopt if none.
std::optional<std::string> first_difference(const Universe& universe, const VerdictMatrix& a, const VerdictMatrix& b);

// Endpoint ids in universe order.
std::vector<std::string> endpoint_ids(const Universe& universe);

}  // namespace netpol::laws

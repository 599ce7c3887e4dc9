#include "tests/properties/law_support.h"

#include <algorithm>

#include "oracle/engines.h"

namespace netpol::laws {

std::vector<std::string> registered(const std::vector<std::string>& candidates) {
  std::vector<std::string> out;
  for (const auto& name : engine_names())
    if (std::find(candidates.begin(), candidates.end(), name) != candidates.end()) out.push_back(name);
  return out;
}

std::vector<std::string> all_engines() { return engine_names(); }

VerdictMatrix evaluate(const std::string& engine, const Cluster& cluster, const Universe& universe) {
  Diagnostics notes;
  const auto compiled = make_engine(engine)->compile(cluster, universe, notes);
  return compiled->matrix();
}

Universe default_universe(const Cluster& cluster) { return build_universe(cluster, {}); }

std::string flow_text(const Universe& universe, std::size_t probe, std::size_t src, std::size_t dst) {
  return universe.endpoints[src].id + " -> " + universe.endpoints[dst].id + " " + universe.probes[probe].to_string();
}

std::optional<std::string> first_difference(const Universe& universe, const VerdictMatrix& a, const VerdictMatrix& b) {
  if (a.endpoints() != b.endpoints() || a.probes() != b.probes()) return "matrices of different shapes";
  for (std::size_t p = 0; p < a.probes(); ++p)
    for (std::size_t s = 0; s < a.endpoints(); ++s)
      for (std::size_t d = 0; d < a.endpoints(); ++d)
        if (a.allowed(p, s, d) != b.allowed(p, s, d))
          return flow_text(universe, p, s, d) + ": " + to_string(a.allowed(p, s, d) ? Verdict::Allow : Verdict::Deny) +
                 " vs " + to_string(b.allowed(p, s, d) ? Verdict::Allow : Verdict::Deny);
  return std::nullopt;
}

std::vector<std::string> endpoint_ids(const Universe& universe) {
  std::vector<std::string> ids;
  for (const auto& e : universe.endpoints) ids.push_back(e.id);
  return ids;
}

}  // namespace netpol::laws

#include "models/k8s/k8s_matrix.h"

#include <algorithm>

#include "models/k8s/k8s_decisions.h"

namespace netpol::k8s {
namespace {

// Destinations a rule's ports admit for one probe: all, or the pods where one of its named ports
// resolves (k8s_decisions.h rule_ports_match).
struct PortAdmission {
  bool all = false;
  std::vector<EndpointIndex> pods;  // when !all; may hold duplicates
};

PortAdmission admitted_destinations(const CompiledCluster& c, const NetworkPolicyRule& rule, const Probe& probe) {
  PortAdmission out;
  if (rule.ports.empty()) {
    out.all = true;
    return out;
  }
  for (const auto& port : rule.ports) {
    if (port.protocol != probe.protocol) continue;
    if (port.name) {
      const auto& pods = c.named_port_pods(*port.name, probe.protocol, probe.port);
      out.pods.insert(out.pods.end(), pods.begin(), pods.end());
    } else if (!port.port || (*port.port <= probe.port && probe.port <= port.end_port.value_or(*port.port))) {
      out.all = true;
      return out;
    }
  }
  return out;
}

using Row = std::uint64_t*;

void or_into(Row row, const EndpointSet& set) {
  const std::uint64_t* s = set.data();
  for (std::size_t w = 0; w < set.words(); ++w) row[w] |= s[w];
}

// Rows of `isolated` members start empty (only what rules allow), the others start full.
void init_rows(std::vector<std::uint64_t>& rows, const EndpointSet& isolated, const EndpointSet& full) {
  const std::size_t words = full.words();
  for (std::size_t r = 0; r < full.size(); ++r)
    if (isolated.test(r)) std::fill_n(&rows[r * words], words, 0);
    else std::copy_n(full.data(), words, &rows[r * words]);
}

}  // namespace

VerdictMatrix compute_matrix(const CompiledCluster& c) {
  const std::size_t n = c.size();
  const auto& probes = c.universe().probes;
  VerdictMatrix m(n, probes.size());
  if (n == 0) return m;
  const std::size_t words = m.words_per_row();
  const EndpointSet full(n, true);
  std::vector<std::uint64_t> ingress(n * words), ingress_by_source(n * words), egress(n * words);

  for (std::size_t q = 0; q < probes.size(); ++q) {
    const Probe& probe = probes[q];
    for (IpFamily family : kFamilies) {
      const std::size_t f = family_slot(family);
      const EndpointSet& fam = c.has_family(f);
      if (fam.none()) continue;

      // Ingress: row d = sources allowed into d.
      init_rows(ingress, c.ingress_isolated(), full);
      for (const auto& p : c.policies()) {
        if (!p.policy->ingress_type || p.targets.none()) continue;
        for (const auto& r : p.ingress) {
          const PortAdmission ports = admitted_destinations(c, *r.rule, probe);
          if (ports.all) {
            p.targets.for_each([&](std::size_t d) { or_into(&ingress[d * words], r.peers[f]); });
          } else {
            for (EndpointIndex d : ports.pods)
              if (p.targets.test(d)) or_into(&ingress[d * words], r.peers[f]);
          }
        }
      }

      // Egress: row s = destinations s may reach.
      init_rows(egress, c.egress_isolated(), full);
      for (const auto& p : c.policies()) {
        if (!p.policy->egress_type || p.targets.none()) continue;
        for (const auto& r : p.egress) {
          const PortAdmission ports = admitted_destinations(c, *r.rule, probe);
          EndpointSet allowed = r.peers[f];
          if (!ports.all) {
            EndpointSet named(n);
            for (EndpointIndex d : ports.pods) named.set(d);
            allowed &= named;
          }
          if (allowed.none()) continue;
          p.targets.for_each([&](std::size_t s) { or_into(&egress[s * words], allowed); });
        }
      }

      // A flow over this family needs both ends to hold an address of it, egress allowed at the
      // source and ingress allowed at the destination.
      transpose_bits(ingress.data(), ingress_by_source.data(), n, words);
      const std::uint64_t* fam_bits = fam.data();
      fam.for_each([&](std::size_t s) {
        Row out = m.row(q, s);
        const std::uint64_t* e = &egress[s * words];
        const std::uint64_t* i = &ingress_by_source[s * words];
        for (std::size_t w = 0; w < words; ++w) out[w] |= e[w] & i[w] & fam_bits[w];
      });
    }

    // Exemptions (k8s_decisions.h): a live endpoint reaches itself; a pod and its node reach each
    // other, over a family both hold.
    c.live().for_each([&](std::size_t e) {
      if (self_exempt(e, e)) m.set(q, e, e, true);
    });
    for (const auto& [host, pod] : c.node_local_pairs()) {
      const bool shared = (c.has_family(0).test(host) && c.has_family(0).test(pod)) ||
                          (c.has_family(1).test(host) && c.has_family(1).test(pod));
      if (!shared) continue;
      m.set(q, host, pod, true);
      m.set(q, pod, host, true);
    }
  }
  return m;
}

}  // namespace netpol::k8s

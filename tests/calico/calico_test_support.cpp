#include "tests/calico/calico_test_support.h"

#include <algorithm>
#include <stdexcept>

namespace netpol::calico::testing {

ClusterBuilder::ClusterBuilder() {
  for (auto [name, addr] : {std::pair{"node-1", "10.240.0.1"}, std::pair{"node-2", "10.240.0.2"}}) {
    Node n;
    n.name = name;
    n.addresses.push_back(*IpAddress::parse(addr));
    n.labels["kubernetes.io/hostname"] = name;
    cluster.nodes.push_back(n);
  }
}

ClusterBuilder& ClusterBuilder::ns(const std::string& name, Labels labels) {
  Namespace n;
  n.name = name;
  n.labels = std::move(labels);
  n.labels["kubernetes.io/metadata.name"] = name;
  cluster.namespaces.push_back(n);
  return *this;
}

ClusterBuilder& ClusterBuilder::pod(const std::string& ns, const std::string& name, const std::string& addr,
                                    Labels labels, const std::string& node) {
  Pod p;
  p.namespace_name = ns;
  p.name = name;
  p.labels = std::move(labels);
  p.ips.push_back(*IpAddress::parse(addr));
  p.node_name = node;
  cluster.pods.push_back(p);
  return *this;
}

ClusterBuilder& ClusterBuilder::policy(NetworkPolicy p) {
  cluster.policies.push_back(std::move(p));
  return *this;
}

ClusterBuilder& ClusterBuilder::calico(CalicoPolicy p) {
  cluster.calico.policies.push_back(std::move(p));
  return *this;
}

Cluster ClusterBuilder::build() const {
  Cluster c = cluster;
  std::sort(c.namespaces.begin(), c.namespaces.end(), [](auto& a, auto& b) { return a.name < b.name; });
  std::sort(c.pods.begin(), c.pods.end(), [](auto& a, auto& b) { return a.qualified_name() < b.qualified_name(); });
  std::sort(c.policies.begin(), c.policies.end(),
            [](auto& a, auto& b) { return a.qualified_name() < b.qualified_name(); });
  return c;
}

std::unique_ptr<Evaluated> evaluate(const Cluster& cluster, const std::vector<std::string>& probes,
                                    const std::string& version, bool auto_heps) {
  auto e = std::make_unique<Evaluated>();
  e->cluster = cluster;
  std::vector<Probe> requested;
  for (const auto& p : probes) requested.push_back(*Probe::parse(p));
  e->universe = build_universe(e->cluster, requested);
  e->eval = std::make_unique<CalicoEvaluation>(e->cluster, e->universe,
                                               CalicoOptions{*CalicoVersion::parse(version), auto_heps}, e->notes);
  e->matrix = e->eval->matrix();
  return e;
}

Explanation Evaluated::explain(const std::string& src, const std::string& dst, const std::string& probe) const {
  auto s = universe.find(src);
  auto d = universe.find(dst);
  if (!s || !d) throw std::invalid_argument("no endpoint " + (s ? dst : src));
  return eval->explain(Flow{*s, *d, *Probe::parse(probe)});
}

bool Evaluated::allowed(const std::string& src, const std::string& dst, const std::string& probe) const {
  auto s = universe.find(src);
  auto d = universe.find(dst);
  if (!s || !d) throw std::invalid_argument("no endpoint " + (s ? dst : src));
  const Probe pr = *Probe::parse(probe);
  std::size_t p = std::find(universe.probes.begin(), universe.probes.end(), pr) - universe.probes.begin();
  if (p == universe.probes.size()) throw std::invalid_argument("no probe " + probe);
  const bool m = matrix.allowed(p, *s, *d);
  const bool x = eval->explain(Flow{*s, *d, pr}).verdict == Verdict::Allow;
  if (m != x) throw std::logic_error("explain disagrees with matrix on " + src + " -> " + dst + " " + probe);
  return m;
}

CalicoRule rule(CalicoAction action) {
  CalicoRule r;
  r.action = action;
  return r;
}
CalicoRule allow_rule() { return rule(CalicoAction::Allow); }
CalicoRule deny_rule() { return rule(CalicoAction::Deny); }

CalicoPolicy gnp(const std::string& name, std::optional<double> order, const std::string& selector) {
  CalicoPolicy p;
  p.kind = CalicoPolicyKind::GlobalNetworkPolicy;
  p.name = name;
  p.order = order;
  p.selector = selector;
  p.ingress_type = true;
  return p;
}

CalicoPolicy np(const std::string& ns, const std::string& name, std::optional<double> order,
                const std::string& selector) {
  CalicoPolicy p = gnp(name, order, selector);
  p.kind = CalicoPolicyKind::NetworkPolicy;
  p.namespace_name = ns;
  return p;
}

CalicoProtocol tcp() { return CalicoProtocol{"TCP", 6}; }
Cidr cidr(const std::string& text) { return *Cidr::parse(text); }
IpAddress ip(const std::string& text) { return *IpAddress::parse(text); }

std::size_t check_explain_agrees(const Evaluated& e, std::string& mismatch) {
  std::size_t checked = 0;
  const std::size_t n = e.universe.endpoints.size();
  for (std::size_t p = 0; p < e.universe.probes.size(); ++p)
    for (std::size_t s = 0; s < n; ++s)
      for (std::size_t d = 0; d < n; ++d) {
        const bool m = e.matrix.allowed(p, s, d);
        const Explanation x = e.eval->explain(Flow{s, d, e.universe.probes[p]});
        ++checked;
        if ((x.verdict == Verdict::Allow) != m && mismatch.empty())
          mismatch = e.universe.endpoints[s].id + " -> " + e.universe.endpoints[d].id + " " +
                     e.universe.probes[p].to_string();
        if (x.steps.empty() && mismatch.empty())
          mismatch = "no steps for " + e.universe.endpoints[s].id + " -> " + e.universe.endpoints[d].id;
      }
  return checked;
}

std::unique_ptr<Indexed> index_cluster(Cluster cluster) {
  auto out = std::make_unique<Indexed>();
  out->cluster = std::move(cluster);
  out->world = build_calico_world(out->cluster, false);
  out->universe = build_universe(out->cluster, {*Probe::parse("TCP/80")});
  out->index = std::make_unique<SelectorIndex>(out->world, out->cluster.calico.network_sets, flow_addresses(out->universe));
  return out;
}

}  // namespace netpol::calico::testing

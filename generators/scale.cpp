#include "generators/scale.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "generators/cluster_gen.h"

namespace netpol::generators {
namespace {

constexpr int kMaxAddresses = 64000;  // 256 x /24 of a /16, 250 usable hosts each
constexpr const char* kNameLabel = "kubernetes.io/metadata.name";
constexpr const char* kInfraNamespace = "infra";

// Draws from the engine with plain modulo arithmetic: std::uniform_int_distribution is
// implementation-defined, and the same seed must give the same cluster with any standard library.
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : rng_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool percent(int p) { return static_cast<int>(rng_() % 100) < p; }
  template <typename T>
  const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

 private:
  std::mt19937_64 rng_;
};

IpAddress address_in(std::uint32_t base, int index) {
  return IpAddress::v4(base | (static_cast<std::uint32_t>(index / 250) << 8) | static_cast<std::uint32_t>(index % 250 + 1));
}
constexpr std::uint32_t kPodBase = (10u << 24) | (244u << 16);
constexpr std::uint32_t kNodeBase = (10u << 24) | (240u << 16);

SourceRef scale_ref(std::string kind, std::string name) {
  SourceRef ref;
  ref.location.file = "<scale>";
  ref.kind = std::move(kind);
  ref.name = std::move(name);
  return ref;
}

// --- namespaces -------------------------------------------------------------------------------

const std::vector<std::string>& domain_words() {
  static const std::vector<std::string> words = {
      "payments", "checkout", "catalog", "search",  "accounts", "orders",    "shipping",
      "inventory", "reviews", "ads",     "media",   "auth",     "notify",    "billing",
      "reports",  "analytics", "chat",   "maps",    "profile",  "gateway"};
  return words;
}

std::vector<Namespace> make_namespaces(int count) {
  static const std::vector<std::string> envs = {"prod", "staging", "dev"};
  std::vector<Namespace> out;
  for (int i = 0; i < count; ++i) {
    Namespace ns;
    if (i == 0) {
      ns.name = kInfraNamespace;
      ns.labels = {{"role", "infra"}, {"team", "platform"}, {"env", "prod"}};
    } else {
      const auto& word = domain_words()[(i - 1) % domain_words().size()];
      const int round = static_cast<int>((i - 1) / domain_words().size());
      ns.name = round == 0 ? word : fmt::format("{}-{}", word, round + 1);
      ns.labels = {{"team", fmt::format("team-{}", static_cast<char>('a' + (i - 1) % 8))}, {"env", envs[i % envs.size()]}};
    }
    ns.labels[kNameLabel] = ns.name;
    ns.source = scale_ref("Namespace", ns.name);
    out.push_back(std::move(ns));
  }
  return out;
}

// --- pods -------------------------------------------------------------------------------------

struct AppKind {
  std::string app;
  std::string tier;
  std::vector<ContainerPort> ports;
};

ContainerPort tcp(std::string name, int port) { return {std::move(name), port, Protocol::TCP, false}; }

const std::vector<AppKind>& workload_apps() {
  static const std::vector<AppKind> apps = {
      {"web", "frontend", {tcp("http", 8080), tcp("metrics", 9090)}},
      {"ui", "frontend", {tcp("http", 3000), tcp("metrics", 9090)}},
      {"api", "backend", {tcp("grpc", 50051), tcp("http", 8080), tcp("metrics", 9090)}},
      {"worker", "backend", {tcp("http", 8081), tcp("metrics", 9090)}},
      {"auth", "backend", {tcp("grpc", 50052), tcp("metrics", 9090)}},
      {"db", "data", {tcp("db", 5432), tcp("metrics", 9187)}},
      {"cache", "data", {tcp("db", 6379), tcp("metrics", 9121)}},
  };
  return apps;
}

const std::vector<AppKind>& infra_apps() {
  static const std::vector<AppKind> apps = {
      {"ingress-nginx", "frontend", {tcp("http", 80), tcp("https", 443), tcp("metrics", 10254)}},
      {"coredns", "backend", {{"dns", 53, Protocol::UDP, false}, tcp("dns-tcp", 53), tcp("metrics", 9153)}},
      {"prometheus", "backend", {tcp("http", 9090)}},
  };
  return apps;
}

std::vector<Pod> make_pods(const ScaleSpec& spec, const std::vector<Namespace>& namespaces,
                           const std::vector<Node>& nodes, Draw& draw) {
  std::map<std::pair<std::string, std::string>, int> per_app_count;  // ordered: deterministic
  std::vector<Pod> out;
  for (int i = 0; i < spec.pods; ++i) {
    // The infra namespace holds few pods (~2%), the others share the rest evenly.
    const bool infra = namespaces.size() == 1 || draw.percent(2);
    const Namespace& ns = infra ? namespaces[0] : namespaces[1 + draw.below(namespaces.size() - 1)];
    const AppKind& kind = infra ? draw.pick(infra_apps()) : draw.pick(workload_apps());
    Pod pod;
    pod.namespace_name = ns.name;
    const int n = per_app_count[{ns.name, kind.app}]++;
    pod.name = fmt::format("{}-{}", kind.app, n);
    pod.labels = {{"app", kind.app}, {"tier", kind.tier}, {"env", ns.labels.at("env")},
                  {"version", draw.percent(80) ? "v1" : "v2"}};
    if (draw.percent(5)) pod.labels["canary"] = "true";
    pod.ports = kind.ports;
    pod.node_name = nodes[draw.below(nodes.size())].name;
    pod.owner_kind = "Deployment";
    pod.source = scale_ref("Pod", pod.qualified_name());
    out.push_back(std::move(pod));
  }
  return out;
}

// --- policies ---------------------------------------------------------------------------------

LabelSelector labels(Labels l) { return LabelSelector{std::move(l), {}}; }
NetworkPolicyPeer pods_peer(LabelSelector s) { return {std::move(s), std::nullopt, std::nullopt}; }
NetworkPolicyPeer namespaces_peer(LabelSelector s) { return {std::nullopt, std::move(s), std::nullopt}; }
NetworkPolicyPeer both_peer(LabelSelector pods, LabelSelector namespaces) {
  return {std::move(pods), std::move(namespaces), std::nullopt};
}
NetworkPolicyPeer ip_peer(const char* cidr, std::vector<const char*> except = {}) {
  IpBlock block{*Cidr::parse(cidr), {}};
  for (const char* e : except) block.except.push_back(*Cidr::parse(e));
  return {std::nullopt, std::nullopt, std::move(block)};
}
NetworkPolicyPort port(Protocol p, int number, std::optional<int> end = std::nullopt) {
  return {p, number, std::nullopt, end};
}
NetworkPolicyPort named(std::string name, Protocol p = Protocol::TCP) { return {p, std::nullopt, std::move(name), std::nullopt}; }
NetworkPolicyRule rule(std::vector<NetworkPolicyPeer> peers, std::vector<NetworkPolicyPort> ports) {
  NetworkPolicyRule r;
  r.peers = std::move(peers);
  r.ports = std::move(ports);
  r.location.file = "<scale>";
  return r;
}

// One policy template, filled in for namespace `ns`. Returns the name stem and sets the policy.
using Template = std::string (*)(NetworkPolicy&, const Namespace& ns, const std::vector<Namespace>& all, Draw&);

std::string default_deny_ingress(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw&) {
  p.ingress_type = true;
  return "default-deny-ingress";
}

std::string default_deny_egress(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw&) {
  p.ingress_type = false;
  p.egress_type = true;
  return "default-deny-egress";
}

std::string allow_dns(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw&) {
  p.ingress_type = false;
  p.egress_type = true;
  p.egress = {rule({both_peer(labels({{"app", "coredns"}}), labels({{kNameLabel, kInfraNamespace}}))},
                   {port(Protocol::UDP, 53), port(Protocol::TCP, 53)})};
  return "allow-dns";
}

std::string allow_from_ingress_controller(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw& d) {
  p.pod_selector = labels({{"tier", "frontend"}});
  p.ingress = {rule({both_peer(labels({{"app", "ingress-nginx"}}), labels({{"role", "infra"}}))},
                    {d.percent(50) ? named("http") : port(Protocol::TCP, 8080)})};
  return "allow-ingress-controller";
}

std::string allow_frontend_to_backend(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw& d) {
  static const std::vector<std::string> backends = {"api", "worker", "auth"};
  p.pod_selector = labels({{"app", d.pick(backends)}});
  p.ingress = {rule({pods_peer(labels({{"tier", "frontend"}}))}, {named("grpc"), port(Protocol::TCP, 8080)})};
  return "allow-frontend";
}

std::string allow_backend_to_data(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw& d) {
  p.pod_selector = labels({{"tier", "data"}});
  LabelSelector from;
  from.match_expressions = {{"app", SelectorOperator::In, {"api", "worker"}}};
  p.ingress = {rule({pods_peer(from)}, {d.percent(50) ? named("db") : port(Protocol::TCP, 5432)})};
  return "allow-backend-to-data";
}

std::string allow_egress_internet(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw& d) {
  static const std::vector<std::string> apps = {"api", "worker", "web"};
  p.pod_selector = labels({{"app", d.pick(apps)}});
  p.ingress_type = false;
  p.egress_type = true;
  p.egress = {rule({ip_peer("0.0.0.0/0", {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"})},
                   {port(Protocol::TCP, 443)})};
  return "allow-egress-internet";
}

std::string allow_office(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw&) {
  p.pod_selector = labels({{"tier", "frontend"}});
  p.ingress = {rule({ip_peer("203.0.113.0/24"), ip_peer("198.51.100.0/24", {"198.51.100.128/25"})},
                    {port(Protocol::TCP, 8080, 8090)})};
  return "allow-office";
}

std::string allow_monitoring(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw&) {
  LabelSelector namespaces;
  namespaces.match_expressions = {{"env", SelectorOperator::In, {"prod", "staging"}}};
  p.ingress = {rule({both_peer(labels({{"app", "prometheus"}}), namespaces)}, {named("metrics")})};
  return "allow-monitoring";
}

std::string allow_same_namespace(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw&) {
  p.pod_selector.match_expressions = {{"env", SelectorOperator::NotIn, {"dev"}}};
  p.ingress = {rule({pods_peer(LabelSelector{})}, {})};
  return "allow-same-namespace";
}

std::string allow_node_ports(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw&) {
  p.pod_selector = labels({{"tier", "frontend"}});
  p.ingress = {rule({ip_peer("10.240.0.0/16")}, {port(Protocol::TCP, 30000, 32767)})};
  return "allow-node-ports";
}

std::string egress_to_team(NetworkPolicy& p, const Namespace& ns, const std::vector<Namespace>& all, Draw& d) {
  const Namespace& other = all[d.below(all.size())];
  p.ingress_type = false;
  p.egress_type = true;
  const auto team = other.labels.find("team");
  p.egress = {rule({namespaces_peer(labels({{"team", team->second}}))}, {NetworkPolicyPort{Protocol::TCP, std::nullopt, std::nullopt, std::nullopt}, port(Protocol::UDP, 8125)})};
  return "egress-to-" + team->second;
}

std::string canary_ingress(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw&) {
  p.pod_selector.match_expressions = {{"version", SelectorOperator::Exists, {}},
                                      {"canary", SelectorOperator::DoesNotExist, {}}};
  LabelSelector from;
  from.match_expressions = {{"version", SelectorOperator::In, {"v2"}}};
  p.ingress = {rule({pods_peer(from)}, {port(Protocol::TCP, 8080), port(Protocol::SCTP, 9999)})};
  return "canary";
}

std::string allow_pod_subnet(NetworkPolicy& p, const Namespace&, const std::vector<Namespace>&, Draw& d) {
  p.pod_selector = labels({{"tier", "backend"}});
  const std::string cidr = fmt::format("10.244.{}.0/24", d.below(4));
  const std::string except = fmt::format("10.244.{}.128/25", d.below(4));
  IpBlock block{*Cidr::parse(cidr), {}};
  if (Cidr e = *Cidr::parse(except); block.cidr.contains(e)) block.except.push_back(e);
  p.ingress = {rule({NetworkPolicyPeer{std::nullopt, std::nullopt, block}}, {port(Protocol::TCP, 8000, 8100)})};
  p.ingress_type = true;
  p.egress_type = true;
  p.egress = {rule({pods_peer(labels({{"tier", "data"}}))}, {named("db")})};
  return "allow-pod-subnet";
}

struct WeightedTemplate {
  int weight;
  Template make;
};

const std::vector<WeightedTemplate>& templates() {
  static const std::vector<WeightedTemplate> all = {
      {8, default_deny_ingress},  {4, default_deny_egress},   {6, allow_dns},
      {10, allow_from_ingress_controller}, {14, allow_frontend_to_backend}, {12, allow_backend_to_data},
      {8, allow_egress_internet}, {6, allow_office},          {6, allow_monitoring},
      {6, allow_same_namespace},  {4, allow_node_ports},      {6, egress_to_team},
      {4, canary_ingress},        {6, allow_pod_subnet},
  };
  return all;
}

Template pick_template(Draw& draw) {
  int total = 0;
  for (const auto& t : templates()) total += t.weight;
  int roll = static_cast<int>(draw.below(static_cast<std::size_t>(total)));
  for (const auto& t : templates()) {
    if (roll < t.weight) return t.make;
    roll -= t.weight;
  }
  return templates().front().make;
}

std::vector<NetworkPolicy> make_policies(const ScaleSpec& spec, const std::vector<Namespace>& namespaces, Draw& draw) {
  std::map<std::pair<std::string, std::string>, int> stems;  // (namespace, stem) -> count; ordered
  std::vector<NetworkPolicy> out;
  for (int i = 0; i < spec.policies; ++i) {
    const Namespace& ns = namespaces[draw.below(namespaces.size())];
    NetworkPolicy p;
    p.namespace_name = ns.name;
    const std::string stem = pick_template(draw)(p, ns, namespaces, draw);
    const int n = stems[{ns.name, stem}]++;
    p.name = n == 0 ? stem : fmt::format("{}-{}", stem, n + 1);
    p.labels = {{"generated-by", "netpol-diff-scale"}};
    p.source = scale_ref("NetworkPolicy", p.qualified_name());
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

Cluster make_scale_cluster(const ScaleSpec& spec) {
  if (spec.namespaces < 1 || spec.pods < 0 || spec.policies < 0 || spec.nodes < 0)
    throw std::invalid_argument("scale spec: namespaces must be >= 1 and counts >= 0");
  const int node_count = spec.nodes > 0 ? spec.nodes : std::max(1, (spec.pods + 49) / 50);
  if (spec.pods > kMaxAddresses || node_count > kMaxAddresses)
    throw std::invalid_argument(fmt::format("scale spec: at most {} pods and nodes", kMaxAddresses));

  // Independent streams per part, so that changing one count leaves the other parts unchanged.
  Draw pod_draw(spec.seed * 0x9E3779B97F4A7C15ull + 1);
  Draw policy_draw(spec.seed * 0x9E3779B97F4A7C15ull + 2);

  Cluster cluster;
  cluster.namespaces = make_namespaces(spec.namespaces);
  for (int i = 0; i < node_count; ++i) {
    Node node;
    node.name = fmt::format("aks-nodepool1-{:05}", i);
    node.labels = {{"kubernetes.io/os", "linux"}, {"topology.kubernetes.io/zone", fmt::format("zone-{}", i % 3 + 1)}};
    node.addresses = {address_in(kNodeBase, i)};
    node.source = scale_ref("Node", node.name);
    cluster.nodes.push_back(std::move(node));
  }
  cluster.pods = make_pods(spec, cluster.namespaces, cluster.nodes, pod_draw);
  cluster.policies = make_policies(spec, cluster.namespaces, policy_draw);
  sort_cluster(cluster);
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) cluster.pods[i].ips = {address_in(kPodBase, static_cast<int>(i))};
  add_scale_calico_resources(cluster, spec);
  return cluster;
}

}  // namespace netpol::generators

// write_manifests() then load_text() gives back the cluster, on the fields written
// (models/loader/manifest_writer.h). Clusters are generated directly here, holding the
// invariants of models/cluster/cluster.h, with label values chosen to need quoting.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "models/loader/loader.h"
#include "models/loader/manifest_writer.h"

namespace netpol {
namespace {

// ---- equality on the written fields ----

void expect_same(const Cluster& a, const Cluster& b) {
  RC_ASSERT(a.namespaces.size() == b.namespaces.size());
  for (std::size_t i = 0; i < a.namespaces.size(); ++i) {
    RC_ASSERT(a.namespaces[i].name == b.namespaces[i].name);
    RC_ASSERT(a.namespaces[i].labels == b.namespaces[i].labels);
  }
  RC_ASSERT(a.nodes.size() == b.nodes.size());
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    RC_ASSERT(a.nodes[i].name == b.nodes[i].name);
    RC_ASSERT(a.nodes[i].labels == b.nodes[i].labels);
    RC_ASSERT(a.nodes[i].addresses == b.nodes[i].addresses);
    RC_ASSERT(a.nodes[i].pod_cidr == b.nodes[i].pod_cidr);
  }
  RC_ASSERT(a.pods.size() == b.pods.size());
  for (std::size_t i = 0; i < a.pods.size(); ++i) {
    const Pod& p = a.pods[i];
    const Pod& q = b.pods[i];
    RC_ASSERT(p.qualified_name() == q.qualified_name());
    RC_ASSERT(p.labels == q.labels);
    RC_ASSERT(p.ips == q.ips);
    RC_ASSERT(p.node_name == q.node_name);
    RC_ASSERT(p.host_network == q.host_network);
    RC_ASSERT(p.service_account == q.service_account);
    RC_ASSERT(p.phase == q.phase);
    RC_ASSERT(p.ports == q.ports);
  }
  RC_ASSERT(a.policies == b.policies);
}

// ---- generators ----

const std::vector<std::string> kLabelKeys = {"app", "tier", "example.com/team", "k8s.io/Name_x", "on"};
// Values a plain YAML scalar would read as null, bool, int or float, next to ordinary ones.
const std::vector<std::string> kLabelValues = {"", "web", "1", "true", "null", "y", "No", "0x1F", "1.5", "1e3",
                                               "v_1", "a.b", "db-2", "010"};

rc::Gen<Labels> gen_labels() {
  // A vector of pairs folded into a map: a map generator would need unique keys from a pool of 5.
  return rc::gen::map(rc::gen::resize(6, rc::gen::container<std::vector<std::pair<std::string, std::string>>>(
                                             rc::gen::pair(rc::gen::elementOf(kLabelKeys), rc::gen::elementOf(kLabelValues)))),
                      [](const std::vector<std::pair<std::string, std::string>>& pairs) {
                        return Labels(pairs.begin(), pairs.end());
                      });
}

// A non-empty set of names from `pool`.
std::set<std::string> gen_names(const std::vector<std::string>& pool) {
  auto picked = *rc::gen::resize(5, rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(pool))));
  return std::set<std::string>(picked.begin(), picked.end());
}

rc::Gen<LabelSelector> gen_selector() {
  return rc::gen::apply(
      [](Labels labels, std::vector<LabelRequirement> exprs) { return LabelSelector{std::move(labels), std::move(exprs)}; },
      gen_labels(),
      rc::gen::resize(3, rc::gen::container<std::vector<LabelRequirement>>(
          rc::gen::mapcat(rc::gen::inRange(0, 4), [](int op) {
            auto key = rc::gen::elementOf(kLabelKeys);
            if (op >= 2)
              return rc::gen::map(key, [op](std::string k) {
                return LabelRequirement{k, static_cast<SelectorOperator>(op), {}};
              });
            return rc::gen::apply(
                [op](std::string k, std::vector<std::string> v) {
                  return LabelRequirement{k, static_cast<SelectorOperator>(op), v};
                },
                key, rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(kLabelValues))));
          }))));
}

rc::Gen<NetworkPolicyPeer> gen_peer() {
  return rc::gen::mapcat(rc::gen::inRange(0, 4), [](int kind) -> rc::Gen<NetworkPolicyPeer> {
    if (kind == 0)
      return rc::gen::map(gen_selector(), [](LabelSelector s) { return NetworkPolicyPeer{s, std::nullopt, std::nullopt}; });
    if (kind == 1)
      return rc::gen::map(gen_selector(), [](LabelSelector s) { return NetworkPolicyPeer{std::nullopt, s, std::nullopt}; });
    if (kind == 2)
      return rc::gen::apply([](LabelSelector a, LabelSelector b) { return NetworkPolicyPeer{a, b, std::nullopt}; },
                            gen_selector(), gen_selector());
    return rc::gen::apply(
        [](int octet, bool with_except, bool v6) {
          IpBlock block;
          if (v6) {
            block.cidr = *Cidr::parse("fd00:" + std::to_string(octet) + "::/32");
            if (with_except) block.except.push_back(*Cidr::parse("fd00:" + std::to_string(octet) + ":8000::/33"));
          } else {
            block.cidr = *Cidr::parse(std::to_string(octet) + ".0.0.0/8");
            if (with_except) block.except.push_back(*Cidr::parse(std::to_string(octet) + ".1.0.0/16"));
          }
          return NetworkPolicyPeer{std::nullopt, std::nullopt, block};
        },
        rc::gen::inRange(1, 200), rc::gen::arbitrary<bool>(), rc::gen::arbitrary<bool>());
  });
}

rc::Gen<NetworkPolicyPort> gen_port() {
  return rc::gen::apply(
      [](int proto, int shape, int port, int width) {
        NetworkPolicyPort p;
        p.protocol = static_cast<Protocol>(proto);
        if (shape == 1) p.port = port;
        if (shape == 2) {
          p.port = port;
          p.end_port = std::min(65535, port + width);
        }
        if (shape == 3) p.name = std::vector<std::string>{"http", "dns-udp", "metrics9"}[static_cast<std::size_t>(port % 3)];
        return p;
      },
      rc::gen::inRange(0, 3), rc::gen::inRange(0, 4), rc::gen::inRange(1, 65536), rc::gen::inRange(0, 100));
}

rc::Gen<std::vector<NetworkPolicyRule>> gen_rules() {
  return rc::gen::resize(
      3, rc::gen::container<std::vector<NetworkPolicyRule>>(rc::gen::apply(
             [](std::vector<NetworkPolicyPeer> peers, std::vector<NetworkPolicyPort> ports) {
               NetworkPolicyRule r;
               r.peers = std::move(peers);
               r.ports = std::move(ports);
               return r;
             },
             rc::gen::resize(3, rc::gen::container<std::vector<NetworkPolicyPeer>>(gen_peer())),
             rc::gen::resize(3, rc::gen::container<std::vector<NetworkPolicyPort>>(gen_port())))));
}

Cluster gen_cluster() {
  Cluster c;
  const std::vector<std::string> names = {"a", "web", "db-1", "x.y", "y", "no", "123"};
  // Namespaces (DNS labels: no dots).
  auto ns_names = gen_names({"default", "prod", "y", "kube-system", "1"});
  for (const std::string& n : ns_names) {
    Namespace ns;
    ns.name = n;
    ns.labels = *gen_labels();
    ns.labels["kubernetes.io/metadata.name"] = n;
    c.namespaces.push_back(ns);
  }
  std::vector<std::string> namespaces(ns_names.begin(), ns_names.end());

  // Nodes with one or two addresses each, all distinct.
  auto node_names = gen_names(names);
  int next_node_ip = 1;
  for (const std::string& n : node_names) {
    Node node;
    node.name = n;
    node.labels = *gen_labels();
    node.addresses.push_back(IpAddress::v4(0x0af00000u + static_cast<std::uint32_t>(next_node_ip++)));
    if (*rc::gen::arbitrary<bool>()) node.addresses.push_back(*IpAddress::parse("fd00:f0::" + std::to_string(next_node_ip++)));
    if (*rc::gen::arbitrary<bool>()) node.pod_cidr = *Cidr::parse("10.244." + std::to_string(next_node_ip) + ".0/24");
    c.nodes.push_back(node);
  }
  std::vector<std::string> nodes(node_names.begin(), node_names.end());

  // Pods.
  std::set<std::pair<std::string, std::string>> pod_keys;
  const int pod_count = *rc::gen::inRange(0, 6);
  std::uint32_t next_pod_ip = 1;
  for (int i = 0; i < pod_count; ++i) {
    Pod p;
    p.namespace_name = *rc::gen::elementOf(namespaces);
    p.name = *rc::gen::elementOf(names);
    if (!pod_keys.insert({p.namespace_name, p.name}).second) continue;
    p.labels = *gen_labels();
    p.service_account = *rc::gen::elementOf(std::vector<std::string>{"default", "robot"});
    const int shape = *rc::gen::inRange(0, 5);  // 0..2 running, 3 pending unscheduled, 4 succeeded
    if (shape == 3) {
      p.phase = PodPhase::Pending;
    } else {
      p.node_name = *rc::gen::elementOf(nodes);
      p.phase = shape == 4 ? PodPhase::Succeeded : PodPhase::Running;
      if (shape == 2) {
        p.host_network = true;
        for (const Node& n : c.nodes)
          if (n.name == p.node_name) p.ips = n.addresses;
      } else if (shape != 4) {
        p.ips.push_back(IpAddress::v4(0x0a010000u + next_pod_ip++));
        if (*rc::gen::arbitrary<bool>()) p.ips.push_back(*IpAddress::parse("fd00:1::" + std::to_string(next_pod_ip++)));
      }
    }
    // Init-container ports first: the order the loader reads them in.
    for (bool init : {true, false}) {
      const int n = *rc::gen::inRange(0, 3);
      for (int k = 0; k < n; ++k) {
        ContainerPort port;
        port.init_container = init;
        port.port = *rc::gen::inRange(1, 65536);
        port.protocol = static_cast<Protocol>(*rc::gen::inRange(0, 3));
        port.name = *rc::gen::elementOf(std::vector<std::string>{"", "http", "grpc-2"});
        p.ports.push_back(port);
      }
    }
    c.pods.push_back(p);
  }
  std::sort(c.pods.begin(), c.pods.end(), [](const Pod& a, const Pod& b) {
    return std::tie(a.namespace_name, a.name) < std::tie(b.namespace_name, b.name);
  });

  // Policies.
  std::set<std::pair<std::string, std::string>> policy_keys;
  const int policy_count = *rc::gen::inRange(0, 4);
  for (int i = 0; i < policy_count; ++i) {
    NetworkPolicy p;
    p.namespace_name = *rc::gen::elementOf(namespaces);
    p.name = *rc::gen::elementOf(names);
    if (!policy_keys.insert({p.namespace_name, p.name}).second) continue;
    p.labels = *gen_labels();
    p.pod_selector = *gen_selector();
    const int types = *rc::gen::inRange(1, 4);
    p.ingress_type = types & 1;
    p.egress_type = types & 2;
    p.ingress = *gen_rules();
    p.egress = *gen_rules();
    c.policies.push_back(p);
  }
  std::sort(c.policies.begin(), c.policies.end(), [](const NetworkPolicy& a, const NetworkPolicy& b) {
    return std::tie(a.namespace_name, a.name) < std::tie(b.namespace_name, b.name);
  });
  return c;
}

RC_GTEST_PROP(ManifestRoundTrip, LoadOfWriteGivesTheSameCluster, ()) {
  const Cluster c = gen_cluster();
  const std::string text = write_manifests(c);
  LoadResult back;
  try {
    back = load_text(text, "roundtrip.yaml");
  } catch (const InputError& e) {
    RC_FAIL(std::string(e.what()) + "\n" + text);
  }
  RC_LOG() << text;
  expect_same(c, back.cluster);
}

TEST(ManifestRoundTrip, QuotesValuesThatPlainYamlWouldRetype) {
  Cluster c;
  Namespace ns;
  ns.name = "y";
  ns.labels = {{"kubernetes.io/metadata.name", "y"}, {"count", "1"}, {"flag", "true"}, {"empty", ""}};
  c.namespaces.push_back(ns);
  const std::string text = write_manifests(c);
  EXPECT_NE(text.find("name: \"y\""), std::string::npos) << text;
  EXPECT_NE(text.find("count: \"1\""), std::string::npos) << text;
  EXPECT_NE(text.find("empty: \"\""), std::string::npos) << text;
  LoadResult back = load_text(text);
  ASSERT_EQ(back.cluster.namespaces.size(), 1u);
  EXPECT_EQ(back.cluster.namespaces[0].labels, ns.labels);
}

TEST(ManifestRoundTrip, ExtraSectionsRunAfterKubernetesDocuments) {
  Cluster c;
  c.namespaces.push_back({"a", {{"kubernetes.io/metadata.name", "a"}}, true, {}});
  const std::string text = write_manifests(c, {[](const Cluster&, YAML::Emitter& out) {
    out << YAML::BeginDoc << YAML::BeginMap << YAML::Key << "apiVersion" << YAML::Value << "v1" << YAML::Key << "kind"
        << YAML::Value << "ConfigMap" << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap << YAML::Key << "name"
        << YAML::Value << "extra" << YAML::EndMap << YAML::EndMap;
  }});
  LoadResult back = load_text(text);
  ASSERT_EQ(back.warnings.size(), 1u);  // the ConfigMap is an unknown kind
  EXPECT_EQ(back.warnings[0].location.document, 1);
}

}  // namespace
}  // namespace netpol

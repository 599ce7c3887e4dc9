// Effective labels of Calico endpoints, read through layers (models/calico/endpoints.h
// LabelLayers) instead of a merged map.
//
// Sources (projectcalico/calico):
//  - libcalico-go/lib/backend/k8s/conversion/workload_endpoint_default.go
//    podToDefaultWorkloadEndpoint: projectcalico.org/namespace, /orchestrator and
//    /serviceaccount are set on top of the pod's labels;
//  - conversion.go NamespaceToProfile / ServiceAccountToProfile: kns.<ns> applies pcns.<k> and
//    pcns.projectcalico.org/name, ksa.<ns>.<sa> applies pcsa.projectcalico.org/name;
//  - felix/labelindex/label_inheritance_index.go: an endpoint's own labels hide its profiles'
//    labels, and among profiles the first one listing a label wins.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "generators/scale.h"
#include "models/calico/endpoints.h"
#include "models/calico/selector/evaluate.h"
#include "models/calico/selector/parser.h"
#include "models/calico/selector_index.h"
#include "tests/calico/calico_test_support.h"

namespace netpol::calico {
namespace {

std::map<std::string, ProfileDef> profiles_with(std::vector<std::pair<std::string, Labels>> defs) {
  std::map<std::string, ProfileDef> out;
  for (auto& [name, labels] : defs) {
    ProfileDef p;
    p.name = name;
    p.labels_to_apply = std::move(labels);
    out[name] = std::move(p);
  }
  return out;
}

// label_inheritance_index.go: set labels, then own labels, then profiles in order.
TEST(LabelLayersTest, UpperLayersHideLowerOnesAndTheFirstProfileWins) {
  const auto defs = profiles_with({{"first", {{"team", "from-first"}, {"only-first", "1"}}},
                                   {"second", {{"team", "from-second"}, {"app", "from-second"}, {"only-second", "2"}}}});
  const Labels own{{"app", "own"}, {"projectcalico.org/namespace", "forged"}};
  const std::string real_namespace = "prod";
  const LabelLayers layers = layered_labels({{&kNamespaceLabel, &real_namespace}}, own, {"first", "second", "missing"}, defs);

  struct Row {
    std::string key;
    const char* want;  // nullptr: absent
  };
  const Row rows[] = {
      {"projectcalico.org/namespace", "prod"},  // set on the endpoint: the pod's own value is hidden
      {"app", "own"},                           // own hides the profiles
      {"team", "from-first"},                   // the first profile listing it wins
      {"only-first", "1"},
      {"only-second", "2"},
      {"absent", nullptr},
  };
  for (const Row& row : rows) {
    const std::string* got = layers.find(row.key);
    if (row.want == nullptr) {
      EXPECT_EQ(got, nullptr) << row.key;
    } else {
      ASSERT_NE(got, nullptr) << row.key;
      EXPECT_EQ(*got, row.want) << row.key;
    }
  }
}

// Law: the merged map holds exactly the keys find() answers, with the same values.
TEST(LabelLayersTest, MergedAgreesWithFindOnEveryKey) {
  const auto defs = profiles_with({{"a", {{"x", "a"}, {"y", "a"}}}, {"b", {{"y", "b"}, {"z", "b"}}}});
  const Labels own{{"x", "own"}, {"w", "own"}};
  const std::string v = "set";
  const LabelLayers layers = layered_labels({{&kOrchestratorLabel, &v}}, own, {"a", "b"}, defs);
  const Labels merged = layers.merged();
  EXPECT_EQ(merged.size(), 5u);
  for (const auto& [key, value] : merged) {
    const std::string* got = layers.find(key);
    ASSERT_NE(got, nullptr) << key;
    EXPECT_EQ(*got, value) << key;
  }
}

// workload_endpoint_default.go + NamespaceToProfile + ServiceAccountToProfile, end to end
// through build_calico_world: what a pod's endpoint carries.
TEST(LabelLayersTest, WorkloadCarriesCalicoLabelsAndInheritsNamespaceAndServiceAccountLabels) {
  testing::ClusterBuilder b;
  b.ns("shop", {{"team", "blue"}});
  b.pod("shop", "web", "10.0.0.5", {{"app", "web"}, {"projectcalico.org/namespace", "forged"}});
  b.last_pod().service_account = "builder";
  const Cluster cluster = b.build();
  const CalicoWorld world = build_calico_world(cluster, false);
  const CalicoEndpoint& web = world.endpoints.at(static_cast<std::size_t>(world.workload_of_pod.at(0)));
  const Labels labels = world.labels(web).merged();
  EXPECT_EQ(labels.at("app"), "web");
  EXPECT_EQ(labels.at("projectcalico.org/namespace"), "shop");
  EXPECT_EQ(labels.at("projectcalico.org/orchestrator"), "k8s");
  EXPECT_EQ(labels.at("projectcalico.org/serviceaccount"), "builder");
  EXPECT_EQ(labels.at("pcns.team"), "blue");
  EXPECT_EQ(labels.at("pcns.projectcalico.org/name"), "shop");
  EXPECT_EQ(labels.at("pcsa.projectcalico.org/name"), "builder");
  EXPECT_EQ(world.profiles_of(web), (std::vector<std::string>{"kns.shop", "ksa.shop.builder"}));
}

// Alike pods (same namespace, service account and labels) share one label set and profile
// list; a pod differing in one label gets its own.
TEST(LabelLayersTest, AlikePodsShareOneLabelSet) {
  testing::ClusterBuilder b;
  b.ns("shop");
  b.pod("shop", "web-1", "10.0.0.5", {{"app", "web"}});
  b.pod("shop", "web-2", "10.0.0.6", {{"app", "web"}});
  b.pod("shop", "db-1", "10.0.0.7", {{"app", "db"}});
  const Cluster cluster = b.build();
  const CalicoWorld world = build_calico_world(cluster, false);
  std::map<std::string, int> set_of;
  for (const CalicoEndpoint& e : world.endpoints)
    set_of[cluster.pods.at(static_cast<std::size_t>(e.pod)).name] = e.label_set;
  EXPECT_EQ(set_of.at("web-1"), set_of.at("web-2"));
  EXPECT_NE(set_of.at("web-1"), set_of.at("db-1"));
  EXPECT_EQ(world.label_sets.size(), 2u);
}

}  // namespace
}  // namespace netpol::calico

namespace netpol::calico {
namespace {

// SelectorIndex answers selectors from a table of each class's label values, filled once from
// the layers (selector_index.h). It must read exactly what LabelLayers::find reads: the
// layer order of label_inheritance_index.go, labels Calico sets on top (projectcalico.org/*),
// inherited profile labels (pcns., pcsa.) at the bottom. Checked over a generated cluster
// with a selector on every kind of key, including one no endpoint carries.
void expect_index_agrees_with_layers(Cluster cluster, const std::vector<std::string>& texts, std::size_t& matched) {
  const auto indexed = testing::index_cluster(std::move(cluster));
  const CalicoWorld& world = indexed->world;
  SelectorIndex& index = *indexed->index;
  for (const std::string& text : texts) {
    const selector::Selector sel = selector::parse(text);
    const int id = index.intern(sel);
    for (std::size_t k = 0; k < world.label_sets.size(); ++k) {
      const LabelLayers& layers = world.label_sets[k];
      const bool expected = selector::evaluate(sel.root(), [&](const std::string& key) { return layers.find(key); });
      EXPECT_EQ(index.matches_class(id, static_cast<int>(k)), expected) << text << " on label set " << k;
      matched += expected ? 1 : 0;
    }
  }
}

// Where layers disagree: a pod forging projectcalico.org/namespace (the set layer wins) and
// carrying its own pcns.team (its own label hides the namespace profile's).
TEST(LabelLayersTest, SelectorIndexReadsLayersInOrder) {
  testing::ClusterBuilder b;
  b.ns("shop", {{"team", "payments"}});
  b.pod("shop", "forger", "10.0.0.5", {{"projectcalico.org/namespace", "other"}, {"pcns.team", "own"}});
  b.pod("shop", "plain", "10.0.0.6", {{"app", "web"}});
  std::size_t matched = 0;
  expect_index_agrees_with_layers(b.build(),
                                  {"projectcalico.org/namespace == 'shop'", "projectcalico.org/namespace == 'other'",
                                   "pcns.team == 'own'", "pcns.team == 'payments'"},
                                  matched);
  // shop matches both pods, 'other' none; pcns.team is 'own' for the forger, 'payments' for the other.
  EXPECT_EQ(matched, 4u);
}

TEST(LabelLayersTest, SelectorIndexMatchesWhatTheLayersSay) {
  generators::ScaleSpec spec;
  spec.namespaces = 4;
  spec.pods = 60;
  spec.policies = 6;
  spec.nodes = 3;
  spec.seed = 11;
  spec.calico.global_network_sets = 4;
  spec.calico.host_endpoint_per_node = true;
  const std::vector<std::string> texts = {
      "app == 'api'", "tier in {'backend', 'data'}", "has(canary)", "!has(app)",
      "projectcalico.org/namespace == 'ns-1'", "projectcalico.org/orchestrator == 'k8s'",
      "pcns.projectcalico.org/name == 'ns-2'", "has(pcns.team)", "pcsa.projectcalico.org/name == 'default'",
      "host-endpoint == 'true'", "never-a-label == 'x'", "app starts with 'a' && env != 'prod'", "all()"};
  std::size_t matched = 0;
  expect_index_agrees_with_layers(generators::make_scale_cluster(spec), texts, matched);
  EXPECT_GT(matched, 0u);  // the selectors are not all vacuous on this cluster
}

}  // namespace
}  // namespace netpol::calico

namespace netpol::calico {
namespace {

// workload_endpoint_default.go appendEndpointPorts: containers' named ports first, then init
// containers'; a port needs a name and a non-zero number. Each workload sees its own ports.
TEST(LabelLayersTest, WorkloadNamedPortsAreContainersThenInitContainers) {
  testing::ClusterBuilder b;
  b.pod("shop", "web", "10.0.0.5", {{"app", "web"}});
  b.pod("shop", "db", "10.0.0.6", {{"app", "db"}});
  Cluster cluster = b.build();
  cluster.pods[0].ports = {ContainerPort{"warmup", 9000, Protocol::TCP, true}, ContainerPort{"http", 8080, Protocol::TCP, false},
                           ContainerPort{"", 8081, Protocol::TCP, false}, ContainerPort{"dns", 53, Protocol::UDP, false}};
  cluster.pods[1].ports = {ContainerPort{"sql", 5432, Protocol::TCP, false}};
  const CalicoWorld world = build_calico_world(cluster, false);
  ASSERT_EQ(world.endpoints.size(), 2u);
  const auto& web = world.endpoints[static_cast<std::size_t>(world.workload_of_pod[0])].ports;
  ASSERT_EQ(web.size(), 3u);
  EXPECT_EQ(web[0].name, "http");
  EXPECT_EQ(web[1].name, "dns");
  EXPECT_EQ(web[1].protocol, Protocol::UDP);
  EXPECT_EQ(web[2].name, "warmup");
  const auto& db = world.endpoints[static_cast<std::size_t>(world.workload_of_pod[1])].ports;
  ASSERT_EQ(db.size(), 1u);
  EXPECT_EQ(db[0].name, "sql");
  EXPECT_EQ(db[0].port, 5432);
}

}  // namespace
}  // namespace netpol::calico

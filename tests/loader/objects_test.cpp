// Kinds the loader reads: Namespace, Pod, Node, the workloads, List, unknown kinds.
#include <string>

#include <gtest/gtest.h>

#include "tests/loader/load_helpers.h"

namespace netpol {
namespace {

using testing::contains;
using testing::expect_error_at;
using testing::load_error;

// pkg/apis/core/v1/defaults.go SetDefaults_Namespace: the label is always the name.
TEST(Namespaces, SetDefaultsNamespaceMetadataNameLabelOverridesUserValue) {
  LoadResult r = load_text(
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels:\n    team: a\n"
      "    kubernetes.io/metadata.name: other\n");
  ASSERT_EQ(r.cluster.namespaces.size(), 1u);
  EXPECT_EQ(r.cluster.namespaces[0].labels.at("kubernetes.io/metadata.name"), "prod");
  EXPECT_EQ(r.cluster.namespaces[0].labels.at("team"), "a");
  EXPECT_TRUE(r.cluster.namespaces[0].declared);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(contains(r.warnings[0].message, "replaced")) << r.warnings[0].to_string();
}

// core/validation ValidateNamespaceName = NameIsDNSLabel: no dots.
TEST(Namespaces, ValidateNamespaceNameIsDnsLabel) {
  expect_error_at(load_error("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a.b\n", "ns.yaml"), "ns.yaml", 0, 4,
                  "metadata.name");
  expect_error_at(load_error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: Prod\n", "ns.yaml"),
                  "ns.yaml", 0, 5, "metadata.namespace");
}

TEST(Pods, ReadsLabelsPortsNodeStatusAndDefaults) {
  LoadResult r = load_text(
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\n"
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: x\n  labels: {app: web, 'example.com/tier': ''}\n"
      "spec:\n  nodeName: n1\n  serviceAccountName: robot\n"
      "  initContainers:\n  - name: i\n    ports: [{containerPort: 9000, name: init-port}]\n"
      "  containers:\n  - name: c\n    ports:\n    - {containerPort: 80, name: http}\n    - {containerPort: 53, protocol: UDP}\n"
      "status:\n  phase: Running\n  podIP: 10.1.2.3\n  podIPs: [{ip: 10.1.2.3}, {ip: 'fd00::3'}]\n");
  ASSERT_EQ(r.cluster.pods.size(), 1u);
  const Pod& p = r.cluster.pods[0];
  EXPECT_EQ(p.qualified_name(), "x/a");
  EXPECT_EQ(p.labels.at("app"), "web");
  EXPECT_EQ(p.labels.at("example.com/tier"), "");
  EXPECT_EQ(p.node_name, "n1");
  EXPECT_EQ(p.service_account, "robot");
  ASSERT_EQ(p.ports.size(), 3u);
  EXPECT_EQ(p.ports[0], (ContainerPort{"init-port", 9000, Protocol::TCP, true}));
  EXPECT_EQ(p.ports[1], (ContainerPort{"http", 80, Protocol::TCP, false}));  // SetDefaults_ContainerPort: TCP
  EXPECT_EQ(p.ports[2], (ContainerPort{"", 53, Protocol::UDP, false}));
  ASSERT_EQ(p.ips.size(), 2u);  // IPv6 kept
  EXPECT_EQ(p.ips[0].to_string(), "10.1.2.3");
  EXPECT_EQ(p.ips[1].to_string(), "fd00::3");
  EXPECT_FALSE(p.ips_assigned);
  EXPECT_EQ(p.owner_kind, "");
  EXPECT_EQ(p.source.kind, "Pod");
  EXPECT_EQ(p.source.location.document, 1);
}

TEST(Pods, NamespaceDefaultsToDefault) {
  LoadResult r = load_text("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n");
  ASSERT_EQ(r.cluster.pods.size(), 1u);
  EXPECT_EQ(r.cluster.pods[0].namespace_name, "default");
  EXPECT_EQ(r.cluster.pods[0].service_account, "default");
}

TEST(Pods, PodIpMustMatchPodIpsAndOnePerFamily) {
  expect_error_at(load_error("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nstatus:\n  podIP: 10.0.0.1\n"
                             "  podIPs: [{ip: 10.0.0.2}]\n",
                             "p.yaml"),
                  "p.yaml", 0, 5, "status.podIP");
  expect_error_at(load_error("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nstatus:\n  podIPs: [{ip: 10.0.0.2}, {ip: 10.0.0.3}]\n",
                             "p.yaml"),
                  "p.yaml", 0, 5, "status.podIPs[1].ip");
  expect_error_at(load_error("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nstatus:\n  podIP: 10.0.0.256\n", "p.yaml"),
                  "p.yaml", 0, 5, "status.podIP");
}

// core/validation validateContainerPorts.
TEST(Pods, ValidateContainerPorts) {
  expect_error_at(load_error("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
                             "  - ports: [{containerPort: 0}]\n",
                             "p.yaml"),
                  "p.yaml", 0, 6, "spec.containers[0].ports[0].containerPort");
  expect_error_at(load_error("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
                             "  - ports: [{containerPort: 80, name: HTTP}]\n",
                             "p.yaml"),
                  "p.yaml", 0, 6, "spec.containers[0].ports[0].name");
}

std::string workload(const std::string& api, const std::string& kind, const std::string& template_path_prefix) {
  return "apiVersion: " + api + "\nkind: " + kind + "\nmetadata:\n  name: w\n  namespace: x\n  labels: {owner: me}\n" +
         template_path_prefix +
         "metadata:\n      labels: {app: w}\n    spec:\n      nodeName: n2\n      hostNetwork: false\n"
         "      serviceAccountName: sa\n      containers:\n      - ports: [{containerPort: 8080}]\n"
         "      initContainers:\n      - ports: [{containerPort: 9090, protocol: SCTP}]\n";
}

TEST(Workloads, EachKindBecomesOneRepresentativePod) {
  const std::pair<const char*, const char*> kinds[] = {{"apps/v1", "Deployment"}, {"apps/v1", "StatefulSet"},
                                                      {"apps/v1", "DaemonSet"},  {"apps/v1", "ReplicaSet"},
                                                      {"batch/v1", "Job"}};
  for (const auto& [api, kind] : kinds) {
    LoadResult r = load_text(workload(api, kind, "spec:\n  replicas: 3\n  template:\n    "));
    ASSERT_EQ(r.cluster.pods.size(), 1u) << kind;
    const Pod& p = r.cluster.pods[0];
    EXPECT_EQ(p.qualified_name(), "x/w") << kind;
    EXPECT_EQ(p.owner_kind, kind);
    EXPECT_EQ(p.labels, (Labels{{"app", "w"}})) << "template labels, not the workload's";
    EXPECT_EQ(p.node_name, "n2");
    EXPECT_EQ(p.service_account, "sa");
    ASSERT_EQ(p.ports.size(), 2u);
    EXPECT_EQ(p.ports[0], (ContainerPort{"", 9090, Protocol::SCTP, true}));
    EXPECT_EQ(p.ports[1], (ContainerPort{"", 8080, Protocol::TCP, false}));
    EXPECT_EQ(p.source.kind, kind);
  }
}

TEST(Workloads, CronJobUsesJobTemplate) {
  LoadResult r = load_text(
      "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: w, namespace: x}\nspec:\n  schedule: '* * * * *'\n"
      "  template: {metadata: {labels: {wrong: place}}}\n"
      "  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: w}}\n"
      "        spec: {containers: [{ports: [{containerPort: 80}]}]}\n");
  ASSERT_EQ(r.cluster.pods.size(), 1u);
  EXPECT_EQ(r.cluster.pods[0].owner_kind, "CronJob");
  EXPECT_EQ(r.cluster.pods[0].labels, (Labels{{"app", "w"}}));
  EXPECT_EQ(r.cluster.pods[0].ports.at(0).port, 80);
}

TEST(Workloads, MissingTemplateIsAnError) {
  InputError e = load_error("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  replicas: 1\n", "w.yaml");
  expect_error_at(e, "w.yaml", 0, 5, "spec.template");
}

TEST(Nodes, InternalIpFirstThenExternalAndPodCidr) {
  LoadResult r = load_text(
      "apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {zone: a}}\nspec: {podCIDR: 10.244.1.0/24}\n"
      "status:\n  addresses:\n  - {type: Hostname, address: n1}\n  - {type: ExternalIP, address: 20.1.1.1}\n"
      "  - {type: InternalIP, address: 10.240.0.4}\n  - {type: InternalIP, address: 'fd00::4'}\n");
  ASSERT_EQ(r.cluster.nodes.size(), 1u);
  const Node& n = r.cluster.nodes[0];
  ASSERT_EQ(n.addresses.size(), 3u);
  EXPECT_EQ(n.addresses[0].to_string(), "10.240.0.4");
  EXPECT_EQ(n.addresses[1].to_string(), "fd00::4");
  EXPECT_EQ(n.addresses[2].to_string(), "20.1.1.1");
  EXPECT_EQ(n.pod_cidr->to_string(), "10.244.1.0/24");
  EXPECT_EQ(n.labels.at("zone"), "a");
}

TEST(Documents, ListItemsAreLoadedWithTheirPaths) {
  const char* text =
      "apiVersion: v1\nkind: List\nitems:\n"
      "- apiVersion: v1\n  kind: Namespace\n  metadata: {name: x}\n"
      "- apiVersion: v1\n  kind: Pod\n  metadata: {name: a, namespace: x}\n";
  LoadResult r = load_text(text);
  EXPECT_EQ(r.cluster.namespaces.size(), 1u);
  ASSERT_EQ(r.cluster.pods.size(), 1u);
  InputError e = load_error(
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a, labels: {t: 1}}\n",
      "list.yaml");
  expect_error_at(e, "list.yaml", 0, 6, "items[0].metadata.labels.t");
}

TEST(Documents, TypedListItemsInheritKind) {
  LoadResult r = load_text("apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a}\n- metadata: {name: b}\n");
  EXPECT_EQ(r.cluster.pods.size(), 2u);
}

TEST(Documents, EmptyDocumentsAreSkippedButCounted) {
  InputError e = load_error("---\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: A}\n", "e.yaml");
  expect_error_at(e, "e.yaml", 1, 5, "metadata.name");
  LoadResult r = load_text("---\n# nothing\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n");
  EXPECT_EQ(r.cluster.pods.size(), 1u);
}

TEST(Documents, UnknownKindIsAWarningNamingFileDocumentAndKind) {
  LoadResult r = load_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\n"
                           "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: x}\n",
                           "svc.yaml");
  ASSERT_EQ(r.warnings.size(), 1u);
  const Diagnostic& w = r.warnings[0];
  EXPECT_EQ(w.location.file, "svc.yaml");
  EXPECT_EQ(w.location.document, 1);
  EXPECT_EQ(w.location.line, 5);
  EXPECT_TRUE(contains(w.message, "Service")) << w.to_string();
  EXPECT_TRUE(contains(w.message, "x/web")) << w.to_string();
  EXPECT_EQ(r.cluster.namespaces.size(), 1u);
}

TEST(Documents, UnknownCalicoKindIsAWarning) {
  LoadResult r = load_text("apiVersion: projectcalico.org/v3\nkind: NoSuchCalicoKind\nmetadata: {name: x}\n", "c.yaml");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(contains(r.warnings[0].message, "NoSuchCalicoKind")) << r.warnings[0].to_string();
}

TEST(Documents, MissingApiVersionKindOrNameIsAnError) {
  expect_error_at(load_error("kind: Pod\nmetadata: {name: a}\n", "m.yaml"), "m.yaml", 0, 1, "apiVersion");
  expect_error_at(load_error("apiVersion: v1\nmetadata: {name: a}\n", "m.yaml"), "m.yaml", 0, 1, "kind");
  expect_error_at(load_error("apiVersion: v1\nkind: Pod\nmetadata: {labels: {}}\n", "m.yaml"), "m.yaml", 0, 3,
                  "metadata.name");
  expect_error_at(load_error("apiVersion: v1\nkind: Pod\nspec: {}\n", "m.yaml"), "m.yaml", 0, 1, "metadata");
}

TEST(Documents, KnownKindWithRetiredApiVersionIsAnError) {
  InputError e = load_error("apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: a}\n", "old.yaml");
  expect_error_at(e, "old.yaml", 0, 1, "apiVersion");
  EXPECT_TRUE(contains(e.what(), "networking.k8s.io/v1")) << e.what();
}

TEST(Documents, JsonInput) {
  LoadResult r = load_text(R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "labels": {"tier": "1"}},
    "spec": {"containers": [{"ports": [{"containerPort": 80}]}]}})",
                           "pod.json");
  ASSERT_EQ(r.cluster.pods.size(), 1u);
  EXPECT_EQ(r.cluster.pods[0].labels.at("tier"), "1");
  EXPECT_EQ(r.cluster.pods[0].ports.at(0).port, 80);
}

}  // namespace
}  // namespace netpol

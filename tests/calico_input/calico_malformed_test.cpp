// Malformed Calico input: every rejection names the file, the document, the line and the
// field path, as the foundation's errors do (shared/reference/input-hardening.md), and the CLI
// turns it into exit code 2 (an InputError).
#include <gtest/gtest.h>

#include "tests/calico_input/calico_test_util.h"

namespace netpol {
namespace {

using testing::load_calico;
using testing::reject_calico;

// The second document is bad at line 11 (1-based), document index 1.
constexpr const char* kTwoDocuments = R"(apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: ok}
spec: {nets: [10.0.0.0/8]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: bad
spec:
  selector: "app == "
)";

TEST(CalicoMalformed, ErrorNamesFileDocumentLineAndField) {
  auto e = reject_calico(kTwoDocuments);
  ASSERT_TRUE(e.rejected);
  EXPECT_EQ(e.location.file, "calico.yaml");
  EXPECT_EQ(e.location.document, 1);
  EXPECT_EQ(e.location.line, 11);
  EXPECT_EQ(e.field, "spec.selector");
  EXPECT_NE(e.message.find("invalid selector"), std::string::npos);
  EXPECT_NE(e.what.find("calico.yaml:11:"), std::string::npos);
  EXPECT_NE(e.what.find("(document 1)"), std::string::npos);
  EXPECT_NE(e.what.find("(field: spec.selector)"), std::string::npos);
}

struct WrongType {
  const char* spec;
  const char* field;
};

// Values of the wrong YAML type: Calico's JSON decoding rejects them (a quoted number is not a
// float64, a mapping is not a string, a number is not a string label value).
// Cluster-scoped Calico kinds (genclient:nonNamespaced in projectcalico/calico
// api/pkg/apis/projectcalico/v3) are named without a namespace; namespaced ones with theirs.
TEST(CalicoMalformed, MessagesNameClusterScopedKindsWithoutANamespace) {
  auto global = reject_calico(kTwoDocuments);
  EXPECT_NE(global.what.find("GlobalNetworkPolicy bad"), std::string::npos) << global.what;
  EXPECT_EQ(global.what.find("default/bad"), std::string::npos) << global.what;
  auto namespaced = reject_calico(R"(apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: bad, namespace: web}
spec:
  selector: "app == "
)");
  EXPECT_NE(namespaced.what.find("NetworkPolicy web/bad"), std::string::npos) << namespaced.what;
}

TEST(CalicoMalformed, WrongTypesAreRejectedAtTheirField) {
  const WrongType cases[] = {
      {"{selector: 5}", "spec.selector"},
      {"{selector: [a]}", "spec.selector"},
      {"{order: abc}", "spec.order"},
      {"{order: [1]}", "spec.order"},
      {"{ingress: {action: Allow}}", "spec.ingress"},
      {"{ingress: [{action: [Allow]}]}", "spec.ingress[0].action"},
      {"{ingress: [{action: Allow, source: [x]}]}", "spec.ingress[0].source"},
      {"{ingress: [{action: Allow, protocol: {n: 6}}]}", "spec.ingress[0].protocol"},
      {"{ingress: [{action: Allow, protocol: TCP, destination: {ports: [{p: 1}]}}]}", "spec.ingress[0].destination.ports[0]"},
      {"{ingress: [{action: Allow, source: {nets: 10.0.0.0/8}}]}", "spec.ingress[0].source.nets"},
      {"{ingress: [{action: Allow, ipVersion: '4'}]}", "spec.ingress[0].ipVersion"},
      {"{types: Ingress}", "spec.types"},
      {"{doNotTrack: 1, applyOnForward: true}", "spec.doNotTrack"},
  };
  for (const WrongType& c : cases) {
    auto e = reject_calico(testing::gnp(c.spec));
    EXPECT_EQ(e.field, c.field) << c.spec << " -> " << e.what;
    EXPECT_GT(e.location.line, 0) << c.spec;
  }
}

TEST(CalicoMalformed, UnknownFieldsRejected) {  // calicoctl resourcemgr.go yaml.UnmarshalStrict
  EXPECT_EQ(reject_calico(testing::gnp("{selectr: all()}")).field, "spec.selectr");
  EXPECT_EQ(reject_calico(testing::gnp("{ingress: [{action: Allow, source: {nets: [], port: [1]}}]}")).field,
            "spec.ingress[0].source.port");
  EXPECT_EQ(reject_calico(testing::gnp("{ingress: [{action: Allow, icmp: {typ: 1}}]}")).field,
            "spec.ingress[0].icmp.typ");
  EXPECT_EQ(reject_calico("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: t}\nspecs: {}\n").field, "specs");
}

TEST(CalicoMalformed, MetadataProblems) {
  EXPECT_NE(reject_calico("apiVersion: projectcalico.org/v3\nkind: Tier\nspec: {}\n").message.find("no metadata"),
            std::string::npos);
  EXPECT_EQ(reject_calico("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {labels: {a: b}}\n").field,
            "metadata");
  EXPECT_EQ(reject_calico("apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata: {name: s, namespace: Bad_NS}\n").field,
            "metadata.namespace");
  // Label values must be strings (validateObjectMetaLabels; JSON map[string]string).
  EXPECT_EQ(reject_calico("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: s, labels: {tier: 1}}\n").field,
            "metadata.labels.tier");
  EXPECT_EQ(reject_calico("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: s, labels: {a: 'b c'}}\n").field,
            "metadata.labels.a");
}

TEST(CalicoMalformed, ValidInputStillLoadsAfterReading) {
  // Control: the same shapes with valid values load (so the cases above fail for their value).
  EXPECT_NO_THROW(load_calico(testing::gnp("{selector: \"app == 'x'\", order: 5, types: [Ingress], ingress: [{action: Allow, "
                                           "ipVersion: 4, protocol: TCP, source: {nets: [10.0.0.0/8]}, "
                                           "destination: {ports: [1]}}]}")));
}

}  // namespace
}  // namespace netpol

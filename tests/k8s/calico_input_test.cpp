// The upstream spec has no Calico resources: the k8s engine ignores them, and says so.
// Source: kubernetes.io/docs/concepts/services-networking/network-policies (the NetworkPolicy
// API is networking.k8s.io/v1 NetworkPolicy only).
#include <gtest/gtest.h>

#include "models/k8s/k8s_engine.h"
#include "models/loader/loader.h"
#include "tests/k8s/cluster_builder.h"

namespace netpol {
namespace {

constexpr const char* kManifests = R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-app-a}
spec:
  selector: app == 'a'
  ingress: [{action: Deny}]
)";

TEST(K8sCalicoInput, CalicoResourcesChangeNoVerdictAndRaiseANote) {
  testing::Evaluated e(*make_k8s_engine(), load_text(kManifests, "mixed.yaml").cluster, {*Probe::parse("TCP/80")});
  EXPECT_TRUE(e.allowed("x/b", "x/a")) << "a Calico Deny is not part of the Kubernetes API";
  bool noted = false;
  for (const auto& n : e.notes()) noted |= n.message.find("1 Calico resource(s)") != std::string::npos;
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace netpol

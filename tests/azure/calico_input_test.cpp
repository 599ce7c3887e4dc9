// Azure NPM enforces Kubernetes NetworkPolicy only: its controllers watch
// networking.k8s.io/v1 NetworkPolicy, pods and namespaces
// (Azure/azure-container-networking npm/pkg/controlplane/controllers/v2/networkPolicyController.go),
// so Calico resources in the input change no verdict of the azure engines, and each says so.
#include <gtest/gtest.h>

#include "models/loader/loader.h"
#include "tests/azure/cluster_builder.h"

namespace netpol::azure::testing {
namespace {

constexpr const char* kManifests = R"(apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {nodeName: node-1, containers: [{name: c, image: nginx}]}
status: {podIP: 10.244.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x}
spec: {nodeName: node-1, containers: [{name: c, image: nginx}]}
status: {podIP: 10.244.0.11}
---
apiVersion: v1
kind: Node
metadata: {name: node-1}
status: {addresses: [{type: InternalIP, address: 10.240.0.4}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-app-a}
spec:
  selector: app == 'a'
  ingress: [{action: Deny}]
)";

TEST(AzureCalicoInput, CalicoResourcesChangeNoVerdictAndRaiseANote) {
  for (Variant v : {Variant::Linux, Variant::LinuxLegacy, Variant::Windows}) {
    Compiled c(load_text(kManifests, "mixed.yaml").cluster, v, {probe("TCP/80")});
    EXPECT_TRUE(c.allowed("x/b", "x/a")) << "a Calico Deny is not something NPM enforces";
    EXPECT_TRUE(has_note(c, "1 Calico resource(s) in the input are ignored")) << static_cast<int>(v);
  }
}

}  // namespace
}  // namespace netpol::azure::testing

// The example policy of kubernetes.io/docs/concepts/services-networking/network-policies
// ("test-network-policy"), loaded from YAML, checked against what the doc says it does:
//  1. isolates role=db pods in "default" for ingress and egress;
//  2. allows TCP 6379 into them from role=frontend pods of "default", from any pod of a namespace
//     labelled project=myproject, and from 172.17.0.0/16 except 172.17.1.0/24;
//  3. allows egress from them to 10.0.0.0/24 on TCP 5978.
#include <gtest/gtest.h>

#include "models/k8s/k8s_engine.h"
#include "models/loader/loader.h"
#include "tests/k8s/cluster_builder.h"

namespace netpol::testing {
namespace {

constexpr const char* kManifests = R"(
apiVersion: v1
kind: Namespace
metadata: {name: default}
---
apiVersion: v1
kind: Namespace
metadata: {name: other, labels: {project: myproject}}
---
apiVersion: v1
kind: Namespace
metadata: {name: third}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: default, labels: {role: db}}
spec: {containers: [{name: redis, image: redis}]}
status: {podIP: 10.244.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: default, labels: {role: frontend}}
spec: {containers: [{name: web, image: nginx}]}
status: {podIP: 10.244.0.11}
---
apiVersion: v1
kind: Pod
metadata: {name: batch, namespace: default, labels: {role: batch}}
spec: {containers: [{name: job, image: busybox}]}
status: {podIP: 10.244.0.12}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: other}
spec: {containers: [{name: c, image: busybox}]}
status: {podIP: 10.244.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: third, labels: {role: frontend}}
spec: {containers: [{name: web, image: nginx}]}
status: {podIP: 10.244.2.10}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 5978
)";

Evaluated load() {
  return Evaluated(*make_k8s_engine(), load_text(kManifests, "doc-example.yaml").cluster,
                   {*Probe::parse("TCP/6379"), *Probe::parse("TCP/5978"), *Probe::parse("UDP/6379")});
}

TEST(K8sDocExample, IngressOnTcp6379FromTheThreeSources) {
  auto e = load();
  EXPECT_TRUE(e.allowed("default/frontend", "default/db", "TCP/6379"));
  EXPECT_TRUE(e.allowed("other/client", "default/db", "TCP/6379"));
  EXPECT_TRUE(e.allowed("ip:172.17.0.0", "default/db", "TCP/6379"));
  EXPECT_FALSE(e.allowed("ip:172.17.1.0", "default/db", "TCP/6379"));  // the except
  EXPECT_FALSE(e.allowed("ip:0.0.0.0", "default/db", "TCP/6379"));
  EXPECT_FALSE(e.allowed("default/batch", "default/db", "TCP/6379"));
  EXPECT_FALSE(e.allowed("third/frontend", "default/db", "TCP/6379"));  // podSelector: own namespace only
  EXPECT_FALSE(e.allowed("default/frontend", "default/db", "TCP/5978"));
  EXPECT_FALSE(e.allowed("default/frontend", "default/db", "UDP/6379"));  // protocol TCP
}

TEST(K8sDocExample, EgressOnlyTo10_0_0_0_24OnTcp5978) {
  auto e = load();
  EXPECT_TRUE(e.allowed("default/db", "ip:10.0.0.0", "TCP/5978"));
  EXPECT_FALSE(e.allowed("default/db", "ip:10.0.0.0", "TCP/6379"));
  EXPECT_FALSE(e.allowed("default/db", "ip:0.0.0.0", "TCP/5978"));
  EXPECT_FALSE(e.allowed("default/db", "default/frontend", "TCP/6379"));
  // Other pods are not selected: they stay open both ways.
  EXPECT_TRUE(e.allowed("default/batch", "ip:0.0.0.0", "UDP/6379"));
  EXPECT_TRUE(e.allowed("ip:0.0.0.0", "default/batch", "UDP/6379"));
}

}  // namespace
}  // namespace netpol::testing

// A 5,000-pod manifest loads quickly. The time is printed, and bounded loosely (10 s) so that a
// shared, loaded CI machine does not make the test flaky; the target is well under a second.
#include <chrono>
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "models/loader/loader.h"

namespace netpol {
namespace {

std::string big_manifest(int namespaces, int pods, int policies) {
  std::string out;
  for (int n = 0; n < namespaces; ++n)
    out += fmt::format("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-{}\n  labels:\n    team: t{}\n---\n", n, n % 4);
  for (int i = 0; i < pods; ++i)
    out += fmt::format(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-{}\n  namespace: ns-{}\n  labels:\n    app: app-{}\n"
        "    tier: \"{}\"\nspec:\n  containers:\n  - name: main\n    image: nginx\n    ports:\n"
        "    - containerPort: 80\n      name: http\n    - containerPort: 8443\n---\n",
        i, i % namespaces, i % 50, i % 3);
  for (int i = 0; i < policies; ++i)
    out += fmt::format(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: pol-{}\n  namespace: ns-{}\n"
        "spec:\n  podSelector:\n    matchLabels:\n      app: app-{}\n  ingress:\n  - from:\n    - podSelector:\n"
        "        matchExpressions:\n        - {{key: tier, operator: In, values: [\"0\", \"1\"]}}\n"
        "      namespaceSelector:\n        matchLabels:\n          team: t{}\n    - ipBlock:\n        cidr: 10.0.0.0/8\n"
        "        except: [10.1.0.0/16]\n    ports:\n    - port: http\n    - port: 8000\n      endPort: 9000\n---\n",
        i, i % namespaces, i % 50, i % 4);
  return out;
}

TEST(LoaderScale, FiveThousandPodsAndAThousandPolicies) {
  const std::string text = big_manifest(20, 5000, 1000);
  const auto start = std::chrono::steady_clock::now();
  LoadResult r = load_text(text, "big.yaml");
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ figure ] loaded %zu bytes: %zu pods, %zu policies in %.1f ms\n", text.size(), r.cluster.pods.size(),
              r.cluster.policies.size(), ms);
  ASSERT_EQ(r.cluster.pods.size(), 5000u);
  ASSERT_EQ(r.cluster.policies.size(), 1000u);
  EXPECT_EQ(r.cluster.pods.back().ips.at(0).to_string(), "10.244.19.136");  // 5000th address of 10.244.0.0/16
  EXPECT_LT(ms, 10000.0);
}

}  // namespace
}  // namespace netpol

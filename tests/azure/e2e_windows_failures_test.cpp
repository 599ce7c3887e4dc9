// Pins which upstream e2e cases azure-windows is expected to fail (the `expected_failures` field
// of corpus/upstream-e2e/*/case.yaml; the e2e runner checks the engines both ways). Each one
// uses a feature Windows NPM skips whole (W1: named port, except, SCTP --
// translatePolicy.go ErrUnsupported*) or a negative namespaceSelector it rejects in ingress or
// inverts in egress (W2: policy_windows.go convertToAclSettings). Azure's own Windows pipeline
// skips the same tests (.pipelines/npm/npm-conformance-tests.yaml, test/cyclonus/
// test-cyclonus-windows.sh; see shared/reference/azure-npm.md), plus the [LinuxOnly] UDP/SCTP
// contexts, which our model passes except where an SCTP-only policy is skipped.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>
#include <string>

namespace {

namespace fs = std::filesystem;

TEST(AzureWindowsConformance, ExpectedFailuresListIsExactlyTheUnsupportedFeatureCases) {
  const std::set<std::string> expected = {
      "cidr-and-except-overlap-step1",            // except (W1)
      "egress-cidr-except",                       // except (W1)
      "egress-one-named-port",                    // named port (W1)
      "ingress-from-namespace-one-named-port",    // named port (W1)
      "ingress-one-named-port",                   // named port (W1)
      "isolated-by-sctp-policy",                  // SCTP (W1)
      "sctp-ports",                               // SCTP (W1)
      "multiple-podselectors-and-nsselectors",    // NotIn namespaceSelector, ingress (W2)
      "podselector-and-nsselector",               // NotIn namespaceSelector, ingress (W2)
      "podselector-or-nsselector",                // NotIn namespaceSelector, ingress (W2)
      "nsselector-matchexpressions-default-label",  // NotIn namespaceSelector, egress: inverted (W2)
  };
  std::set<std::string> found;
  std::size_t cases = 0;
  for (const auto& e : fs::directory_iterator(fs::path(NETPOL_SOURCE_DIR) / "corpus" / "upstream-e2e")) {
    if (!fs::exists(e.path() / "case.yaml")) continue;
    ++cases;
    const YAML::Node doc = YAML::LoadFile((e.path() / "case.yaml").string());
    for (const auto& engine : doc["expected_failures"])
      if (engine.as<std::string>() == "azure-windows") found.insert(e.path().filename().string());
      else if (engine.as<std::string>().rfind("azure", 0) == 0) ADD_FAILURE() << e.path() << ": Linux Azure engines must pass every case";
  }
  EXPECT_GT(cases, 40u);
  EXPECT_EQ(found, expected);
}

}  // namespace

// `netpol-diff eval` end to end (in-process): output formats, determinism, exit codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "tests/cli/cli_harness.h"

namespace netpol::testing {
namespace {

const std::string kCluster = source_path("corpus/examples/aks-workshop/cluster.yaml");
std::string step(const std::string& name) { return source_path("corpus/examples/aks-workshop/" + name); }

// verdict of one flow in `eval --format json` output
std::string verdict(const nlohmann::json& doc, const std::string& src, const std::string& dst, int port = 80) {
  for (const auto& f : doc["flows"])
    if (f["src"] == src && f["dst"] == dst && f["port"] == port && f["protocol"] == "TCP")
      return f["verdict"];
  return "missing";
}

nlohmann::json eval_json(const std::string& policy_dir, const std::string& engine = "k8s") {
  auto r = run({"eval", "--engine", engine, "--probe", "TCP/80", "--format", "json", kCluster, policy_dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

// The AKS walkthrough (learn.microsoft.com/azure/aks/use-network-policies), step by step, under
// the upstream semantics.
TEST(EvalAksWalkthrough, Step1DenyAllBlocksEveryPodFromTheBackend) {
  auto doc = eval_json(step("1-deny-all"));
  EXPECT_EQ(verdict(doc, "development/frontend", "development/backend"), "deny");
  EXPECT_EQ(verdict(doc, "production/frontend", "development/backend"), "deny");
  EXPECT_EQ(verdict(doc, "development/network-policy", "development/backend"), "deny");
  // Egress is not isolated: the backend still reaches others.
  EXPECT_EQ(verdict(doc, "development/backend", "production/frontend"), "allow");
}

TEST(EvalAksWalkthrough, Step2AllowsFrontendsOfEveryNamespace) {
  auto doc = eval_json(step("2-allow-frontends"));
  EXPECT_EQ(verdict(doc, "development/frontend", "development/backend"), "allow");
  EXPECT_EQ(verdict(doc, "production/frontend", "development/backend"), "allow");
  EXPECT_EQ(verdict(doc, "development/network-policy", "development/backend"), "deny");
}

TEST(EvalAksWalkthrough, Step3AllowsOnlyDevelopmentFrontends) {
  auto doc = eval_json(step("3-development-only"));
  EXPECT_EQ(verdict(doc, "development/frontend", "development/backend"), "allow");
  EXPECT_EQ(verdict(doc, "production/frontend", "development/backend"), "deny");
  EXPECT_EQ(verdict(doc, "development/network-policy", "development/backend"), "deny");
}

TEST(EvalJson, ListsEveryOrderedPairForEveryProbe) {
  auto r = run({"eval", "--probe", "TCP/80", "--probe", "UDP/53", "--format", "json", kCluster, step("3-development-only")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["engine"], "k8s");
  ASSERT_EQ(doc["probes"], (nlohmann::json{"TCP/80", "UDP/53"}));
  // 4 pods + 1 node + 1 external representative (no CIDR in the input: one outside-all class).
  std::set<std::string> endpoints;
  for (const auto& f : doc["flows"]) endpoints.insert(f["src"]);
  EXPECT_TRUE(endpoints.count("development/backend"));
  EXPECT_TRUE(endpoints.count("node:node-1"));
  EXPECT_EQ(doc["flows"].size(), endpoints.size() * endpoints.size() * 2);
  // Self-pairs are listed too.
  EXPECT_NE(verdict(doc, "development/backend", "development/backend"), "missing");
}

TEST(EvalOutput, IsByteIdenticalAcrossRuns) {
  for (const char* format : {"json", "csv", "table"}) {
    auto a = run({"eval", "--format", format, kCluster, step("3-development-only")});
    auto b = run({"eval", "--format", format, kCluster, step("3-development-only")});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    EXPECT_EQ(a.out, b.out) << format;
    EXPECT_FALSE(a.out.empty());
  }
}

TEST(EvalCsv, HasHeaderAndOneRowPerFlow) {
  auto r = run({"eval", "--probe", "TCP/80", "--format", "csv", kCluster, step("3-development-only")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "src,dst,protocol,port,verdict");
  std::size_t rows = 0;
  bool saw = false;
  while (std::getline(in, line)) {
    ++rows;
    saw |= line == "production/frontend,development/backend,TCP,80,deny";
  }
  EXPECT_TRUE(saw);
  auto json = eval_json(step("3-development-only"));
  EXPECT_EQ(rows, json["flows"].size());
}

TEST(EvalTable, PrintsATruthTablePerProbe) {
  auto r = run({"eval", "--probe", "TCP/80", "--probe", "TCP/443", kCluster, step("1-deny-all")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("probe TCP/80"), std::string::npos);
  EXPECT_NE(r.out.find("probe TCP/443"), std::string::npos);
  EXPECT_NE(r.out.find("development/backend"), std::string::npos);
  EXPECT_NE(r.out.find("flows allowed"), std::string::npos);
}

TEST(EvalProbes, DefaultProbesCutThePortSpaceAndAreReported) {
  auto r = run({"eval", "--format", "json", kCluster, step("3-development-only")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  // containerPort 80 cuts TCP into [1,79], [80], [81,65535]. [1,79] and [81,65535] lie in the
  // same blocks (none), so they form one class, represented by its lowest port; UDP and SCTP
  // stay whole.
  EXPECT_EQ(doc["probes"], (nlohmann::json{"TCP/1", "TCP/80", "UDP/1", "SCTP/1"}));
  EXPECT_NE(r.err.find("TCP/80"), std::string::npos) << "stderr names the probes used";
}

// ---- exit codes and messages -------------------------------------------------------------

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("netpol-cli-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    auto p = path_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

TEST(EvalUsage, UnknownEngineIsExit2AndListsEngines) {
  auto r = run({"eval", "--engine", "cilium", kCluster});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown engine 'cilium'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("k8s"), std::string::npos);
}

TEST(EvalUsage, MalformedProbeIsExit2) {
  for (const char* bad : {"TCP", "ICMP/1", "TCP/0", "TCP/65536", "TCP/8o"}) {
    auto r = run({"eval", "--probe", bad, kCluster});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
  }
}

TEST(EvalUsage, UnknownFormatIsExit2) {
  auto r = run({"eval", "--format", "xml", kCluster});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("xml"), std::string::npos);
}

TEST(EvalUsage, MissingPathsAndMissingCommandAreExit2) {
  EXPECT_EQ(run({"eval"}).exit_code, 2);
  EXPECT_EQ(run({}).exit_code, 2);
  EXPECT_EQ(run({"frobnicate"}).exit_code, 2);
}

TEST(EvalUsage, HelpIsExit0) {
  auto r = run({"eval", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--engine"), std::string::npos);
}

TEST(EvalInput, MissingFileIsExit2NamingIt) {
  auto r = run({"eval", "/nonexistent/netpol.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/netpol.yaml"), std::string::npos) << r.err;
}

TEST(EvalInput, YamlSyntaxErrorIsExit2WithFileAndLine) {
  TempDir dir;
  auto f = dir.write("broken.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [unclosed\n");
  auto r = run({"eval", f});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken.yaml:"), std::string::npos) << r.err;
}

TEST(EvalInput, InvalidCidrIsExit2WithDocumentLineAndField) {
  TempDir dir;
  auto f = dir.write("policy.yaml", R"(apiVersion: v1
kind: Namespace
metadata:
  name: x
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: bad-cidr
  namespace: x
spec:
  podSelector: {}
  ingress:
    - from:
        - ipBlock:
            cidr: 10.0.0.0/33
)");
  auto r = run({"eval", f});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("policy.yaml:16"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("document 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("spec.ingress[0].from[0].ipBlock.cidr"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << "nothing is printed for rejected input";
}

TEST(EvalInput, UnknownKindIsAWarningNotAnError) {
  TempDir dir;
  auto f = dir.write("mixed.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: x
---
apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: x
spec:
  containers: [{name: c, image: nginx}]
)");
  auto r = run({"eval", "--probe", "TCP/80", "--format", "csv", f});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("ConfigMap"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("x/a,x/a,TCP,80,allow"), std::string::npos);
}

}  // namespace
}  // namespace netpol::testing

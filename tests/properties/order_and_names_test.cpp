// Law: the order of policies and the names of policies change no verdict.
//
// Source: kubernetes.io/docs/concepts/services-networking/network-policies/ ("The two sorts of
// pod isolation"): "Network policies do not conflict; they are additive ... Thus, order of
// evaluation does not affect the policy result." A policy's name only identifies it; nothing in
// the networking/v1 API gives names a meaning for selection or precedence.
//
// Construction: every policy gets a fresh name from a random permutation, and the cluster is
// re-sorted by (namespace, name) as its invariant requires (models/cluster/cluster.h). That
// changes the order in which policies reach the engine as well as their names.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <numeric>

#include "generators/cluster_gen.h"
#include "generators/cluster_text.h"
#include "models/loader/loader.h"
#include "models/loader/manifest_writer.h"
#include "tests/properties/law_support.h"

namespace netpol {
namespace {

// Engines the law is checked on (an engine not listed is not checked; add it with its reason):
//  - k8s: it is the upstream semantics quoted above.
//  - azure, azure-legacy: every policy gets its own chain and sets named from its key; allows
//    are OR'ed, so chain order does not matter (azure-npm.md; the name-collision bug L8 predates
//    both modelled releases).
//  - azure-windows: ACL priorities come from allow/block, not from the policy's name or order
//    (npm policies/policy_windows.go).
//  - calico: converted policies share order 1000 and are ordered by name, but they hold Allow
//    rules only, so their order decides nothing (shared/reference/calico.md).
const std::vector<std::string> kEngines = {"k8s", "azure", "azure-legacy", "azure-windows", "calico"};

TEST(OrderAndNamesLaw, RenamingAndReorderingPoliciesChangesNoVerdict) {
  const auto engines = laws::registered(kEngines);
  ASSERT_FALSE(engines.empty()) << "no engine registered for this law";
  for (const auto& engine : engines) {
    EXPECT_TRUE(rc::check("renaming and reordering policies changes nothing [" + engine + "]", [&engine] {
      const Cluster original = *generators::small_cluster();
      const std::size_t n = original.policies.size();
      // A permutation from random sort keys (stable, so equal keys keep their order).
      const auto keys = *rc::gen::container<std::vector<int>>(n, rc::gen::inRange(0, 100));
      std::vector<std::size_t> permutation(n);
      std::iota(permutation.begin(), permutation.end(), 0);
      std::stable_sort(permutation.begin(), permutation.end(),
                       [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
      Cluster renamed = original;
      for (std::size_t i = 0; i < n; ++i) {
        // Fresh names sort in permutation order, so the re-sort below reorders the policies.
        renamed.policies[i].name = "renamed-" + std::to_string(100 + permutation[i]);
        renamed.policies[i].source.name = renamed.policies[i].qualified_name();
      }
      generators::sort_cluster(renamed);

      const Universe universe = laws::default_universe(original);
      const Universe renamed_universe = laws::default_universe(renamed);
      RC_ASSERT(laws::endpoint_ids(universe) == laws::endpoint_ids(renamed_universe));
      RC_ASSERT(universe.probes == renamed_universe.probes);
      const auto difference = laws::first_difference(universe, laws::evaluate(engine, original, universe),
                                                     laws::evaluate(engine, renamed, renamed_universe));
      if (difference) RC_FAIL("verdict changed: " + *difference);
    }));
  }
}

// The YAML documents of a multi-document text, each starting with its "---" line.
std::vector<std::string> split_documents(const std::string& text) {
  std::vector<std::string> documents;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t next = text.find("\n---", at + 1);
    const std::size_t end = next == std::string::npos ? text.size() : next + 1;
    documents.push_back(text.substr(at, end - at));
    at = end;
  }
  return documents;
}

// The same law through the user's input form: the cluster is written as manifests
// (models/loader/manifest_writer.h), every policy renamed, the documents shuffled and spread
// over several files, and loaded back (models/loader/loader.h). Document order and file
// boundaries are what users actually vary.
TEST(OrderAndNamesLaw, ShufflingDocumentsAndRenamingPoliciesChangesNoVerdict) {
  const auto engines = laws::registered(kEngines);
  ASSERT_FALSE(engines.empty()) << "no engine registered for this law";
  for (const auto& engine : engines) {
    EXPECT_TRUE(rc::check("shuffling documents and renaming policies changes nothing [" + engine + "]", [&engine] {
      const Cluster original = *generators::small_cluster();
      Cluster renamed = original;
      for (std::size_t i = 0; i < renamed.policies.size(); ++i) renamed.policies[i].name = "doc-" + std::to_string(9 - i);
      const std::vector<std::string> documents = split_documents(write_manifests(renamed));
      RC_ASSERT(documents.size() ==
                original.namespaces.size() + original.nodes.size() + original.pods.size() + original.policies.size());
      const auto keys = *rc::gen::container<std::vector<int>>(documents.size(), rc::gen::inRange(0, 1000));
      std::vector<std::size_t> order(documents.size());
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
      const auto file_count = *rc::gen::inRange<std::size_t>(1, 4);
      std::vector<std::pair<std::string, std::string>> files(file_count);
      for (std::size_t f = 0; f < file_count; ++f) files[f].first = "part-" + std::to_string(f) + ".yaml";
      for (std::size_t i = 0; i < order.size(); ++i) files[i % file_count].second += documents[order[i]];

      const Cluster loaded = load_texts(files).cluster;
      const Universe universe = laws::default_universe(original);
      const Universe loaded_universe = laws::default_universe(loaded);
      RC_ASSERT(laws::endpoint_ids(universe) == laws::endpoint_ids(loaded_universe));
      RC_ASSERT(universe.probes == loaded_universe.probes);
      const auto difference = laws::first_difference(universe, laws::evaluate(engine, original, universe),
                                                     laws::evaluate(engine, loaded, loaded_universe));
      if (difference) RC_FAIL("verdict changed: " + *difference);
    }));
  }
}

}  // namespace
}  // namespace netpol

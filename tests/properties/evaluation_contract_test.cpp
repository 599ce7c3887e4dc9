// The Evaluation contract of models/cluster/engine.h, checked on every registered engine:
//  - explain(flow) agrees with matrix() on the verdict of every flow, and names at least one
//    step that decided it (DecisionStep: "subject empty when a default did", so even a default
//    is a step);
//  - compiling is deterministic: the same cluster (even a copy at other addresses) gives the
//    same matrix, and matrix() asked twice gives the same answer.
// These are properties of our interface, not of any upstream; they hold for every engine by
// definition, so the engine list is engine_names().
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <memory>

#include "generators/cluster_gen.h"
#include "generators/cluster_text.h"
#include "oracle/engines.h"
#include "tests/properties/law_support.h"

namespace netpol {
namespace {

TEST(EvaluationContract, ExplainAgreesWithMatrixOnEveryFlow) {
  for (const auto& engine : laws::all_engines()) {
    EXPECT_TRUE(rc::check("explain agrees with matrix [" + engine + "]", [&engine] {
      const Cluster cluster = *generators::small_cluster();
      const Universe universe = laws::default_universe(cluster);
      Diagnostics notes;
      const auto evaluation = make_engine(engine)->compile(cluster, universe, notes);
      const VerdictMatrix matrix = evaluation->matrix();
      RC_ASSERT(matrix.endpoints() == universe.endpoints.size());
      RC_ASSERT(matrix.probes() == universe.probes.size());
      for (std::size_t p = 0; p < universe.probes.size(); ++p)
        for (std::size_t s = 0; s < universe.endpoints.size(); ++s)
          for (std::size_t d = 0; d < universe.endpoints.size(); ++d) {
            const Explanation why = evaluation->explain(Flow{s, d, universe.probes[p]});
            const Verdict expected = matrix.allowed(p, s, d) ? Verdict::Allow : Verdict::Deny;
            if (why.verdict != expected)
              RC_FAIL(laws::flow_text(universe, p, s, d) + ": matrix says " + to_string(expected) +
                      ", explain says " + to_string(why.verdict));
          }
    }));
  }
}

TEST(EvaluationContract, ExplainNamesAtLeastOneStepForEveryFlow) {
  for (const auto& engine : laws::all_engines()) {
    EXPECT_TRUE(rc::check("explain names a deciding step [" + engine + "]", [&engine] {
      const Cluster cluster = *generators::small_cluster();
      const Universe universe = laws::default_universe(cluster);
      Diagnostics notes;
      const auto evaluation = make_engine(engine)->compile(cluster, universe, notes);
      for (const Probe& probe : universe.probes)
        for (std::size_t s = 0; s < universe.endpoints.size(); ++s)
          for (std::size_t d = 0; d < universe.endpoints.size(); ++d)
            if (evaluation->explain(Flow{s, d, probe}).steps.empty())
              RC_FAIL(universe.endpoints[s].id + " -> " + universe.endpoints[d].id + " " + probe.to_string() +
                      ": explain gave no step");
    }));
  }
}

TEST(EvaluationContract, SameClusterGivesSameMatrix) {
  for (const auto& engine : laws::all_engines()) {
    EXPECT_TRUE(rc::check("determinism [" + engine + "]", [&engine] {
      const Cluster cluster = *generators::small_cluster();
      const auto copy = std::make_unique<Cluster>(cluster);  // same content, other addresses
      const Universe universe = laws::default_universe(cluster);
      const Universe universe_again = laws::default_universe(*copy);
      RC_ASSERT(laws::endpoint_ids(universe) == laws::endpoint_ids(universe_again));
      RC_ASSERT(universe.probes == universe_again.probes);

      Diagnostics notes;
      const auto evaluation = make_engine(engine)->compile(cluster, universe, notes);
      const VerdictMatrix first = evaluation->matrix();
      const VerdictMatrix second = evaluation->matrix();
      const VerdictMatrix recompiled = laws::evaluate(engine, *copy, universe_again);
      if (auto d = laws::first_difference(universe, first, second)) RC_FAIL("matrix() twice differs: " + *d);
      if (auto d = laws::first_difference(universe, first, recompiled)) RC_FAIL("recompiling differs: " + *d);
    }));
  }
}

}  // namespace
}  // namespace netpol

// How Calico scopes policy and rule selectors (models/calico/scoping.h), table-driven, with and
// without a parse cache: the engine parses through one (selector texts repeat across policies),
// and the cache must never change a result.
//
// Sources (projectcalico/calico libcalico-go/lib/backend/syncersv1/updateprocessors):
//  - networkpolicyprocessor.go: a namespaced policy's selector gets the namespace term;
//  - globalnetworkpolicyprocessor.go: namespaceSelector appended with pcns. and "all()" ->
//    "has(projectcalico.org/namespace)";
//  - rules.go getEndpointSelector: a rule side's selector is scoped by namespaceSelector (pcns.,
//    "all()" -> has(...), "global()" -> !has(...)) or by the policy's own namespace.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "models/calico/scoping.h"
#include "models/calico/selector/parser.h"
#include "models/calico/selector/printer.h"

namespace netpol::calico {
namespace {

std::string text(const std::optional<selector::Selector>& s) { return s ? selector::to_string(*s) : "<none>"; }

struct EntityRow {
  std::optional<std::string> selector, not_selector, namespace_selector;
  std::string policy_namespace;
  std::string positive, negative;  // to_string of the scoped selectors, or "<none>"
};

TEST(CalicoScoping, RuleSidesAreScopedAsUpdateProcessorsDo) {
  const EntityRow rows[] = {
      // rules.go: a selector in a namespaced policy gets the policy's namespace term.
      {"app == 'db'", std::nullopt, std::nullopt, "shop",
       R"((projectcalico.org/namespace == "shop" && app == "db"))", "<none>"},
      // namespaceSelector: pcns. prefix, and all() stands for "any namespace".
      {std::nullopt, std::nullopt, "all()", "shop", "has(projectcalico.org/namespace)", "<none>"},
      {std::nullopt, std::nullopt, "team == 'a'", "", R"(pcns.team == "a")", "<none>"},
      // global(): the endpoints outside every namespace (host endpoints, global sets).
      {std::nullopt, std::nullopt, "global()", "", "!has(projectcalico.org/namespace)", "<none>"},
      // notSelector alone stays a separate negated set; with a selector it is folded in
      // (rule_scanner.go combineMatchesIfPossible).
      {std::nullopt, "app == 'x'", std::nullopt, "", "<none>", R"(app == "x")"},
      {"app == 'y'", "app == 'x'", std::nullopt, "",
       R"((app == "y" && !app == "x"))", "<none>"},
      // No selector of any kind: no set at all, in a namespaced policy too (nets and ports
      // alone decide; compile_side skips such sides on this rule).
      {std::nullopt, std::nullopt, std::nullopt, "shop", "<none>", "<none>"},
      {std::nullopt, std::nullopt, std::nullopt, "", "<none>", "<none>"},
  };
  for (const EntityRow& row : rows) {
    CalicoEntityRule e;
    e.selector = row.selector;
    e.not_selector = row.not_selector;
    e.namespace_selector = row.namespace_selector;
    selector::ParseCache cache;
    for (selector::ParseCache* with : {static_cast<selector::ParseCache*>(nullptr), &cache, &cache}) {
      const ScopedEntitySelectors got = scoped_entity_selectors(e, row.policy_namespace, with);
      SCOPED_TRACE(row.selector.value_or("") + " | " + row.namespace_selector.value_or("") + (with ? " (cached)" : ""));
      EXPECT_EQ(text(got.positive), row.positive);
      EXPECT_EQ(text(got.negative), row.negative);
    }
  }
}

TEST(CalicoScoping, PolicySelectorsAreScopedAsUpdateProcessorsDo) {
  CalicoPolicy namespaced;
  namespaced.namespace_name = "shop";
  namespaced.selector = "app == 'web'";
  CalicoPolicy global;
  global.kind = CalicoPolicyKind::GlobalNetworkPolicy;
  global.namespace_selector = "all()";
  selector::ParseCache cache;
  for (selector::ParseCache* with : {static_cast<selector::ParseCache*>(nullptr), &cache, &cache}) {
    EXPECT_EQ(selector::to_string(scoped_policy_selector(namespaced, with)),
              R"((app == "web" && projectcalico.org/namespace == "shop"))");
    EXPECT_EQ(selector::to_string(scoped_policy_selector(global, with)), "has(projectcalico.org/namespace)");
  }
  EXPECT_GT(cache.size(), 0u);
}

}  // namespace
}  // namespace netpol::calico

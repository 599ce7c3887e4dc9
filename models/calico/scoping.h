// How Calico scopes the selectors of a policy before Felix sees them
// (projectcalico/calico libcalico-go/lib/backend/syncersv1/updateprocessors):
//  - networkpolicyprocessor.go ConvertNetworkPolicyV3ToV1Value: a namespaced policy's selector
//    becomes "(selector) && projectcalico.org/namespace == '<ns>'" (just the namespace term when
//    the selector is empty), then serviceAccountSelector is appended with "pcsa." prefixes.
//  - globalnetworkpolicyprocessor.go: a GlobalNetworkPolicy's namespaceSelector is appended with
//    "pcns." prefixes and every "all()" of the whole text becomes
//    "has(projectcalico.org/namespace)"; then serviceAccountSelector with "pcsa." and "all()" ->
//    "has(projectcalico.org/serviceaccount)".
//  - rules.go getEndpointSelector / parseServiceAccounts: an EntityRule's selector is
//    (serviceAccounts) && (selector), scoped by a namespace term whenever a selector, a
//    notSelector or a namespaceSelector is present: namespaceSelector with "pcns." prefixes
//    ("all()" -> has(projectcalico.org/namespace), "global()" -> !has(...namespace)), or, in a
//    namespaced policy, projectcalico.org/namespace == '<ns>'. notSelector itself is kept
//    unscoped.
//  - felix/calc/rule_scanner.go combineMatchesIfPossible: with a positive selector, the
//    notSelector is folded in as "(selector) && (!(notSelector))" (a label-level negation);
//    without one it stays a separate negated IP set.
// Selectors are parsed with the selector library (through `cache` when given: policies repeat
// the same texts); every function throws selector::SyntaxError on a selector that does not
// parse.
#pragma once

#include <optional>
#include <string>

#include "models/calico/selector/ast.h"
#include "models/calico/selector/cache.h"
#include "models/cluster/calico_resources.h"

namespace netpol::calico {

// The scoped selector deciding which endpoints `policy` applies to.
selector::Selector scoped_policy_selector(const CalicoPolicy& policy, selector::ParseCache* cache = nullptr);

// The two selectors Felix matches for one side of a rule: `positive` (nullopt: no selector
// constraint) and `negative` (nullopt: none; only when there is no positive selector).
struct ScopedEntitySelectors {
  std::optional<selector::Selector> positive;
  std::optional<selector::Selector> negative;
};

// `policy_namespace` is empty for global policies and profiles.
ScopedEntitySelectors scoped_entity_selectors(const CalicoEntityRule& entity, const std::string& policy_namespace,
                                              selector::ParseCache* cache = nullptr);

}  // namespace netpol::calico

#include "models/calico/scoping.h"


#include "models/calico/selector/parser.h"
#include "models/calico/selector/printer.h"
#include "models/calico/selector/rewrite.h"

namespace netpol::calico {
namespace sel = selector;

namespace {

// The tree parse("projectcalico.org/namespace == '<ns>'") gives, built directly: namespace names
// are DNS labels, so the text would always parse to exactly this.
sel::Selector namespace_term(const std::string& ns) {
  return sel::Selector(sel::make_comparison(sel::NodeKind::Equal, "projectcalico.org/namespace", ns));
}

// updateprocessors/selectors.go prefixAndAppendSelector: "(current) && prefixed(new)".
std::optional<sel::Selector> prefix_and_append(std::optional<sel::Selector> current, const std::string& added,
                                               const char* prefix) {
  if (added.empty()) return current;
  sel::Selector prefixed = sel::with_label_prefix(sel::parse(added), prefix);
  if (!current) return prefixed;
  return sel::and_of(*current, prefixed);
}

// rules.go parseServiceAccounts.
std::optional<sel::Selector> service_account_selector(const CalicoServiceAccountMatch& sam) {
  std::optional<sel::Selector> updated;
  if (sam.selector && !sam.selector->empty()) updated = sel::with_label_prefix(sel::parse(*sam.selector), "pcsa.");
  if (sam.names.empty()) return updated;
  std::vector<std::string> names = sam.names;
  sel::Selector by_name(sel::make_set(sel::NodeKind::In, "projectcalico.org/serviceaccount", std::move(names)));
  if (updated) return sel::and_of(*updated, by_name);
  return by_name;
}

}  // namespace

sel::Selector scoped_policy_selector(const CalicoPolicy& policy) {
  std::optional<sel::Selector> s;
  if (!policy.selector.empty()) s = sel::parse(policy.selector);
  if (!policy.global()) {
    sel::Selector ns = namespace_term(policy.namespace_name);
    s = s ? sel::and_of(*s, ns) : ns;
    s = prefix_and_append(s, policy.service_account_selector, "pcsa.");
  } else {
    if (!policy.namespace_selector.empty()) {
      s = prefix_and_append(s, policy.namespace_selector, "pcns.");
      s = sel::replace_text_like_calico(*s, "all()", "has(projectcalico.org/namespace)");
    }
    if (!policy.service_account_selector.empty()) {
      s = prefix_and_append(s, policy.service_account_selector, "pcsa.");
      s = sel::replace_text_like_calico(*s, "all()", "has(projectcalico.org/serviceaccount)");
    }
  }
  return s ? *s : sel::Selector{};
}

ScopedEntitySelectors scoped_entity_selectors(const CalicoEntityRule& entity, const std::string& policy_namespace) {
  const std::string ns_text = entity.namespace_selector.value_or("");
  const std::string sel_text = entity.selector.value_or("");
  const std::string not_text = entity.not_selector.value_or("");

  std::optional<sel::Selector> ns_sel;
  if (!ns_text.empty()) {
    sel::Selector s = sel::with_label_prefix(sel::parse(ns_text), "pcns.");
    s = sel::replace_text_like_calico(s, "all()", "has(projectcalico.org/namespace)");
    s = sel::replace_text_like_calico(s, "global()", "!has(projectcalico.org/namespace)");
    ns_sel = s;
  } else if (!policy_namespace.empty()) {
    ns_sel = namespace_term(policy_namespace);
  }

  std::vector<sel::Selector> parts;
  if (entity.service_accounts)
    if (auto sa = service_account_selector(*entity.service_accounts)) parts.push_back(*sa);
  if (!sel_text.empty()) parts.push_back(sel::parse(sel_text));
  std::optional<sel::Selector> positive;
  if (parts.size() == 1) positive = parts[0];
  if (parts.size() == 2) positive = sel::and_of(parts[0], parts[1]);

  if (ns_sel && (positive || !not_text.empty() || !ns_text.empty()))
    positive = positive ? sel::and_of(*ns_sel, *positive) : *ns_sel;

  ScopedEntitySelectors out;
  std::optional<sel::Selector> negative;
  if (!not_text.empty()) negative = sel::parse(not_text);
  if (positive && negative) {
    // combineMatchesIfPossible: "(positive) && (!(negative))".
    positive = sel::and_of(*positive, sel::Selector(sel::make_not(negative->root())));
    negative.reset();
  }
  out.positive = positive;
  out.negative = negative;
  return out;
}

}  // namespace netpol::calico

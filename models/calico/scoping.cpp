#include "models/calico/scoping.h"

#include <utility>

#include "models/calico/selector/parser.h"
#include "models/calico/selector/printer.h"
#include "models/calico/selector/rewrite.h"

namespace netpol::calico {
namespace sel = selector;

namespace {

// parse(text), through the cache when there is one.
sel::Selector parse_text(const std::string& text, sel::ParseCache* cache) {
  return cache ? *cache->get(text) : sel::parse(text);
}

// The tree parse("projectcalico.org/namespace == '<ns>'") gives, built directly: namespace names
// are DNS labels, so the text would always parse to exactly this.
sel::Selector namespace_term(const std::string& ns) {
  return sel::Selector(sel::make_comparison(sel::NodeKind::Equal, "projectcalico.org/namespace", ns));
}

// updateprocessors/selectors.go prefixAndAppendSelector: "(current) && prefixed(new)".
std::optional<sel::Selector> prefix_and_append(std::optional<sel::Selector> current, const std::string& added,
                                               const char* prefix, sel::ParseCache* cache) {
  if (added.empty()) return current;
  sel::Selector prefixed = sel::with_label_prefix(parse_text(added, cache), prefix);
  if (!current) return prefixed;
  return sel::and_of(std::move(*current), std::move(prefixed));
}

// rules.go parseServiceAccounts.
std::optional<sel::Selector> service_account_selector(const CalicoServiceAccountMatch& sam, sel::ParseCache* cache) {
  std::optional<sel::Selector> updated;
  if (sam.selector && !sam.selector->empty()) updated = sel::with_label_prefix(parse_text(*sam.selector, cache), "pcsa.");
  if (sam.names.empty()) return updated;
  std::vector<std::string> names = sam.names;
  sel::Selector by_name(sel::make_set(sel::NodeKind::In, "projectcalico.org/serviceaccount", std::move(names)));
  if (updated) return sel::and_of(std::move(*updated), std::move(by_name));
  return by_name;
}

}  // namespace

sel::Selector scoped_policy_selector(const CalicoPolicy& policy, sel::ParseCache* cache) {
  std::optional<sel::Selector> s;
  if (!policy.selector.empty()) s = parse_text(policy.selector, cache);
  if (!policy.global()) {
    sel::Selector ns = namespace_term(policy.namespace_name);
    s = s ? sel::and_of(std::move(*s), std::move(ns)) : std::move(ns);
    s = prefix_and_append(std::move(s), policy.service_account_selector, "pcsa.", cache);
  } else {
    if (!policy.namespace_selector.empty()) {
      s = prefix_and_append(std::move(s), policy.namespace_selector, "pcns.", cache);
      s = sel::replace_text_like_calico(std::move(*s), "all()", "has(projectcalico.org/namespace)");
    }
    if (!policy.service_account_selector.empty()) {
      s = prefix_and_append(std::move(s), policy.service_account_selector, "pcsa.", cache);
      s = sel::replace_text_like_calico(std::move(*s), "all()", "has(projectcalico.org/serviceaccount)");
    }
  }
  return s ? std::move(*s) : sel::Selector{};
}

ScopedEntitySelectors scoped_entity_selectors(const CalicoEntityRule& entity, const std::string& policy_namespace,
                                              sel::ParseCache* cache) {
  const std::string ns_text = entity.namespace_selector.value_or("");
  const std::string sel_text = entity.selector.value_or("");
  const std::string not_text = entity.not_selector.value_or("");

  std::optional<sel::Selector> ns_sel;
  if (!ns_text.empty()) {
    sel::Selector s = sel::with_label_prefix(parse_text(ns_text, cache), "pcns.");
    s = sel::replace_text_like_calico(std::move(s), "all()", "has(projectcalico.org/namespace)");
    s = sel::replace_text_like_calico(std::move(s), "global()", "!has(projectcalico.org/namespace)");
    ns_sel = std::move(s);
  } else if (!policy_namespace.empty()) {
    ns_sel = namespace_term(policy_namespace);
  }

  std::vector<sel::Selector> parts;
  if (entity.service_accounts)
    if (auto sa = service_account_selector(*entity.service_accounts, cache)) parts.push_back(std::move(*sa));
  if (!sel_text.empty()) parts.push_back(parse_text(sel_text, cache));
  std::optional<sel::Selector> positive;
  if (parts.size() == 1) positive = std::move(parts[0]);
  if (parts.size() == 2) positive = sel::and_of(std::move(parts[0]), std::move(parts[1]));

  if (ns_sel && (positive || !not_text.empty() || !ns_text.empty()))
    positive = positive ? sel::and_of(std::move(*ns_sel), std::move(*positive)) : std::move(*ns_sel);

  ScopedEntitySelectors out;
  std::optional<sel::Selector> negative;
  if (!not_text.empty()) negative = parse_text(not_text, cache);
  if (positive && negative) {
    // combineMatchesIfPossible: "(positive) && (!(negative))".
    positive = sel::and_of(std::move(*positive), sel::Selector(sel::make_not(std::move(*negative).release())));
    negative.reset();
  }
  out.positive = std::move(positive);
  out.negative = std::move(negative);
  return out;
}

}  // namespace netpol::calico

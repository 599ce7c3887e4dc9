#include "generators/label_gen.h"

#include <optional>
#include <string>
#include <vector>

#include "generators/combinators.h"
#include "generators/vocabulary.h"

namespace netpol::generators {
namespace {

// Labels drawn key by key: each key absent or present with one of its values.
rc::Gen<Labels> labels_over(const std::vector<LabelVocabulary>& vocabulary, std::size_t absent,
                            std::size_t present) {
  std::vector<rc::Gen<std::optional<std::string>>> per_key;
  for (const auto& entry : vocabulary)
    per_key.push_back(optional_of(pick(entry.values), absent, present));
  // One generator per key, combined index by index so each key shrinks on its own.
  rc::Gen<std::vector<std::optional<std::string>>> values = rc::gen::just(std::vector<std::optional<std::string>>{});
  for (const auto& key_gen : per_key)
    values = rc::gen::map(rc::gen::pair(values, key_gen), [](auto both) {
      both.first.push_back(std::move(both.second));
      return std::move(both.first);
    });
  return rc::gen::map(values, [&vocabulary](const std::vector<std::optional<std::string>>& chosen) {
    Labels labels;
    for (std::size_t i = 0; i < chosen.size(); ++i)
      if (chosen[i]) labels[vocabulary[i].key] = *chosen[i];
    return labels;
  });
}

// One matchExpressions entry over `vocabulary` (plus the unused key).
rc::Gen<LabelRequirement> requirement_over(std::vector<LabelVocabulary> vocabulary) {
  vocabulary.push_back({kUnusedLabelKey, {kUnusedLabelValue}});
  return rc::gen::mapcat(
      rc::gen::pair(pick(vocabulary),
                    pick(std::vector<SelectorOperator>{SelectorOperator::In, SelectorOperator::NotIn,
                                                       SelectorOperator::Exists, SelectorOperator::DoesNotExist})),
      [](const std::pair<LabelVocabulary, SelectorOperator>& choice) -> rc::Gen<LabelRequirement> {
        const auto& [entry, op] = choice;
        if (op == SelectorOperator::Exists || op == SelectorOperator::DoesNotExist)
          return rc::gen::just(LabelRequirement{entry.key, op, {}});
        // In/NotIn: a non-empty subset of the values, plus sometimes a value nothing carries.
        std::vector<std::string> candidates = entry.values;
        if (candidates.back() != kUnusedLabelValue) candidates.push_back(kUnusedLabelValue);
        return rc::gen::map(
            rc::gen::pair(rc::gen::inRange<std::size_t>(0, entry.values.size()), subset_of(candidates, 2)),
            [key = entry.key, op, candidates](const std::pair<std::size_t, std::vector<std::string>>& picked) {
              // The first value is always there so the list is never empty; the subset adds more.
              std::vector<std::string> values = {candidates[picked.first]};
              for (const auto& v : picked.second)
                if (v != values.front()) values.push_back(v);
              return LabelRequirement{key, op, values};
            });
      });
}

rc::Gen<LabelSelector> selector_over(const std::vector<LabelVocabulary>& vocabulary) {
  return rc::gen::apply(
      [](Labels match_labels, std::vector<LabelRequirement> expressions) {
        return LabelSelector{std::move(match_labels), std::move(expressions)};
      },
      // Sparse: a selector with many labels selects almost nothing.
      labels_over(vocabulary, 3, 1), vector_of<LabelRequirement>(0, 2, requirement_over(vocabulary), 2, 1));
}

}  // namespace

rc::Gen<Labels> pod_labels() { return labels_over(pod_label_vocabulary(), 1, 3); }

rc::Gen<Labels> namespace_extra_labels() { return labels_over(namespace_label_vocabulary(), 1, 2); }

rc::Gen<LabelSelector> pod_selector() { return selector_over(pod_label_vocabulary()); }

rc::Gen<LabelSelector> namespace_selector() {
  static const std::vector<LabelVocabulary> vocabulary = [] {
    std::vector<LabelVocabulary> v = {{kNamespaceNameLabel, namespace_names_pool()}};
    for (const auto& entry : namespace_label_vocabulary()) v.push_back(entry);
    return v;
  }();
  return selector_over(vocabulary);
}

}  // namespace netpol::generators

// The shapes NPM's translation produces (ipsets, ACLs), pinned against
// Azure/azure-container-networking npm/pkg/controlplane/translation/{translatePolicy,parseSelector}.go.
#include <gtest/gtest.h>

#include <tuple>
#include <variant>

#include "models/azure/translation.h"
#include "tests/azure/cluster_builder.h"

namespace netpol::azure::testing {
namespace {

NpmNetworkPolicy ok(const TranslationResult& r) {
  if (auto* e = std::get_if<TranslationError>(&r)) throw std::runtime_error(e->error + ": " + e->message);
  return std::get<NpmNetworkPolicy>(r);
}

const TranslatedSet* find_set(const NpmNetworkPolicy& p, SetKind kind, const std::string& name) {
  for (const auto& s : p.sets)
    if (s.kind == kind && s.name == name) return &s;
  return nullptr;
}

NetworkPolicy base_policy() {
  ClusterBuilder b;
  auto& p = b.policy("x", "pol", match({{"app", "web"}}));
  p.ingress_type = true;
  return b.build().policies.front();
}

// translatePolicy.go ipBlockIPSet: name "<policy>:in-ns:<ns>-<rule>-<peer><IN|OUT>", 0.0.0.0/0
// split into halves, excepts as "nomatch", an except equal to a half replaces that half.
TEST(AzureTranslation, IpBlockSetMembers_ipBlockIPSet) {
  NetworkPolicy p = base_policy();
  p.ingress = {rule({block("10.0.0.0/8", {"10.1.0.0/16", "10.1.0.0/16"})}), rule({block("0.0.0.0/0", {"192.168.0.0/16", "0.0.0.0/1"})})};
  const auto t = ok(translate_policy(p, {}));
  const auto* a = find_set(t, SetKind::CidrBlocks, "pol:in-ns:x-0-0IN");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->members, (std::vector<std::string>{"10.0.0.0/8", "10.1.0.0/16 nomatch"}));  // deDuplicateExcept
  const auto* b = find_set(t, SetKind::CidrBlocks, "pol:in-ns:x-1-0IN");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->members, (std::vector<std::string>{"0.0.0.0/1 nomatch", "128.0.0.0/1", "192.168.0.0/16 nomatch"}));
}

// parseSelector.go parsedSelectors: an entry whose key (the set name when included,
// "!" + name + kind when excluded) was seen already is dropped, first one kept. matchLabels
// app=web and "app In [web]" are one included entry; "app NotIn [web]" and "DoesNotExist app"
// are excluded entries of their own, each once however often written; "Exists app" is the
// included key set "app", distinct from the key:value one.
TEST(AzureTranslation, DuplicateSelectorEntriesKeptOnce_parsedSelectors) {
  NetworkPolicy p = base_policy();
  p.ingress = {rule({pods(match({{"app", "web"}}, {req("app", SelectorOperator::In, {"web"}),
                                                  req("app", SelectorOperator::NotIn, {"web"}),
                                                  req("app", SelectorOperator::NotIn, {"web"}),
                                                  req("app", SelectorOperator::DoesNotExist),
                                                  req("app", SelectorOperator::DoesNotExist),
                                                  req("app", SelectorOperator::Exists)}))})};
  const auto t = ok(translate_policy(p, {}));
  ASSERT_FALSE(t.acls.empty());
  std::vector<std::tuple<SetKind, std::string, bool>> peers;
  for (const SetInfo& i : t.acls[0].src_list) peers.emplace_back(i.kind, i.set, i.included);
  EXPECT_EQ(peers, (std::vector<std::tuple<SetKind, std::string, bool>>{
                       {SetKind::KeyValueLabelOfPod, "app:web", true},
                       {SetKind::KeyValueLabelOfPod, "app:web", false},
                       {SetKind::KeyLabelOfPod, "app", false},
                       {SetKind::KeyLabelOfPod, "app", true},
                       {SetKind::Namespace, "x", true}}));
}

// podSelectorWithNS: spec.podSelector is its label sets AND the namespace set; a multi-value In
// becomes a nested list named "<policyKey>:<key>:<v1>:<v2>" of key:value sets (parsePodSelector).
TEST(AzureTranslation, PodSelectorSetsAndNestedLists_parsePodSelector) {
  NetworkPolicy p = base_policy();
  p.ingress = {rule({pods(match({}, {req("tier", SelectorOperator::In, {"a", "b"}), req("env", SelectorOperator::DoesNotExist)}))})};
  const auto t = ok(translate_policy(p, {}));
  ASSERT_EQ(t.pod_selector_list.size(), 2u);
  EXPECT_EQ(t.pod_selector_list[0].set, "app:web");
  EXPECT_EQ(t.pod_selector_list[1].kind, SetKind::Namespace);
  const auto* nested = find_set(t, SetKind::NestedLabelOfPod, "x/pol:tier:a:b");
  ASSERT_NE(nested, nullptr);
  EXPECT_EQ(nested->members, (std::vector<std::string>{"tier:a", "tier:b"}));
  ASSERT_EQ(t.acls.size(), 2u);  // one allow, one drop
  const auto& allow = t.acls[0];
  ASSERT_EQ(allow.src_list.size(), 3u);
  EXPECT_TRUE(allow.src_list[0].included);
  EXPECT_FALSE(allow.src_list[1].included);  // DoesNotExist: "! --match-set env"
  EXPECT_EQ(allow.src_list[2].set, "x");
  EXPECT_FALSE(t.acls[1].allow);
}

// flattenNameSpaceSelector: NotIn [y, z] -> two ACLs (legacy, L4); PR #4866 -> one ACL with both
// negated sets. PR #4868 -> the all-namespaces list is added to the negation-only selector (L3).
TEST(AzureTranslation, NamespaceNotInFlattening_flattenNameSpaceSelector_PR4866_PR4868) {
  NetworkPolicy p = base_policy();
  p.ingress = {rule({namespaces(match({}, {req("team", SelectorOperator::NotIn, {"y", "z"})}))})};
  const auto legacy = ok(translate_policy(p, {}));
  ASSERT_EQ(legacy.acls.size(), 3u);
  EXPECT_EQ(legacy.acls[0].src_list.size(), 1u);
  EXPECT_EQ(legacy.acls[0].src_list[0].set, "team:y");
  EXPECT_EQ(legacy.acls[1].src_list[0].set, "team:z");
  TranslationOptions fixed;
  fixed.notin_conjunction = true;
  fixed.anchor_negative_namespace_selectors = true;
  const auto f = ok(translate_policy(p, fixed));
  ASSERT_EQ(f.acls.size(), 2u);
  ASSERT_EQ(f.acls[0].src_list.size(), 3u);
  EXPECT_FALSE(f.acls[0].src_list[0].included);
  EXPECT_FALSE(f.acls[0].src_list[1].included);
  EXPECT_EQ(f.acls[0].src_list[2].set, kAllNamespaces);
  EXPECT_TRUE(f.acls[0].src_list[2].included);
}

// ingressPolicy: a rule with neither ports nor peers makes the whole direction one allow ACL with
// no drop (isAllowAllToIngress); egressPolicy likewise. Named ports are a dst,dst set.
TEST(AzureTranslation, AllowAllAndNamedPortShapes_isAllowAllToIngress_namedPortRule) {
  NetworkPolicy p = base_policy();
  p.egress_type = true;
  p.ingress = {rule({pods(match({{"a", "b"}}))}), rule({})};
  p.egress = {rule({}, {named("dns", Protocol::UDP)})};
  const auto t = ok(translate_policy(p, {}));
  ASSERT_EQ(t.acls.size(), 3u);
  EXPECT_TRUE(t.acls[0].allow);
  EXPECT_TRUE(t.acls[0].src_list.empty());
  EXPECT_EQ(t.acls[1].dst_list.at(0).match, MatchType::DstDst);
  EXPECT_EQ(t.acls[1].protocol, Protocol::UDP);
  EXPECT_FALSE(t.acls[2].allow);
}

// W1: on Windows each unsupported feature is a translation error (translatePolicy.go
// ErrUnsupportedNamedPort / ErrUnsupportedNegativeMatch / ErrUnsupportedExceptCIDR /
// ErrUnsupportedSCTP), which networkPolicyController.go isUnsupportedWindowsTranslationErr skips.
TEST(AzureTranslation, W1_WindowsUnsupportedFeaturesAreErrors_translatePolicy) {
  TranslationOptions windows;
  windows.windows = true;
  auto error_of = [&](NetworkPolicy p) {
    auto r = translate_policy(p, windows);
    return std::holds_alternative<TranslationError>(r) ? std::get<TranslationError>(r).error : std::string("none");
  };
  NetworkPolicy p = base_policy();
  p.ingress = {rule({}, {named("web")})};
  EXPECT_EQ(error_of(p), "ErrUnsupportedNamedPort");
  p.ingress = {rule({block("10.0.0.0/8", {"10.1.0.0/16"})})};
  EXPECT_EQ(error_of(p), "ErrUnsupportedExceptCIDR");
  p.ingress = {rule({}, {port(80, Protocol::SCTP)})};
  EXPECT_EQ(error_of(p), "ErrUnsupportedSCTP");
  p.ingress = {rule({pods(match({}, {req("app", SelectorOperator::NotIn, {"db"})}))})};
  EXPECT_EQ(error_of(p), "ErrUnsupportedNegativeMatch");
  p.ingress = {rule({namespaces(match({}, {req("team", SelectorOperator::NotIn, {"db"})}))})};
  EXPECT_EQ(error_of(p), "none");  // negative namespaceSelectors pass translation (W2)
  p.ingress = {rule({}, {port_range(80, 90)})};
  EXPECT_EQ(error_of(p), "none");
}

// Field paths are built only when a translation fails (translation.cpp Field): pin that each
// failure still names the exact field, at every depth the translation reports.
TEST(AzureTranslation, ErrorsNameTheFieldPath) {
  TranslationOptions windows;
  windows.windows = true;
  auto field_of = [](const NetworkPolicy& p, const TranslationOptions& o) {
    auto r = translate_policy(p, o);
    return std::holds_alternative<TranslationError>(r) ? std::get<TranslationError>(r).field : std::string("none");
  };
  NetworkPolicy p = base_policy();
  p.ingress = {rule({block("10.0.0.0/8")}), rule({block("10.0.0.0/8"), block("2001:db8::/32")})};
  EXPECT_EQ(field_of(p, {}), "spec.ingress[1].from[1].ipBlock.cidr");
  p.ingress = {rule({block("10.0.0.0/8", {"10.1.0.0/16"})})};
  EXPECT_EQ(field_of(p, windows), "spec.ingress[0].from[0].ipBlock.except");
  p.ingress = {rule({pods(match({}, {req("app", SelectorOperator::In, {"a"}), req("app", SelectorOperator::In, {"-bad-"})}))})};
  EXPECT_EQ(field_of(p, {}), "spec.ingress[0].from[0].podSelector.matchExpressions[1].values");
  p.ingress = {rule({pods(match({}, {req("app", SelectorOperator::DoesNotExist)}))})};
  EXPECT_EQ(field_of(p, windows), "spec.ingress[0].from[0].podSelector.matchExpressions[0].operator");
  p.ingress = {rule({namespaces(match({}, {req("team", SelectorOperator::In, {"a", "-bad-"})}))})};
  EXPECT_EQ(field_of(p, {}), "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values");
  p.ingress = {};
  p.egress_type = true;
  p.egress = {rule({pods(match({}))}, {port(80), named("web")})};
  EXPECT_EQ(field_of(p, windows), "spec.egress[0].ports[1]");
  p.egress = {rule({}, {port(80), named("web")})};
  EXPECT_EQ(field_of(p, windows), "spec.egress[0].ports[1]");
  p.egress = {};
  p.pod_selector = match({}, {req("tier", SelectorOperator::NotIn, {"x"})});
  EXPECT_EQ(field_of(p, windows), "spec.podSelector.matchExpressions[0].operator");
}

}  // namespace
}  // namespace netpol::azure::testing

// Loading the Calico policy kinds in both manifest forms, with Calico's defaulting.
// Sources (projectcalico/calico): api/pkg/apis/projectcalico/v3/{networkpolicy,
// globalnetworkpolicy,staged*}.go, api/pkg/defaults/networkpolicy.go,
// felix/calc/policy_sorter.go, libcalico-go/lib/backend/k8s/resources/resources.go,
// libcalico-go/lib/names/policy.go, libcalico-go/lib/clientv3/networkpolicy.go.
#include <gtest/gtest.h>

#include "tests/calico_input/calico_test_util.h"

namespace netpol {
namespace {

using testing::gnp;
using testing::has_warning;
using testing::load_calico;
using testing::reject_calico;

constexpr const char* kNetworkPolicyV3 = R"(apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: allow-web
  namespace: shop
spec:
  order: 100.5
  selector: app == 'web'
  serviceAccountSelector: role == 'frontend'
  ingress:
    - action: Allow
      protocol: TCP
      source:
        selector: app == 'lb'
        nets: [10.0.0.0/8]
      destination:
        ports: [80, "8000:8080", http]
    - action: Deny
)";

TEST(CalicoNetworkPolicy, V3FormLoadsEveryField) {
  LoadResult r = load_calico(kNetworkPolicyV3);
  ASSERT_EQ(r.cluster.calico.policies.size(), 1u);
  const CalicoPolicy& p = r.cluster.calico.policies[0];
  EXPECT_EQ(p.kind, CalicoPolicyKind::NetworkPolicy);
  EXPECT_EQ(p.namespace_name, "shop");
  EXPECT_EQ(p.name, "allow-web");
  EXPECT_EQ(p.tier, "default");  // kubebuilder default on spec.tier
  ASSERT_TRUE(p.order);
  EXPECT_DOUBLE_EQ(*p.order, 100.5);
  EXPECT_EQ(p.selector, "app == 'web'");
  EXPECT_EQ(p.service_account_selector, "role == 'frontend'");
  ASSERT_EQ(p.ingress.size(), 2u);
  const CalicoRule& rule = p.ingress[0];
  EXPECT_EQ(rule.action, CalicoAction::Allow);
  ASSERT_TRUE(rule.protocol);
  EXPECT_EQ(rule.protocol->name, "TCP");
  EXPECT_EQ(rule.protocol->number, 6);
  EXPECT_EQ(rule.source.selector, std::optional<std::string>("app == 'lb'"));
  EXPECT_FALSE(rule.source.not_selector);  // absent stays absent (differs from "")
  ASSERT_EQ(rule.source.nets.size(), 1u);
  EXPECT_EQ(rule.source.nets[0].to_string(), "10.0.0.0/8");
  std::vector<CalicoPort> ports = {{80, 80, ""}, {8000, 8080, ""}, {0, 0, "http"}};
  EXPECT_EQ(rule.destination.ports, ports);
  EXPECT_EQ(rule.location.line, 11);  // the rule's own line, for explain output
  EXPECT_EQ(p.ingress[1].action, CalicoAction::Deny);
  EXPECT_EQ(p.source.kind, "NetworkPolicy");
  EXPECT_EQ(p.source.name, "shop/allow-web");
  EXPECT_EQ(p.source.location.file, "calico.yaml");
}

TEST(CalicoNetworkPolicy, NamespaceDefaultsToDefault) {
  LoadResult r = load_calico(R"(apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: p}
spec: {}
)");
  EXPECT_EQ(r.cluster.calico.policies.at(0).namespace_name, "default");
}

// api/pkg/defaults/networkpolicy.go defaultPolicyTypesField, applied by calicoctl / the API
// server (clientv3 networkpolicy.go Create) to the v3 form.
TEST(CalicoPolicyTypes, V3DefaultingFollowsRulesPresent) {
  struct Case {
    const char* spec;
    bool ingress, egress;
  } cases[] = {
      {"{}", true, false},                                                   // no rules: Ingress
      {"{ingress: [{action: Allow}]}", true, false},                         // ingress only
      {"{egress: [{action: Allow}]}", false, true},                          // egress only: Egress
      {"{ingress: [{action: Allow}], egress: [{action: Deny}]}", true, true},  // both
      {"{types: [Egress]}", false, true},                                    // explicit kept
      {"{types: [Ingress, Egress]}", true, true},
      {"{types: [], egress: [{action: Allow}]}", false, true},               // [] = not given
  };
  for (const Case& c : cases) {
    LoadResult r = load_calico(std::string("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\n"
                                           "metadata: {name: p}\nspec: ") + c.spec + "\n");
    const CalicoPolicy& p = r.cluster.calico.policies.at(0);
    EXPECT_EQ(p.ingress_type, c.ingress) << c.spec;
    EXPECT_EQ(p.egress_type, c.egress) << c.spec;
  }
}

// felix/calc/policy_sorter.go: "no Types means Ingress and Egress" -- and nothing defaults the
// types of a crd.projectcalico.org/v1 object applied with kubectl (only clientv3 calls
// defaults.Default).
TEST(CalicoPolicyTypes, CrdFormWithoutTypesAppliesBothWaysWithWarning) {
  LoadResult r = load_calico(R"(apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: {name: p}
spec:
  ingress: [{action: Allow}]
)");
  const CalicoPolicy& p = r.cluster.calico.policies.at(0);
  EXPECT_TRUE(p.ingress_type);
  EXPECT_TRUE(p.egress_type);
  EXPECT_TRUE(has_warning(r, "ingress AND egress"));
}

TEST(CalicoPolicyTypes, CrdFormEmptyTypesListRejected) {  // CRD schema MinItems=1
  auto e = reject_calico("apiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkPolicy\nmetadata: {name: p}\n"
                         "spec: {types: []}\n");
  EXPECT_EQ(e.field, "spec.types");
}

TEST(CalicoPolicyTypes, RepeatedOrUnknownTypeRejected) {  // validator.go validateNetworkPolicySpec
  auto e = reject_calico(gnp("types: [Ingress, Ingress]"));
  EXPECT_EQ(e.field, "spec.types[1]");
  EXPECT_NE(e.message.find("more than once"), std::string::npos);
  EXPECT_EQ(reject_calico(gnp("types: [ingress]")).field, "spec.types[0]");  // Enum, exact case
}

// libcalico-go/lib/backend/k8s/resources/resources.go determinePolicyName: the CRD object
// "default.<name>" of a default-tier policy is the v3 policy "<name>".
TEST(CalicoPolicyNames, CrdFormDropsDefaultTierPrefix) {
  LoadResult r = load_calico(R"(apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata: {name: default.allow-dns, namespace: kube-system}
spec: {tier: default}
---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: {name: default.deny-all}
spec: {}
---
apiVersion: crd.projectcalico.org/v1
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: {name: security.block}
spec: {tier: security}
)");
  const auto& ps = r.cluster.calico.policies;
  ASSERT_EQ(ps.size(), 3u);
  // Sorted by (namespace, name).
  EXPECT_EQ(ps[0].name, "deny-all");
  EXPECT_EQ(ps[1].name, "security.block");  // other tiers keep the name as written
  EXPECT_EQ(ps[1].tier, "security");
  EXPECT_EQ(ps[2].name, "allow-dns");
  EXPECT_EQ(ps[2].namespace_name, "kube-system");
  EXPECT_EQ(ps[2].source.name, "kube-system/allow-dns");
}

// libcalico-go/lib/names/policy.go at v3.31.0 ValidateTieredPolicyName (gone in v3.32): the v3
// name of a policy outside the default tier had to start with "<tier>.".
TEST(CalicoPolicyNames, V3FormWarnsAboutMissingTierPrefix) {
  LoadResult r = load_calico(R"(apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: block}
spec: {tier: security}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.ok}
spec: {tier: security}
)");
  EXPECT_EQ(r.cluster.calico.policies.size(), 2u);
  EXPECT_TRUE(has_warning(r, "lacks the \"security.\" tier prefix"));
  int prefix_warnings = 0;
  for (const auto& w : r.warnings) prefix_warnings += w.message.find("tier prefix") != std::string::npos;
  EXPECT_EQ(prefix_warnings, 1);
}

// validator.go networkPolicyNameRegex / globalNetworkPolicyNameRegex.
TEST(CalicoPolicyNames, V3NameRegexes) {
  auto np = [](const char* name) {
    return std::string("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: '") + name +
           "'}\nspec: {}\n";
  };
  EXPECT_NO_THROW(load_calico(np("a-b")));
  EXPECT_NO_THROW(load_calico(np("default.a-b")));
  EXPECT_NO_THROW(load_calico(np("knp.default.a.b.c")));
  EXPECT_EQ(reject_calico(np("a.b.c")).field, "metadata.name");
  EXPECT_EQ(reject_calico(np("Upper")).field, "metadata.name");
  EXPECT_EQ(reject_calico(np("-a")).field, "metadata.name");
  EXPECT_NE(reject_calico(gnp("{}", "knp.default.x")).message.find("globalNetworkPolicyNameRegex"), std::string::npos);
}

TEST(CalicoGlobalNetworkPolicy, LoadsGlobalFields) {
  LoadResult r = load_calico(gnp(R"Y({namespaceSelector: "has(team)", doNotTrack: true, applyOnForward: true,
    ingress: [{action: Allow, source: {namespaceSelector: global()}}], performanceHints: [AssumeNeededOnEveryNode]})Y"));
  const CalicoPolicy& p = r.cluster.calico.policies.at(0);
  EXPECT_TRUE(p.global());
  EXPECT_EQ(p.namespace_name, "");
  EXPECT_EQ(p.namespace_selector, "has(team)");
  EXPECT_TRUE(p.do_not_track);
  EXPECT_TRUE(p.apply_on_forward);
  EXPECT_FALSE(p.pre_dnat);
  EXPECT_FALSE(p.order);  // nil: sorts last
  EXPECT_EQ(p.ingress.at(0).source.namespace_selector, std::optional<std::string>("global()"));
}

TEST(CalicoStagedPolicies, LoadedWithWarningNeverEnforced) {
  LoadResult r = load_calico(R"(apiVersion: projectcalico.org/v3
kind: StagedNetworkPolicy
metadata: {name: try, namespace: shop}
spec: {stagedAction: Set, ingress: [{action: Deny}]}
---
apiVersion: projectcalico.org/v3
kind: StagedGlobalNetworkPolicy
metadata: {name: try-global}
spec: {egress: [{action: Deny}]}
---
apiVersion: projectcalico.org/v3
kind: StagedKubernetesNetworkPolicy
metadata: {name: try-k8s, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
)");
  const auto& ps = r.cluster.calico.policies;
  ASSERT_EQ(ps.size(), 3u);
  for (const auto& p : ps) EXPECT_TRUE(p.staged()) << p.name;
  EXPECT_EQ(ps[0].kind, CalicoPolicyKind::StagedGlobalNetworkPolicy);
  EXPECT_TRUE(ps[0].egress_type);
  EXPECT_EQ(ps[1].kind, CalicoPolicyKind::StagedNetworkPolicy);
  EXPECT_EQ(ps[2].kind, CalicoPolicyKind::StagedKubernetesNetworkPolicy);
  EXPECT_TRUE(ps[2].ingress_type && ps[2].egress_type);
  int staged_warnings = 0;
  for (const auto& w : r.warnings) staged_warnings += w.message.find("staged: not enforced") != std::string::npos;
  EXPECT_EQ(staged_warnings, 3);
}

// validator.go validateStagedNetworkPolicy: stagedAction Delete leaves only the tier.
TEST(CalicoStagedPolicies, DeleteActionRequiresEmptySpec) {
  const char* head = "apiVersion: projectcalico.org/v3\nkind: StagedNetworkPolicy\nmetadata: {name: x}\n";
  EXPECT_NO_THROW(load_calico(std::string(head) + "spec: {stagedAction: Delete, tier: default}\n"));
  auto e = reject_calico(std::string(head) + "spec: {stagedAction: Delete, selector: all()}\n");
  EXPECT_EQ(e.field, "spec.selector");
  EXPECT_EQ(reject_calico(std::string(head) + "spec: {stagedAction: Maybe}\n").field, "spec.stagedAction");
  EXPECT_EQ(reject_calico(gnp("{stagedAction: Set}")).field, "spec.stagedAction");  // not on enforced kinds
}

TEST(CalicoKinds, UnknownCalicoKindIsSkippedWithWarning) {
  LoadResult r = load_calico(R"(apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: pool}
spec: {cidr: 10.0.0.0/16}
---
apiVersion: crd.projectcalico.org/v1
kind: BGPConfiguration
metadata: {name: default}
spec: {}
)");
  EXPECT_TRUE(r.cluster.calico.empty());
  EXPECT_TRUE(has_warning(r, "IPPool"));
  EXPECT_TRUE(has_warning(r, "BGPConfiguration"));
}

// Profiles have no CRD in libcalico-go/config/crd: the kubectl form does not know the kind.
TEST(CalicoKinds, ProfileOnlyInV3Form) {
  LoadResult r = load_calico("apiVersion: crd.projectcalico.org/v1\nkind: Profile\nmetadata: {name: x}\nspec: {}\n");
  EXPECT_TRUE(r.cluster.calico.profiles.empty());
  EXPECT_TRUE(has_warning(r, "Profile"));
}

TEST(CalicoFinalize, DuplicatePolicyRejectedNamingTheFirst) {
  auto e = reject_calico(gnp("{}", "same") + "---\n" + gnp("{order: 1}", "same"));
  EXPECT_NE(e.message.find("duplicate GlobalNetworkPolicy same"), std::string::npos);
  EXPECT_NE(e.message.find("calico.yaml:1:1 (document 0)"), std::string::npos);
  EXPECT_EQ(e.location.document, 1);
}

TEST(CalicoFinalize, SameNameDifferentKindOrNamespaceIsFine) {
  LoadResult r = load_calico(R"(apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: p, namespace: a}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: p, namespace: b}
---
apiVersion: projectcalico.org/v3
kind: StagedNetworkPolicy
metadata: {name: p, namespace: a}
)");
  EXPECT_EQ(r.cluster.calico.policies.size(), 3u);
}

// clientv3 networkpolicy.go Create: "Tier ... does not exist" unless declared or built in
// (names/policy.go: default, kube-admin, kube-baseline; v3.31: adminnetworkpolicy,
// baselineadminnetworkpolicy).
TEST(CalicoFinalize, PolicyTierMustExist) {
  auto e = reject_calico(gnp("{tier: missing}"));
  EXPECT_EQ(e.field, "spec.tier");
  EXPECT_NE(e.message.find("tier \"missing\", which does not exist"), std::string::npos);
  EXPECT_NO_THROW(load_calico(gnp("{tier: kube-admin}", "kube-admin.p")));
  EXPECT_NO_THROW(load_calico(gnp("{tier: adminnetworkpolicy}", "adminnetworkpolicy.p")));
  EXPECT_NO_THROW(load_calico(gnp("{tier: later}", "later.p") +
                              "---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: later}\n"));
}

TEST(CalicoFinalize, WarnsAboutNamespacesNotInTheInput) {
  LoadResult r = load_calico(R"(apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
---
apiVersion: projectcalico.org/v3
kind: NetworkSet
metadata: {name: s, namespace: ghost}
)");
  EXPECT_TRUE(has_warning(r, "NetworkSet ghost/s is in namespace \"ghost\", which is not in the input"));
  EXPECT_FALSE(has_warning(r, "namespace \"shop\""));
}

}  // namespace
}  // namespace netpol

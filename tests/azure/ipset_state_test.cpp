// IpSetState (models/azure/ipset_state.h) fills hash:net sets a whole run of endpoints at a time
// (every endpoint inside an entry, most specific entry first). Pin that this is ipset's own
// per-address lookup -- the most specific entry containing the address decides, a "nomatch"
// entry means "not in" -- for every endpoint, on entries that nest, overlap and split 0.0.0.0/0.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "generators/scale.h"
#include "models/azure/ipset_state.h"
#include "models/azure/translation.h"
#include "tests/azure/cluster_builder.h"

namespace netpol::azure::testing {
namespace {

// ipset hash:net, one address at a time, straight from the entry texts.
bool hash_net_lookup(const std::vector<std::string>& members, std::uint32_t address) {
  int best_prefix = -1;
  bool in = false;
  for (const auto& m : members) {
    const bool nomatch = m.ends_with(" nomatch");
    const Cidr c = cidr(nomatch ? m.substr(0, m.size() - 8).c_str() : m.c_str());
    const std::uint32_t mask = c.prefix == 0 ? 0u : ~std::uint32_t{0} << (32 - c.prefix);
    const auto network = static_cast<std::uint32_t>(c.network().value);
    if ((address & mask) == network && c.prefix > best_prefix) {
      best_prefix = c.prefix;
      in = !nomatch;
    }
  }
  return in;
}

TEST(AzureIpSets, HashNetMembersAreThePerAddressLookup) {
  ClusterBuilder b;
  b.node("node-2", "10.1.0.5");
  b.pod("x", "a", {{"app", "a"}}, "10.1.2.3");
  b.pod("x", "b", {{"app", "b"}}, "10.2.0.1", "node-2");
  b.pod("x", "c", {{"app", "c"}}, "11.0.0.1");
  b.pod("x", "d", {{"app", "d"}}, "192.168.7.7", "node-2");
  auto& p = b.policy("x", "blocks", match({}));
  p.ingress_type = true;
  p.ingress = {rule({block("10.0.0.0/8", {"10.1.0.0/16", "10.1.2.0/24"}), block("0.0.0.0/0", {"0.0.0.0/1", "192.168.0.0/16"}),
                     block("10.1.2.3/32"), block("10.0.0.0/7", {"10.0.0.0/8"})})};
  const Cluster cluster = b.build();
  const Universe universe = build_universe(cluster, {probe("TCP/80")});
  IpSetState sets(cluster, universe);
  const auto translated = translate_policy(cluster.policies.front(), TranslationOptions{});
  for (const auto& s : std::get<NpmNetworkPolicy>(translated).sets) sets.intern(s);
  sets.finalize();
  std::size_t cidr_sets = 0, members = 0;
  for (std::size_t id = 0; id < sets.size(); ++id) {
    const TranslatedSet& def = sets.definition(static_cast<int>(id));
    if (def.kind != SetKind::CidrBlocks) continue;
    ++cidr_sets;
    for (EndpointIndex e = 0; e < universe.endpoints.size(); ++e) {
      const bool expected = sets.v4(e) && hash_net_lookup(def.members, *sets.v4(e));
      EXPECT_EQ(sets.members(static_cast<int>(id)).test(e), expected) << def.name << " " << universe.endpoints[e].id;
      members += expected;
    }
  }
  EXPECT_EQ(cidr_sets, 4u);
  EXPECT_GT(members, 0u);
}

// finalize() computes a hash:net set once per distinct entry list and copies it to every other
// set with the same entries (policies made from one template). Pin that each copy is still the
// per-address lookup of its own entries, next to sets whose entries differ only in order or in
// one nomatch.
TEST(AzureIpSets, HashNetSetsWithTheSameEntriesAreEachThePerAddressLookup) {
  ClusterBuilder b;
  b.pod("x", "a", {{"app", "a"}}, "10.1.2.3");
  b.pod("y", "b", {{"app", "b"}}, "10.2.0.1");
  b.pod("y", "c", {{"app", "c"}}, "8.8.8.8");
  for (const char* ns : {"x", "y"}) {
    auto& p = b.policy(ns, "internet", match({}));
    p.egress_type = true;
    p.egress = {rule({block("0.0.0.0/0", {"10.0.0.0/8"}), block("0.0.0.0/0", {"10.0.0.0/8"}), block("10.0.0.0/8", {"10.1.0.0/16"}),
                      block("10.0.0.0/8"), block("0.0.0.0/0", {"10.2.0.0/16"})})};
  }
  const Cluster cluster = b.build();
  const Universe universe = build_universe(cluster, {probe("TCP/80")});
  IpSetState sets(cluster, universe);
  for (const auto& policy : cluster.policies) {
    const auto translated = translate_policy(policy, TranslationOptions{});
    for (const auto& s : std::get<NpmNetworkPolicy>(translated).sets) sets.intern(s);
  }
  sets.finalize();
  std::size_t cidr_sets = 0;
  for (std::size_t id = 0; id < sets.size(); ++id) {
    const TranslatedSet& def = sets.definition(static_cast<int>(id));
    if (def.kind != SetKind::CidrBlocks) continue;
    ++cidr_sets;
    for (EndpointIndex e = 0; e < universe.endpoints.size(); ++e)
      EXPECT_EQ(sets.members(static_cast<int>(id)).test(e), sets.v4(e) && hash_net_lookup(def.members, *sets.v4(e)))
          << def.name << " " << universe.endpoints[e].id;
  }
  EXPECT_EQ(cidr_sets, 10u);
}

// finalize() fills pod and namespace sets from one index per namespace and per label key some
// set asks about (the pods with the key, and per asked value the pods with key=value), each
// entry kept as the endpoints the pods' addresses reach. Pin that every such set of a generated
// cluster's policies holds exactly what ipsetmanager would put in it: the addresses of the
// tracked pods whose labels have the key (KeyLabelOfPod), key=value (KeyValueLabelOfPod) or any
// member's key:value (NestedLabelOfPod, a list of those); of the tracked pods in the namespace
// (Namespace) or in every namespace with the key or key=value (KeyLabelOfNamespace,
// KeyValueLabelOfNamespace; "all-namespaces" is every namespace), and so every endpoint using
// such an address.
TEST(AzureIpSets, PodAndNamespaceSetsHoldThePodsTheyName) {
  generators::ScaleSpec spec;
  spec.namespaces = 4;
  spec.pods = 80;
  spec.policies = 30;
  spec.nodes = 3;
  spec.seed = 11;
  const Cluster cluster = generators::make_scale_cluster(spec);
  const Universe universe = build_universe(cluster, {probe("TCP/80")});
  IpSetState sets(cluster, universe);
  for (const NetworkPolicy& p : cluster.policies) {
    const TranslationResult r = translate_policy(p, TranslationOptions{});
    if (const auto* t = std::get_if<NpmNetworkPolicy>(&r))
      for (const auto& s : t->sets) sets.intern(s);
  }
  sets.finalize();
  auto has = [](const Labels& labels, std::string_view key, const std::optional<std::string_view>& value) {
    auto it = labels.find(std::string(key));
    return it != labels.end() && (!value || it->second == *value);
  };
  std::map<SetKind, std::size_t> checked;
  std::size_t members = 0;
  for (std::size_t id = 0; id < sets.size(); ++id) {
    const TranslatedSet& def = sets.definition(static_cast<int>(id));
    // The namespace sets: which namespaces' pods belong.
    std::optional<std::set<std::string>> namespaces;
    if (def.kind == SetKind::Namespace) namespaces = std::set<std::string>{def.name};
    if (def.kind == SetKind::KeyLabelOfNamespace || def.kind == SetKind::KeyValueLabelOfNamespace) {
      namespaces.emplace();
      for (const Namespace& ns : cluster.namespaces)
        if ((def.kind == SetKind::KeyLabelOfNamespace && def.name == kAllNamespaces) ||
            has(ns.labels, def.label_key,
                def.label_value ? std::optional<std::string_view>(*def.label_value) : std::nullopt))
          namespaces->insert(ns.name);
    }
    std::vector<std::pair<std::string_view, std::optional<std::string_view>>> wanted;  // any of these
    if (def.kind == SetKind::KeyLabelOfPod) wanted.emplace_back(def.label_key, std::nullopt);
    if (def.kind == SetKind::KeyValueLabelOfPod) wanted.emplace_back(def.label_key, std::string_view(*def.label_value));
    if (def.kind == SetKind::NestedLabelOfPod)
      for (const std::string& m : def.members) {
        const auto colon = m.find(':');
        wanted.emplace_back(std::string_view(m).substr(0, colon), std::string_view(m).substr(colon + 1));
      }
    if (wanted.empty() && !namespaces) continue;
    ++checked[def.kind];
    std::set<std::uint32_t> addresses;  // of the tracked pods with the labels, or in the namespaces
    for (EndpointIndex e = 0; e < universe.endpoints.size(); ++e) {
      const Endpoint& ep = universe.endpoints[e];
      if (!ep.is_pod() || !sets.tracked(e) || !sets.v4(e)) continue;
      const Pod& pod = cluster.pods[ep.pod];
      if (namespaces && namespaces->count(pod.namespace_name)) addresses.insert(*sets.v4(e));
      for (const auto& [key, value] : wanted)
        if (has(pod.labels, key, value)) addresses.insert(*sets.v4(e));
    }
    for (EndpointIndex e = 0; e < universe.endpoints.size(); ++e) {
      const bool expected = sets.v4(e) && addresses.count(*sets.v4(e));
      EXPECT_EQ(sets.members(static_cast<int>(id)).test(e), expected) << def.name << " " << universe.endpoints[e].id;
      members += expected;
    }
  }
  EXPECT_GT(checked[SetKind::KeyValueLabelOfPod], 5u);
  EXPECT_GT(checked[SetKind::Namespace], 0u);
  EXPECT_GT(checked[SetKind::KeyValueLabelOfNamespace] + checked[SetKind::KeyLabelOfNamespace], 0u);
  EXPECT_GT(members, 20u);
}

// NPM's ipset manager keeps one set per prefixed name, i.e. per (type, name)
// (npm/pkg/dataplane/ipsets/ipsetmanager.go createIPSet: when setMetadata.GetPrefixName() exists,
// the existing set is kept and nothing is created). Interning, by copy or by move, returns
// the first definition's id for a name it knows and keeps that definition; a new set moved in
// arrives whole; the same name under another kind is another set.
TEST(AzureIpSets, InterningKeepsOneSetPerKindAndName) {
  ClusterBuilder b;
  b.pod("x", "a", {{"app", "web"}}, "10.244.0.10");
  const Cluster cluster = b.build();
  const Universe universe = build_universe(cluster, {probe("TCP/80")});
  IpSetState sets(cluster, universe);
  const TranslatedSet web{SetKind::KeyValueLabelOfPod, "app:web", "app", "web", {}};
  const int copied = sets.intern(web);
  TranslatedSet moved = web;
  EXPECT_EQ(sets.intern(std::move(moved)), copied);
  TranslatedSet other{SetKind::KeyValueLabelOfPod, "app:web", "other-key", "other-value", {}};
  EXPECT_EQ(sets.intern(std::move(other)), copied);
  EXPECT_EQ(sets.definition(copied), web);
  const TranslatedSet nested{SetKind::NestedLabelOfPod, "x/p:app:web:db", "app", std::nullopt, {"app:web", "app:db"}};
  TranslatedSet nested_moved = nested;
  const int nested_id = sets.intern(std::move(nested_moved));
  EXPECT_NE(nested_id, copied);
  EXPECT_EQ(sets.definition(nested_id), nested);
  EXPECT_EQ(sets.intern(TranslatedSet{SetKind::KeyLabelOfPod, "app:web", "app:web", std::nullopt, {}}), nested_id + 1);
  EXPECT_EQ(sets.size(), 3u);
  EXPECT_EQ(sets.find(SetKind::KeyValueLabelOfPod, "app:web"), copied);
  sets.finalize();
  EXPECT_TRUE(sets.members(copied).test(0));
  EXPECT_TRUE(sets.members(nested_id).test(0));
}

}  // namespace
}  // namespace netpol::azure::testing

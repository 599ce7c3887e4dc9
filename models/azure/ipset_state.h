// The ipsets NPM keeps on every node, with their members, as bitsets over the endpoints of a
// Universe: endpoint e is "in" set S when the IPv4 address e puts in its packets is a member of
// S -- the same test `-m set --match-set S src|dst` makes in the kernel.
//
// Membership follows NPM's pod and namespace controllers (Azure/azure-container-networking
// npm/pkg/controlplane/controllers/v2/podController.go, namespaceController.go):
//  - only pods NPM tracks are members: not hostNetwork (needSync/isHostNetworkPod), not
//    Succeeded/Failed (isCompletePod), with an IPv4 status.podIP (syncAddedPod ignores others,
//    L6); the member address is that podIP;
//  - namespace sets hold the pods of the namespace; namespace-label sets are lists of namespace
//    sets; "all-namespaces" lists every namespace;
//  - hash:net sets (ipBlock) match any address, pods' and nodes' included (L7), with the
//    most specific entry deciding and "nomatch" entries excluding (ipset hash:net semantics);
//  - hash:ip,port sets (named ports) hold "podIP,PROTO:containerPort" for every container
//    (not init container: common/pod.go GetContainerPortList) port of that name.
//
// Invariants: set ids are dense, in order of first interning; after finalize() every set has
// its membership, and named-port sets have one bitset per probe of the Universe.
#pragma once

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/azure/bits.h"
#include "models/azure/npm_policy.h"
#include "models/cluster/cluster.h"
#include "models/cluster/universe.h"

namespace netpol::azure {

// Endpoints grouped by their membership in a list of sets: two endpoints of one class answer
// every "--match-set S src" test on those sets alike. Classes are numbered in order of their
// first endpoint, and representative[k] is that first endpoint.
struct SourceClasses {
  std::vector<std::uint32_t> class_of;      // per endpoint (32-bit: a per-endpoint table read by every row)
  std::vector<EndpointIndex> representative;  // per class
};

class IpSetState {
 public:
  IpSetState(const Cluster& cluster, const Universe& universe);

  // Registers a set (shared by (kind, name), as NPM's ipset manager does) and returns its id.
  int intern(const TranslatedSet& set);
  // The same, taking the definition over (moving from `set`) only when the set is new.
  int intern(TranslatedSet&& set);
  // Id of an interned set; -1 when unknown.
  int find(SetKind kind, const std::string& name) const;

  // Computes every membership. Call once, after the last intern().
  void finalize();

  std::size_t size() const { return defs_.size(); }
  // Number of endpoints of the universe (the size of every bitset).
  std::size_t endpoints() const { return universe_.endpoints.size(); }
  // Number of probes of the universe (port_members has one bitset per probe).
  std::size_t probe_count() const { return universe_.probes.size(); }
  const TranslatedSet& definition(int id) const { return defs_[static_cast<std::size_t>(id)]; }
  // Endpoints whose packet address is in the set (not for NamedPorts sets).
  const Bits& members(int id) const { return members_[static_cast<std::size_t>(id)]; }
  // NamedPorts sets: endpoints whose (address, probe protocol, probe port) is an entry.
  const Bits& port_members(int id, std::size_t probe) const { return port_members_[static_cast<std::size_t>(id)][probe]; }

  // The endpoints split by their membership in `set_ids` (after finalize()).
  SourceClasses classify(const std::vector<int>& set_ids) const;

  // Entries of a set as NPM would list them (pod addresses, CIDR entries, ip,proto:port), sorted.
  std::vector<std::string> entries(int id) const;
  // "podlabel app:web" style name, with the ipset type.
  std::string describe(int id) const;

  // The IPv4 address an endpoint uses in IPv4 packets (its first IPv4 address), if any.
  const std::optional<std::uint32_t>& v4(EndpointIndex e) const { return v4_[e]; }
  // True when NPM tracks the pod of this endpoint (see above).
  bool tracked(EndpointIndex e) const { return tracked_.test(e); }

 private:
  bool namespace_has(std::string_view ns, const TranslatedSet& set) const;

  const Cluster& cluster_;
  const Universe& universe_;
  std::vector<std::optional<std::uint32_t>> v4_;
  Bits tracked_;
  std::vector<int> tracked_pods_;                         // cluster pod indexes
  // The endpoints whose packet address is each tracked pod's IPv4 address (the pod's own, and
  // any other endpoint given that address): for tracked_pods_[i],
  // pod_endpoints_[pod_endpoint_start_[i] .. pod_endpoint_start_[i + 1]).
  std::vector<std::size_t> pod_endpoint_start_;
  std::vector<EndpointIndex> pod_endpoints_;
  std::vector<std::pair<std::uint32_t, EndpointIndex>> by_v4_;  // sorted: endpoints by IPv4 address
  template <typename F>
  void for_each_endpoint_at(std::uint32_t addr, F&& f) const {
    for (auto it = std::lower_bound(by_v4_.begin(), by_v4_.end(), std::make_pair(addr, EndpointIndex{0})); it != by_v4_.end() && it->first == addr; ++it)
      f(it->second);
  }
  std::map<std::string, const Namespace*, std::less<>> namespaces_;
  // Set ids by kind, then name; looked up by view, so a set already interned costs no key copy.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  std::array<std::unordered_map<std::string, int, NameHash, std::equal_to<>>, kSetKinds> ids_;
  std::vector<TranslatedSet> defs_;
  std::vector<Bits> members_;
  std::vector<std::vector<Bits>> port_members_;
};

}  // namespace netpol::azure

// NPM's Windows dataplane (Windows Server 2022): each NetworkPolicy becomes a list of HNS ACL
// policies on the HNS endpoint of every pod its spec.podSelector selects
// (Azure/azure-container-networking npm/pkg/dataplane/policies/policy_windows.go
// convertToAclSettings, policymanager_windows.go getSettingsFromACL).
//
// Evaluation per endpoint and direction: the matching ACL with the lowest priority number
// decides; allow ACLs have priority 222, block (default drop) ACLs 3000, and every applied
// policy adds an allow-from-node ACL at 201 (readiness probes, fix for issue #1881). No match:
// the endpoint's default, allow. Allows of all policies are therefore still a union.
//
// Mechanism behind the Windows deviations:
//  - W1 happens earlier, in translation (translation.h, TranslationOptions::windows);
//  - W2: convertToAclSettings rejects a negated set only in the SOURCE list; a negated set in
//    the destination list (egress peers) is written as a plain set name, i.e. positive, so
//    "NotIn x" becomes "only x". A rejected ACL fails the whole policy (getSettingsFromACL
//    returns the error before any endpoint is touched), so the policy is never applied;
//  - W3: a port range is written as the comma list of every port (getPortStrFromPorts).
// Addresses: LocalAddresses hold the source sets and RemoteAddresses the destination sets, for
// both directions (policy_windows.go comment "HNS has confusing Local and Remote ...");
// several sets in one list must all contain the address (as the iptables rule ANDs them).
//
// Invariants: a converted policy has at least one ACL besides the readiness one only when the
// NPM policy had ACLs; ports are sorted and unique.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/azure/bits.h"
#include "models/azure/ipset_state.h"
#include "models/azure/npm_policy.h"
#include "models/azure/packet_path.h"
#include "models/azure/translation.h"
#include "models/cluster/verdict.h"

namespace netpol::azure {

inline constexpr int kHnsAllowPriority = 222;
inline constexpr int kHnsBlockPriority = 3000;
inline constexpr int kHnsReadinessPriority = 201;

struct HnsAcl {
  bool allow = true;
  Direction direction = Direction::Ingress;
  int priority = kHnsAllowPriority;
  std::vector<int> local_sets;       // LocalAddresses: every set must contain the source
  std::vector<int> remote_sets;      // RemoteAddresses: every set must contain the destination
  std::optional<Protocol> protocol;  // Protocols "" = any
  std::vector<int> ports;            // LocalPorts (In) / RemotePorts (Out): destination ports; empty = any
  AclOrigin origin;                  // the NPM ACL's, for explain
};

struct HnsPolicy {
  std::string key;
  std::vector<std::pair<int, bool>> selector;  // (set, negated): spec.podSelector sets, ANDed
  std::vector<HnsAcl> acls;                    // without the per-endpoint readiness ACL
};

struct HnsRejection {
  std::string policy;
  TranslationError error;
};

class HnsDataplane {
 public:
  // Converts translated policies; the ones HNS would refuse are left out and reported.
  HnsDataplane(const std::vector<NpmNetworkPolicy>& policies, IpSetState& sets, std::vector<HnsRejection>& rejected);
  // After sets.finalize(): which endpoints each policy is applied to.
  void bind(const IpSetState& sets, const Cluster& cluster, const Universe& universe);

  const std::vector<HnsPolicy>& policies() const { return policies_; }
  const std::vector<int>& source_sets() const { return source_sets_; }

  // One packet: the ACL decisions on the source's endpoint (Out) and the destination's (In).
  Verdict walk_packet(const IpSetState& sets, const PacketPaths& paths, EndpointIndex src, EndpointIndex dst,
                      std::size_t probe, const Probe& probe_value, std::vector<DecisionStep>& steps) const;

  // Every IPv4 packet from `src` at once, in two halves. walk_class depends on the source only
  // through its membership in source_sets() (so one result serves a class of sources); finish
  // adds what depends on the source itself (the readiness ACL's NodeIP, whether it has an HNS
  // endpoint) and returns the destinations both ACL lists allow.
  struct ClassResult {
    Bits out_blocked;  // destinations the source's Out ACLs block
    Bits in_allowed;   // destinations whose In ACLs allow the source (priority 222)
    Bits in_blocked;   // destinations with an In block ACL
  };
  ClassResult walk_class(const IpSetState& sets, EndpointIndex src, std::size_t probe, const Probe& probe_value) const;
  Bits finish(const ClassResult& result, const IpSetState& sets, const PacketPaths& paths, EndpointIndex src) const;

 private:
  std::vector<HnsPolicy> policies_;
  std::vector<Bits> applied_;                   // per policy: endpoints it is applied to
  Bits any_applied_;
  std::vector<std::optional<std::uint32_t>> node_ip_;  // per node: NodeIP (first IPv4)
  std::vector<int> source_sets_;
};

}  // namespace netpol::azure

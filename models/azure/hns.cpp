#include "models/azure/hns.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace netpol::azure {
namespace {

constexpr const char* kPolicyWindowsGo = "Azure/azure-container-networking npm/pkg/dataplane/policies/policy_windows.go";
constexpr const char* kPolicyManagerWindowsGo = "Azure/azure-container-networking npm/pkg/dataplane/policies/policymanager_windows.go";

bool acl_port_matches(const HnsAcl& a, const Probe& p) {
  if (a.protocol && *a.protocol != p.protocol) return false;
  return a.ports.empty() || std::binary_search(a.ports.begin(), a.ports.end(), p.port);
}

bool all_contain(const IpSetState& sets, const std::vector<int>& ids, EndpointIndex e) {
  for (int id : ids)
    if (!sets.members(id).test(e)) return false;
  return true;
}

std::string port_list(const std::vector<int>& ports) {
  if (ports.size() <= 6) return fmt::format("{}", fmt::join(ports, ","));
  return fmt::format("{},{},{},...,{} ({} ports)", ports[0], ports[1], ports[2], ports.back(), ports.size());
}

}  // namespace

HnsDataplane::HnsDataplane(const std::vector<NpmNetworkPolicy>& policies, IpSetState& sets, std::vector<HnsRejection>& rejected) {
  std::set<int> source_sets;
  for (const auto& policy : policies) {
    HnsPolicy out;
    out.key = policy.key;
    // The ACL Id names the policy with its '/' made '-'. (Edited in place: g++ 12 -O3 gave a
    // false -Wrestrict on replace() over a formatted temporary.)
    std::string acl_id = policy.key;
    if (const auto slash = acl_id.find('/'); slash != std::string::npos) acl_id[slash] = '-';
    std::optional<TranslationError> error;
    for (const auto& acl : policy.acls) {
      // convertToAclSettings: only the source list is checked for negations.
      for (const auto& i : acl.src_list)
        if (!i.included && !error)
          error = TranslationError{"ErrNegativeMatchsNotSupported",
                                   fmt::format("negated set {} in the source list of {} cannot be written as an HNS ACL", i.set,
                                               to_string(acl.origin)),
                                   "", std::string(kPolicyWindowsGo) + " convertToAclSettings"};
      HnsAcl h;
      h.allow = acl.allow;
      h.direction = acl.direction;
      h.priority = acl.allow ? kHnsAllowPriority : kHnsBlockPriority;
      h.protocol = acl.protocol;
      // getAddrListFromSetInfo writes set names only: the Included flag is lost (W2).
      for (const auto& i : acl.src_list) h.local_sets.push_back(sets.intern({i.kind, i.set, "", std::nullopt, {}}));
      for (const auto& i : acl.dst_list) h.remote_sets.push_back(sets.intern({i.kind, i.set, "", std::nullopt, {}}));
      for (int id : h.local_sets) source_sets.insert(id);
      // getPortStrFromPorts: "port" or "port,port+1,...,endPort" (W3).
      if (acl.port)
        for (int p = acl.port; p <= std::max(acl.port, acl.end_port); ++p) h.ports.push_back(p);
      h.origin = acl.origin;
      std::vector<std::string> local, remote;
      for (const auto& i : acl.src_list) local.push_back(i.set);
      for (const auto& i : acl.dst_list) remote.push_back(i.set);
      h.text = fmt::format("Id=azure-acl-{} Action={} Direction={} Priority={} Protocols={} LocalAddresses={} RemoteAddresses={} {}={}",
                           acl_id, acl.allow ? "Allow" : "Block",
                           acl.direction == Direction::Ingress ? "In" : "Out", h.priority,
                           h.protocol ? fmt::format("{}", h.protocol == Protocol::TCP ? 6 : h.protocol == Protocol::UDP ? 17 : 132) : "",
                           fmt::join(local, ","), fmt::join(remote, ","),
                           acl.direction == Direction::Ingress ? "LocalPorts" : "RemotePorts", port_list(h.ports));
      out.acls.push_back(std::move(h));
    }
    if (error) {
      rejected.push_back({policy.key, *error});
      continue;
    }
    // The sets were interned by translation already; intern the full definitions first so the
    // shared (kind, name) entry carries the labels.
    for (const auto& s : policy.sets) sets.intern(s);
    for (const auto& i : policy.pod_selector_list) {
      const int id = sets.intern({i.kind, i.set, "", std::nullopt, {}});
      out.selector.emplace_back(id, !i.included);
      source_sets.insert(id);
    }
    policies_.push_back(std::move(out));
  }
  source_sets_.assign(source_sets.begin(), source_sets.end());
}

void HnsDataplane::bind(const IpSetState& sets, const Cluster& cluster, const Universe& universe) {
  const std::size_t n = sets.endpoints();
  any_applied_ = Bits(n);
  applied_.clear();
  for (const auto& p : policies_) {
    Bits b(n);
    for (EndpointIndex e = 0; e < n; ++e)
      if (sets.tracked(e)) b.set(e);
    for (const auto& [id, negated] : p.selector) {
      if (negated) b.subtract(sets.members(id));
      else b &= sets.members(id);
    }
    any_applied_ |= b;
    applied_.push_back(std::move(b));
  }
  node_ip_.assign(cluster.nodes.size(), std::nullopt);
  for (std::size_t k = 0; k < cluster.nodes.size(); ++k)
    for (const auto& ip : cluster.nodes[k].addresses)
      if (ip.family == IpFamily::V4) {
        node_ip_[k] = static_cast<std::uint32_t>(ip.value);
        break;
      }
  (void)universe;
}

Verdict HnsDataplane::walk_packet(const IpSetState& sets, const PacketPaths& paths, EndpointIndex src, EndpointIndex dst,
                                  std::size_t probe, const Probe& probe_value, std::vector<DecisionStep>& steps) const {
  (void)probe;
  auto decide = [&](Direction dir, EndpointIndex endpoint) -> bool {
    const char* stage = dir == Direction::Ingress ? "HNS endpoint In" : "HNS endpoint Out";
    if (paths.place(endpoint).netns != Netns::Pod) {
      // NPM adds ACL policies only to the HNS endpoints of the pods a policy selects
      // (policymanager_windows.go addPolicy walks the endpointList of selected pods); a node or outside address has no
      // such endpoint, so nothing is checked on this side.
      steps.push_back({stage, "", "not a pod endpoint: no HNS endpoint ACLs on this side", "allow",
                       std::string(kPolicyManagerWindowsGo) + " addPolicy"});
      return true;
    }
    const HnsAcl* best = nullptr;
    std::string best_policy;
    bool readiness = false;
    for (std::size_t k = 0; k < policies_.size(); ++k) {
      if (!applied_[k].test(endpoint)) continue;
      for (const auto& a : policies_[k].acls) {
        if (a.direction != dir || !acl_port_matches(a, probe_value)) continue;
        if (!all_contain(sets, a.local_sets, src) || !all_contain(sets, a.remote_sets, dst)) continue;
        if (!best || a.priority < best->priority) {
          best = &a;
          best_policy = policies_[k].key;
        }
      }
      // getSettingsFromACL: the readiness ACL, RemoteAddresses = NodeIP of this node.
      if (dir == Direction::Ingress) {
        const int node = paths.place(endpoint).node;
        const auto& v4 = sets.v4(src);
        if (node >= 0 && node_ip_[static_cast<std::size_t>(node)] && v4 && *v4 == *node_ip_[static_cast<std::size_t>(node)] &&
            (!best || kHnsReadinessPriority < best->priority)) {
          readiness = true;
          best_policy = policies_[k].key;
        }
      }
    }
    if (readiness && (!best || kHnsReadinessPriority < best->priority)) {
      steps.push_back({stage, best_policy, fmt::format("allow-from-node ACL (Priority={}, RemoteAddresses=NodeIP) matches", kHnsReadinessPriority),
                       "allow", std::string(kPolicyManagerWindowsGo) + " getSettingsFromACL"});
      return true;
    }
    if (!best) {
      steps.push_back({stage, "", "no ACL of an applied policy matches: endpoint default", "allow", kPolicyWindowsGo});
      return true;
    }
    steps.push_back({stage, best_policy, best->text + "; from " + to_string(best->origin), best->allow ? "allow" : "block", kPolicyWindowsGo});
    return best->allow;
  };
  const bool out = decide(Direction::Egress, src);
  if (!out) return Verdict::Deny;
  return decide(Direction::Ingress, dst) ? Verdict::Allow : Verdict::Deny;
}

HnsDataplane::ClassResult HnsDataplane::walk_class(const IpSetState& sets, EndpointIndex src, std::size_t probe,
                                                   const Probe& probe_value) const {
  (void)probe;
  const std::size_t n = sets.endpoints();
  ClassResult r{Bits(n), Bits(n), Bits(n)};
  Bits out_allowed(n);
  bool out_block = false;
  for (std::size_t k = 0; k < policies_.size(); ++k) {
    const bool on_source = applied_[k].test(src);
    for (const auto& a : policies_[k].acls) {
      if (!acl_port_matches(a, probe_value) || !all_contain(sets, a.local_sets, src)) continue;
      if (a.direction == Direction::Egress) {
        if (!on_source) continue;
        if (!a.allow) {
          out_block = true;  // block ACLs carry no address: every destination
          continue;
        }
        Bits m(n, true);
        for (int id : a.remote_sets) m &= sets.members(id);
        out_allowed |= m;
      } else {
        Bits m = applied_[k];
        for (int id : a.remote_sets) m &= sets.members(id);
        (a.allow ? r.in_allowed : r.in_blocked) |= m;
      }
    }
  }
  if (out_block) r.out_blocked = out_allowed.complement();
  return r;
}

Bits HnsDataplane::finish(const ClassResult& r, const IpSetState& sets, const PacketPaths& paths, EndpointIndex src) const {
  const std::size_t n = sets.endpoints();
  Bits denied_in = r.in_blocked;
  denied_in.subtract(r.in_allowed);
  const auto& v4 = sets.v4(src);
  if (v4)
    for (std::size_t k = 0; k < node_ip_.size(); ++k)
      if (node_ip_[k] && *node_ip_[k] == *v4) denied_in.subtract(any_applied_ & paths.pods_on_node(static_cast<int>(k)));
  Bits allowed(n, true);
  allowed.subtract(denied_in);
  if (paths.place(src).netns == Netns::Pod) allowed.subtract(r.out_blocked);
  return allowed;
}

}  // namespace netpol::azure

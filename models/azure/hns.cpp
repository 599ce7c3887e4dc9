#include "models/azure/hns.h"

#include <fmt/format.h>

#include <algorithm>

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

// The names of sets `ids`, comma separated (getAddrListFromSetInfo writes names only).
std::string set_names(const IpSetState& sets, const std::vector<int>& ids) {
  std::string out;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (k) out += ',';
    out += sets.definition(ids[k]).name;
  }
  return out;
}

// convertToAclSettings: the settings of ACL `a` of policy `policy_key` as NPM would marshal
// them, for explain. Made only when explain reports the ACL.
std::string acl_text(const HnsAcl& a, const std::string& policy_key, const IpSetState& sets) {
  // The ACL Id names the policy with its '/' made '-'. (Edited in place: g++ 12 -O3 gave a
  // false -Wrestrict on replace() over a formatted temporary.)
  std::string acl_id = policy_key;
  if (const auto slash = acl_id.find('/'); slash != std::string::npos) acl_id[slash] = '-';
  return fmt::format("Id=azure-acl-{} Action={} Direction={} Priority={} Protocols={} LocalAddresses={} RemoteAddresses={} {}={}",
                     acl_id, a.allow ? "Allow" : "Block", a.direction == Direction::Ingress ? "In" : "Out", a.priority,
                     a.protocol ? fmt::format("{}", a.protocol == Protocol::TCP ? 6 : a.protocol == Protocol::UDP ? 17 : 132) : "",
                     set_names(sets, a.local_sets), set_names(sets, a.remote_sets),
                     a.direction == Direction::Ingress ? "LocalPorts" : "RemotePorts", port_list(a.ports));
}

// The id of the set `info` names. The constructor interns a policy's sets before reading its
// ACLs, so it is found without building a TranslatedSet; one that was not (a SetInfo naming no
// set of its policy) is interned by name (the Included flag is not part of a set).
int set_id(IpSetState& sets, const SetInfo& info) {
  const int id = sets.find(info.kind, info.set);
  return id >= 0 ? id : sets.intern({info.kind, info.set, "", std::nullopt, {}});
}

}  // namespace

HnsDataplane::HnsDataplane(const std::vector<NpmNetworkPolicy>& policies, IpSetState& sets, std::vector<HnsRejection>& rejected) {
  for (const auto& policy : policies) {
    // The policy's full set definitions first (kind, name and labels), as NPM creates a
    // policy's selector and rule sets before its ACLs (npm/pkg/dataplane/dataplane.go AddPolicy,
    // createIPSetsAndReferences): every set its ACLs and pod selector name is then found by
    // set_id, and a (kind, name) shared with an earlier policy keeps that one's definition.
    for (const auto& s : policy.sets) sets.intern(s);
    HnsPolicy out;
    out.key = policy.key;
    out.acls.reserve(policy.acls.size());
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
      h.local_sets.reserve(acl.src_list.size());
      h.remote_sets.reserve(acl.dst_list.size());
      for (const auto& i : acl.src_list) h.local_sets.push_back(set_id(sets, i));
      for (const auto& i : acl.dst_list) h.remote_sets.push_back(set_id(sets, i));
      source_sets_.insert(source_sets_.end(), h.local_sets.begin(), h.local_sets.end());
      // getPortStrFromPorts: "port" or "port,port+1,...,endPort" (W3).
      if (acl.port)
        for (int p = acl.port; p <= std::max(acl.port, acl.end_port); ++p) h.ports.push_back(p);
      h.origin = acl.origin;
      out.acls.push_back(std::move(h));
    }
    if (error) {
      rejected.push_back({policy.key, *error});
      continue;
    }
    for (const auto& i : policy.pod_selector_list) {
      const int id = set_id(sets, i);
      out.selector.emplace_back(id, !i.included);
      source_sets_.push_back(id);
    }
    policies_.push_back(std::move(out));
  }
  // Collected with repeats; a sorted set of ids from here on.
  std::sort(source_sets_.begin(), source_sets_.end());
  source_sets_.erase(std::unique(source_sets_.begin(), source_sets_.end()), source_sets_.end());
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
    const HnsPolicy* best_owner = nullptr;  // the policy of `best`
    std::string best_policy;
    bool readiness = false;
    for (std::size_t k = 0; k < policies_.size(); ++k) {
      if (!applied_[k].test(endpoint)) continue;
      for (const auto& a : policies_[k].acls) {
        if (a.direction != dir || !acl_port_matches(a, probe_value)) continue;
        if (!all_contain(sets, a.local_sets, src) || !all_contain(sets, a.remote_sets, dst)) continue;
        if (!best || a.priority < best->priority) {
          best = &a;
          best_owner = &policies_[k];
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
    steps.push_back({stage, best_policy, acl_text(*best, best_owner->key, sets) + "; from " + to_string(best->origin), best->allow ? "allow" : "block", kPolicyWindowsGo});
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

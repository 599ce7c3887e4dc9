#include "models/azure/iptables.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <utility>

namespace netpol::azure {
namespace {

constexpr const char* kChainManagement = "Azure/azure-container-networking npm/pkg/dataplane/policies/chain-management_linux.go";
constexpr const char* kPolicyManager = "Azure/azure-container-networking npm/pkg/dataplane/policies/policymanager_linux.go";

enum BaseChain { kForward = 0, kAzureNpm, kIngress, kIngressAllowMarkChain, kEgress, kAccept, kBaseChains };

// policy_linux.go ACLPolicy.comment, simplified: ALLOW/DROP, peers, protocol, ports. Appended in
// place (one per ACL, so a vector of peer strings and general formatting each were a noticeable
// part of programming the ruleset).
std::string acl_comment(const AclPolicy& acl) {
  std::string out = acl.allow ? "ALLOW" : "DROP";
  const std::string* named = nullptr;  // the last named-port set, if any
  bool any_peer = false;
  auto peer = [&](const SetInfo& i) {
    out += any_peer ? "-AND-" : acl.direction == Direction::Ingress ? "-FROM-" : "-TO-";
    any_peer = true;
    if (!i.included) out += '!';
    out += i.set;
  };
  for (const auto& i : acl.src_list) peer(i);
  for (const auto& i : acl.dst_list) {
    if (i.kind == SetKind::NamedPorts) named = &i.set;
    else peer(i);
  }
  if (!any_peer) out += "-ALL";
  if (acl.protocol) fmt::format_to(std::back_inserter(out), FMT_COMPILE("-ON-{}"), to_string(*acl.protocol));
  if (acl.port) {
    if (acl.end_port > acl.port) fmt::format_to(std::back_inserter(out), FMT_COMPILE("-TO-PORT-{}:{}"), acl.port, acl.end_port);
    else fmt::format_to(std::back_inserter(out), FMT_COMPILE("-TO-PORT-{}"), acl.port);
  }
  if (named) out += "-TO-namedport:" + *named;
  return out;
}

// The ACL rule r was programmed from; nullptr for base chain rules and policy jumps.
const AclPolicy* acl_of(const Rule& r, const std::vector<NpmNetworkPolicy>& policies) {
  if (r.acl < 0) return nullptr;
  return &policies[static_cast<std::size_t>(r.policy)].acls[static_cast<std::size_t>(r.acl)];
}

// The key of the policy rule r belongs to; empty for a base chain rule.
std::string policy_key(const Rule& r, const std::vector<NpmNetworkPolicy>& policies) {
  return r.policy < 0 ? std::string() : policies[static_cast<std::size_t>(r.policy)].key;
}

// NPM's -m comment of rule r; empty when it has none.
std::string comment_text(const Rule& r, const std::vector<NpmNetworkPolicy>& policies) {
  if (const AclPolicy* acl = acl_of(r, policies)) return acl_comment(*acl);
  if (!r.comment) return {};
  return r.comment + policy_key(r, policies);
}

std::string rule_text(const Rule& r, const std::vector<Chain>& chains, const std::vector<NpmNetworkPolicy>& policies) {
  std::string t;
  const PortMatch& p = r.ports;
  if (p.protocol) t += fmt::format("-p {} ", to_string(*p.protocol));
  if (p.dport_lo) t += p.dport_hi > p.dport_lo ? fmt::format("--dport {}:{} ", p.dport_lo, p.dport_hi) : fmt::format("--dport {} ", p.dport_lo);
  if (r.mark_match) t += fmt::format("-m mark --mark {:#x}/{:#x} ", r.mark_match, r.mark_match);
  switch (r.target) {
    case Target::Jump: t += "-j " + chains[static_cast<std::size_t>(r.jump)].name; break;
    case Target::Accept: t += "-j ACCEPT"; break;
    case Target::Drop: t += "-j DROP"; break;
    case Target::Mark: t += fmt::format("-j MARK --set-mark {:#x}/{:#x}", r.set_mark, r.set_mark); break;
  }
  if (const std::string comment = comment_text(r, policies); !comment.empty()) t += " /* " + comment + " */";
  return t;
}

std::string side_text(Side s) { return s == Side::Src ? "src" : s == Side::Dst ? "dst" : "dst,dst"; }


bool set_matches(const IpSetState& sets, const SetMatch& m, EndpointIndex src, EndpointIndex dst, std::size_t probe) {
  bool in = false;
  switch (m.side) {
    case Side::Src: in = sets.members(m.set).test(src); break;
    case Side::Dst: in = sets.members(m.set).test(dst); break;
    case Side::DstDst: in = sets.port_members(m.set, probe).test(dst); break;
  }
  return in != m.negated;
}

// A jump to `chain`; `comment` as Rule::comment.
Rule jump_rule(int chain, const char* comment = nullptr) {
  Rule r;
  r.target = Target::Jump;
  r.jump = chain;
  r.comment = comment;
  return r;
}

// Appends the matches of `infos`, each on `forced` when given, else on the side its MatchType
// names, and the ids of the sets tested on the source to `source_sets`.
void append_matches(const IpSetState& sets, const std::vector<SetInfo>& infos, std::optional<Side> forced,
                    std::vector<SetMatch>& out, std::vector<int>& source_sets) {
  for (const auto& i : infos) {
    const int id = sets.find(i.kind, i.set);
    const Side side = forced ? *forced : i.match == MatchType::Src ? Side::Src : i.match == MatchType::DstDst ? Side::DstDst : Side::Dst;
    if (side == Side::Src) source_sets.push_back(id);
    out.push_back({id, !i.included, side});
  }
}

// policy_linux.go / policymanager_linux.go: an ACL's rule. An allow ACL jumps to
// AZURE-NPM-INGRESS-ALLOW-MARK (ingress) or AZURE-NPM-ACCEPT (egress); the drop ACL marks 0x400
// or 0x800 for the base chain to drop on.
Rule acl_rule(const AclPolicy& acl, const IpSetState& sets, std::vector<int>& source_sets) {
  Rule r;
  r.ports.protocol = acl.protocol;
  if (acl.port) {
    r.ports.dport_lo = acl.port;
    r.ports.dport_hi = acl.end_port;
  }
  r.sets.reserve(acl.src_list.size() + acl.dst_list.size());
  append_matches(sets, acl.src_list, std::nullopt, r.sets, source_sets);
  append_matches(sets, acl.dst_list, std::nullopt, r.sets, source_sets);
  const bool ingress = acl.direction == Direction::Ingress;
  if (acl.allow) {
    r.target = Target::Jump;
    r.jump = ingress ? kIngressAllowMarkChain : kAccept;
  } else {
    r.target = Target::Mark;
    r.set_mark = ingress ? kIngressDropMark : kEgressDropMark;
  }
  return r;
}

}  // namespace

int IptablesRuleset::add_chain(std::string name) {
  chains_.push_back({std::move(name), {}});
  return static_cast<int>(chains_.size()) - 1;
}

IptablesRuleset::IptablesRuleset(std::vector<NpmNetworkPolicy> policies, IpSetState& sets) : policies_(std::move(policies)) {
  chains_.reserve(kBaseChains + 2 * policies_.size());  // at most an ingress and an egress chain per policy
  for (const char* name : {"FORWARD", "AZURE-NPM", "AZURE-NPM-INGRESS", "AZURE-NPM-INGRESS-ALLOW-MARK", "AZURE-NPM-EGRESS", "AZURE-NPM-ACCEPT"})
    add_chain(name);
  chains_[kForward].rules.push_back(jump_rule(kAzureNpm, "ctstate NEW"));
  chains_[kAzureNpm].rules = {jump_rule(kIngress), jump_rule(kEgress), jump_rule(kAccept)};
  chains_[kIngress].rules.reserve(policies_.size() + 1);  // a jump per policy, then the drop on 0x400
  chains_[kEgress].rules.reserve(policies_.size() + 2);   // a jump per policy, then the drop and the accept
  for (std::size_t k = 0; k < policies_.size(); ++k) add_policy(static_cast<int>(k), sets);
  add_base_chain_tails();
  // Collected with repeats, one per match on the source; a sorted set of ids from here on.
  std::sort(source_sets_.begin(), source_sets_.end());
  source_sets_.erase(std::unique(source_sets_.begin(), source_sets_.end()), source_sets_.end());
}

void IptablesRuleset::add_policy(int index, IpSetState& sets) {
  // A new set's definition moves into `sets` (copying it was an allocation or more per set);
  // the policy's set list is not read after this (explain describes sets from `sets`).
  for (auto& s : policies_[static_cast<std::size_t>(index)].sets) sets.intern(std::move(s));
  const NpmNetworkPolicy& policy = policies_[static_cast<std::size_t>(index)];
  std::size_t ingress_acls = 0;
  for (const auto& acl : policy.acls) ingress_acls += acl.direction == Direction::Ingress;
  const std::size_t egress_acls = policy.acls.size() - ingress_acls;
  // policy_linux.go hasIngressAndEgress: a chain per direction that has an ACL.
  const int chain_in = ingress_acls ? add_chain("AZURE-NPM-INGRESS-" + policy.key) : -1;
  const int chain_out = egress_acls ? add_chain("AZURE-NPM-EGRESS-" + policy.key) : -1;
  if (chain_in >= 0) chains_[static_cast<std::size_t>(chain_in)].rules.reserve(ingress_acls);
  if (chain_out >= 0) chains_[static_cast<std::size_t>(chain_out)].rules.reserve(egress_acls);
  for (std::size_t k = 0; k < policy.acls.size(); ++k) {
    const AclPolicy& acl = policy.acls[k];
    Rule r = acl_rule(acl, sets, source_sets_);
    r.policy = index;
    r.acl = static_cast<int>(k);
    const int chain = acl.direction == Direction::Ingress ? chain_in : chain_out;
    chains_[static_cast<std::size_t>(chain)].rules.push_back(std::move(r));
  }
  // policymanager_linux.go ingressJumpSpecs / egressJumpSpecs: the policy's pod selector sets,
  // tested on dst for ingress and on src for egress.
  auto add_jump = [&](int from, int to, const char* comment, Side side) {
    Rule j = jump_rule(to, comment);
    j.sets.reserve(policy.pod_selector_list.size());
    append_matches(sets, policy.pod_selector_list, side, j.sets, source_sets_);
    j.policy = index;
    chains_[static_cast<std::size_t>(from)].rules.push_back(std::move(j));
  };
  if (chain_in >= 0) add_jump(kIngress, chain_in, "INGRESS-POLICY-", Side::Dst);
  if (chain_out >= 0) add_jump(kEgress, chain_out, "EGRESS-POLICY-", Side::Src);
}

void IptablesRuleset::add_base_chain_tails() {
  Rule drop_in;
  drop_in.target = Target::Drop;
  drop_in.mark_match = kIngressDropMark;
  drop_in.comment = "DROP-ON-INGRESS-DROP-MARK-0x400/0x400";
  chains_[kIngress].rules.push_back(drop_in);
  Rule mark_allow;
  mark_allow.target = Target::Mark;
  mark_allow.set_mark = kIngressAllowMark;
  mark_allow.comment = "SET-INGRESS-ALLOW-MARK-0x200/0x200";
  chains_[kIngressAllowMarkChain].rules = {mark_allow, jump_rule(kEgress)};
  Rule drop_out;
  drop_out.target = Target::Drop;
  drop_out.mark_match = kEgressDropMark;
  drop_out.comment = "DROP-ON-EGRESS-DROP-MARK-0x800/0x800";
  Rule accept_on_allow = jump_rule(kAccept, "ACCEPT-ON-INGRESS-ALLOW-MARK-0x200/0x200");
  accept_on_allow.mark_match = kIngressAllowMark;
  chains_[kEgress].rules.push_back(drop_out);
  chains_[kEgress].rules.push_back(accept_on_allow);
  Rule accept;
  accept.target = Target::Accept;
  chains_[kAccept].rules = {accept};
}

void IptablesRuleset::prepare(const IpSetState& sets) { plan_ = ClassWalkPlan(chains_, source_sets_, sets); }

// ---------------------------------------------------------------------------------------------
// One packet.

namespace {

enum class Fate { Return, Accept, Drop };

struct PacketWalker {
  const std::vector<Chain>& chains;
  const std::vector<NpmNetworkPolicy>& policies;  // the rules' explain text
  const IpSetState& sets;
  EndpointIndex src, dst;
  std::size_t probe;
  const Probe& probe_value;
  std::vector<DecisionStep>& steps;
  std::uint32_t mark = 0;

  bool matches(const Rule& r) const {
    if (!r.ports.matches(probe_value)) return false;
    if (r.mark_match && !(mark & r.mark_match)) return false;
    for (const auto& m : r.sets)
      if (!set_matches(sets, m, src, dst, probe)) return false;
    return true;
  }

  std::string match_detail(const Rule& r) const {
    std::string t = rule_text(r, chains, policies);
    for (const auto& m : r.sets)
      t += fmt::format("; {}{} {} matches", m.negated ? "! " : "", sets.describe(m.set), side_text(m.side));
    if (const AclPolicy* acl = acl_of(r, policies)) t += "; from " + to_string(acl->origin);
    return t;
  }

  void step(const Chain& chain, const Rule& r, std::string outcome, const char* citation) {
    steps.push_back({chain.name, policy_key(r, policies), match_detail(r), std::move(outcome), citation});
  }

  Fate walk(int chain_id) {
    const Chain& chain = chains[static_cast<std::size_t>(chain_id)];
    for (const Rule& r : chain.rules) {
      if (!matches(r)) continue;
      switch (r.target) {
        case Target::Accept:
          step(chain, r, "ACCEPT", kChainManagement);
          return Fate::Accept;
        case Target::Drop:
          step(chain, r, "DROP", kChainManagement);
          return Fate::Drop;
        case Target::Mark:
          mark |= r.set_mark;
          step(chain, r, fmt::format("mark {:#x}", r.set_mark), r.policy < 0 ? kChainManagement : kPolicyManager);
          break;
        case Target::Jump: {
          if (r.policy >= 0) step(chain, r, "jump " + chains[static_cast<std::size_t>(r.jump)].name, kPolicyManager);
          const Fate f = walk(r.jump);
          if (f != Fate::Return) return f;
          break;
        }
      }
    }
    return Fate::Return;
  }
};

}  // namespace

Verdict IptablesRuleset::walk_packet(const IpSetState& sets, EndpointIndex src, EndpointIndex dst, std::size_t probe,
                                     const Probe& probe_value, std::vector<DecisionStep>& steps) const {
  PacketWalker w{chains_, policies_, sets, src, dst, probe, probe_value, steps};
  const Fate f = w.walk(kForward);
  if (f == Fate::Return)
    steps.push_back({"FORWARD", "", "end of chain", "ACCEPT (policy)", kChainManagement});
  return f == Fate::Drop ? Verdict::Deny : Verdict::Allow;
}

Bits IptablesRuleset::walk_class(const IpSetState& sets, EndpointIndex src, const Probe& probe_value, ClassWalkPlan::Cache& cache) const {
  return plan_.accepted(sets, src, probe_value, cache);
}

}  // namespace netpol::azure

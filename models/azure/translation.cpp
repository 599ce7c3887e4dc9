// Translation of one NetworkPolicy, following translatePolicy.go / parseSelector.go function by
// function (names in comments). See translation.h for the contract.
#include "models/azure/translation.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include "models/cluster/joined_text.h"

namespace netpol::azure {
namespace {

constexpr const char* kTranslatePolicyGo = "Azure/azure-container-networking npm/pkg/controlplane/translation/translatePolicy.go";
constexpr const char* kParseSelectorGo = "Azure/azure-container-networking npm/pkg/controlplane/translation/parseSelector.go";

// Internal: a translation failure unwinds to translate_policy, like NPM's `return nil, err`.
struct Failure {
  TranslationError error;
};

[[noreturn]] void fail(std::string error, std::string message, std::string field, std::string source) {
  throw Failure{TranslationError{std::move(error), std::move(message), std::move(field), std::move(source)}};
}

// A field path for error messages ("spec.ingress[0].from[1].ipBlock.cidr"), built only when a
// failure reports it: every policy is translated and failures are rare, and formatting every
// path up front was a large part of translation's cost. A Field refers to its parent, which
// must outlive it (they are stack temporaries of the call chain that walks the policy).
class Field {
 public:
  explicit Field(const char* root) : name_(root) {}
  Field(const Field& parent, const char* name) : parent_(&parent), name_(name) {}
  Field(const Field& parent, const char* name, std::size_t index) : parent_(&parent), name_(name), index_(index) {}

  std::string str() const {
    std::string out = parent_ ? parent_->str() + "." + name_ : std::string(name_);
    if (index_) out += fmt::format("[{}]", *index_);
    return out;
  }

 private:
  const Field* parent_ = nullptr;
  const char* name_;
  std::optional<std::size_t> index_;
};

std::string kv_name(const std::string& key, const std::string& value) { return key + ":" + value; }

// parseSelector.go labelSelector: one set match of a parsed selector.
struct ParsedSelector {
  bool include = true;
  SetKind kind = SetKind::KeyLabelOfPod;
  std::string name;
  std::string key;
  std::optional<std::string> value;
  std::vector<std::pair<std::string, std::string>> nested;  // NestedLabelOfPod members (key, value)
};

// parseSelector.go parsedSelectors: keeps the first of duplicate (name, operator) entries.
// NPM keys an entry by the string name (included) or "!" + name + kind (excluded); two entries
// are duplicates when those strings are equal. A selector has a handful of entries, so the
// keys are compared in place, piece by piece, without building them.
class ParsedSelectors {
 public:
  // Room for `entries` entries (a selector's labels and expressions) without regrowing.
  explicit ParsedSelectors(std::size_t entries) { list_.reserve(entries); }

  void add(ParsedSelector s) {
    for (const ParsedSelector& have : list_)
      if (same_key(have, s)) return;
    list_.push_back(std::move(s));
  }
  // The entries, moved out: call once, last.
  std::vector<ParsedSelector> take() { return std::move(list_); }

 private:
  static std::array<std::string_view, 3> key_pieces(const ParsedSelector& s) {
    if (s.include) return {s.name, {}, {}};
    return {"!", s.name, to_string(s.kind)};
  }
  static bool same_key(const ParsedSelector& a, const ParsedSelector& b) {
    return compare_joined(key_pieces(a), key_pieces(b)) == 0;
  }
  std::vector<ParsedSelector> list_;
};

bool is_negative(SelectorOperator op) { return op == SelectorOperator::NotIn || op == SelectorOperator::DoesNotExist; }

void check_values(const LabelRequirement& req, const Field& field) {
  for (const auto& v : req.values)
    if (!npm_valid_label_value(v))
      fail("ErrInvalidMatchExpressionValues",
           fmt::format("matchExpression value \"{}\" of key \"{}\" is not a valid label value", v, req.key), field.str(),
           std::string(kParseSelectorGo) + " isValidLabelValue");
}

// Validates the values of every In / NotIn requirement (parseSelector.go isValidLabelValue,
// in NPM's order) and returns whether each has exactly one value, i.e. whether
// flattenNameSpaceSelector would return the selector unchanged.
bool check_single_valued(const LabelSelector& selector, const Field& field) {
  bool single = true;
  for (std::size_t i = 0; i < selector.match_expressions.size(); ++i) {
    const auto& req = selector.match_expressions[i];
    if (req.op != SelectorOperator::In && req.op != SelectorOperator::NotIn) continue;
    check_values(req, Field(Field(field, "matchExpressions", i), "values"));
    single &= req.values.size() == 1;
  }
  return single;
}

// parseSelector.go flattenNameSpaceSelector (+ zipMatchExprs), after check_single_valued. With
// notin_conjunction (PR #4866) only multi-value In fans out; every NotIn value stays a
// single-value NotIn of every branch.
std::vector<LabelSelector> flatten_namespace_selector(const LabelSelector& selector, const TranslationOptions& options) {
  LabelSelector base;
  base.match_labels = selector.match_labels;
  std::vector<LabelRequirement> multi;
  for (const auto& req : selector.match_expressions) {
    switch (req.op) {
      case SelectorOperator::In:
      case SelectorOperator::NotIn:
        if (req.values.size() == 1) {
          base.match_expressions.push_back(req);
        } else if (options.notin_conjunction && req.op == SelectorOperator::NotIn) {
          for (const auto& v : req.values) base.match_expressions.push_back({req.key, SelectorOperator::NotIn, {v}});
        } else {
          multi.push_back(req);
        }
        break;
      case SelectorOperator::Exists:
      case SelectorOperator::DoesNotExist:
        base.match_expressions.push_back(req);
        break;
    }
  }
  if (multi.empty()) return {options.notin_conjunction ? base : selector};
  std::vector<LabelSelector> out{base};
  for (const auto& req : multi) {
    std::vector<LabelSelector> zipped;
    for (const auto& s : out)
      for (const auto& v : req.values) {
        LabelSelector copy = s;
        copy.match_expressions.push_back({req.key, req.op, {v}});
        zipped.push_back(std::move(copy));
      }
    out = std::move(zipped);
  }
  return out;
}

// parseSelector.go parseNSSelector: called on flattened selectors (every In/NotIn single-valued).
std::vector<ParsedSelector> parse_namespace_selector(const LabelSelector& selector) {
  ParsedSelectors parsed(std::max<std::size_t>(1, selector.match_labels.size() + selector.match_expressions.size()));
  if (selector.empty()) {
    parsed.add({true, SetKind::KeyLabelOfNamespace, kAllNamespaces, "", std::nullopt, {}});
    return parsed.take();
  }
  for (const auto& [k, v] : selector.match_labels) parsed.add({true, SetKind::KeyValueLabelOfNamespace, kv_name(k, v), k, v, {}});
  for (const auto& req : selector.match_expressions) {
    const bool include = !is_negative(req.op);
    if (req.op == SelectorOperator::In || req.op == SelectorOperator::NotIn)
      parsed.add({include, SetKind::KeyValueLabelOfNamespace, kv_name(req.key, req.values.at(0)), req.key, req.values.at(0), {}});
    else
      parsed.add({include, SetKind::KeyLabelOfNamespace, req.key, req.key, std::nullopt, {}});
  }
  return parsed.take();
}

// parseSelector.go parsePodSelector.
std::vector<ParsedSelector> parse_pod_selector(const std::string& policy_key, const LabelSelector& selector,
                                               const TranslationOptions& options, const Field& field) {
  ParsedSelectors parsed(selector.match_labels.size() + selector.match_expressions.size());
  for (const auto& [k, v] : selector.match_labels) parsed.add({true, SetKind::KeyValueLabelOfPod, kv_name(k, v), k, v, {}});
  for (std::size_t i = 0; i < selector.match_expressions.size(); ++i) {
    const auto& req = selector.match_expressions[i];
    const Field req_field(field, "matchExpressions", i);
    if (options.windows && is_negative(req.op))
      fail("ErrUnsupportedNegativeMatch", fmt::format("operator {} in a podSelector is not supported on Windows",
                                                      req.op == SelectorOperator::NotIn ? "NotIn" : "DoesNotExist"),
           Field(req_field, "operator").str(), std::string(kParseSelectorGo) + " unsupportedOpsInWindows");
    const bool include = !is_negative(req.op);
    if (req.op == SelectorOperator::In || req.op == SelectorOperator::NotIn) {
      check_values(req, Field(req_field, "values"));
      if (req.values.size() == 1) {
        parsed.add({include, SetKind::KeyValueLabelOfPod, kv_name(req.key, req.values[0]), req.key, req.values[0], {}});
      } else {
        ParsedSelector nested{include, SetKind::NestedLabelOfPod, policy_key + ":" + req.key, req.key, std::nullopt, {}};
        for (const auto& v : req.values) {
          nested.name = kv_name(nested.name, v);
          nested.nested.emplace_back(req.key, v);
        }
        parsed.add(std::move(nested));
      }
    } else {
      parsed.add({include, SetKind::KeyLabelOfPod, req.key, req.key, std::nullopt, {}});
    }
  }
  return parsed.take();
}

struct SetsAndInfos {
  std::vector<TranslatedSet> sets;
  std::vector<SetInfo> infos;
};

// Takes the parsed selectors over (their strings move into the sets). Reserves room for them
// and for `more` sets and infos the caller appends next, so that each vector grows once.
void add_parsed(SetsAndInfos& out, std::vector<ParsedSelector>&& parsed, MatchType match, std::size_t more = 0) {
  std::size_t sets = more;
  for (const auto& p : parsed) sets += 1 + p.nested.size();
  out.sets.reserve(out.sets.size() + sets);
  out.infos.reserve(out.infos.size() + parsed.size() + more);
  for (auto& p : parsed) {
    TranslatedSet set{p.kind, p.name, std::move(p.key), std::move(p.value), {}};
    set.members.reserve(p.nested.size());
    for (const auto& [k, v] : p.nested) set.members.push_back(kv_name(k, v));
    out.sets.push_back(std::move(set));
    // The members of a nested set are key:value sets of their own, named as the members.
    const std::size_t parent = out.sets.size() - 1;
    for (std::size_t i = 0; i < p.nested.size(); ++i)
      out.sets.push_back({SetKind::KeyValueLabelOfPod, out.sets[parent].members[i], std::move(p.nested[i].first),
                          std::move(p.nested[i].second), {}});
    out.infos.push_back({p.kind, std::move(p.name), p.include, match});
  }
}

// translatePolicy.go podSelectorWithNS: the selector AND the policy's namespace set.
SetsAndInfos pod_selector_with_ns(const std::string& key, const std::string& ns, MatchType match, const LabelSelector& sel,
                                  const TranslationOptions& options, const Field& field) {
  SetsAndInfos out;
  add_parsed(out, parse_pod_selector(key, sel, options, field), match, 1);
  out.sets.push_back({SetKind::Namespace, ns, "", std::nullopt, {}});
  out.infos.push_back({SetKind::Namespace, ns, true, match});
  return out;
}

// util.IsIPV4 as of cbd7560: "/0" is only accepted on 0.0.0.0, the address must be IPv4.
bool npm_is_ipv4_cidr(const Cidr& cidr, const std::string& text) {
  if (text.find("/0") != std::string::npos && text.substr(0, text.find('/')) != "0.0.0.0") return false;
  return cidr.family() == IpFamily::V4;
}

std::string cidr_text(const Cidr& c, bool canonical) {
  return canonical ? Cidr{c.network(), c.prefix}.to_string() : c.to_string();
}

class PolicyTranslator {
 public:
  PolicyTranslator(const NetworkPolicy& p, const TranslationOptions& o) : policy_(p), options_(o) {
    out_.key = p.qualified_name();
    out_.name_space = p.namespace_name;
  }

  NpmNetworkPolicy run() {
    // TranslatePolicy: spec.podSelector first (EitherMatch), then each listed policyType.
    auto ps = pod_selector_with_ns(out_.key, out_.name_space, MatchType::Either, policy_.pod_selector, options_, Field("spec.podSelector"));
    out_.pod_selector_list = std::move(ps.infos);
    append_sets(std::move(ps.sets));
    out_.acls.reserve((policy_.ingress_type ? expected_acls(policy_.ingress) : 0) +
                      (policy_.egress_type ? expected_acls(policy_.egress) : 0));
    if (policy_.ingress_type) direction_policy(Direction::Ingress, policy_.ingress);
    if (policy_.egress_type) direction_policy(Direction::Egress, policy_.egress);
    if (options_.windows)
      for (const auto& acl : out_.acls)
        if (acl.protocol == Protocol::SCTP)
          fail("ErrUnsupportedSCTP", "SCTP is not supported on Windows", to_string(acl.origin), std::string(kTranslatePolicyGo) + " TranslatePolicy");
    return std::move(out_);
  }

 private:
  // Moves `sets` (a finished selector's) to the end of the policy's sets.
  void append_sets(std::vector<TranslatedSet>&& sets) {
    out_.sets.insert(out_.sets.end(), std::make_move_iterator(sets.begin()), std::make_move_iterator(sets.end()));
  }

  // The ACLs of one direction if each rule makes one per peer and port, and the drop ACL:
  // out_.acls is sized by it, since each regrowth moves every ACL (flattened namespace
  // selectors may make more, allow-all rules make fewer).
  static std::size_t expected_acls(const std::vector<NetworkPolicyRule>& rules) {
    std::size_t n = 1;
    for (const auto& r : rules) n += std::max<std::size_t>(1, r.peers.size()) * std::max<std::size_t>(1, r.ports.size());
    return n;
  }

  // ingressPolicy / egressPolicy.
  void direction_policy(Direction dir, const std::vector<NetworkPolicyRule>& rules) {
    for (std::size_t i = 0; i < rules.size(); ++i)
      if (rules[i].ports.empty() && rules[i].peers.empty()) {  // isAllowAllToIngress / Egress
        out_.acls.push_back(make_acl(true, {AclOrigin::Kind::AllowAll, dir, static_cast<int>(i)}));
        return;
      }
    for (std::size_t i = 0; i < rules.size(); ++i) translate_rule(dir, i, rules[i]);
    out_.acls.push_back(make_acl(false, {AclOrigin::Kind::DefaultDrop, dir}));
  }

  // An ACL of origin.direction, without sets or ports yet.
  static AclPolicy make_acl(bool allow, const AclOrigin& origin) {
    AclPolicy a;
    a.allow = allow;
    a.direction = origin.direction;
    a.origin = origin;
    return a;
  }

  // policies.ACLPolicy.AddSetInfo. Sizes both lists first, with room for `more_dst` sets that
  // port_rule adds to dst_list next (a named port), so that each is allocated once.
  static void add_set_info(AclPolicy& acl, const std::vector<SetInfo>& infos, std::size_t more_dst = 0) {
    std::size_t dst = 0;
    for (const auto& i : infos) dst += i.match == MatchType::DstDst || acl.direction == Direction::Egress;
    acl.src_list.reserve(infos.size() - dst);
    acl.dst_list.reserve(dst + more_dst);
    for (const auto& i : infos) {
      if (i.match == MatchType::DstDst || acl.direction == Direction::Egress) acl.dst_list.push_back(i);
      else acl.src_list.push_back(i);
    }
  }

  // portType + portRule (+ NormalizePolicy's end_port default).
  void port_rule(AclPolicy& acl, const NetworkPolicyPort& port, const Field& field) {
    acl.protocol = port.protocol;
    if (port.name) {
      if (options_.windows)
        fail("ErrUnsupportedNamedPort", fmt::format("named port \"{}\" is not supported on Windows", *port.name), field.str(),
             std::string(kTranslatePolicyGo) + " portType");
      out_.sets.push_back({SetKind::NamedPorts, *port.name, "", std::nullopt, {}});
      acl.dst_list.push_back({SetKind::NamedPorts, *port.name, true, MatchType::DstDst});
      return;
    }
    acl.port = port.port.value_or(0);
    acl.end_port = port.end_port.value_or(0);
    if (acl.end_port == 0) acl.end_port = acl.port;
  }

  // peerAndPortRule. `origin` names the rule and peer; each port's ACL adds its port index.
  void peer_and_port_rule(const std::vector<NetworkPolicyPort>& ports, const std::vector<SetInfo>& infos, AclOrigin origin,
                          const Field& field) {
    if (ports.empty()) {
      auto acl = make_acl(true, origin);
      add_set_info(acl, infos);
      out_.acls.push_back(std::move(acl));
      return;
    }
    for (std::size_t k = 0; k < ports.size(); ++k) {
      origin.port = static_cast<int>(k);
      auto acl = make_acl(true, origin);
      add_set_info(acl, infos, ports[k].name ? 1 : 0);
      port_rule(acl, ports[k], Field(field, "ports", k));
      out_.acls.push_back(std::move(acl));
    }
  }

  // translateRule.
  void translate_rule(Direction dir, std::size_t index, const NetworkPolicyRule& rule) {
    const bool ingress = dir == Direction::Ingress;
    const MatchType match = ingress ? MatchType::Src : MatchType::Dst;
    const char* word = ingress ? "ingress" : "egress";
    const Field spec("spec");
    const Field rule_field(spec, word, index);
    const char* peers_word = ingress ? "from" : "to";
    // checkOnlyPortRuleExists: ports without peers allow every peer on those ports.
    if (!rule.ports.empty() && rule.peers.empty())
      for (std::size_t k = 0; k < rule.ports.size(); ++k) {
        auto acl = make_acl(true, {AclOrigin::Kind::Rule, dir, static_cast<int>(index), -1, static_cast<int>(k)});
        port_rule(acl, rule.ports[k], Field(rule_field, "ports", k));
        out_.acls.push_back(std::move(acl));
      }
    for (std::size_t p = 0; p < rule.peers.size(); ++p) {
      const auto& peer = rule.peers[p];
      const AclOrigin origin{AclOrigin::Kind::Rule, dir, static_cast<int>(index), static_cast<int>(p)};
      const Field peer_field(rule_field, peers_word, p);
      if (peer.ip_block) {
        SetInfo info = ip_block_rule(dir, match, index, p, *peer.ip_block, Field(peer_field, "ipBlock"));
        peer_and_port_rule(rule.ports, {info}, origin, rule_field);
        continue;
      }
      if (!peer.pod_selector && !peer.namespace_selector) continue;
      if (!peer.pod_selector) {
        namespace_peer(*peer.namespace_selector, {}, match, rule.ports, origin, rule_field, Field(peer_field, "namespaceSelector"));
        continue;
      }
      if (!peer.namespace_selector) {
        auto ps = pod_selector_with_ns(out_.key, out_.name_space, match, *peer.pod_selector, options_, Field(peer_field, "podSelector"));
        append_sets(std::move(ps.sets));
        peer_and_port_rule(rule.ports, ps.infos, origin, rule_field);
        continue;
      }
      SetsAndInfos ps;
      add_parsed(ps, parse_pod_selector(out_.key, *peer.pod_selector, options_, Field(peer_field, "podSelector")), match);
      append_sets(std::move(ps.sets));
      namespace_peer(*peer.namespace_selector, ps.infos, match, rule.ports, origin, rule_field, Field(peer_field, "namespaceSelector"));
    }
  }

  // A peer with a namespaceSelector: flattenNameSpaceSelector, then per flattened selector its
  // nameSpaceSelector sets ANDed with `pod_infos` (the peer's podSelector sets, if any) in a
  // peerAndPortRule. A selector that needs no flattening (most) is used as is, not copied.
  void namespace_peer(const LabelSelector& selector, const std::vector<SetInfo>& pod_infos, MatchType match,
                      const std::vector<NetworkPolicyPort>& ports, const AclOrigin& origin, const Field& rule_field,
                      const Field& field) {
    auto peer_rule = [&](const LabelSelector& flat) {
      auto infos = namespace_selector(flat, match);
      infos.insert(infos.end(), pod_infos.begin(), pod_infos.end());
      peer_and_port_rule(ports, infos, origin, rule_field);
    };
    if (check_single_valued(selector, field)) {
      peer_rule(selector);
      return;
    }
    for (const auto& flat : flatten_namespace_selector(selector, options_)) peer_rule(flat);
  }

  // nameSpaceSelector (+ PR #4868's all-namespaces anchor for negation-only selectors).
  std::vector<SetInfo> namespace_selector(const LabelSelector& flat, MatchType match) {
    SetsAndInfos ns;
    add_parsed(ns, parse_namespace_selector(flat), match);
    bool any_positive = false;
    for (const auto& i : ns.infos) any_positive |= i.included;
    if (options_.anchor_negative_namespace_selectors && !any_positive) {
      ns.sets.push_back({SetKind::KeyLabelOfNamespace, kAllNamespaces, "", std::nullopt, {}});
      ns.infos.push_back({SetKind::KeyLabelOfNamespace, kAllNamespaces, true, match});
    }
    append_sets(std::move(ns.sets));
    return ns.infos;
  }

  // ipBlockRule + ipBlockIPSet.
  SetInfo ip_block_rule(Direction dir, MatchType match, std::size_t rule_index, std::size_t peer_index, const IpBlock& block,
                        const Field& field) {
    const std::string cidr = cidr_text(block.cidr, options_.canonical_cidrs);
    if (!npm_is_ipv4_cidr(block.cidr, cidr))
      fail("ErrUnsupportedIPAddress",
           fmt::format("ipBlock cidr {} is not accepted by util.IsIPV4 (IPv6, or a /0 not written 0.0.0.0/0)", block.cidr.to_string()),
           Field(field, "cidr").str(), std::string(kTranslatePolicyGo) + " ipBlockRule");
    std::vector<std::string> excepts;  // deDuplicateExcept
    for (const auto& e : block.except) {
      std::string t = cidr_text(e, options_.canonical_cidrs);
      bool dup = false;
      for (const auto& x : excepts) dup |= x == t;
      if (!dup) excepts.push_back(t);
    }
    if (options_.windows && !excepts.empty())
      fail("ErrUnsupportedExceptCIDR", "ipBlock except is not supported on Windows", Field(field, "except").str(),
           std::string(kTranslatePolicyGo) + " ipBlockIPSet");
    // ipset refuses a /0 member: 0.0.0.0/0 becomes its two halves, and an except equal to a half
    // replaces that half by a nomatch entry (same index arithmetic as ipBlockIPSet).
    std::vector<std::string> members;
    std::size_t index = 0;
    std::vector<std::pair<std::string, std::size_t>> split;
    if (cidr == "0.0.0.0/0") {
      members.resize(excepts.size() + 2);
      for (const char* half : {"0.0.0.0/1", "128.0.0.0/1"}) {
        members[index] = half;
        split.emplace_back(half, index);
        ++index;
      }
    } else {
      members.resize(excepts.size() + 1);
      members[index++] = cidr;
    }
    for (std::size_t i = 0; i < excepts.size(); ++i) {
      std::optional<std::size_t> split_index;
      for (const auto& [half, at] : split)
        if (half == excepts[i]) split_index = at;
      if (split_index) {
        members[*split_index] = excepts[i] + " nomatch";
        --index;
        members.pop_back();
      } else {
        members[i + index] = excepts[i] + " nomatch";
      }
    }
    const std::string name = fmt::format(FMT_COMPILE("{}:in-ns:{}-{}-{}{}"), policy_.name, out_.name_space, rule_index, peer_index,
                                         dir == Direction::Ingress ? "IN" : "OUT");
    out_.sets.push_back({SetKind::CidrBlocks, name, "", std::nullopt, members});
    return {SetKind::CidrBlocks, name, true, match};
  }

  const NetworkPolicy& policy_;
  const TranslationOptions& options_;
  NpmNetworkPolicy out_;
};

}  // namespace

bool npm_valid_label_value(const std::string& v) {
  if (v.empty()) return true;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (!alnum(v.front()) || !alnum(v.back())) return false;
  for (char c : v)
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

TranslationResult translate_policy(const NetworkPolicy& policy, const TranslationOptions& options) {
  try {
    return PolicyTranslator(policy, options).run();
  } catch (Failure& f) {
    return std::move(f.error);
  }
}

}  // namespace netpol::azure

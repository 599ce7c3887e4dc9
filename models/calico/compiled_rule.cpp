#include "models/calico/compiled_rule.h"

#include <algorithm>
#include <cctype>

#include "models/calico/scoping.h"

namespace netpol::calico {

int protocol_number(const CalicoProtocol& p) {
  if (p.number != 0) return p.number;
  std::string lower;
  for (char c : p.name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "tcp") return 6;
  if (lower == "udp") return 17;
  if (lower == "icmp") return 1;
  if (lower == "icmpv6") return 58;
  if (lower == "sctp") return 132;
  if (lower == "udplite") return 136;
  return 0;
}

int protocol_number(Protocol p) {
  switch (p) {
    case Protocol::TCP: return 6;
    case Protocol::UDP: return 17;
    case Protocol::SCTP: return 132;
  }
  return 0;
}

namespace {

std::optional<Protocol> probe_protocol_of(int number) {
  if (number == 6) return Protocol::TCP;
  if (number == 17) return Protocol::UDP;
  if (number == 132) return Protocol::SCTP;
  return std::nullopt;
}

// Whether a numeric entry (one without a name) of `ports` covers `port`.
bool in_numeric_ranges(const std::vector<CalicoPort>& ports, int port) {
  return std::any_of(ports.begin(), ports.end(),
                     [&](const CalicoPort& p) { return p.name.empty() && p.first <= port && port <= p.last; });
}

// Everything scoped_entity_selectors reads, each field tagged and length-prefixed so that
// distinct inputs never share a key.
void side_key(const CalicoEntityRule& e, const std::string& ns, std::string& key) {
  key.clear();
  auto add = [&](char tag, const std::string& text) {
    key += tag;
    key += std::to_string(text.size());
    key += ':';
    key += text;
  };
  add('p', ns);
  if (e.selector) add('s', *e.selector);
  if (e.not_selector) add('n', *e.not_selector);
  if (e.namespace_selector) add('c', *e.namespace_selector);
  if (e.service_accounts) {
    key += 'A';
    if (e.service_accounts->selector) add('a', *e.service_accounts->selector);
    for (const std::string& name : e.service_accounts->names) add('m', name);
  }
}

CompiledSide compile_side(const CalicoEntityRule& e, const std::string& ns, SelectorIndex& index) {
  CompiledSide side;
  side.ports = &e.ports;
  side.not_ports = &e.not_ports;
  // Scoped selector ids, memoised per distinct side (many policies repeat the same peers). A
  // side without selector, notSelector, namespaceSelector or serviceAccounts has none, whatever
  // the namespace (scoped_entity_selectors adds the namespace term only to one of those).
  std::pair<int, int> ids{-1, -1};
  if (e.selector || e.not_selector || e.namespace_selector || e.service_accounts) {
    std::string& key = index.key_buffer();
    side_key(e, ns, key);
    if (const std::pair<int, int>* cached = index.cached_side(key)) {
      ids = *cached;
    } else {
      ScopedEntitySelectors scoped = scoped_entity_selectors(e, ns, &index.parse_cache());
      if (scoped.positive) ids.first = index.intern(std::move(*scoped.positive));
      if (scoped.negative) ids.second = index.intern(std::move(*scoped.negative));
      index.remember_side(key, ids);  // a copy: the buffer is reused
    }
  }
  // The first criterion is the set itself (every address & b = b); later ones narrow it.
  auto narrow = [&](const Bitset& b) { side.addresses = side.addresses ? &index.intersection(*side.addresses, b) : &b; };
  if (!e.nets.empty()) narrow(index.inside(e.nets));
  if (!e.not_nets.empty()) narrow(index.complement(index.inside(e.not_nets)));
  if (ids.first >= 0) {
    side.positive_selector = ids.first;
    // rule_scanner.go: with only named ports the selector is enforced through the named-port
    // sets (filtered by it); that is the same set of flows, so we always apply it here.
    narrow(index.members(side.positive_selector));
  }
  if (ids.second >= 0) narrow(index.complement(index.members(ids.second)));
  return side;
}

}  // namespace

CompiledRule::CompiledRule(const CalicoRule& rule, int index, const std::string& ns, SelectorIndex& selectors,
                           std::size_t probes)
    : rule_(&rule), index_(index), selectors_(&selectors) {
  if (rule.ip_version) family_ = *rule.ip_version == 6 ? IpFamily::V6 : IpFamily::V4;
  for (const auto* nets : {&rule.source.nets, &rule.source.not_nets, &rule.destination.nets, &rule.destination.not_nets})
    if (!nets->empty() && !family_) family_ = nets->front().family();
  if (rule.protocol) protocol_ = protocol_number(*rule.protocol);
  if (rule.not_protocol) not_protocol_ = protocol_number(*rule.not_protocol);
  if (rule.protocol) named_port_protocol_ = probe_protocol_of(protocol_);
  if (rule.protocol && !probe_protocol_of(protocol_))
    never_ = "protocol " + (rule.protocol->name.empty() ? std::to_string(rule.protocol->number) : rule.protocol->name) +
             " never carries a TCP/UDP/SCTP probe";
  if (rule.icmp || rule.not_icmp) never_ = "an ICMP match never matches a TCP/UDP/SCTP probe";
  if (rule.source.services || rule.destination.services)
    never_ = "services match needs Kubernetes Service objects, which the input does not carry";
  src_ = compile_side(rule.source, ns, selectors);
  dst_ = compile_side(rule.destination, ns, selectors);
  // Source ports against the unknown ephemeral port (see header).
  // (A named source port never covers the ephemeral range: it is one port of the source pod.)
  if (!src_.ports->empty()) {
    source_ports_ok_ = std::any_of(src_.ports->begin(), src_.ports->end(), [](const CalicoPort& p) {
      return p.name.empty() && p.first <= kEphemeralFirst && p.last >= kEphemeralLast;
    });
  }
  for (const CalicoPort& p : *src_.not_ports)
    if (p.name.empty() && p.first <= kEphemeralLast && p.last >= kEphemeralFirst) source_ports_ok_ = false;
  if (probes > kInlineProbes) dst_more_.resize(probes - kInlineProbes);
}

bool CompiledRule::matches_scalar(const Probe& probe, std::optional<IpFamily> flow_family) const {
  if (!never_.empty() || !source_ports_ok_) return false;
  if (family_ && flow_family && *family_ != *flow_family) return false;
  const int number = protocol_number(probe.protocol);
  if (protocol_ && protocol_ != number) return false;
  if (not_protocol_ && not_protocol_ == number) return false;
  return true;
}

const Bitset* CompiledRule::destination_set(std::size_t probe_index, const Probe& probe) {
  const bool inline_slot = probe_index < kInlineProbes;
  if (inline_slot && (dst_known_ >> probe_index & 1u)) return dst_inline_[probe_index];
  if (!inline_slot && dst_more_[probe_index - kInlineProbes]) return *dst_more_[probe_index - kInlineProbes];
  SelectorIndex& index = *selectors_;
  const Bitset* set = dst_.addresses;
  auto narrow = [&](const Bitset& b) { set = set ? &index.intersection(*set, b) : &b; };
  if (!dst_.ports->empty() && !in_numeric_ranges(*dst_.ports, probe.port)) {
    const Bitset* named = &index.empty_set();
    for (const CalicoPort& p : *dst_.ports)
      if (!p.name.empty())
        named = &index.set_union(*named, index.named_port_members(dst_.positive_selector, p.name, named_port_protocol_,
                                                                  probe.protocol, probe.port));
    narrow(*named);
  }
  if (!dst_.not_ports->empty()) {
    if (in_numeric_ranges(*dst_.not_ports, probe.port)) {
      narrow(index.empty_set());
    } else {
      for (const CalicoPort& p : *dst_.not_ports)
        if (!p.name.empty())
          narrow(index.complement(index.named_port_members(dst_.positive_selector, p.name, named_port_protocol_,
                                                           probe.protocol, probe.port)));
    }
  }
  if (inline_slot) {
    dst_inline_[probe_index] = set;
    dst_known_ = static_cast<std::uint8_t>(dst_known_ | 1u << probe_index);
  } else {
    dst_more_[probe_index - kInlineProbes] = set;
  }
  return set;
}

}  // namespace netpol::calico

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

bool in_ranges(const std::vector<CalicoPort>& ports, int port) {
  return std::any_of(ports.begin(), ports.end(), [&](const CalicoPort& p) { return p.first <= port && port <= p.last; });
}

void split_ports(const std::vector<CalicoPort>& in, std::vector<CalicoPort>& numeric, std::vector<std::string>& named) {
  for (const CalicoPort& p : in) {
    if (p.name.empty())
      numeric.push_back(p);
    else
      named.push_back(p.name);
  }
}

// Everything scoped_entity_selectors reads, each field tagged and length-prefixed so that
// distinct inputs never share a key.
std::string side_key(const CalicoEntityRule& e, const std::string& ns) {
  std::string key;
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
  return key;
}

CompiledSide compile_side(const CalicoEntityRule& e, const std::string& ns, SelectorIndex& index) {
  CompiledSide side;
  split_ports(e.ports, side.numeric_ports, side.named_ports);
  split_ports(e.not_ports, side.numeric_not_ports, side.named_not_ports);
  // Scoped selector ids, memoised per distinct side (many policies repeat the same peers). A
  // side without selector, notSelector, namespaceSelector or serviceAccounts has none, whatever
  // the namespace (scoped_entity_selectors adds the namespace term only to one of those).
  std::pair<int, int> ids{-1, -1};
  if (e.selector || e.not_selector || e.namespace_selector || e.service_accounts) {
    std::string key = side_key(e, ns);
    if (const std::pair<int, int>* cached = index.cached_side(key)) {
      ids = *cached;
    } else {
      ScopedEntitySelectors scoped = scoped_entity_selectors(e, ns, &index.parse_cache());
      if (scoped.positive) ids.first = index.intern(std::move(*scoped.positive));
      if (scoped.negative) ids.second = index.intern(std::move(*scoped.negative));
      index.remember_side(std::move(key), ids);
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
  if (!src_.numeric_ports.empty() || !src_.named_ports.empty()) {
    source_ports_ok_ = std::any_of(src_.numeric_ports.begin(), src_.numeric_ports.end(), [](const CalicoPort& p) {
      return p.first <= kEphemeralFirst && p.last >= kEphemeralLast;
    });
  }
  for (const CalicoPort& p : src_.numeric_not_ports)
    if (p.first <= kEphemeralLast && p.last >= kEphemeralFirst) source_ports_ok_ = false;
  dst_by_probe_.resize(probes);
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
  std::optional<const Bitset*>& slot = dst_by_probe_[probe_index];
  if (!slot) {
    SelectorIndex& index = *selectors_;
    const Bitset* set = dst_.addresses;
    auto narrow = [&](const Bitset& b) { set = set ? &index.intersection(*set, b) : &b; };
    if (!dst_.numeric_ports.empty() || !dst_.named_ports.empty()) {
      if (!in_ranges(dst_.numeric_ports, probe.port)) {
        const Bitset* named = &index.empty_set();
        for (const std::string& name : dst_.named_ports)
          named = &index.set_union(*named, index.named_port_members(dst_.positive_selector, name, named_port_protocol_,
                                                                    probe.protocol, probe.port));
        narrow(*named);
      }
    }
    if (!dst_.numeric_not_ports.empty() || !dst_.named_not_ports.empty()) {
      if (in_ranges(dst_.numeric_not_ports, probe.port)) {
        narrow(index.empty_set());
      } else {
        for (const std::string& name : dst_.named_not_ports)
          narrow(index.complement(index.named_port_members(dst_.positive_selector, name, named_port_protocol_,
                                                           probe.protocol, probe.port)));
      }
    }
    slot = set;
  }
  return *slot;
}

}  // namespace netpol::calico

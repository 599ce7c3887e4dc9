#include "models/calico/k8s_conversion.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <map>

#include <fmt/format.h>

namespace netpol::calico {
namespace {

CalicoProtocol calico_protocol(Protocol p) {
  switch (p) {
    case Protocol::TCP: return {"TCP", 6};
    case Protocol::UDP: return {"UDP", 17};
    case Protocol::SCTP: return {"SCTP", 132};
  }
  return {"TCP", 6};
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// strconv.ParseUint(s, 10, 16)
std::optional<int> parse_uint16(std::string_view s) {
  if (!all_digits(s)) return std::nullopt;
  unsigned long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v > 65535) return std::nullopt;
  return static_cast<int>(v);
}

bool valid_port_name(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

// k8sPeerToCalicoFields. A missing peer (rule without from/to) gives an empty entity.
CalicoEntityRule peer_entity(const NetworkPolicyPeer* peer) {
  CalicoEntityRule e;
  if (!peer) return e;
  if (peer->ip_block) {
    // cnet.ParseCIDR returns the network: host bits are cleared.
    const Cidr& c = peer->ip_block->cidr;
    e.nets.push_back(Cidr{c.network(), c.prefix});
    for (const Cidr& x : peer->ip_block->except) e.not_nets.push_back(Cidr{x.network(), x.prefix});
    return e;
  }
  const LabelSelector* pod = peer->pod_selector ? &*peer->pod_selector : nullptr;
  const LabelSelector* ns = peer->namespace_selector ? &*peer->namespace_selector : nullptr;
  std::string sel = k8s_selector_to_calico(pod, true);
  std::string ns_sel = k8s_selector_to_calico(ns, false);
  if (!sel.empty()) e.selector = std::move(sel);
  if (!ns_sel.empty()) e.namespace_selector = std::move(ns_sel);
  return e;
}

// k8sRuleToCalico for one rule; throws std::invalid_argument with the upstream reason when a
// port cannot be converted.
std::vector<CalicoRule> convert_rule(const NetworkPolicyRule& rule, bool ingress) {
  // protocolPorts: "" = no port information at all (allow everything), a present key with an
  // empty list = every port of that protocol. std::map keeps the keys sorted, as upstream
  // sorts them ("SCTP" < "TCP" < "UDP").
  std::map<std::string, std::optional<std::vector<CalicoPort>>> protocol_ports;
  if (rule.ports.empty()) {
    protocol_ports[""] = std::nullopt;
  }
  for (const NetworkPolicyPort& port : rule.ports) {
    const std::string proto{to_string(port.protocol)};
    std::optional<std::vector<CalicoPort>> ports;  // nullopt: no port given, all ports
    if (port.port || port.name) {
      std::string text = port.port ? std::to_string(*port.port) : *port.name;
      if (port.end_port) text = fmt::format("{}:{}", text, *port.end_port);
      std::string error;
      auto converted = calico_port_from_string(text, error);
      if (!converted)
        throw std::invalid_argument(fmt::format("failed to parse k8s port: invalid port {}: {}", text, error));
      ports = std::vector<CalicoPort>{*converted};
    }
    auto it = protocol_ports.find(proto);
    if (!ports) {
      protocol_ports[proto] = std::nullopt;  // all ports wins over any list
    } else if (it == protocol_ports.end()) {
      protocol_ports[proto] = ports;
    } else if (it->second) {  // do not overwrite "all ports"
      it->second->insert(it->second->end(), ports->begin(), ports->end());
    }
  }

  std::vector<const NetworkPolicyPeer*> peers;
  for (const auto& p : rule.peers) peers.push_back(&p);
  if (peers.empty()) peers.push_back(nullptr);

  std::vector<CalicoRule> out;
  for (const auto& [proto, ports] : protocol_ports) {
    std::vector<CalicoPort> calico_ports = ports ? simplify_ports(*ports) : std::vector<CalicoPort>{};
    for (const NetworkPolicyPeer* peer : peers) {
      CalicoRule r;
      r.action = CalicoAction::Allow;
      if (!proto.empty()) r.protocol = calico_protocol(*parse_protocol(proto));
      r.location = rule.location;
      if (ingress)
        r.source = peer_entity(peer);
      else
        r.destination = peer_entity(peer);
      r.destination.ports = calico_ports;
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace

std::string k8s_selector_to_calico(const LabelSelector* s, bool pod_selector) {
  // Terms joined with " && ", appended in place (this runs for every selector of every policy).
  std::string out;
  auto term = [&out](const auto&... parts) {
    if (!out.empty()) out += " && ";
    ((out += parts), ...);
  };
  auto values_of = [](const LabelRequirement& e) {
    std::string joined;
    for (std::size_t i = 0; i < e.values.size(); ++i) {
      if (i) joined += "', '";
      joined += e.values[i];
    }
    return joined;
  };
  if (pod_selector) term("projectcalico.org/orchestrator == 'k8s'");
  if (s == nullptr) return out;
  if (!pod_selector && s->empty()) return "all()";
  for (const auto& [k, v] : s->match_labels)  // Labels is sorted by key, as upstream sorts
    term(k, " == '", v, "'");
  for (const LabelRequirement& e : s->match_expressions) {
    switch (e.op) {
      case SelectorOperator::In: term(e.key, " in { '", values_of(e), "' }"); break;
      case SelectorOperator::NotIn: term(e.key, " not in { '", values_of(e), "' }"); break;
      case SelectorOperator::Exists: term("has(", e.key, ")"); break;
      case SelectorOperator::DoesNotExist: term("! has(", e.key, ")"); break;
    }
  }
  return out;
}

std::vector<CalicoPort> simplify_ports(const std::vector<CalicoPort>& ports) {
  if (ports.size() <= 1) return ports;
  // Ranges are merged as ranges (sorted by first port, then joined while they overlap or
  // touch), never expanded into numbers: a rule allowing 1024-65535 costs one range, not 64,512
  // numbers. The result is the set of numbers covered, as maximal ascending ranges.
  std::vector<CalicoPort> out, numeric;
  long long numbers = 0;
  for (const CalicoPort& p : ports) {
    if (!p.name.empty()) {
      out.push_back(p);
    } else {
      numeric.push_back(p);
      numbers += static_cast<long long>(p.last) - p.first + 1;
    }
  }
  if (numbers <= 1) return ports;
  std::sort(numeric.begin(), numeric.end(), [](const CalicoPort& a, const CalicoPort& b) { return a.first < b.first; });
  CalicoPort current = numeric.front();
  for (std::size_t i = 1; i < numeric.size(); ++i) {
    if (numeric[i].first <= current.last + 1) {
      current.last = std::max(current.last, numeric[i].last);
    } else {
      out.push_back(CalicoPort{current.first, current.last, ""});
      current = numeric[i];
    }
  }
  out.push_back(CalicoPort{current.first, current.last, ""});
  return out;
}

std::optional<CalicoPort> calico_port_from_string(const std::string& text, std::string& error) {
  if (all_digits(text)) {
    auto n = parse_uint16(text);
    if (!n) {
      error = fmt::format("invalid port format ({})", text);
      return std::nullopt;
    }
    return CalicoPort{*n, *n, ""};
  }
  auto colon = text.find(':');
  if (colon != std::string::npos && all_digits(std::string_view(text).substr(0, colon)) &&
      all_digits(std::string_view(text).substr(colon + 1))) {
    auto lo = parse_uint16(std::string_view(text).substr(0, colon));
    auto hi = parse_uint16(std::string_view(text).substr(colon + 1));
    if (!lo) { error = fmt::format("invalid minimum port number in range ({})", text); return std::nullopt; }
    if (!hi) { error = fmt::format("invalid maximum port number in range ({})", text); return std::nullopt; }
    if (*lo > *hi) {
      error = fmt::format("minimum port number ({}) is greater than maximum port number ({}) in port range", *lo, *hi);
      return std::nullopt;
    }
    return CalicoPort{*lo, *hi, ""};
  }
  if (!valid_port_name(text)) {
    error = fmt::format("invalid name for named port ({})", text);
    return std::nullopt;
  }
  return CalicoPort{0, 0, text};
}

ConversionResult convert_k8s_policy(const NetworkPolicy& np, CalicoVersion version) {
  ConversionResult result;
  CalicoPolicy& p = result.policy;
  p.kind = CalicoPolicyKind::NetworkPolicy;
  p.namespace_name = np.namespace_name;
  p.name = version.prefixes_k8s_policy_names() ? "knp.default." + np.name : np.name;
  p.tier = "default";
  p.order = 1000.0;
  p.selector = k8s_selector_to_calico(&np.pod_selector, true);
  p.source = np.source;

  for (std::size_t i = 0; i < np.ingress.size(); ++i) {
    try {
      auto rules = convert_rule(np.ingress[i], true);
      p.ingress.insert(p.ingress.end(), std::make_move_iterator(rules.begin()), std::make_move_iterator(rules.end()));
    } catch (const std::invalid_argument& e) {
      result.dropped_rules.push_back(fmt::format("ingress rule {}: k8s rule couldn't be converted: {}", i, e.what()));
    }
  }
  for (std::size_t i = 0; i < np.egress.size(); ++i) {
    try {
      auto rules = convert_rule(np.egress[i], false);
      p.egress.insert(p.egress.end(), std::make_move_iterator(rules.begin()), std::make_move_iterator(rules.end()));
    } catch (const std::invalid_argument& e) {
      result.dropped_rules.push_back(fmt::format("egress rule {}: k8s rule couldn't be converted: {}", i, e.what()));
    }
  }
  // Types: as given; none at all -> Ingress (a cluster without policyTypes support).
  p.ingress_type = np.ingress_type;
  p.egress_type = np.egress_type;
  if (!p.ingress_type && !p.egress_type) p.ingress_type = true;
  return result;
}

}  // namespace netpol::calico

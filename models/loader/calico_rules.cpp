#include "models/loader/calico_rules.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "models/loader/calico_selector_check.h"

namespace netpol {
namespace {

// validator.go protocolRegex and the IANA numbers Felix uses for them.
struct NamedProtocol {
  std::string_view name;
  int number;
};
constexpr NamedProtocol kProtocolNames[] = {
    {"TCP", 6}, {"UDP", 17}, {"ICMP", 1}, {"ICMPv6", 58}, {"SCTP", 132}, {"UDPLite", 136}};

// validator.go protocolSingleOrRangePortsMsg / protocolPortsMsg.
constexpr const char* kNumericPortsNeedProtocol =
    "rules with numeric port or port range must set protocol to TCP or UDP or SCTP (validator.go "
    "validateRule)";
constexpr const char* kPortsNeedPortProtocol =
    "rules that specify ports must set protocol to TCP or UDP or SCTP (validator.go validateRule)";

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// strconv.ParseUint(s, 10, bits) for an all-digit string: nullopt on overflow.
std::optional<long long> parse_uint(std::string_view s, long long max) {
  long long value = 0;
  for (char c : s) {
    value = value * 10 + (c - '0');
    if (value > max) return std::nullopt;
  }
  return value;
}

// numorstring nameRegex ^[a-zA-Z0-9_.-]{1,128}$.
bool port_name_chars(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

bool supports_ports(const CalicoProtocol& p) {  // numorstring Protocol.SupportsPorts
  return p.number == 6 || p.number == 17 || p.number == 132;
}

std::vector<CalicoPort> read_ports(const Field& list) {
  std::vector<Field> items = list.items();
  if (items.size() > 50) {
    list.fail(fmt::format("{} ports; at most 50 are allowed (kubebuilder MaxItems)", items.size()));
  }
  std::vector<CalicoPort> ports;
  for (const Field& item : items) ports.push_back(read_calico_port(item));
  return ports;
}

bool has_numeric(const std::vector<CalicoPort>& ports) {
  return std::any_of(ports.begin(), ports.end(), [](const CalicoPort& p) { return p.name.empty(); });
}

std::vector<std::string> read_string_list(const Field& list) {
  std::vector<std::string> out;
  for (const Field& item : list.items()) out.push_back(item.as_string());
  return out;
}

// Nets of one list, parsed as validator.go does: the `net` tag (validateIPNetwork: CIDR or IP,
// strictly masked) and validateRule's scanNets (cnet.ParseCIDR: "ADDR/LEN" only).
std::vector<Cidr> read_nets(const Field& list) {
  std::vector<Field> items = list.items();
  if (items.size() > 256) {
    list.fail(fmt::format("{} CIDRs; at most 256 are allowed (kubebuilder MaxItems)", items.size()));
  }
  std::vector<Cidr> nets;
  for (const Field& item : items) {
    std::string text = item.as_string();
    auto cidr = calico_parse_cidr(text);
    if (!cidr) {
      item.fail(fmt::format("invalid CIDR \"{}\": rule nets must be written ADDR/LEN (validator.go "
                            "validateRule, cnet.ParseCIDR)",
                            text));
    }
    if (!cidr->canonical()) {
      item.fail(fmt::format("CIDR \"{}\" has host bits set; rule nets must be strictly masked, e.g. "
                            "\"{}/{}\" (validator.go validateIPNetwork)",
                            text, cidr->network().to_string(), cidr->prefix));
    }
    nets.push_back(*cidr);
  }
  return nets;
}

CalicoIcmp read_icmp(const Field& field) {
  reject_unknown_calico_fields(field, {"type", "code"});
  CalicoIcmp icmp;
  // ICMPFields: type 0..254, code 0..255 (kubebuilder Minimum/Maximum; validate tags).
  if (field.child("type").present()) icmp.type = static_cast<int>(read_calico_int(field.child("type"), 0, 254));
  if (field.child("code").present()) icmp.code = static_cast<int>(read_calico_int(field.child("code"), 0, 255));
  if (icmp.code && !icmp.type) {
    field.child("code").fail("ICMP code specified without an ICMP type (CEL rule on ICMPFields)");
  }
  return icmp;
}

// validator.go validateHTTPRule: no duplicate methods; each path exactly one of exact/prefix,
// starting with '/' and without '?', ' ' or '#'.
void check_http(const Field& http) {
  reject_unknown_calico_fields(http, {"methods", "paths"});
  std::vector<Field> methods = http.child("methods").items();
  if (methods.size() > 20) http.child("methods").fail("at most 20 methods are allowed (kubebuilder MaxItems)");
  std::set<std::string> seen;
  for (const Field& m : methods) {
    if (!seen.insert(m.as_string()).second) {
      m.fail("duplicate HTTP method (validator.go validateHTTPMethods)");
    }
  }
  std::vector<Field> paths = http.child("paths").items();
  if (paths.size() > 20) http.child("paths").fail("at most 20 paths are allowed (kubebuilder MaxItems)");
  for (const Field& p : paths) {
    reject_unknown_calico_fields(p, {"exact", "prefix"});
    std::string exact = p.child("exact").present() ? p.child("exact").as_string() : "";
    std::string prefix = p.child("prefix").present() ? p.child("prefix").as_string() : "";
    if (!exact.empty() && !prefix.empty()) {
      p.fail("invalid path match: both 'exact' and 'prefix' are set (validator.go validateHTTPPaths)");
    }
    std::string v = exact.empty() ? prefix : exact;
    if (v.empty()) p.fail("invalid path match: either 'exact' or 'prefix' must be set (validator.go validateHTTPPaths)");
    if (v.size() > 1024) p.fail("HTTP path longer than 1024 characters (kubebuilder MaxLength)");
    if (v.front() != '/' || v.find_first_of("? #") != std::string::npos) {
      p.fail(fmt::format("invalid path {}: must start with '/' and not contain '?', ' ' or '#' "
                         "(validator.go validateHTTPPaths)",
                         v));
    }
  }
}

// A Kubernetes object name as validator.go's `name` tag checks it (ServiceMatch fields).
std::string read_service_field(const Field& field) {
  std::string text = field.as_string();
  if (text.size() > 253 || !calico_valid_resource_name(text)) {
    field.fail(fmt::format("invalid name \"{}\" (validator.go validateName)", text));
  }
  return text;
}

CalicoEntityRule read_entity_rule(const Field& field) {
  reject_unknown_calico_fields(field, {"nets", "selector", "namespaceSelector", "services", "ports",
                                       "notNets", "notSelector", "notPorts", "serviceAccounts"});
  CalicoEntityRule e;
  e.nets = read_nets(field.child("nets"));
  e.not_nets = read_nets(field.child("notNets"));
  // CEL on EntityRule: "global() can only be used in an EntityRule namespaceSelector".
  if (field.child("selector").present()) e.selector = read_calico_selector(field.child("selector"), true);
  if (field.child("notSelector").present()) {
    e.not_selector = read_calico_selector(field.child("notSelector"), false);
  }
  if (field.child("namespaceSelector").present()) {
    const Field ns = field.child("namespaceSelector");
    std::string text = read_calico_selector(ns, false);
    // validator.go validateEntityRule: a namespaceSelector using global() must be only that.
    if (text.find("global(") != std::string::npos && text != "global()") {
      auto tokens = calico_selector_tokens(text);
      if (!tokens || tokens->size() > 2 || tokens->front() != CalicoTokenKind::Global) {
        ns.fail("global() cannot be combined with other selectors (validator.go validateEntityRule)");
      }
    }
    e.namespace_selector = std::move(text);
  }
  e.ports = read_ports(field.child("ports"));
  e.not_ports = read_ports(field.child("notPorts"));
  if (field.child("serviceAccounts").present()) {
    const Field sa = field.child("serviceAccounts");
    reject_unknown_calico_fields(sa, {"names", "selector"});
    CalicoServiceAccountMatch match;
    match.names = read_string_list(sa.child("names"));
    std::sort(match.names.begin(), match.names.end());  // +listType=set: order carries nothing
    match.names.erase(std::unique(match.names.begin(), match.names.end()), match.names.end());
    if (sa.child("selector").present()) match.selector = read_calico_selector(sa.child("selector"), false);
    e.service_accounts = std::move(match);
  }
  if (field.child("services").present()) {
    const Field svc = field.child("services");
    reject_unknown_calico_fields(svc, {"name", "namespace"});
    CalicoServiceMatch match;
    if (svc.child("name").present()) match.name = read_service_field(svc.child("name"));
    if (svc.child("namespace").present()) match.namespace_name = read_service_field(svc.child("namespace"));
    // CEL rules on EntityRule (validator.go validateEntityRule up to v3.32.0).
    if (match.name.empty()) svc.fail("services must specify a service name");
    if (e.namespace_selector && !e.namespace_selector->empty()) {
      svc.fail("cannot specify NamespaceSelector and Services on the same rule");
    }
    if ((e.selector && !e.selector->empty()) || (e.not_selector && !e.not_selector->empty())) {
      svc.fail("cannot specify Selector/NotSelector and Services on the same rule");
    }
    if (e.service_accounts) svc.fail("cannot specify ServiceAccounts and Services on the same rule");
    if (!e.nets.empty() || !e.not_nets.empty()) {
      svc.fail("cannot specify Nets/NotNets and Services on the same rule");
    }
    e.services = std::move(match);
  }
  return e;
}

// validateRule's scanNets, over source.nets, source.notNets, destination.nets,
// destination.notNets in that order: catch-all CIDRs in notNets, ipVersion consistency, and
// no mix of IPv4 and IPv6 CIDRs anywhere in the rule.
void check_rule_nets(const Field& rule_field, const CalicoRule& rule) {
  bool seen_v4 = false, seen_v6 = false;
  struct List {
    const std::vector<Cidr>* nets;
    Field field;
    bool negated;
  };
  const List lists[] = {
      {&rule.source.nets, rule_field.child("source").child("nets"), false},
      {&rule.source.not_nets, rule_field.child("source").child("notNets"), true},
      {&rule.destination.nets, rule_field.child("destination").child("nets"), false},
      {&rule.destination.not_nets, rule_field.child("destination").child("notNets"), true},
  };
  for (const List& list : lists) {
    bool v4 = false, v6 = false;
    std::vector<Field> items = list.field.items();
    for (std::size_t i = 0; i < list.nets->size(); ++i) {
      const Cidr& c = (*list.nets)[i];
      v4 = v4 || c.family() == IpFamily::V4;
      v6 = v6 || c.family() == IpFamily::V6;
      // Strict masking (read_nets) makes "prefix 0" the same as Calico's test for the
      // literal "0.0.0.0/0" and for the network ::/0.
      if (list.negated && c.prefix == 0) {
        items[i].fail("catch-all CIDR in negation creates logical contradiction (matches no traffic) "
                      "(validator.go validateRule)");
      }
    }
    if (rule.ip_version && ((v4 && *rule.ip_version != 4) || (v6 && *rule.ip_version != 6))) {
      list.field.fail("rule IP version doesn't match CIDR version (validator.go validateRule)");
    }
    if ((v4 && seen_v6) || (v6 && seen_v4) || (v4 && v6)) {
      list.field.fail("rule contains both IPv4 and IPv6 CIDRs (validator.go validateRule)");
    }
    seen_v4 = seen_v4 || v4;
    seen_v6 = seen_v6 || v6;
  }
}

void check_rule_ports(const Field& f, const CalicoRule& rule) {
  struct List {
    const std::vector<CalicoPort>* ports;
    Field field;
  };
  const List lists[] = {
      {&rule.source.ports, f.child("source").child("ports")},
      {&rule.source.not_ports, f.child("source").child("notPorts")},
      {&rule.destination.ports, f.child("destination").child("ports")},
      {&rule.destination.not_ports, f.child("destination").child("notPorts")},
  };
  for (const List& list : lists) {
    if (!rule.protocol) {
      // Named ports alone need no protocol (numorstring.AllPortsAreNamed).
      if (has_numeric(*list.ports)) list.field.fail(kNumericPortsNeedProtocol);
    } else if (!supports_ports(*rule.protocol) && !list.ports->empty()) {
      list.field.fail(kPortsNeedPortProtocol);
    }
  }
  // CEL on Rule (validator.go validateRule up to v3.32.0): destination services use the
  // endpoints' own ports.
  if (rule.destination.services && (!rule.destination.ports.empty() || !rule.destination.not_ports.empty())) {
    f.child("destination").child(rule.destination.ports.empty() ? "notPorts" : "ports")
        .fail("ports and notPorts cannot be specified with services");
  }
}

void check_rule_icmp(const Field& f, const CalicoRule& rule) {
  auto is_icmp = [](const std::optional<CalicoProtocol>& p, int number) { return p && p->number == number; };
  // CEL on Rule: "ICMP fields require protocol to be ICMP or ICMPv6".
  if (rule.icmp && !is_icmp(rule.protocol, 1) && !is_icmp(rule.protocol, 58)) {
    f.child("icmp").fail("ICMP fields require protocol to be ICMP or ICMPv6");
  }
  // CEL on Rule: ICMP needs ipVersion 4, ICMPv6 ipVersion 6 (protocol and notProtocol).
  if (rule.ip_version) {
    for (const char* key : {"protocol", "notProtocol"}) {
      const auto& p = std::string_view(key) == "protocol" ? rule.protocol : rule.not_protocol;
      if (is_icmp(p, 1) && *rule.ip_version != 4) f.child("ipVersion").fail("protocol ICMP requires ipVersion 4");
      if (is_icmp(p, 58) && *rule.ip_version != 6) f.child("ipVersion").fail("protocol ICMPv6 requires ipVersion 6");
    }
  }
}

CalicoAction read_action(const Field& field) {
  if (!field.present()) field.fail("action is required (one of Allow, Deny, Log, Pass)");
  std::string text = field.as_string();
  // kubebuilder Enum=Allow;Deny;Log;Pass (exact case).
  if (text == "Allow") return CalicoAction::Allow;
  if (text == "Deny") return CalicoAction::Deny;
  if (text == "Log") return CalicoAction::Log;
  if (text == "Pass") return CalicoAction::Pass;
  field.fail(fmt::format("invalid action \"{}\": must be one of Allow, Deny, Log, Pass", text));
}

CalicoRule read_rule(const Field& f, const CalicoRuleContext& context) {
  reject_unknown_calico_fields(f, {"action", "ipVersion", "protocol", "icmp", "notProtocol", "notICMP",
                                   "source", "destination", "http", "metadata"});
  CalicoRule rule;
  rule.location = f.location();
  rule.action = read_action(f.child("action"));
  if (f.child("ipVersion").present()) {
    long long v = f.child("ipVersion").as_int();
    if (v != 4 && v != 6) f.child("ipVersion").fail(fmt::format("ipVersion {} is not 4 or 6", v));
    rule.ip_version = static_cast<int>(v);
  }
  if (f.child("protocol").present()) rule.protocol = read_calico_protocol(f.child("protocol"), context.form);
  if (f.child("notProtocol").present()) {
    rule.not_protocol = read_calico_protocol(f.child("notProtocol"), context.form);
  }
  if (f.child("icmp").present()) rule.icmp = read_icmp(f.child("icmp"));
  if (f.child("notICMP").present()) rule.not_icmp = read_icmp(f.child("notICMP"));
  rule.source = read_entity_rule(f.child("source"));
  rule.destination = read_entity_rule(f.child("destination"));

  check_rule_ports(f, rule);
  check_rule_icmp(f, rule);
  check_rule_nets(f, rule);

  if (f.child("http").present()) {
    const Field http = f.child("http");
    check_http(http);
    rule.has_http = true;
    // CEL on Rule; validator.go validateRule / ruleUsesAppLayerPolicy.
    if (rule.action != CalicoAction::Allow) http.fail("HTTP match is only valid on Allow rules");
    if (rule.protocol && rule.protocol->number != 6) {
      f.child("protocol").fail("rules with HTTP match must have protocol TCP or unset");
    }
    if (!context.ingress && context.owner != CalicoRuleOwner::Profile) {
      http.fail("HTTP match is not allowed in egress rules (validator.go validateNetworkPolicySpec)");
    }
    http.warn("HTTP match is application-layer policy: ignored by this L3/L4 model (the rule is "
              "evaluated without it)");
  }

  if (context.owner != CalicoRuleOwner::Profile) {
    // validator.go validateNetworkPolicySpec / validateGlobalNetworkPolicySpec: services only
    // as the source of ingress rules and the destination of egress rules.
    if (context.ingress && rule.destination.services) {
      f.child("destination").child("services").fail("services not allowed in ingress rule destination");
    }
    if (!context.ingress && rule.source.services) {
      f.child("source").child("services").fail("services not allowed in egress rule source");
    }
    // validateGlobalNetworkPolicySpec: a global policy must name the service's namespace.
    const auto& svc = context.ingress ? rule.source.services : rule.destination.services;
    if (context.owner == CalicoRuleOwner::GlobalNetworkPolicy && svc && svc->namespace_name.empty()) {
      f.child(context.ingress ? "source" : "destination").child("services")
          .fail("services in a GlobalNetworkPolicy must specify a namespace");
    }
  }
  return rule;
}

}  // namespace

CalicoProtocol read_calico_protocol(const Field& field, CalicoForm form) {
  if (!field.is_scalar()) field.fail("protocol must be a name or a number");
  std::string text;
  if (!field.is_string_scalar()) {
    // Uint8OrString.UnmarshalJSON: an unquoted value must be a uint8.
    if (!field.is_int()) field.fail("protocol must be a name or a number 1-255");
    long long n = field.as_int();
    if (n < 0 || n > 255) field.fail(fmt::format("protocol number {} does not fit 0-255", n));
    if (n == 0) field.fail("protocol number invalid: must be 1-255 (validator.go validateProtocol)");
    return {"", static_cast<int>(n)};
  }
  text = field.as_string();
  if (all_digits(text)) {
    // A quoted number is a number when it fits uint8 (strconv.ParseUint(s, 10, 8)).
    if (auto n = parse_uint(text, 255)) {
      if (*n == 0) field.fail("protocol number invalid: must be 1-255 (validator.go validateProtocol)");
      return {"", static_cast<int>(*n)};
    }
  }
  for (const NamedProtocol& p : kProtocolNames) {
    if (text == p.name || (form == CalicoForm::Crd && equals_ignore_case(text, p.name))) {
      return {text, p.number};
    }
  }
  field.fail(fmt::format("protocol name invalid: \"{}\" is not one of TCP, UDP, ICMP, ICMPv6, SCTP, "
                         "UDPLite (validator.go validateProtocol, case-sensitive)",
                         text));
}

CalicoPort read_calico_port(const Field& field) {
  if (!field.is_scalar()) field.fail("port must be a number, a range \"min:max\" or a name");
  const char* range_msg = "port range invalid, port number must be between 1 and 65535 (validator.go validatePort)";
  if (!field.is_string_scalar()) {
    if (!field.is_int()) field.fail("port must be a number, a range \"min:max\" or a name");
    long long n = field.as_int();
    if (n < 0 || n > 65535) field.fail(fmt::format("port {} does not fit 0-65535", n));
    if (n == 0) field.fail(range_msg);
    return {static_cast<int>(n), static_cast<int>(n), ""};
  }
  std::string text = field.as_string();
  if (all_digits(text)) {
    auto n = parse_uint(text, 65535);
    if (!n) field.fail(fmt::format("invalid port format ({}) (numorstring PortFromString)", text));
    if (*n == 0) field.fail(range_msg);
    return {static_cast<int>(*n), static_cast<int>(*n), ""};
  }
  std::size_t colon = text.find(':');
  if (colon != std::string::npos && all_digits(text.substr(0, colon)) && all_digits(text.substr(colon + 1))) {
    auto lo = parse_uint(text.substr(0, colon), 65535);
    auto hi = parse_uint(text.substr(colon + 1), 65535);
    if (!lo) field.fail(fmt::format("invalid minimum port number in range ({})", text));
    if (!hi) field.fail(fmt::format("invalid maximum port number in range ({})", text));
    if (*lo > *hi) {
      field.fail(fmt::format("minimum port number ({}) is greater than maximum port number ({}) in port "
                             "range (numorstring PortFromRange)",
                             *lo, *hi));
    }
    if (*lo == 0) field.fail(range_msg);
    return {static_cast<int>(*lo), static_cast<int>(*hi), ""};
  }
  // Anything else is a port name; note "80-90" is a valid *name*, not a range.
  if (!port_name_chars(text)) {
    field.fail(fmt::format("invalid name for named port ({}) (numorstring NamedPort: "
                           "[a-zA-Z0-9_.-]{{1,128}})",
                           text));
  }
  return {0, 0, text};
}

std::vector<CalicoRule> read_calico_rules(const Field& list, const CalicoRuleContext& context) {
  std::vector<Field> items = list.items();
  if (items.size() > 1024) {
    list.fail(fmt::format("{} rules; at most 1024 are allowed per direction (kubebuilder MaxItems)",
                          items.size()));
  }
  std::vector<CalicoRule> rules;
  rules.reserve(items.size());
  for (const Field& item : items) rules.push_back(read_rule(item, context));
  return rules;
}

}  // namespace netpol

#include "models/loader/network_policy_reader.h"

#include <fmt/format.h>

#include "models/loader/k8s_metadata.h"
#include "models/loader/k8s_validation.h"

namespace netpol {
namespace {

// ValidateIPBlock: cidr required and valid; each except valid and a strict subset of cidr
// (`!cidrIPNet.Contains(exceptCIDR.IP) || cidrMaskLen >= exceptMaskLen` is rejected, which
// also rejects another family). CIDR syntax: IsValidCIDRForLegacyField (apimachinery
// util/validation/ip.go). We parse like its strict mode for leading zeros and IPv4-mapped IPv6
// (rejected), and like its legacy mode for host bits (accepted, with the API's warning from
// GetWarningsForCIDR), since the StrictIPCIDRValidation gate is not on by default.
Cidr read_cidr(const Field& f) {
  std::string text = f.as_string();
  auto cidr = Cidr::parse(text);
  if (!cidr) f.fail(fmt::format("\"{}\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)", text));
  if (cidr->family() == IpFamily::V6 && (cidr->address.value >> 32) == 0xffff)
    f.fail(fmt::format("\"{}\": must not have an IPv4-mapped IPv6 address", text));
  if (!cidr->canonical())
    f.warn(fmt::format("CIDR value \"{}\" is ambiguous in this context (should be \"{}\" or \"{}\"?); read as {}",
                       text, Cidr{cidr->network(), cidr->prefix}.to_string(), Cidr::host(cidr->address).to_string(),
                       Cidr{cidr->network(), cidr->prefix}.to_string()));
  return *cidr;
}

IpBlock read_ip_block(const Field& f) {
  f.expect_only_keys({"cidr", "except"});
  IpBlock block;
  Field cidr = f.child("cidr");
  if (!cidr.present() || (cidr.is_string_scalar() && cidr.as_string().empty())) cidr.fail("cidr is required");
  block.cidr = read_cidr(cidr);
  for (const Field& e : f.child("except").items()) {
    Cidr except = read_cidr(e);
    if (!block.cidr.contains(except) || except.prefix <= block.cidr.prefix)
      e.fail(fmt::format("\"{}\": must be a strict subset of `cidr` ({})", except.to_string(), block.cidr.to_string()));
    block.except.push_back(except);
  }
  return block;
}

// ValidateNetworkPolicyPeer: at least one of podSelector / namespaceSelector / ipBlock, and
// ipBlock alone.
NetworkPolicyPeer read_peer(const Field& f) {
  if (!f.is_map()) {
    if (f.present()) f.fail("expected a mapping (a peer)");
    f.fail("must specify a peer");
  }
  f.expect_only_keys({"podSelector", "namespaceSelector", "ipBlock"});
  NetworkPolicyPeer peer;
  if (Field pod = f.child("podSelector"); pod.present()) peer.pod_selector = read_label_selector(pod);
  if (Field ns = f.child("namespaceSelector"); ns.present()) peer.namespace_selector = read_label_selector(ns);
  if (Field ip = f.child("ipBlock"); ip.present()) peer.ip_block = read_ip_block(ip);
  if (!peer.pod_selector && !peer.namespace_selector && !peer.ip_block) f.fail("must specify a peer");
  if (peer.ip_block && (peer.pod_selector || peer.namespace_selector))
    f.fail("may not specify both ipBlock and another peer");
  return peer;
}

// ValidateNetworkPolicyPort plus SetDefaults_NetworkPolicyPort (protocol TCP).
NetworkPolicyPort read_port(const Field& f) {
  f.expect_only_keys({"protocol", "port", "endPort"});
  NetworkPolicyPort port;
  if (Field proto = f.child("protocol"); proto.present()) {
    std::string text = proto.as_string();
    auto p = parse_protocol(text);
    if (!p) proto.fail(fmt::format("Unsupported value: \"{}\": supported values: \"TCP\", \"UDP\", \"SCTP\"", text));
    port.protocol = *p;
  }
  Field number = f.child("port");
  Field end = f.child("endPort");
  if (number.present()) {
    if (number.is_int()) {
      long long v = number.as_int();
      if (std::string e = port_number_error(v); !e.empty()) number.fail(fmt::format("{}: {}", v, e));
      port.port = static_cast<int>(v);
    } else {
      if (!number.is_string_scalar())
        number.fail("must be an integer port number or a port name (IntOrString)");
      std::string name = number.as_string();
      if (std::string e = port_name_error(name); !e.empty())
        number.fail(fmt::format("\"{}\": {} (a quoted number is a port name, not a number)", name, e));
      port.name = name;
    }
  }
  if (end.present()) {
    long long v = end.as_int();
    if (!number.present()) end.fail("may not be specified when `port` is not specified");
    if (port.name) end.fail("may not be specified when `port` is non-numeric");
    if (v < *port.port) end.fail(fmt::format("{}: must be greater than or equal to `port` ({})", v, *port.port));
    if (std::string e = port_number_error(v); !e.empty()) end.fail(fmt::format("{}: {}", v, e));
    port.end_port = static_cast<int>(v);
  }
  return port;
}

std::vector<NetworkPolicyRule> read_rules(const Field& list, std::string_view peers_key) {
  std::vector<NetworkPolicyRule> rules;
  for (const Field& r : list.items()) {
    NetworkPolicyRule rule;
    rule.location = r.location();
    if (r.present()) {
      if (!r.is_map()) r.fail("expected a mapping (a rule)");
      r.expect_only_keys({peers_key, "ports"});
      for (const Field& p : r.child("ports").items()) rule.ports.push_back(read_port(p));
      for (const Field& p : r.child(peers_key).items()) rule.peers.push_back(read_peer(p));
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace

void read_network_policy_spec(const Field& spec, NetworkPolicy& policy) {
  spec.expect_only_keys({"podSelector", "policyTypes", "ingress", "egress"});
  // podSelector is a non-pointer field: absent decodes to the empty selector (all pods).
  policy.pod_selector = read_label_selector(spec.child("podSelector"));
  policy.ingress = read_rules(spec.child("ingress"), "from");
  policy.egress = read_rules(spec.child("egress"), "to");

  Field types = spec.child("policyTypes");
  std::vector<Field> listed = types.items();
  if (listed.size() > 2) types.fail("may not specify more than two policyTypes");
  if (listed.empty()) {
    // SetDefaults_NetworkPolicy: no policyTypes implies Ingress, plus Egress when the spec has
    // egress rules (len(spec.Egress) != 0).
    policy.ingress_type = true;
    policy.egress_type = !policy.egress.empty();
    return;
  }
  policy.ingress_type = policy.egress_type = false;
  for (const Field& t : listed) {
    std::string text = t.as_string();
    if (text == "Ingress") policy.ingress_type = true;
    else if (text == "Egress") policy.egress_type = true;
    else t.fail(fmt::format("Unsupported value: \"{}\": supported values: \"Ingress\", \"Egress\"", text));
  }
}

NetworkPolicy read_network_policy(const Field& root) {
  NetworkPolicy policy;
  Field metadata = root.child("metadata");
  // ValidateNetworkPolicyName = NameIsDNSSubdomain.
  policy.name = read_object_name(metadata, NameRule::DnsSubdomain);
  policy.namespace_name = read_object_namespace(metadata);
  policy.labels = read_labels(metadata.child("labels"));
  read_network_policy_spec(root.child("spec"), policy);
  return policy;
}

}  // namespace netpol

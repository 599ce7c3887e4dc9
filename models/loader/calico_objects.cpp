#include "models/loader/calico_objects.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "models/loader/calico_metadata.h"
#include "models/loader/calico_rules.h"

namespace netpol {
namespace {

void check_resource_name(const Field& root, const CalicoMetadata& meta) {
  // validator.go validateObjectMeta: DNS-1123 subdomain, at most 253 bytes.
  if (!calico_valid_resource_name(meta.name)) {
    root.child("metadata").child("name").fail(fmt::format(
        "invalid name \"{}\": must consist of lower case alphanumeric characters, '-' or '.' (validator.go "
        "validateObjectMeta)",
        meta.name));
  }
}

// validator.go validateNetworkSet / validateGlobalNetworkSet.
void forbid_namespace_label(const Field& root, const Labels& labels) {
  if (labels.count("projectcalico.org/namespace")) {
    root.child("metadata").child("labels").child("projectcalico.org/namespace")
        .fail("projectcalico.org/namespace is not a valid label name (validator.go validateNetworkSet)");
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A FelixConfiguration failsafe list as Felix ends up reading it: the v3 list is written out
// as "proto:port" / "proto:net:port" (updateprocessors/felixconfigprocessor.go
// protoPortSliceToString, protocol lowercased) and parsed by felix/config/param_types.go
// PortListParam, which knows only tcp and udp; a list it cannot parse stops Felix
// ("die-on-fail" in config_params.go), so it is rejected here.
std::vector<CalicoProtoPort> read_proto_ports(const Field& list) {
  std::vector<CalicoProtoPort> out;
  for (const Field& item : list.items()) {
    reject_unknown_calico_fields(item, {"protocol", "port", "net"});
    CalicoProtoPort pp;
    if (!item.child("protocol").present()) {
      item.fail("protocol is required: Felix rejects an entry without one (felixconfigprocessor.go "
                "protoPortSliceToString writes \":PORT\", param_types.go PortListParam fails on it)");
    }
    pp.protocol = lower(item.child("protocol").as_string());
    if (pp.protocol != "tcp" && pp.protocol != "udp") {
      item.child("protocol").fail(fmt::format("unknown protocol \"{}\": Felix failsafe ports take tcp or udp "
                                              "(felix/config/param_types.go PortListParam)",
                                              item.child("protocol").as_string()));
    }
    if (!item.child("port").present()) item.fail("port is required (CRD schema)");
    pp.port = static_cast<int>(read_calico_int(item.child("port"), 0, 65535));
    if (item.child("net").present()) {
      std::string text = item.child("net").as_string();
      if (!text.empty()) {
        auto cidr = calico_parse_cidr_or_ip(text);
        if (!cidr) item.child("net").fail(fmt::format("invalid CIDR or IP \"{}\" (PortListParam)", text));
        pp.net = Cidr{cidr->network(), cidr->prefix};  // Felix keeps netParsed.String(): masked
      }
    }
    out.push_back(std::move(pp));
  }
  return out;
}

}  // namespace

void load_calico_tier(const Field& root, CalicoForm form, CalicoResources& out) {
  CalicoMetadata meta = read_calico_metadata(root, "Tier", false);
  // validator.go validateTier: tierNameRegex (no dots) and the 63-byte label limit.
  if (meta.name.size() > 63) {
    root.child("metadata").child("name").fail(fmt::format("name is too long by {} bytes", meta.name.size() - 63));
  }
  if (!calico_valid_tier_name(meta.name)) {
    root.child("metadata").child("name").fail(fmt::format(
        "invalid tier name \"{}\": must consist of lower case alphanumeric characters or '-' (validator.go "
        "validateTier)",
        meta.name));
  }
  const Field spec = root.child("spec");
  reject_unknown_calico_fields(spec, {"order", "defaultAction"});
  CalicoTier tier;
  tier.name = meta.name;
  tier.source = meta.source;
  if (spec.child("order").present()) tier.order = read_calico_number(spec.child("order"));
  if (spec.child("defaultAction").present()) {
    const Field action = spec.child("defaultAction");
    std::string text = action.as_string();
    // tier.go: kubebuilder Enum=Pass;Deny, default Deny.
    if (text == "Pass") tier.default_action = CalicoAction::Pass;
    else if (text == "Deny") tier.default_action = CalicoAction::Deny;
    else action.fail(fmt::format("invalid defaultAction \"{}\": must be Deny or Pass", text));
  }
  // CEL rules on Tier (tier.go): the built-in tiers keep their order and default action.
  struct BuiltIn {
    const char* name;
    double order;
    CalicoAction action;
  };
  for (const BuiltIn& b : {BuiltIn{"default", 1'000'000, CalicoAction::Deny},
                           BuiltIn{"kube-admin", 1'000, CalicoAction::Pass},
                           BuiltIn{"kube-baseline", 10'000'000, CalicoAction::Pass}}) {
    if (tier.name != b.name) continue;
    if (tier.default_action != b.action) {
      spec.child("defaultAction").fail(fmt::format("The '{}' tier must have default action '{}'", b.name,
                                                   b.action == CalicoAction::Pass ? "Pass" : "Deny"));
    }
    if (!tier.order || *tier.order != b.order) {
      spec.child("order").fail(fmt::format("{} tier order must be {:.0f}", b.name, b.order));
    }
  }
  (void)form;  // both forms are checked alike (the CEL rules exist on the CRD from v3.32)
  out.tiers.push_back(std::move(tier));
}

void load_calico_network_set(const Field& root, bool global, CalicoResources& out) {
  CalicoMetadata meta = read_calico_metadata(root, global ? "GlobalNetworkSet" : "NetworkSet", !global);
  check_resource_name(root, meta);
  forbid_namespace_label(root, meta.labels);
  const Field spec = root.child("spec");
  reject_unknown_calico_fields(spec, {"nets"});
  CalicoNetworkSet set;
  set.namespace_name = meta.namespace_name;
  set.name = meta.name;
  set.labels = std::move(meta.labels);
  set.source = meta.source;
  for (const Field& item : spec.child("nets").items()) {
    // networkset.go `cidr` tag (validator.go validateCIDR): CIDR or IP, host bits allowed.
    std::string text = item.as_string();
    auto cidr = calico_parse_cidr_or_ip(text);
    if (!cidr) item.fail(fmt::format("invalid CIDR \"{}\" (validator.go validateCIDR)", text));
    set.nets.push_back(*cidr);
  }
  out.network_sets.push_back(std::move(set));
}

void load_calico_host_endpoint(const Field& root, CalicoForm form, CalicoResources& out) {
  CalicoMetadata meta = read_calico_metadata(root, "HostEndpoint", false);
  check_resource_name(root, meta);
  const Field spec = root.child("spec");
  reject_unknown_calico_fields(spec, {"node", "interfaceName", "expectedIPs", "profiles", "ports"});
  CalicoHostEndpoint hep;
  hep.name = meta.name;
  hep.labels = std::move(meta.labels);
  hep.source = meta.source;
  if (spec.child("node").present()) hep.node = spec.child("node").as_string();
  // CEL on HostEndpointSpec (validator.go validateHostEndpointSpec up to v3.32.0).
  if (hep.node.empty()) spec.fail("node must be specified");
  if (!calico_valid_resource_name(hep.node)) {
    spec.child("node").fail(fmt::format("invalid node name \"{}\" (validator.go validateName)", hep.node));
  }
  if (spec.child("interfaceName").present()) {
    hep.interface_name = spec.child("interfaceName").as_string();
    // validator.go validateInterface: "*" or ^[a-zA-Z0-9_.-]{1,15}$.
    const std::string& i = hep.interface_name;
    bool ok = i == "*" || (i.size() <= 15 && std::all_of(i.begin(), i.end(), [](char c) {
                             return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
                           }));
    if (!ok) spec.child("interfaceName").fail(fmt::format("invalid interface name \"{}\" (validator.go validateInterface)", i));
  }
  for (const Field& item : spec.child("expectedIPs").items()) {
    std::string text = item.as_string();
    auto ip = IpAddress::parse(text);
    if (!ip) item.fail(fmt::format("invalid IP address \"{}\" (hostendpoint.go `ip` tag)", text));
    if (std::find(hep.expected_ips.begin(), hep.expected_ips.end(), *ip) == hep.expected_ips.end()) {
      hep.expected_ips.push_back(*ip);  // +listType=set
    }
  }
  if (hep.interface_name.empty() && hep.expected_ips.empty()) {
    spec.fail("at least one of interfaceName or expectedIPs must be specified");
  }
  for (const Field& item : spec.child("profiles").items()) {
    std::string name = item.as_string();
    if (!calico_valid_resource_name(name)) item.fail(fmt::format("invalid profile name \"{}\" (validator.go validateName)", name));
    hep.profiles.push_back(std::move(name));
  }
  for (const Field& item : spec.child("ports").items()) {
    reject_unknown_calico_fields(item, {"name", "protocol", "port"});
    CalicoEndpointPort port;
    port.name = item.child("name").present() ? item.child("name").as_string() : "";
    if (!calico_valid_k8s_port_name(port.name)) {
      item.child("name").fail(fmt::format("invalid port name \"{}\" (validator.go validatePortName, k8s "
                                          "IsValidPortName)",
                                          port.name));
    }
    if (!item.child("protocol").present()) item.fail("EndpointPort protocol does not support ports (none given)");
    CalicoProtocol protocol = read_calico_protocol(item.child("protocol"), form);
    // validator.go validateEndpointPort: the protocol must support ports.
    if (protocol.number == 6) port.protocol = Protocol::TCP;
    else if (protocol.number == 17) port.protocol = Protocol::UDP;
    else if (protocol.number == 132) port.protocol = Protocol::SCTP;
    else item.child("protocol").fail("EndpointPort protocol does not support ports (validator.go validateEndpointPort)");
    if (!item.child("port").present()) item.fail("port is required");
    port.port = static_cast<int>(read_calico_int(item.child("port"), 1, 65535));
    hep.ports.push_back(std::move(port));
  }
  out.host_endpoints.push_back(std::move(hep));
}

void load_calico_profile(const Field& root, CalicoForm form, CalicoResources& out) {
  CalicoMetadata meta = read_calico_metadata(root, "Profile", false);
  check_resource_name(root, meta);
  const Field spec = root.child("spec");
  reject_unknown_calico_fields(spec, {"ingress", "egress", "labelsToApply"});
  CalicoProfile profile;
  profile.name = meta.name;
  profile.source = meta.source;
  profile.labels_to_apply = read_calico_labels(spec.child("labelsToApply"));
  profile.ingress = read_calico_rules(spec.child("ingress"), {form, CalicoRuleOwner::Profile, true});
  profile.egress = read_calico_rules(spec.child("egress"), {form, CalicoRuleOwner::Profile, false});
  out.profiles.push_back(std::move(profile));
}

void load_calico_felix_configuration(const Field& root, CalicoForm form, CalicoResources& out) {
  CalicoMetadata meta = read_calico_metadata(root, "FelixConfiguration", false);
  check_resource_name(root, meta);
  const Field spec = root.child("spec");
  if (spec.present() && !spec.is_map()) spec.fail("spec must be a mapping");
  const bool per_node = meta.name.rfind("node.", 0) == 0;
  if (meta.name != "default" && !per_node) {
    root.warn(fmt::format("FelixConfiguration {} is selector-scoped (neither \"default\" nor \"node.<name>\"): "
                          "not modelled, skipped",
                          meta.name));
    return;
  }
  // CEL on FelixConfiguration (v3.32): nodeSelector only on selector-scoped resources.
  if (spec.child("nodeSelector").present()) {
    spec.child("nodeSelector").fail("nodeSelector must not be set on the 'default' or per-node ('node.*') "
                                    "FelixConfiguration");
  }
  CalicoFelixConfiguration felix;
  felix.source = meta.source;
  felix.node_name = per_node ? meta.name.substr(5) : "";
  if (per_node && felix.node_name.empty()) root.child("metadata").child("name").fail("node name missing after \"node.\"");

  const Field action = spec.child("defaultEndpointToHostAction");
  if (action.present()) {
    std::string text = action.as_string();
    // v3 form: validator.go dropAcceptReturnRegex (exact case, v3.32); CRD form: the schema
    // pattern ^(?i)(Drop|Accept|Return)?$, and Felix (OneofListParam) ignores case. Empty = unset.
    if (!text.empty()) {
      std::string canonical;
      for (const char* option : {"Drop", "Accept", "Return"}) {
        if (text == option || (form == CalicoForm::Crd && lower(text) == lower(option))) canonical = option;
      }
      if (canonical.empty()) {
        action.fail(fmt::format("invalid defaultEndpointToHostAction \"{}\": must be Drop, Accept or Return", text));
      }
      felix.default_endpoint_to_host_action = canonical;
    }
  }
  if (spec.child("failsafeInboundHostPorts").present()) {
    felix.failsafe_inbound_host_ports = read_proto_ports(spec.child("failsafeInboundHostPorts"));
  }
  if (spec.child("failsafeOutboundHostPorts").present()) {
    felix.failsafe_outbound_host_ports = read_proto_ports(spec.child("failsafeOutboundHostPorts"));
  }
  if (per_node) {
    out.felix_nodes.push_back(std::move(felix));
  } else {
    if (out.felix) {
      root.fail(fmt::format("duplicate FelixConfiguration default (first at {})", out.felix->source.location.to_string()));
    }
    out.felix = std::move(felix);
  }
}

}  // namespace netpol

#include "models/loader/namespace_node_reader.h"

#include <fmt/format.h>

#include "models/loader/k8s_metadata.h"

namespace netpol {

void set_namespace_default_label(Namespace& ns) { ns.labels["kubernetes.io/metadata.name"] = ns.name; }

Namespace read_namespace(const Field& root) {
  Namespace ns;
  Field metadata = root.child("metadata");
  ns.name = read_object_name(metadata, NameRule::DnsLabel);
  ns.labels = read_labels(metadata.child("labels"));
  auto given = ns.labels.find("kubernetes.io/metadata.name");
  if (given != ns.labels.end() && given->second != ns.name)
    metadata.child("labels").child("kubernetes.io/metadata.name")
        .warn(fmt::format("label kubernetes.io/metadata.name is set by the API server to the namespace name \"{}\"; "
                          "the value \"{}\" is replaced",
                          ns.name, given->second));
  set_namespace_default_label(ns);
  return ns;
}

Node read_node(const Field& root) {
  Node node;
  Field metadata = root.child("metadata");
  node.name = read_object_name(metadata, NameRule::DnsSubdomain);
  node.labels = read_labels(metadata.child("labels"));
  if (Field cidr = root.child("spec").child("podCIDR"); cidr.present()) {
    std::string text = cidr.as_string();
    auto parsed = Cidr::parse(text);
    if (!parsed) cidr.fail(fmt::format("\"{}\": must be a valid CIDR value", text));
    node.pod_cidr = *parsed;
  }
  std::vector<IpAddress> internal, external;
  for (const Field& a : root.child("status").child("addresses").items()) {
    Field type = a.child("type");
    Field address = a.child("address");
    if (!type.present()) type.fail("type is required");
    std::string t = type.as_string();
    if (t != "InternalIP" && t != "ExternalIP") continue;
    if (!address.present()) address.fail("address is required");
    std::string text = address.as_string();
    auto ip = IpAddress::parse(text);
    if (!ip) address.fail(fmt::format("\"{}\": must be a valid IP address", text));
    (t == "InternalIP" ? internal : external).push_back(*ip);
  }
  node.addresses = std::move(internal);
  node.addresses.insert(node.addresses.end(), external.begin(), external.end());
  return node;
}

}  // namespace netpol

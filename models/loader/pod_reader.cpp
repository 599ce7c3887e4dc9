#include "models/loader/pod_reader.h"

#include <fmt/format.h>

#include "models/loader/k8s_metadata.h"
#include "models/loader/k8s_validation.h"

namespace netpol {
namespace {

// Container ports: kubernetes pkg/apis/core/validation/validation.go validateContainerPorts
// (containerPort IsValidPortNum, name IsValidPortName, protocol TCP/UDP/SCTP) with
// pkg/apis/core/v1/defaults.go SetDefaults_ContainerPort (protocol TCP).
void read_container_ports(const Field& containers, bool init, std::vector<ContainerPort>& out) {
  for (const Field& c : containers.items()) {
    for (const Field& p : c.child("ports").items()) {
      ContainerPort port;
      port.init_container = init;
      Field number = p.child("containerPort");
      if (!number.present()) number.fail("containerPort is required");
      long long v = number.as_int();
      if (std::string e = port_number_error(v); !e.empty()) number.fail(fmt::format("{}: {}", v, e));
      port.port = static_cast<int>(v);
      if (Field name = p.child("name"); name.present()) {
        port.name = name.as_string();
        if (std::string e = port_name_error(port.name); !e.empty())
          name.fail(fmt::format("\"{}\": {}", port.name, e));
      }
      if (Field proto = p.child("protocol"); proto.present()) {
        std::string text = proto.as_string();
        auto parsed = parse_protocol(text);
        if (!parsed) proto.fail(fmt::format("Unsupported value: \"{}\": supported values: \"TCP\", \"UDP\", \"SCTP\"", text));
        port.protocol = *parsed;
      }
      out.push_back(std::move(port));
    }
  }
}

// The parts of a PodSpec that matter for network policy.
void read_pod_spec(const Field& spec, Pod& pod) {
  if (Field node = spec.child("nodeName"); node.present()) {
    pod.node_name = node.as_string();
    if (std::string e = dns1123_subdomain_error(pod.node_name); !pod.node_name.empty() && !e.empty())
      node.fail(fmt::format("invalid node name \"{}\": {}", pod.node_name, e));
  }
  if (Field host = spec.child("hostNetwork"); host.present()) pod.host_network = host.as_bool();
  Field account = spec.child("serviceAccountName");
  if (!account.present()) account = spec.child("serviceAccount");  // deprecated alias
  if (account.present()) {
    std::string sa = account.as_string();
    if (!sa.empty()) {
      if (std::string e = dns1123_subdomain_error(sa); !e.empty())
        account.fail(fmt::format("invalid service account name \"{}\": {}", sa, e));
      pod.service_account = sa;
    }
  }
  read_container_ports(spec.child("initContainers"), true, pod.ports);
  read_container_ports(spec.child("containers"), false, pod.ports);
}

IpAddress read_ip(const Field& f) {
  std::string text = f.as_string();
  auto ip = IpAddress::parse(text);
  if (!ip) f.fail(fmt::format("\"{}\": must be a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff)", text));
  return *ip;
}

void read_pod_status(const Field& status, Pod& pod) {
  if (Field phase = status.child("phase"); phase.present()) {
    std::string text = phase.as_string();
    if (text == "Pending") pod.phase = PodPhase::Pending;
    else if (text == "Running") pod.phase = PodPhase::Running;
    else if (text == "Succeeded") pod.phase = PodPhase::Succeeded;
    else if (text == "Failed") pod.phase = PodPhase::Failed;
    else if (text == "Unknown") pod.phase = PodPhase::Unknown;
    else phase.fail(fmt::format("Unsupported value: \"{}\": supported values: Pending, Running, Succeeded, Failed, Unknown", text));
  }
  // status.podIPs[0] must equal status.podIP when both are given (core/validation
  // ValidatePodStatusUpdate checks podIPs; the API keeps podIP == podIPs[0]). At most one
  // address per family.
  Field single = status.child("podIP");
  for (const Field& entry : status.child("podIPs").items()) {
    Field ip = entry.child("ip");
    if (!ip.present()) ip.fail("ip is required");
    IpAddress addr = read_ip(ip);
    for (const IpAddress& seen : pod.ips)
      if (seen.family == addr.family) ip.fail("podIPs may hold at most one address of each family");
    pod.ips.push_back(addr);
  }
  if (single.present() && !(single.is_string_scalar() && single.as_string().empty())) {
    IpAddress addr = read_ip(single);
    if (pod.ips.empty()) pod.ips.push_back(addr);
    else if (pod.ips.front() != addr) single.fail(fmt::format("podIP {} must equal podIPs[0] ({})", addr.to_string(), pod.ips.front().to_string()));
  }
}

}  // namespace

Pod read_pod(const Field& root) {
  Pod pod;
  Field metadata = root.child("metadata");
  pod.name = read_object_name(metadata, NameRule::DnsSubdomain);  // ValidatePodName
  pod.namespace_name = read_object_namespace(metadata);
  pod.labels = read_labels(metadata.child("labels"));
  read_pod_spec(root.child("spec"), pod);
  read_pod_status(root.child("status"), pod);
  return pod;
}

Pod read_workload(const Field& root, std::string_view kind) {
  Pod pod;
  Field metadata = root.child("metadata");
  pod.name = read_object_name(metadata, NameRule::DnsSubdomain);
  pod.namespace_name = read_object_namespace(metadata);
  pod.owner_kind = std::string(kind);
  Field spec = root.child("spec");
  Field tmpl = kind == "CronJob" ? spec.child("jobTemplate").child("spec").child("template") : spec.child("template");
  if (!tmpl.present()) tmpl.fail(fmt::format("{} has no pod template", kind));
  pod.labels = read_labels(tmpl.child("metadata").child("labels"));
  read_pod_spec(tmpl.child("spec"), pod);
  return pod;
}

}  // namespace netpol

#include "models/loader/manifest_writer.h"

#include <stdexcept>

#include "models/loader/yaml_reader.h"

namespace netpol {
namespace {

void emit_labels(YAML::Emitter& out, const Labels& labels) {
  out << YAML::BeginMap;
  for (const auto& [k, v] : labels) {
    out << YAML::Key;
    emit_string(out, k);
    out << YAML::Value;
    emit_string(out, v);
  }
  out << YAML::EndMap;
}

void emit_metadata(YAML::Emitter& out, const std::string& name, const std::string* ns, const Labels& labels) {
  out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value;
  emit_string(out, name);
  if (ns) {
    out << YAML::Key << "namespace" << YAML::Value;
    emit_string(out, *ns);
  }
  if (!labels.empty()) {
    out << YAML::Key << "labels" << YAML::Value;
    emit_labels(out, labels);
  }
  out << YAML::EndMap;
}

void begin_object(YAML::Emitter& out, const char* api_version, const char* kind) {
  out << YAML::BeginDoc << YAML::BeginMap;
  out << YAML::Key << "apiVersion" << YAML::Value << api_version;
  out << YAML::Key << "kind" << YAML::Value << kind;
}

const char* phase_name(PodPhase phase) {
  switch (phase) {
    case PodPhase::Pending: return "Pending";
    case PodPhase::Running: return "Running";
    case PodPhase::Succeeded: return "Succeeded";
    case PodPhase::Failed: return "Failed";
    case PodPhase::Unknown: return "Unknown";
  }
  return "Running";
}

void emit_container(YAML::Emitter& out, const char* name, const std::vector<ContainerPort>& ports, bool init) {
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << name;
  out << YAML::Key << "image" << YAML::Value << "registry.k8s.io/pause:3.9";
  out << YAML::Key << "ports" << YAML::Value << YAML::BeginSeq;
  for (const ContainerPort& p : ports) {
    if (p.init_container != init) continue;
    out << YAML::BeginMap;
    if (!p.name.empty()) {
      out << YAML::Key << "name" << YAML::Value;
      emit_string(out, p.name);
    }
    out << YAML::Key << "containerPort" << YAML::Value << p.port;
    out << YAML::Key << "protocol" << YAML::Value << std::string(to_string(p.protocol));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
}

void emit_pod(YAML::Emitter& out, const Pod& pod) {
  begin_object(out, "v1", "Pod");
  emit_metadata(out, pod.name, &pod.namespace_name, pod.labels);
  out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
  if (!pod.node_name.empty()) {
    out << YAML::Key << "nodeName" << YAML::Value;
    emit_string(out, pod.node_name);
  }
  if (pod.host_network) out << YAML::Key << "hostNetwork" << YAML::Value << true;
  out << YAML::Key << "serviceAccountName" << YAML::Value;
  emit_string(out, pod.service_account);
  bool has_init = false;
  for (const ContainerPort& p : pod.ports) has_init |= p.init_container;
  if (has_init) {
    out << YAML::Key << "initContainers" << YAML::Value << YAML::BeginSeq;
    emit_container(out, "init", pod.ports, true);
    out << YAML::EndSeq;
  }
  out << YAML::Key << "containers" << YAML::Value << YAML::BeginSeq;
  emit_container(out, "main", pod.ports, false);
  out << YAML::EndSeq << YAML::EndMap;

  // One address per family, as the API allows (a hostNetwork pod's node may have more).
  std::vector<IpAddress> ips;
  for (const IpAddress& ip : pod.ips) {
    bool family_seen = false;
    for (const IpAddress& kept : ips) family_seen |= kept.family == ip.family;
    if (!family_seen) ips.push_back(ip);
  }
  out << YAML::Key << "status" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "phase" << YAML::Value << phase_name(pod.phase);
  if (!ips.empty()) {
    out << YAML::Key << "podIP" << YAML::Value << ips.front().to_string();
    out << YAML::Key << "podIPs" << YAML::Value << YAML::BeginSeq;
    for (const IpAddress& ip : ips) out << YAML::BeginMap << YAML::Key << "ip" << YAML::Value << ip.to_string() << YAML::EndMap;
    out << YAML::EndSeq;
  }
  out << YAML::EndMap << YAML::EndMap;
}

void emit_selector(YAML::Emitter& out, const LabelSelector& s) {
  out << YAML::BeginMap;
  if (!s.match_labels.empty()) {
    out << YAML::Key << "matchLabels" << YAML::Value;
    emit_labels(out, s.match_labels);
  }
  if (!s.match_expressions.empty()) {
    out << YAML::Key << "matchExpressions" << YAML::Value << YAML::BeginSeq;
    for (const LabelRequirement& r : s.match_expressions) {
      static const char* ops[] = {"In", "NotIn", "Exists", "DoesNotExist"};
      out << YAML::BeginMap << YAML::Key << "key" << YAML::Value;
      emit_string(out, r.key);
      out << YAML::Key << "operator" << YAML::Value << ops[static_cast<int>(r.op)];
      if (!r.values.empty()) {
        out << YAML::Key << "values" << YAML::Value << YAML::BeginSeq;
        for (const std::string& v : r.values) emit_string(out, v);
        out << YAML::EndSeq;
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

void emit_rules(YAML::Emitter& out, const char* key, const char* peers_key, const std::vector<NetworkPolicyRule>& rules) {
  if (rules.empty()) return;
  out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (const NetworkPolicyRule& rule : rules) {
    out << YAML::BeginMap;
    if (!rule.peers.empty()) {
      out << YAML::Key << peers_key << YAML::Value << YAML::BeginSeq;
      for (const NetworkPolicyPeer& peer : rule.peers) {
        out << YAML::BeginMap;
        if (peer.pod_selector) {
          out << YAML::Key << "podSelector" << YAML::Value;
          emit_selector(out, *peer.pod_selector);
        }
        if (peer.namespace_selector) {
          out << YAML::Key << "namespaceSelector" << YAML::Value;
          emit_selector(out, *peer.namespace_selector);
        }
        if (peer.ip_block) {
          out << YAML::Key << "ipBlock" << YAML::Value << YAML::BeginMap;
          out << YAML::Key << "cidr" << YAML::Value << peer.ip_block->cidr.to_string();
          if (!peer.ip_block->except.empty()) {
            out << YAML::Key << "except" << YAML::Value << YAML::BeginSeq;
            for (const Cidr& e : peer.ip_block->except) out << e.to_string();
            out << YAML::EndSeq;
          }
          out << YAML::EndMap;
        }
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
    }
    if (!rule.ports.empty()) {
      out << YAML::Key << "ports" << YAML::Value << YAML::BeginSeq;
      for (const NetworkPolicyPort& p : rule.ports) {
        out << YAML::BeginMap;
        out << YAML::Key << "protocol" << YAML::Value << std::string(to_string(p.protocol));
        if (p.port) out << YAML::Key << "port" << YAML::Value << *p.port;
        if (p.name) {
          out << YAML::Key << "port" << YAML::Value;
          emit_string(out, *p.name);
        }
        if (p.end_port) out << YAML::Key << "endPort" << YAML::Value << *p.end_port;
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emit_policy(YAML::Emitter& out, const NetworkPolicy& p) {
  begin_object(out, "networking.k8s.io/v1", "NetworkPolicy");
  emit_metadata(out, p.name, &p.namespace_name, p.labels);
  out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "podSelector" << YAML::Value;
  emit_selector(out, p.pod_selector);
  out << YAML::Key << "policyTypes" << YAML::Value << YAML::BeginSeq;
  if (p.ingress_type) out << "Ingress";
  if (p.egress_type) out << "Egress";
  out << YAML::EndSeq;
  emit_rules(out, "ingress", "from", p.ingress);
  emit_rules(out, "egress", "to", p.egress);
  out << YAML::EndMap << YAML::EndMap;
}

}  // namespace

void emit_string(YAML::Emitter& out, const std::string& value) {
  if (value.empty() || resolve_plain_scalar(value) != ScalarType::String) out << YAML::DoubleQuoted;
  out << value;
}

void emit_kubernetes_manifests(const Cluster& cluster, YAML::Emitter& out) {
  for (const Namespace& ns : cluster.namespaces) {
    begin_object(out, "v1", "Namespace");
    emit_metadata(out, ns.name, nullptr, ns.labels);
    out << YAML::EndMap;
  }
  for (const Node& node : cluster.nodes) {
    begin_object(out, "v1", "Node");
    emit_metadata(out, node.name, nullptr, node.labels);
    if (node.pod_cidr)
      out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap << YAML::Key << "podCIDR" << YAML::Value
          << node.pod_cidr->to_string() << YAML::EndMap;
    if (!node.addresses.empty()) {
      out << YAML::Key << "status" << YAML::Value << YAML::BeginMap << YAML::Key << "addresses" << YAML::Value
          << YAML::BeginSeq;
      for (const IpAddress& a : node.addresses)
        out << YAML::BeginMap << YAML::Key << "type" << YAML::Value << "InternalIP" << YAML::Key << "address"
            << YAML::Value << a.to_string() << YAML::EndMap;
      out << YAML::EndSeq << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  for (const Pod& pod : cluster.pods) emit_pod(out, pod);
  for (const NetworkPolicy& p : cluster.policies) emit_policy(out, p);
}

std::string write_manifests(const Cluster& cluster, const std::vector<ManifestSection>& extra_sections) {
  YAML::Emitter out;
  out.SetIndent(2);
  emit_kubernetes_manifests(cluster, out);
  for (const ManifestSection& section : extra_sections) section(cluster, out);
  if (!out.good()) throw std::runtime_error("manifest writer: " + out.GetLastError());
  std::string text = out.c_str();
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

}  // namespace netpol

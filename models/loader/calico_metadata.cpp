#include "models/loader/calico_metadata.h"

#include <fmt/format.h>

namespace netpol {
namespace {

// apimachinery IsDNS1123Label: what a namespace name must be.
bool dns1123_label(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s)
    if (!alnum(c) && c != '-') return false;
  return true;
}

}  // namespace

CalicoMetadata read_calico_metadata(const Field& root, std::string_view kind, bool namespaced) {
  const Field metadata = root.child("metadata");
  if (!metadata.present()) root.fail(fmt::format("{} has no metadata", kind));
  if (!metadata.is_map()) metadata.fail("metadata must be a mapping");
  CalicoMetadata meta;
  const Field name = metadata.child("name");
  if (!name.present()) metadata.fail(fmt::format("{} has no metadata.name", kind));
  meta.name = name.as_string();
  if (meta.name.empty()) name.fail("metadata.name must not be empty");

  const Field ns = metadata.child("namespace");
  if (namespaced) {
    meta.namespace_name = ns.present() ? ns.as_string() : "default";
    if (!dns1123_label(meta.namespace_name)) {
      ns.fail(fmt::format("invalid namespace \"{}\": must be a DNS-1123 label", meta.namespace_name));
    }
  } else if (ns.present()) {
    ns.warn(fmt::format("{} is cluster-scoped: metadata.namespace is ignored", kind));
  }
  meta.labels = read_calico_labels(metadata.child("labels"));

  meta.source.kind = std::string(kind);
  meta.source.name = namespaced ? meta.namespace_name + "/" + meta.name : meta.name;
  meta.source.location = root.location();
  return meta;
}

std::string describe(const CalicoMetadata& meta) { return meta.source.kind + " " + meta.source.name; }

}  // namespace netpol

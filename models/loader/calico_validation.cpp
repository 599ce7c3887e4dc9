#include "models/loader/calico_validation.h"

#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "models/loader/calico_selector_check.h"

namespace netpol {
namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool alnum(char c) { return lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

// validator.go nameLabelFmt: [a-z0-9]([-a-z0-9]*[a-z0-9])? (no per-label length limit there).
bool name_label(std::string_view s) {
  if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  for (char c : s)
    if (!lower_alnum(c) && c != '-') return false;
  return true;
}

// validator.go nameSubdomainFmt: labels joined by single dots.
bool name_subdomain(std::string_view s) {
  for (;;) {
    std::size_t dot = s.find('.');
    if (!name_label(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

// label or label.label (networkPolicyNameRegex / globalNetworkPolicyNameRegex).
bool one_or_two_labels(std::string_view s) {
  std::size_t dot = s.find('.');
  if (dot == std::string_view::npos) return name_label(s);
  return name_label(s.substr(0, dot)) && name_label(s.substr(dot + 1));
}

// apimachinery validation qualifiedNameFmt: ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], <= 63.
bool qualified_name_part(std::string_view s) {
  if (s.empty() || s.size() > 63 || !alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s)
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

// apimachinery IsDNS1123Subdomain (label lengths bounded by the 253 total).
bool dns1123_subdomain(std::string_view s) { return !s.empty() && s.size() <= 253 && name_subdomain(s); }

// apimachinery IsQualifiedName: [prefix/]name.
bool qualified_name(std::string_view s) {
  std::size_t slash = s.find('/');
  if (slash == std::string_view::npos) return qualified_name_part(s);
  if (s.find('/', slash + 1) != std::string_view::npos) return false;
  return dns1123_subdomain(s.substr(0, slash)) && qualified_name_part(s.substr(slash + 1));
}

// apimachinery IsValidLabelValue: empty, or a qualified name part.
bool label_value(std::string_view s) { return s.empty() || qualified_name_part(s); }

}  // namespace

bool calico_valid_resource_name(std::string_view name) {
  return name.size() <= 253 && name_subdomain(name);
}

bool calico_valid_tier_name(std::string_view name) { return name.size() <= 63 && name_label(name); }

bool calico_valid_network_policy_name(std::string_view name) {
  if (name.size() > 253) return false;
  if (one_or_two_labels(name)) return true;
  for (std::string_view prefix : {"knp.default.", "ossg.default."}) {
    if (name.substr(0, prefix.size()) == prefix) return name_subdomain(name.substr(prefix.size()));
  }
  return false;
}

bool calico_valid_global_network_policy_name(std::string_view name) {
  return name.size() <= 253 && one_or_two_labels(name);
}

bool calico_valid_k8s_port_name(std::string_view name) {
  // apimachinery IsValidPortName.
  if (name.empty() || name.size() > 15) return false;
  bool letter = false;
  for (char c : name) {
    if (!lower_alnum(c) && c != '-') return false;
    letter = letter || (c >= 'a' && c <= 'z');
  }
  return letter && name.front() != '-' && name.back() != '-' &&
         name.find("--") == std::string_view::npos;
}

std::string read_calico_selector(const Field& field, bool forbid_global) {
  if (!field.present()) return "";
  std::string text = field.as_string();
  if (text.size() > 1024) {
    field.fail(fmt::format("selector is {} characters long; at most 1024 are allowed (kubebuilder "
                           "MaxLength on the v3 API types)",
                           text.size()));
  }
  if (auto error = calico_selector_error(text)) {
    field.fail(fmt::format("invalid selector \"{}\": {} (validator.go validateSelector)", text, *error));
  }
  if (forbid_global && text.find("global(") != std::string::npos) {
    field.fail("global() can only be used in an EntityRule namespaceSelector (CEL rule on the v3 "
               "API types)");
  }
  return text;
}

Labels read_calico_labels(const Field& field) {
  Labels labels;
  for (const auto& [key, value] : field.entries()) {
    if (!qualified_name(key)) {
      value.fail(fmt::format("invalid label key \"{}\": must be a qualified name (validator.go "
                             "validateObjectMetaLabels, k8s IsQualifiedName)",
                             key));
    }
    if (!value.is_string_scalar()) {
      value.fail(fmt::format("label \"{}\" must be a string (quote values like 1, true or null)", key));
    }
    std::string text = value.as_string();
    if (!label_value(text)) {
      value.fail(fmt::format("invalid label value \"{}\" (validator.go validateObjectMetaLabels, k8s "
                             "IsValidLabelValue)",
                             text));
    }
    labels[key] = std::move(text);
  }
  return labels;
}

std::optional<Cidr> calico_parse_cidr(std::string_view text) {
  if (text.find('/') == std::string_view::npos) return std::nullopt;
  return Cidr::parse(text);
}

std::optional<Cidr> calico_parse_cidr_or_ip(std::string_view text) {
  if (auto cidr = calico_parse_cidr(text)) return cidr;
  if (text.find('/') != std::string_view::npos) return std::nullopt;
  if (auto ip = IpAddress::parse(text)) return Cidr::host(*ip);
  return std::nullopt;
}

double read_calico_number(const Field& field) {
  if (!field.is_scalar() || field.is_string_scalar()) field.fail("must be a number");
  if (field.is_int()) return static_cast<double>(field.as_int());
  std::string text = field.node().Scalar();
  std::string_view view = text;
  if (!view.empty() && view.front() == '+') view.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (ec != std::errc() || end != view.data() + view.size() || !std::isfinite(value)) {
    field.fail(fmt::format("\"{}\" is not a finite number", text));
  }
  return value;
}

long long read_calico_int(const Field& field, long long min, long long max) {
  long long value = field.as_int();
  if (value < min || value > max) {
    field.fail(fmt::format("{} is out of range {}..{}", value, min, max));
  }
  return value;
}

void reject_unknown_calico_fields(const Field& mapping,
                                  std::initializer_list<std::string_view> known) {
  if (!mapping.present()) return;
  if (!mapping.is_map()) mapping.fail("must be a mapping");
  std::set<std::string_view> allowed(known.begin(), known.end());
  for (const auto& [key, value] : mapping.entries()) {
    if (!allowed.count(key)) {
      value.fail(fmt::format("unknown field \"{}\" (calicoctl decodes strictly, resourcemgr.go "
                             "yaml.UnmarshalStrict; kubectl's strict field validation agrees)",
                             key));
    }
  }
}

}  // namespace netpol

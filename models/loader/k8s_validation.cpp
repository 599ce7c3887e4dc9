#include "models/loader/k8s_validation.h"

#include <fmt/format.h>

namespace netpol {
namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool alnum(char c) { return lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

// `[a-z0-9]([-a-z0-9]*[a-z0-9])?` (dns1123LabelFmt) without the length bound.
bool dns_label_shape(std::string_view s) {
  if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  for (char c : s)
    if (!lower_alnum(c) && c != '-') return false;
  return true;
}

// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]` (qualifiedNameFmt / labelValueFmt).
bool qualified_shape(std::string_view s) {
  if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s)
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

}  // namespace

std::string dns1123_label_error(std::string_view v) {
  if (v.size() > 63) return "must be no more than 63 characters";
  if (!dns_label_shape(v))
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
           "start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')";
  return "";
}

std::string dns1123_subdomain_error(std::string_view v) {
  if (v.size() > 253) return "must be no more than 253 characters";
  bool ok = !v.empty();
  std::size_t start = 0;
  while (ok) {
    std::size_t dot = v.find('.', start);
    std::string_view label = v.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    ok = dns_label_shape(label);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (!ok)
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
           "must start and end with an alphanumeric character (e.g. 'example.com')";
  return "";
}

std::string qualified_name_error(std::string_view v) {
  std::string_view name = v;
  std::size_t slash = v.find('/');
  if (slash != std::string_view::npos) {
    if (v.find('/', slash + 1) != std::string_view::npos)
      return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS "
             "subdomain prefix and '/' (e.g. 'example.com/MyName')";
    std::string_view prefix = v.substr(0, slash);
    name = v.substr(slash + 1);
    if (prefix.empty()) return "prefix part must be non-empty";
    if (std::string e = dns1123_subdomain_error(prefix); !e.empty()) return "prefix part " + e;
  }
  if (name.empty()) return "name part must be non-empty";
  if (name.size() > 63) return "name part must be no more than 63 characters";
  if (!qualified_shape(name))
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
           "alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')";
  return "";
}

std::string label_value_error(std::string_view v) {
  if (v.empty()) return "";
  if (v.size() > 63) return "must be no more than 63 characters";
  if (!qualified_shape(v))
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
           "must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345')";
  return "";
}

std::string port_number_error(long long port) {
  if (port < 1 || port > 65535) return "must be between 1 and 65535, inclusive";
  return "";
}

std::string port_name_error(std::string_view p) {
  if (p.size() > 15) return "must be no more than 15 characters";
  bool letter = false;
  for (char c : p) {
    if (!lower_alnum(c) && c != '-') return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
    letter |= (c >= 'a' && c <= 'z');
  }
  if (p.empty()) return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
  if (!letter) return "must contain at least one letter (a-z)";
  if (p.find("--") != std::string_view::npos) return "must not contain consecutive hyphens";
  if (p.front() == '-' || p.back() == '-') return "must not begin or end with a hyphen";
  return "";
}

}  // namespace netpol

#include "models/loader/k8s_metadata.h"

#include <fmt/format.h>

#include "models/loader/k8s_validation.h"

namespace netpol {

std::string read_object_name(const Field& metadata, NameRule rule) {
  Field name = metadata.child("name");
  if (!name.present()) {
    if (metadata.child("generateName").present())
      name.fail("metadata.generateName is not supported: give the object a metadata.name");
    name.fail("metadata.name is required");
  }
  std::string value = name.as_string();
  std::string error = rule == NameRule::DnsLabel ? dns1123_label_error(value) : dns1123_subdomain_error(value);
  if (!error.empty()) name.fail(fmt::format("invalid name \"{}\": {}", value, error));
  return value;
}

std::string read_object_namespace(const Field& metadata) {
  Field ns = metadata.child("namespace");
  if (!ns.present()) return "default";
  std::string value = ns.as_string();
  if (value.empty()) return "default";
  if (std::string error = dns1123_label_error(value); !error.empty())
    ns.fail(fmt::format("invalid namespace \"{}\": {}", value, error));
  return value;
}

Labels read_labels(const Field& labels) {
  Labels out;
  for (const auto& [key, value] : labels.entries()) {
    if (std::string error = qualified_name_error(key); !error.empty())
      value.fail(fmt::format("invalid label key \"{}\": {}", key, error));
    std::string text;
    if (value.present()) {
      if (!value.is_string_scalar())
        value.fail(fmt::format("label \"{}\" must be a string; quote the value", key));
      text = value.as_string();
    }
    if (std::string error = label_value_error(text); !error.empty())
      value.fail(fmt::format("invalid label value \"{}\": {}", text, error));
    out[key] = std::move(text);
  }
  return out;
}

LabelSelector read_label_selector(const Field& selector) {
  LabelSelector out;
  if (!selector.present()) return out;
  selector.expect_only_keys({"matchLabels", "matchExpressions"});
  out.match_labels = read_labels(selector.child("matchLabels"));
  for (const Field& expr : selector.child("matchExpressions").items()) {
    expr.expect_only_keys({"key", "operator", "values"});
    LabelRequirement req;
    Field key = expr.child("key");
    if (!key.present()) key.fail("key is required");
    req.key = key.as_string();
    if (std::string error = qualified_name_error(req.key); !error.empty())
      key.fail(fmt::format("invalid label key \"{}\": {}", req.key, error));
    Field op = expr.child("operator");
    if (!op.present()) op.fail("operator is required (In, NotIn, Exists or DoesNotExist)");
    std::string op_text = op.as_string();
    if (op_text == "In") req.op = SelectorOperator::In;
    else if (op_text == "NotIn") req.op = SelectorOperator::NotIn;
    else if (op_text == "Exists") req.op = SelectorOperator::Exists;
    else if (op_text == "DoesNotExist") req.op = SelectorOperator::DoesNotExist;
    else op.fail(fmt::format("\"{}\": not a valid selector operator (In, NotIn, Exists, DoesNotExist)", op_text));
    Field values = expr.child("values");
    for (const Field& v : values.items()) {
      std::string text = v.as_string();
      if (std::string error = label_value_error(text); !error.empty())
        v.fail(fmt::format("invalid label value \"{}\": {}", text, error));
      req.values.push_back(std::move(text));
    }
    const bool set_op = req.op == SelectorOperator::In || req.op == SelectorOperator::NotIn;
    if (set_op && req.values.empty())
      values.fail("values must be specified when `operator` is 'In' or 'NotIn'");
    if (!set_op && !req.values.empty())
      values.fail("values may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    out.match_expressions.push_back(std::move(req));
  }
  return out;
}

}  // namespace netpol

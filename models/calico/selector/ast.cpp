#include "models/calico/selector/ast.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace netpol::calico::selector {

bool is_label_comparison(NodeKind kind) {
  switch (kind) {
    case NodeKind::Equal:
    case NodeKind::NotEqual:
    case NodeKind::Contains:
    case NodeKind::StartsWith:
    case NodeKind::EndsWith:
    case NodeKind::In:
    case NodeKind::NotIn:
      return true;
    default:
      return false;
  }
}

std::size_t hash_value(const Node& node) {
  // FNV-1a over the kind, then each string with its length (so that field boundaries count),
  // then the operands' hashes in order.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&](std::uint64_t x) { h = (h ^ x) * 0x100000001b3ULL; };
  auto text = [&](const std::string& s) {
    mix(s.size());
    for (char c : s) mix(static_cast<unsigned char>(c));
  };
  mix(static_cast<std::uint64_t>(node.kind));
  text(node.label);
  text(node.value);
  mix(node.values.size());
  for (const std::string& v : node.values) text(v);
  mix(node.operands.size());
  for (const Node& operand : node.operands) mix(hash_value(operand));
  return static_cast<std::size_t>(h);
}

namespace {

bool is_value_comparison(NodeKind kind) {
  return is_label_comparison(kind) && kind != NodeKind::In && kind != NodeKind::NotIn;
}

bool sorted_unique(const std::vector<std::string>& values) {
  return std::adjacent_find(values.begin(), values.end(),
                            [](const std::string& a, const std::string& b) { return !(a < b); }) ==
         values.end();
}

}  // namespace

bool is_well_formed(const Node& node) {
  const bool has_label = node.kind == NodeKind::Has || is_label_comparison(node.kind);
  if (has_label == node.label.empty()) return false;
  if (!is_value_comparison(node.kind) && !node.value.empty()) return false;
  const bool is_set = node.kind == NodeKind::In || node.kind == NodeKind::NotIn;
  if (is_set ? !sorted_unique(node.values) : !node.values.empty()) return false;
  switch (node.kind) {
    case NodeKind::Not:
      if (node.operands.size() != 1) return false;
      break;
    case NodeKind::And:
    case NodeKind::Or:
      if (node.operands.size() < 2) return false;
      break;
    default:
      if (!node.operands.empty()) return false;
  }
  return std::all_of(node.operands.begin(), node.operands.end(),
                     [](const Node& operand) { return is_well_formed(operand); });
}

Node make_all() { return Node{NodeKind::All, {}, {}, {}, {}}; }

Node make_global() { return Node{NodeKind::Global, {}, {}, {}, {}}; }

Node make_has(std::string label) {
  if (label.empty()) throw std::invalid_argument("has(): empty label");
  return Node{NodeKind::Has, std::move(label), {}, {}, {}};
}

Node make_comparison(NodeKind kind, std::string label, std::string value) {
  if (!is_value_comparison(kind)) throw std::invalid_argument("not a value comparison kind");
  if (label.empty()) throw std::invalid_argument("comparison with an empty label");
  return Node{kind, std::move(label), std::move(value), {}, {}};
}

Node make_set(NodeKind kind, std::string label, std::vector<std::string> values) {
  if (kind != NodeKind::In && kind != NodeKind::NotIn) {
    throw std::invalid_argument("not a set comparison kind");
  }
  if (label.empty()) throw std::invalid_argument("set comparison with an empty label");
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return Node{kind, std::move(label), {}, std::move(values), {}};
}

Node make_not(Node operand) {
  Node node{NodeKind::Not, {}, {}, {}, {}};
  node.operands.push_back(std::move(operand));
  return node;
}

Node make_and(std::vector<Node> operands) {
  if (operands.size() < 2) throw std::invalid_argument("&& needs at least two operands");
  return Node{NodeKind::And, {}, {}, {}, std::move(operands)};
}

Node make_or(std::vector<Node> operands) {
  if (operands.size() < 2) throw std::invalid_argument("|| needs at least two operands");
  return Node{NodeKind::Or, {}, {}, {}, std::move(operands)};
}

Selector::Selector(Node root) : root_(std::move(root)) {
  if (!is_well_formed(root_)) throw std::invalid_argument("malformed selector AST");
}

}  // namespace netpol::calico::selector

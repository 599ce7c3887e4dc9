#include "models/calico/selector/rewrite.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>

#include "models/calico/selector/parser.h"
#include "models/calico/selector/printer.h"

namespace netpol::calico::selector {

namespace {

bool any_global(const Node& node) {
  if (node.kind == NodeKind::Global) return true;
  return std::any_of(node.operands.begin(), node.operands.end(), any_global);
}

void prefix_labels(Node& node, std::string_view prefix) {
  if (!node.label.empty()) node.label.insert(0, prefix);
  for (Node& operand : node.operands) prefix_labels(operand, prefix);
}

}  // namespace

bool is_all(const Selector& selector) { return selector.root().kind == NodeKind::All; }

bool uses_global(const Selector& selector) { return any_global(selector.root()); }

Selector and_of(const Selector& left, const Selector& right) { return and_of(Selector(left), Selector(right)); }

Selector and_of(Selector&& left, Selector&& right) {
  std::vector<Node> operands;
  operands.reserve(2);
  operands.push_back(std::move(left).release());
  operands.push_back(std::move(right).release());
  return Selector(make_and(std::move(operands)));
}

Selector with_label_prefix(const Selector& selector, std::string_view prefix) {
  return with_label_prefix(Selector(selector), prefix);
}

Selector with_label_prefix(Selector&& selector, std::string_view prefix) {
  Node root = std::move(selector).release();
  prefix_labels(root, prefix);
  return Selector(std::move(root));
}

std::string replace_all_text(std::string_view text, std::string_view from, std::string_view to) {
  if (from.empty()) throw std::invalid_argument("replace_all_text: empty pattern");
  std::string replaced;
  replaced.reserve(text.size());
  std::size_t start = 0;
  for (std::size_t hit; (hit = text.find(from, start)) != std::string_view::npos;
       start = hit + from.size()) {
    replaced.append(text.substr(start, hit - start));
    replaced.append(to);
  }
  replaced.append(text.substr(start));
  return replaced;
}

namespace {

// The text to re-parse, or nullopt when the parse would give `selector` back: nothing to
// replace and no "!!" (the one place where upstream's String() text does not parse back to the
// same tree, see printer.h).
std::optional<std::string> replaced_text(const Selector& selector, std::string_view from, std::string_view to) {
  const std::string text = to_calico_string(selector);
  if (text.find(from) == std::string::npos && text.find("!!") == std::string::npos) return std::nullopt;
  return replace_all_text(text, from, to);
}

}  // namespace

Selector replace_text_like_calico(const Selector& selector, std::string_view from, std::string_view to) {
  std::optional<std::string> text = replaced_text(selector, from, to);
  return text ? parse(*text) : selector;
}

Selector replace_text_like_calico(Selector&& selector, std::string_view from, std::string_view to) {
  std::optional<std::string> text = replaced_text(selector, from, to);
  return text ? parse(*text) : std::move(selector);
}

}  // namespace netpol::calico::selector

// Printing follows the collectFragments methods and appendLabelOpAndQuotedString /
// collectInOpFragments of projectcalico/calico libcalico-go/lib/selector/parser/ast.go.
#include "models/calico/selector/printer.h"

#include <stdexcept>
#include <string_view>

namespace netpol::calico::selector {

namespace {

class Printer {
 public:
  explicit Printer(bool round_trip) : round_trip_(round_trip) {}

  void print(const Node& node) {
    switch (node.kind) {
      case NodeKind::All: out_ += "all()"; return;
      case NodeKind::Global: out_ += "global()"; return;
      case NodeKind::Has:
        out_ += "has(";
        out_ += node.label;
        out_ += ')';
        return;
      case NodeKind::Equal: comparison(node, " == "); return;
      case NodeKind::NotEqual: comparison(node, " != "); return;
      case NodeKind::Contains: comparison(node, " contains "); return;
      case NodeKind::StartsWith: comparison(node, " starts with "); return;
      case NodeKind::EndsWith: comparison(node, " ends with "); return;
      case NodeKind::In: set(node, " in {"); return;
      case NodeKind::NotIn: set(node, " not in {"); return;
      case NodeKind::Not: {
        const Node& operand = node.operands.front();
        out_ += '!';
        // "!!x" would parse as x: keep the inner negation as its own group.
        const bool wrap = round_trip_ && operand.kind == NodeKind::Not;
        if (wrap) out_ += '(';
        print(operand);
        if (wrap) out_ += ')';
        return;
      }
      case NodeKind::And: group(node, " && "); return;
      case NodeKind::Or: group(node, " || "); return;
    }
  }

  std::string take() { return std::move(out_); }

 private:
  // Upstream quotes with " unless the literal contains ", then with '.
  void quoted(const std::string& literal) {
    const bool has_double = literal.find('"') != std::string::npos;
    if (has_double && literal.find('\'') != std::string::npos) {
      throw std::invalid_argument("selector literal contains both ' and \", cannot be printed");
    }
    const char quote = has_double ? '\'' : '"';
    out_ += quote;
    out_ += literal;
    out_ += quote;
  }

  void comparison(const Node& node, std::string_view op) {
    out_ += node.label;
    out_ += op;
    quoted(node.value);
  }

  void set(const Node& node, std::string_view op_and_brace) {
    out_ += node.label;
    out_ += op_and_brace;
    bool first = true;
    for (const std::string& value : node.values) {
      if (!first) out_ += ", ";
      first = false;
      quoted(value);
    }
    out_ += '}';
  }

  void group(const Node& node, std::string_view separator) {
    out_ += '(';
    bool first = true;
    for (const Node& operand : node.operands) {
      if (!first) out_ += separator;
      first = false;
      print(operand);
    }
    out_ += ')';
  }

  bool round_trip_;
  std::string out_;
};

std::string print(const Node& node, bool round_trip) {
  if (!is_well_formed(node)) throw std::invalid_argument("malformed selector AST");
  Printer printer(round_trip);
  printer.print(node);
  return printer.take();
}

}  // namespace

std::string to_calico_string(const Node& node) { return print(node, false); }
std::string to_calico_string(const Selector& selector) { return print(selector.root(), false); }
std::string to_string(const Node& node) { return print(node, true); }
std::string to_string(const Selector& selector) { return print(selector.root(), true); }

}  // namespace netpol::calico::selector

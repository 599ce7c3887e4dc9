// The abstract syntax tree of a Calico selector, modelled on the node types of
// projectcalico/calico libcalico-go/lib/selector/parser/ast.go (AllNode, GlobalNode, HasNode,
// LabelEqValueNode, LabelNeValueNode, LabelContainsValueNode, LabelStartsWithValueNode,
// LabelEndsWithValueNode, LabelInSetNode, LabelNotInSetNode, NotNode, AndNode, OrNode).
//
// Node is a plain value: copyable, comparable with ==, no sharing. Two ASTs are equal when
// they have the same shape; nothing is normalised beyond what upstream's parser does (sets are
// sorted and de-duplicated; a parenthesised single operation is the operation itself).
//
// Invariants of a well-formed Node (checked by is_well_formed(), guaranteed by parse() and by
// the make_* functions below):
//  - Has, Equal .. EndsWith, In, NotIn have a non-empty `label`; other kinds have none.
//  - Equal .. EndsWith carry `value`; other kinds have an empty `value`.
//  - In and NotIn carry `values`, sorted ascending (byte order) without duplicates; possibly
//    empty. Other kinds have no `values`.
//  - Not has exactly one operand; And and Or have at least two; other kinds have none.
// Labels are not checked against the label character set here: the parser only produces valid
// ones, and with_label_prefix() may legitimately lengthen them past what the tokenizer accepts
// (as upstream's PrefixVisitor does).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace netpol::calico::selector {

enum class NodeKind {
  All,         // all(): true for every label set
  Global,      // global(): true for every label set (its meaning is given by the rewrite of
               // namespaceSelector in the engine, not by evaluation; ast.go GlobalNode)
  Has,         // has(label)
  Equal,       // label == "value"
  NotEqual,    // label != "value"
  Contains,    // label contains "value"
  StartsWith,  // label starts with "value"
  EndsWith,    // label ends with "value"
  In,          // label in {"v1", ...}
  NotIn,       // label not in {"v1", ...}
  Not,         // !operand
  And,         // operand && operand [&& ...]
  Or,          // operand || operand [|| ...]
};

struct Node {
  NodeKind kind = NodeKind::All;
  std::string label;
  std::string value;
  std::vector<std::string> values;
  std::vector<Node> operands;

  bool operator==(const Node&) const = default;
};

// True for the six kinds that compare one label with literal(s): Equal .. EndsWith, In, NotIn.
bool is_label_comparison(NodeKind kind);

// A hash of the whole tree: equal trees (operator==) hash equal. Lets callers key maps on a
// tree itself instead of on its printed text.
std::size_t hash_value(const Node& node);

// Checks every invariant listed at the top of this file, recursively.
bool is_well_formed(const Node& node);

// Constructors that establish the invariants. Each throws std::invalid_argument when its
// precondition is violated.
Node make_all();
Node make_global();
// Requires: label non-empty.
Node make_has(std::string label);
// Requires: kind is one of Equal, NotEqual, Contains, StartsWith, EndsWith; label non-empty.
Node make_comparison(NodeKind kind, std::string label, std::string value);
// Requires: kind is In or NotIn; label non-empty. Sorts and de-duplicates `values`, as
// upstream's ConvertToStringSetInPlace (parser/stringset.go) does.
Node make_set(NodeKind kind, std::string label, std::vector<std::string> values);
Node make_not(Node operand);
// Requires: at least two operands. Operands are kept as given (no flattening), matching the
// tree upstream's parser builds for the same text.
Node make_and(std::vector<Node> operands);
Node make_or(std::vector<Node> operands);

// A parsed selector: the root of its AST. The default value is all(), like the empty selector.
class Selector {
 public:
  Selector() = default;
  // Requires: is_well_formed(root); throws std::invalid_argument otherwise.
  explicit Selector(Node root);

  const Node& root() const { return root_; }
  // The tree itself, moved out of a selector that is going away.
  Node release() && { return std::move(root_); }

  bool operator==(const Selector&) const = default;

 private:
  Node root_;
};

}  // namespace netpol::calico::selector

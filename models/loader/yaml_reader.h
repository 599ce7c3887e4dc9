// Typed, bounded reading of untrusted YAML with precise error locations.
//
// Every read goes through a Field: a YAML node plus its field path ("spec.ingress[0].ports[1]")
// and its document's context. A read of the wrong type, or an invalid value reported with
// fail(), throws InputError carrying file, document index, line/column (1-based) and path.
//
// Safety (see shared/reference/input-hardening.md): the document reader rejects duplicate
// mapping keys, NUL bytes and invalid UTF-8, aliases that expand beyond a node budget, and
// nesting deeper than a fixed bound, before any Field is handed out.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/cluster/source.h"

namespace netpol {

// The document being read: where it is, what it is, and where warnings go.
struct DocumentContext {
  std::string file;
  int document = 0;        // 0-based index in the file
  std::string kind;        // filled once known
  std::string name;        // "ns/name" or "name", filled once known
  Diagnostics* warnings = nullptr;
  int line_offset = 0;     // lines of the file before the text the nodes were parsed from
};

// How a plain (unquoted, untagged) YAML scalar resolves in YAML 1.1 as the Kubernetes tooling
// reads it (gopkg.in/yaml.v2 resolve.go, used by sigs.k8s.io/yaml for kubectl and the API
// server): null, bool (y/yes/on/true/... in their listed spellings), int (Go ParseInt base 0
// after removing '_', so 0x.., 0o.., 0b.., 0.. octal), float, otherwise string. Timestamps
// resolve to String here (decision: label values like 2024-01-01 are kept as text).
enum class ScalarType { Null, Bool, Int, Float, String };
ScalarType resolve_plain_scalar(std::string_view text);
// The value of an integer scalar text as resolve_plain_scalar reads it; nullopt when the text
// is not an integer or does not fit in 64 bits.
std::optional<long long> parse_yaml_int(std::string_view text);

class Field {
 public:
  Field(YAML::Node node, std::string path, const DocumentContext* doc)
      : node_(std::move(node)), path_(std::move(path)), doc_(doc) {}
  // As above; `fallback` is the position reported when `node` has none (an absent child is
  // reported at its parent).
  Field(YAML::Node node, std::string path, const DocumentContext* doc, YAML::Mark fallback)
      : node_(std::move(node)), path_(std::move(path)), doc_(doc), fallback_(fallback) {}

  // True when the key exists and is not null.
  bool present() const;
  // The child under `key` of a mapping ("spec" + "podSelector" -> "spec.podSelector"); the
  // returned Field is absent when the key is missing. Fails when this is not a mapping.
  Field child(std::string_view key) const;
  // The items of a sequence ("x[0]", "x[1]", ...). Absent or null: empty. Fails otherwise.
  std::vector<Field> items() const;
  // The entries of a mapping in document order. Absent or null: empty. Fails otherwise.
  std::vector<std::pair<std::string, Field>> entries() const;

  bool is_map() const;
  bool is_sequence() const;
  bool is_scalar() const;
  // A scalar written as a YAML string: quoted, or plain text that is not a number, bool or null
  // in YAML 1.1 core-schema terms (so `tier: 1` and `on: true` are not strings).
  bool is_string_scalar() const;

  // Typed reads: fail (InputError) when the value has the wrong type.
  std::string as_string() const;  // must be a string scalar
  long long as_int() const;       // must be an integer scalar (no quotes, no fraction)
  bool as_bool() const;           // true/false
  // Kubernetes IntOrString: an unquoted integer gives the int; anything else the string.
  bool is_int() const;
  // The YAML type of a scalar: plain scalars resolve as resolve_plain_scalar; quoted and block
  // scalars are String; an explicit !!str / !!int / !!bool / !!null / !!float tag wins.
  // Absent or null fields give Null; mappings and sequences give String (check is_scalar()).
  ScalarType scalar_type() const;
  // Fails unless the mapping has only keys from `known` (the API server's strict decoding:
  // `unknown field "spec.podSelecter"`). Absent or null: nothing to check.
  void expect_only_keys(std::initializer_list<std::string_view> known) const;

  // Throws InputError at this field: its location, its path, and a message prefixed with the
  // document's kind and name when known ("NetworkPolicy default/x: ...").
  [[noreturn]] void fail(const std::string& message) const;
  // Appends a warning at this field to the document's warnings (no-op without a sink).
  void warn(const std::string& message) const;

  // File, document index and 1-based line/column of the node (of the parent when absent).
  SourceLocation location() const;
  const std::string& path() const { return path_; }
  const YAML::Node& node() const { return node_; }
  const DocumentContext* document() const { return doc_; }

 private:
  std::string child_path(std::string_view key) const;
  YAML::Mark mark() const;

  YAML::Node node_;
  std::string path_;
  const DocumentContext* doc_;
  YAML::Mark fallback_ = YAML::Mark::null_mark();
};

}  // namespace netpol

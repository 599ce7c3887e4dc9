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
};

class Field {
 public:
  Field(YAML::Node node, std::string path, const DocumentContext* doc)
      : node_(std::move(node)), path_(std::move(path)), doc_(doc) {}

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

  [[noreturn]] void fail(const std::string& message) const;
  void warn(const std::string& message) const;

  SourceLocation location() const;
  const std::string& path() const { return path_; }
  const YAML::Node& node() const { return node_; }
  const DocumentContext* document() const { return doc_; }

 private:
  YAML::Node node_;
  std::string path_;
  const DocumentContext* doc_;
};

}  // namespace netpol

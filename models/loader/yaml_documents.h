// Hardened reading of untrusted YAML text into documents (shared/reference/input-hardening.md).
//
// yaml-cpp 0.7 alone accepts NUL bytes, invalid UTF-8 and duplicate keys, reads an unterminated
// quoted scalar to the end of the file, and shares aliased nodes so that an alias bomb loads
// instantly but explodes any walk. read_yaml_documents() checks all of these before a Field is
// handed out, so the readers that follow may walk what they get.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace netpol {

struct YamlLimits {
  // Deepest nesting of mappings/sequences accepted. Kubernetes objects need about 12
  // (spec.template.spec.affinity...matchExpressions[0].values[0]); 64 leaves room for CRDs.
  int max_depth = 64;
  // Node visits per file, aliases counted each time they are reached. 0 = derived from the
  // text size (4 visits per byte plus 100,000): a file without aliases never comes near it.
  std::size_t max_node_visits = 0;
};

// One parsed document. Marks of its nodes count lines from `line_offset` (add it for the line
// in the file): documents are parsed one at a time so that memory stays bounded by the largest
// document, not the file.
struct YamlDocument {
  int index = 0;        // 0-based document index in the file
  int line_offset = 0;  // lines of the file before the text this document was parsed from
  YAML::Node root;      // Null for an empty document
};

// Parses every document of `text` (named `file` in errors) and hands each to `visit` in order,
// after the checks below; the next document is parsed after `visit` returns. Document indexes
// count every document, empty ones (Null roots) included, as yaml-cpp's LoadAll does.
//
// Throws InputError (file, document index, 1-based line/column) for: NUL bytes and other
// control characters YAML forbids, invalid UTF-8, YAML syntax errors, nesting deeper than
// `limits.max_depth`, alias expansion beyond the visit budget, duplicate mapping keys,
// non-scalar mapping keys, merge keys (`<<`, which yaml-cpp does not apply), and quoted scalars
// that are never closed.
void for_each_yaml_document(std::string_view text, const std::string& file,
                            const std::function<void(const YamlDocument&)>& visit, const YamlLimits& limits = {});

// As above, collecting every document (index i at position i).
std::vector<YamlDocument> read_yaml_documents(std::string_view text, const std::string& file,
                                              const YamlLimits& limits = {});

}  // namespace netpol

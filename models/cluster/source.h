// Where a piece of input came from, and the diagnostics that point at it.
//
// Every object loaded from a manifest carries a SourceRef, so that an error, a warning, a
// skipped-policy notice or an `explain` line can name file, document, line and field.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace netpol {

// A position in an input file. Lines and columns are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;      // path as given on the command line ("<memory>" for in-memory input)
  int document = -1;     // 0-based index of the YAML document in the file; -1 unknown
  int line = 0;
  int column = 0;

  // "file:line:column (document N)", omitting the parts that are unknown.
  std::string to_string() const;
};

// The object a location belongs to, for messages like "NetworkPolicy default/deny-all".
struct SourceRef {
  SourceLocation location;
  std::string kind;       // e.g. "NetworkPolicy", "Pod", "GlobalNetworkPolicy"
  std::string name;       // "namespace/name" or "name" for cluster-scoped objects

  std::string describe() const;  // "<kind> <name> at <location>"
};

enum class Severity { Warning, Error };

struct Diagnostic {
  Severity severity = Severity::Warning;
  SourceLocation location;
  std::string field;      // field path, e.g. "spec.ingress[0].from[0].ipBlock.cidr"; may be empty
  std::string message;

  // One line: "file:line:col: warning: message (field: path)".
  std::string to_string() const;
};

using Diagnostics = std::vector<Diagnostic>;

// Thrown for input the API server (or Calico's validator) would reject, and for unreadable
// files. The CLI turns it into exit code 2 with `what()` on stderr.
class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation location, std::string field, std::string message);
  const SourceLocation& location() const { return location_; }
  const std::string& field() const { return field_; }
  const std::string& message() const { return message_; }

 private:
  SourceLocation location_;
  std::string field_;
  std::string message_;
};

// Thrown for a bad command line (unknown engine, malformed --probe ...): exit code 2 as well.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace netpol

#include "models/cluster/source.h"

#include <fmt/format.h>

namespace netpol {

std::string SourceLocation::to_string() const {
  std::string out = file.empty() ? "<input>" : file;
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  if (document >= 0) out += fmt::format(" (document {})", document);
  return out;
}

std::string SourceRef::describe() const {
  return fmt::format("{} {} at {}", kind, name, location.to_string());
}

std::string Diagnostic::to_string() const {
  std::string out = fmt::format("{}: {}: {}", location.to_string(),
                                severity == Severity::Error ? "error" : "warning", message);
  if (!field.empty()) out += fmt::format(" (field: {})", field);
  return out;
}

InputError::InputError(SourceLocation location, std::string field, std::string message)
    : std::runtime_error([&] {
        std::string text = fmt::format("{}: error: {}", location.to_string(), message);
        if (!field.empty()) text += fmt::format(" (field: {})", field);
        return text;
      }()),
      location_(std::move(location)),
      field_(std::move(field)),
      message_(std::move(message)) {}

}  // namespace netpol

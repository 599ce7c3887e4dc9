#include "tests/e2e/case_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>

namespace netpol::e2e {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, std::string_view field, std::string_view what) {
  throw std::runtime_error(fmt::format("{}: field '{}': {}", file.string(), field, what));
}

// `where` prefixes the field in messages ("expectations[1]."), empty at the top level.
std::string scalar(const YAML::Node& doc, const std::filesystem::path& file, const char* field,
                   const std::string& where = "") {
  const YAML::Node node = doc[field];
  if (!node) fail(file, where + field, "missing");
  if (!node.IsScalar() || node.Scalar().empty()) fail(file, where + field, "must be a non-empty string");
  return node.Scalar();
}

std::vector<std::string> string_list(const YAML::Node& doc, const std::filesystem::path& file,
                                     const char* field, bool may_be_empty) {
  const YAML::Node node = doc[field];
  if (!node) fail(file, field, "missing");
  if (!node.IsSequence()) fail(file, field, "must be a list");
  std::vector<std::string> out;
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) fail(file, field, "every entry must be a non-empty string");
    out.push_back(item.Scalar());
  }
  if (out.empty() && !may_be_empty) fail(file, field, "must not be empty");
  return out;
}

}  // namespace

std::vector<std::string> UpstreamCase::input_paths() const {
  std::vector<std::string> paths;
  for (const auto& in : inputs) paths.push_back((directory / in).lexically_normal().string());
  return paths;
}

std::filesystem::path corpus_root() {
  return std::filesystem::path(NETPOL_SOURCE_DIR) / "corpus" / "upstream-e2e";
}

std::vector<std::string> case_directories(const std::filesystem::path& root) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(root))
    if (entry.is_directory() && std::filesystem::exists(entry.path() / "case.yaml"))
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

UpstreamCase read_case(const std::filesystem::path& directory) {
  const auto file = directory / "case.yaml";
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", file.string(), e.what()));
  }
  if (!doc.IsMap()) throw std::runtime_error(fmt::format("{}: not a YAML mapping", file.string()));

  UpstreamCase c;
  c.directory = directory;
  c.name = scalar(doc, file, "name");
  c.source = scalar(doc, file, "source");
  c.context = scalar(doc, file, "context");
  c.tags = string_list(doc, file, "tags", false);
  c.inputs = string_list(doc, file, "inputs", false);
  c.expected_failures = string_list(doc, file, "expected_failures", true);

  const YAML::Node exps = doc["expectations"];
  if (!exps) fail(file, "expectations", "missing");
  if (!exps.IsSequence() || exps.size() == 0) fail(file, "expectations", "must be a non-empty list");
  for (std::size_t i = 0; i < exps.size(); ++i) {
    const std::string where = fmt::format("expectations[{}]", i);
    const YAML::Node e = exps[i];
    if (!e.IsMap()) fail(file, where, "must be a mapping with probe and reachability");
    const std::string probe_text = scalar(e, file, "probe", where + ".");
    const auto probe = Probe::parse(probe_text);
    if (!probe) fail(file, where + ".probe", fmt::format("'{}' is not PROTO/PORT", probe_text));
    const std::string table_text = scalar(e, file, "reachability", where + ".");
    try {
      c.expectations.push_back({*probe, parse_truth_table(table_text)});
    } catch (const std::invalid_argument& err) {
      fail(file, where + ".reachability", err.what());
    }
  }
  return c;
}

}  // namespace netpol::e2e

#include "models/loader/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "models/loader/calico_kinds.h"
#include "models/loader/cluster_finalize.h"
#include "models/loader/namespace_node_reader.h"
#include "models/loader/network_policy_reader.h"
#include "models/loader/pod_reader.h"
#include "models/loader/yaml_documents.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;

// The kinds of the Kubernetes API this tool reads, with the one apiVersion that serves each
// (the versions kubectl can still apply: extensions/v1beta1 and apps/v1beta* were removed in
// Kubernetes 1.16, batch/v1beta1 CronJob in 1.25).
struct KnownKind {
  std::string_view kind;
  std::string_view api_version;
};
constexpr KnownKind kKnownKinds[] = {
    {"Namespace", "v1"},         {"Pod", "v1"},
    {"Node", "v1"},              {"Deployment", "apps/v1"},
    {"StatefulSet", "apps/v1"},  {"DaemonSet", "apps/v1"},
    {"ReplicaSet", "apps/v1"},   {"Job", "batch/v1"},
    {"CronJob", "batch/v1"},     {"NetworkPolicy", "networking.k8s.io/v1"},
};

bool is_calico_api(std::string_view api_version) {
  return api_version == "projectcalico.org/v3" || api_version == "crd.projectcalico.org/v1";
}

// Kinds without a namespace, so that messages name them "name", not "default/name". Calico's
// cluster-scoped kinds per projectcalico/calico api/pkg/apis/projectcalico/v3 (their
// genclient:nonNamespaced markers).
bool is_cluster_scoped(std::string_view kind) {
  static constexpr std::string_view kClusterScoped[] = {
      "Namespace",         "Node",           "GlobalNetworkPolicy", "StagedGlobalNetworkPolicy",
      "GlobalNetworkSet",  "HostEndpoint",   "Tier",                "Profile",
      "FelixConfiguration"};
  for (auto k : kClusterScoped)
    if (k == kind) return true;
  return false;
}

// A best-effort "ns/name" for messages, read before validation (so never failing).
std::string describe_name(const Field& root, std::string_view kind) {
  Field metadata = root.child("metadata");
  if (!metadata.is_map()) return "";
  Field name = metadata.child("name");
  if (!name.is_string_scalar()) return "";
  std::string out = name.as_string();
  if (is_cluster_scoped(kind)) return out;
  Field ns = metadata.child("namespace");
  std::string ns_text = ns.is_string_scalar() ? ns.as_string() : "";
  return (ns_text.empty() ? std::string("default") : ns_text) + "/" + out;
}

class ManifestLoader {
 public:
  explicit ManifestLoader(const LoadOptions& options) : options_(options) {}

  void load_text(std::string_view text, const std::string& file) {
    for_each_yaml_document(text, file, [&](const YamlDocument& d) {
      DocumentContext ctx{file, d.index, "", "", &result_.warnings, d.line_offset};
      load_object(Field(d.root, "", &ctx, YAML::Mark()), ctx, "");
    });
  }

  LoadResult finish() {
    finalize_cluster(result_.cluster, options_, result_.warnings);
    return std::move(result_);
  }

 private:
  // One object: a document root, or an item of a List. `inherited_kind` is the item kind of a
  // typed list (PodList -> Pod) for items that omit their own kind.
  void load_object(const Field& root, DocumentContext& ctx, std::string_view inherited_kind,
                   std::string_view inherited_api = "") {
    if (!root.present()) return;  // empty document
    if (!root.is_map()) root.fail("a document must be a mapping (a Kubernetes object)");
    Field api_field = root.child("apiVersion");
    Field kind_field = root.child("kind");
    std::string api_version = api_field.present() ? api_field.as_string() : std::string(inherited_api);
    std::string kind = kind_field.present() ? kind_field.as_string() : std::string(inherited_kind);
    if (api_version.empty()) api_field.fail("apiVersion is required");
    if (kind.empty()) kind_field.fail("kind is required");
    ctx.kind = kind;
    ctx.name = describe_name(root, kind);

    // kubectl flattens any list type (an object with `items`: List, PodList, ...).
    if (kind == "List" || (kind.size() > 4 && kind.ends_with("List") && root.child("items").present())) {
      const std::string item_kind = kind == "List" ? "" : kind.substr(0, kind.size() - 4);
      for (const Field& item : root.child("items").items()) {
        DocumentContext item_ctx{ctx.file, ctx.document, "", "", ctx.warnings, ctx.line_offset};
        Field rebased(item.node(), item.path(), &item_ctx, YAML::Mark());
        load_object(rebased, item_ctx, item_kind, item_kind.empty() ? "" : api_version);
      }
      return;
    }

    SourceRef source{root.location(), kind, ""};
    if (is_calico_api(api_version)) {
      if (!load_calico_document(root, api_version, kind, result_.cluster))
        warn_skipped(root, fmt::format("skipped unsupported Calico kind {} ({})", kind, api_version));
      return;
    }

    const KnownKind* known = nullptr;
    for (const KnownKind& k : kKnownKinds)
      if (k.kind == kind) known = &k;
    if (!known) {
      warn_skipped(root, fmt::format("skipped unsupported kind {} ({}){}", kind, api_version,
                                     ctx.name.empty() ? "" : " " + ctx.name));
      return;
    }
    if (api_version != known->api_version)
      api_field.fail(fmt::format("{} is not served as {}; use apiVersion {}", kind, api_version, known->api_version));
    // The document must carry a metadata mapping (metadata.name is required).
    if (Field metadata = root.child("metadata"); !metadata.present()) metadata.fail("metadata.name is required");

    Cluster& c = result_.cluster;
    if (kind == "Namespace") {
      Namespace ns = read_namespace(root);
      source.name = ns.name;
      ns.source = source;
      c.namespaces.push_back(std::move(ns));
    } else if (kind == "Node") {
      Node node = read_node(root);
      source.name = node.name;
      node.source = source;
      c.nodes.push_back(std::move(node));
    } else if (kind == "Pod") {
      Pod pod = read_pod(root);
      source.name = pod.qualified_name();
      pod.source = source;
      c.pods.push_back(std::move(pod));
    } else if (kind == "NetworkPolicy") {
      NetworkPolicy policy = read_network_policy(root);
      source.name = policy.qualified_name();
      policy.source = source;
      c.policies.push_back(std::move(policy));
    } else {
      Pod pod = read_workload(root, kind);
      source.name = pod.qualified_name();
      pod.source = source;
      c.pods.push_back(std::move(pod));
    }
  }

  void warn_skipped(const Field& root, std::string message) {
    result_.warnings.push_back({Severity::Warning, root.location(), root.path(), std::move(message)});
  }

  const LoadOptions& options_;
  LoadResult result_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    throw InputError(SourceLocation{path.string(), -1, 0, 0}, "",
                     exists ? "cannot read file (permission denied?)" : "no such file or directory");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(SourceLocation{path.string(), -1, 0, 0}, "", "error while reading file");
  return buffer.str();
}

bool manifest_extension(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

// The files a path stands for: itself, or the manifests under a directory, sorted.
std::vector<fs::path> expand(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (!fs::is_directory(p, ec)) return {p};
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it(p, fs::directory_options::follow_directory_symlink, ec);
  if (ec) throw InputError(SourceLocation{path, -1, 0, 0}, "", "cannot read directory: " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw InputError(SourceLocation{path, -1, 0, 0}, "", "cannot read directory: " + ec.message());
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && manifest_extension(it->path())) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

LoadResult load_paths(const std::vector<std::string>& paths, const LoadOptions& options) {
  ManifestLoader loader(options);
  for (const std::string& path : paths)
    for (const fs::path& file : expand(path)) loader.load_text(read_file(file), file.string());
  return loader.finish();
}

LoadResult load_text(std::string_view text, std::string_view file_name, const LoadOptions& options) {
  ManifestLoader loader(options);
  loader.load_text(text, std::string(file_name));
  return loader.finish();
}

LoadResult load_texts(const std::vector<std::pair<std::string, std::string>>& files, const LoadOptions& options) {
  ManifestLoader loader(options);
  for (const auto& [name, text] : files) loader.load_text(text, name);
  return loader.finish();
}

}  // namespace netpol

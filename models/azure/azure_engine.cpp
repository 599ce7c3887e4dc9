#include "models/azure/azure_engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>
#include <variant>

#include "models/azure/hns.h"
#include "models/azure/ipset_state.h"
#include "models/azure/iptables.h"
#include "models/azure/packet_path.h"
#include "models/azure/translation.h"

namespace netpol {
namespace azure {
namespace {

constexpr const char* kControllerGo = "Azure/azure-container-networking npm/pkg/controlplane/controllers/v2/networkPolicyController.go";
constexpr const char* kChainManagementGo = "Azure/azure-container-networking npm/pkg/dataplane/policies/chain-management_linux.go";
constexpr const char* kPodControllerGo = "Azure/azure-container-networking npm/pkg/controlplane/controllers/v2/podController.go";

TranslationOptions options_for(Variant v) {
  TranslationOptions o;
  o.windows = v == Variant::Windows;
  const bool fixed = v == Variant::Linux;
  o.canonical_cidrs = fixed;                       // PR #4867
  o.notin_conjunction = fixed;                     // PR #4866
  o.anchor_negative_namespace_selectors = fixed;   // PR #4868
  return o;
}

const char* engine_name(Variant v) {
  switch (v) {
    case Variant::Linux: return "azure";
    case Variant::LinuxLegacy: return "azure-legacy";
    case Variant::Windows: return "azure-windows";
  }
  return "azure";
}

struct Skipped {
  std::string policy;
  TranslationError error;
};

Diagnostic skipped_note(Variant v, const NetworkPolicy& p, const TranslationError& e) {
  Diagnostic d;
  d.severity = Severity::Warning;
  d.location = p.source.location;
  d.field = e.field;
  d.message = fmt::format("{}: NetworkPolicy {} is not applied by Azure NPM ({}: {}); its pods stay unrestricted by it "
                          "(fails open). Source: {}; {}",
                          engine_name(v), p.qualified_name(), e.error, e.message, e.source, kControllerGo);
  return d;
}

// State shared by both dataplanes: sets, paths, what was skipped.
class AzureEvaluation : public Evaluation {
 public:
  AzureEvaluation(Variant v, const Cluster& c, const Universe& u) : variant_(v), cluster_(c), universe_(u), sets_(c, u), paths_(c, u) {}

  void compile(Diagnostics& notes) {
    // NPM watches networking.k8s.io/v1 NetworkPolicy only (npm/pkg/controlplane/controllers/v2
    // networkPolicyController.go); Calico's resources mean nothing to it. Say so, once.
    // (Built field by field: g++ 12 -O3 warned that the braced temporary's location "may be used
    // uninitialized".)
    if (const std::size_t calico_objects = cluster_.calico.object_count(); calico_objects > 0) {
      Diagnostic d;
      d.severity = Severity::Warning;
      d.message = fmt::format("{}: {} Calico resource(s) in the input are ignored: Azure NPM enforces Kubernetes "
                              "NetworkPolicy only ({})",
                              engine_name(variant_), calico_objects, kControllerGo);
      notes.push_back(std::move(d));
    }
    const auto options = options_for(variant_);
    std::vector<NpmNetworkPolicy> translated;
    for (const auto& p : cluster_.policies) {
      auto r = translate_policy(p, options);
      if (auto* e = std::get_if<TranslationError>(&r)) {
        notes.push_back(skipped_note(variant_, p, *e));
        skipped_.push_back({p.qualified_name(), *e});
        continue;
      }
      translated.push_back(std::move(std::get<NpmNetworkPolicy>(r)));
    }
    if (variant_ == Variant::Windows) {
      std::vector<HnsRejection> rejected;
      hns_.emplace(translated, sets_, rejected);
      for (const auto& r : rejected) {
        for (const auto& p : cluster_.policies)
          if (p.qualified_name() == r.policy) notes.push_back(skipped_note(variant_, p, r.error));
        skipped_.push_back({r.policy, r.error});
      }
      sets_.finalize();
      hns_->bind(sets_, cluster_, universe_);
    } else {
      iptables_.emplace(std::move(translated), sets_);
      sets_.finalize();
      iptables_->prepare(sets_);
    }
  }

  VerdictMatrix matrix() const override {
    const std::size_t n = universe_.endpoints.size();
    VerdictMatrix m(n, universe_.probes.size());
    // Sources with the same membership in every set a rule tests on the source walk alike.
    const SourceClasses classes = hns_ ? sets_.classify(hns_->source_sets()) : iptables_->source_classes();
    const auto& class_of = classes.class_of;
    const auto& representative = classes.representative;
    std::vector<std::uint8_t> needed(representative.size(), 0);
    for (EndpointIndex s = 0; s < n; ++s)
      if (paths_.live(s)) needed[class_of[s]] = 1;
    const std::size_t probes = universe_.probes.size();
    // Every class walked on every probe first ([probe][class]), so that each source's own sets
    // (address families, which flows some FORWARD chain sees) are computed once for all probes.
    const std::size_t words = (n + 63) / 64;
    // Linux: row (p, c) of the walks is linux_rows[(p * classes + c) * words ...], one block.
    std::vector<std::uint64_t> linux_rows(hns_ ? 0 : probes * representative.size() * words);
    std::vector<std::vector<HnsDataplane::ClassResult>> windows_rows(probes);
    for (std::size_t p = 0; p < probes; ++p) {
      const Probe& probe = universe_.probes[p];
      if (hns_) {
        windows_rows[p].resize(representative.size());
        for (std::size_t c = 0; c < representative.size(); ++c)
          if (needed[c]) windows_rows[p][c] = hns_->walk_class(sets_, representative[c], p, probe);
        continue;
      }
      ClassWalkPlan::Cache cache = iptables_->new_cache(p);
      for (std::size_t c = 0; c < representative.size(); ++c)
        if (needed[c])
          iptables_->walk_class(sets_, representative[c], probe, cache, linux_rows.data() + (p * representative.size() + c) * words);
    }
    std::vector<std::uint64_t> masks(3 * words);
    std::uint64_t* v4 = masks.data();
    std::uint64_t* v6 = v4 + words;    // IPv6: NPM programs nothing (L6)
    std::uint64_t* fwd = v6 + words;
    for (EndpointIndex s = 0; s < n; ++s) {
      if (!paths_.live(s)) continue;
      if (hns_) {
        const Bits v4_bits = paths_.v4_destinations(s);
        const Bits v6_bits = paths_.v6_destinations(s);
        for (std::size_t p = 0; p < probes; ++p) {
          Bits row = v6_bits | (v4_bits & hns_->finish(windows_rows[p][class_of[s]], sets_, paths_, s));
          row.set(s);  // pod to itself: loopback, never leaves the pod
          std::copy_n(row.data(), row.words(), m.row(p, s));
        }
        continue;
      }
      // Linux: IPv4 flows no FORWARD chain sees are allowed; the others as the walk decided.
      paths_.row_masks(s, v4, v6, fwd);
      for (std::size_t p = 0; p < probes; ++p) {
        const std::uint64_t* walked = linux_rows.data() + (p * representative.size() + class_of[s]) * words;
        std::uint64_t* out = m.row(p, s);
        for (std::size_t w = 0; w < words; ++w) out[w] = v6[w] | (v4[w] & (~fwd[w] | walked[w]));
        out[s / 64] |= std::uint64_t{1} << (s % 64);  // pod to itself: loopback, never leaves the pod
      }
    }
    return m;
  }

  Explanation explain(const Flow& flow) const override {
    Explanation x;
    std::size_t probe = 0;
    for (; probe < universe_.probes.size(); ++probe)
      if (universe_.probes[probe] == flow.probe) break;
    const auto& src = universe_.endpoints[flow.src];
    const auto& dst = universe_.endpoints[flow.dst];
    auto route = [&](std::string detail, std::string outcome, std::string citation) {
      x.steps.push_back({"route", "", std::move(detail), std::move(outcome), std::move(citation)});
    };
    for (const auto& s : skipped_)
      x.steps.push_back({"skipped policy", s.policy, fmt::format("{}: {}", s.error.error, s.error.message), "not applied",
                         s.error.source});
    if (!paths_.live(flow.src) || !paths_.live(flow.dst)) {
      route(fmt::format("{} has no network (no address, unscheduled or terminated)", paths_.live(flow.src) ? dst.id : src.id), "deny",
            kPodControllerGo);
      x.verdict = Verdict::Deny;
      return x;
    }
    if (flow.src == flow.dst) {
      route("a pod's traffic to itself stays on its loopback/own namespace", "allow", kChainManagementGo);
      x.verdict = Verdict::Allow;
      return x;
    }
    if (paths_.v6_flow(flow.src, flow.dst)) {
      route("IPv6 flow: NPM programs no IPv6 rules and ignores non-IPv4 pods", "allow",
            std::string(kPodControllerGo) + " syncAddedPod");
      x.verdict = Verdict::Allow;
      return x;
    }
    if (!paths_.v4_flow(flow.src, flow.dst)) {
      route("no address family shared by both ends", "deny", "");
      x.verdict = Verdict::Deny;
      return x;
    }
    if (hns_) {
      x.verdict = hns_->walk_packet(sets_, paths_, flow.src, flow.dst, probe, flow.probe, x.steps);
      return x;
    }
    const auto nodes = paths_.forwarding_nodes(flow.src, flow.dst);
    if (nodes.empty()) {
      const char* hook = paths_.place(flow.src).netns == Netns::Pod ? "INPUT" : "OUTPUT";
      route(fmt::format("{} -> {} crosses no FORWARD chain ({} on the node); NPM hooks FORWARD only", src.id, dst.id, hook),
            "allow", kChainManagementGo);
      x.verdict = Verdict::Allow;
      return x;
    }
    std::vector<std::string> names;
    for (int n : nodes) names.push_back(cluster_.nodes[static_cast<std::size_t>(n)].name);
    route(fmt::format("{} -> {} is forwarded by {}; every node holds the same chains and sets, so one walk decides",
                      src.id, dst.id, fmt::join(names, " and ")),
          "FORWARD -> AZURE-NPM", kChainManagementGo);
    x.verdict = iptables_->walk_packet(sets_, flow.src, flow.dst, probe, flow.probe, x.steps);
    return x;
  }

 private:
  Variant variant_;
  const Cluster& cluster_;
  const Universe& universe_;
  IpSetState sets_;
  PacketPaths paths_;
  std::optional<IptablesRuleset> iptables_;
  std::optional<HnsDataplane> hns_;
  std::vector<Skipped> skipped_;
};

class AzureEngine : public Engine {
 public:
  explicit AzureEngine(Variant v) : variant_(v) {}
  std::string name() const override { return engine_name(variant_); }
  std::unique_ptr<Evaluation> compile(const Cluster& cluster, const Universe& universe, Diagnostics& notes) const override {
    auto e = std::make_unique<AzureEvaluation>(variant_, cluster, universe);
    e->compile(notes);
    return e;
  }

 private:
  Variant variant_;
};

}  // namespace
}  // namespace azure

std::unique_ptr<Engine> make_azure_engine(azure::Variant variant) { return std::make_unique<azure::AzureEngine>(variant); }

}  // namespace netpol

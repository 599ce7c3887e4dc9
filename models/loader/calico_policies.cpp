#include "models/loader/calico_policies.h"

#include <fmt/format.h>

#include "models/loader/calico_metadata.h"
#include "models/loader/calico_rules.h"

namespace netpol {
namespace {

struct Types {
  bool given = false;  // spec.types present with at least one entry
  bool ingress = false;
  bool egress = false;
};

// spec.types: Enum Ingress|Egress, 1-2 items (kubebuilder MinItems/MaxItems), no repeats
// (validator.go validateNetworkPolicySpec "type specified more than once").
Types read_types(const Field& field, CalicoForm form) {
  Types types;
  if (!field.present()) return types;
  std::vector<Field> items = field.items();
  if (items.empty()) {
    // calicoctl defaults an empty list like an absent one; the CRD schema wants 1-2 items.
    if (form == CalicoForm::Crd) field.fail("types must have 1 or 2 entries (CRD schema MinItems=1)");
    return types;
  }
  for (const Field& item : items) {
    std::string t = item.as_string();
    bool* slot = t == "Ingress" ? &types.ingress : t == "Egress" ? &types.egress : nullptr;
    if (!slot) item.fail(fmt::format("invalid policy type \"{}\": must be Ingress or Egress", t));
    if (*slot) item.fail(fmt::format("'{}' type specified more than once (validator.go validateNetworkPolicySpec)", t));
    *slot = true;
  }
  types.given = true;
  return types;
}

// spec.performanceHints: a set of "AssumeNeededOnEveryNode" (never changes enforcement).
void check_performance_hints(const Field& field) {
  bool seen = false;
  for (const Field& item : field.items()) {
    std::string hint = item.as_string();
    if (hint != "AssumeNeededOnEveryNode") {
      item.fail(fmt::format("invalid performance hint \"{}\": only AssumeNeededOnEveryNode exists", hint));
    }
    if (seen) item.fail("performance hint listed twice");
    seen = true;
  }
}

// staged*.go StagedAction: Set (default) | Delete | Learn | Ignore.
std::string read_staged_action(const Field& field) {
  if (!field.present()) return "Set";
  std::string action = field.as_string();
  if (action != "Set" && action != "Delete" && action != "Learn" && action != "Ignore") {
    field.fail(fmt::format("invalid stagedAction \"{}\": must be Set, Delete, Learn or Ignore", action));
  }
  return action;
}

// validator.go validateStagedNetworkPolicy / validateStagedGlobalNetworkPolicy /
// validateStagedKubernetesNetworkPolicy: with stagedAction Delete every spec field but the tier
// (and the defaulted types) must be empty.
void check_staged_delete(const Field& spec, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : spec.entries()) {
    bool ok = key == "stagedAction" || key == "types" || key == "policyTypes";
    for (std::string_view a : allowed) ok = ok || key == a;
    if (!ok && value.present()) {
      value.fail("spec fields, except tier, should all be zero-value if stagedAction is Delete");
    }
  }
}

bool is_global(CalicoPolicyKind kind) {
  return kind == CalicoPolicyKind::GlobalNetworkPolicy || kind == CalicoPolicyKind::StagedGlobalNetworkPolicy;
}

// metadata.name rules per kind and form; returns the v3 name.
std::string policy_name(const Field& root, const CalicoMetadata& meta, CalicoForm form, CalicoPolicyKind kind,
                        const std::string& tier) {
  const Field name_field = root.child("metadata").child("name");
  std::string name = meta.name;
  if (form == CalicoForm::Crd) {
    // The CRD object's name is any Kubernetes name; the v3 name drops a "default." prefix for
    // policies of the default tier (resources.go determinePolicyName).
    if (!calico_valid_resource_name(name)) {
      name_field.fail(fmt::format("invalid name \"{}\": must be a DNS-1123 subdomain", name));
    }
    if (kind != CalicoPolicyKind::StagedKubernetesNetworkPolicy && tier == "default" &&
        name.rfind("default.", 0) == 0) {
      name = name.substr(8);
    }
    return name;
  }
  if (kind == CalicoPolicyKind::StagedKubernetesNetworkPolicy) {
    if (!calico_valid_resource_name(name)) {
      name_field.fail(fmt::format("invalid name \"{}\": must be a DNS-1123 subdomain", name));
    }
    return name;
  }
  bool valid = is_global(kind) ? calico_valid_global_network_policy_name(name)
                               : calico_valid_network_policy_name(name);
  if (name.size() > 253) name_field.fail(fmt::format("name is too long by {} bytes", name.size() - 253));
  if (!valid) {
    name_field.fail(fmt::format(
        "invalid name \"{}\": must be a DNS-1123 label, optionally with one '.' (validator.go {})", name,
        is_global(kind) ? "globalNetworkPolicyNameRegex" : "networkPolicyNameRegex"));
  }
  // names.ValidateTieredPolicyName (v3.29-v3.31 only; removed in v3.32): outside the default
  // tier the name had to be "<tier>.<name>".
  bool prefixed = name.rfind(tier + ".", 0) == 0;
  bool plain_default = tier == "default" && name.find('.') == std::string::npos;
  if (!prefixed && !plain_default && name.rfind("knp.default.", 0) != 0 && name.rfind("ossg.default.", 0) != 0) {
    name_field.warn(fmt::format("policy name \"{}\" lacks the \"{}.\" tier prefix that Calico v3.29-v3.31 "
                                "require (names.ValidateTieredPolicyName); accepted from v3.32",
                                name, tier));
  }
  return name;
}

void load_staged_kubernetes_policy(const Field& root, CalicoForm form, const CalicoMetadata& meta,
                                   CalicoResources& out) {
  const Field spec = root.child("spec");
  reject_unknown_calico_fields(spec, {"stagedAction", "podSelector", "ingress", "egress", "policyTypes"});
  std::string action = read_staged_action(spec.child("stagedAction"));
  if (action == "Delete") check_staged_delete(spec, {});
  CalicoPolicy p;
  p.kind = CalicoPolicyKind::StagedKubernetesNetworkPolicy;
  p.namespace_name = meta.namespace_name;
  p.name = policy_name(root, meta, form, p.kind, "default");
  p.source = meta.source;
  // Never enforced: kept for listing only. Its Kubernetes rules are not converted here (the
  // k8s -> Calico conversion is engine code); types follow networking/v1 defaulting.
  std::vector<Field> types = spec.child("policyTypes").items();
  for (const Field& t : types) {
    std::string text = t.as_string();
    if (text == "Ingress") p.ingress_type = true;
    else if (text == "Egress") p.egress_type = true;
    else t.fail(fmt::format("invalid policy type \"{}\": must be Ingress or Egress", text));
  }
  if (types.empty()) {
    p.ingress_type = true;
    p.egress_type = !spec.child("egress").items().empty();
  }
  root.warn(fmt::format("staged: not enforced (StagedKubernetesNetworkPolicy {}/{})", p.namespace_name, p.name));
  out.policies.push_back(std::move(p));
}

}  // namespace

void load_calico_policy(const Field& root, CalicoForm form, CalicoPolicyKind kind, std::string_view kind_name,
                        CalicoResources& out) {
  const bool global = is_global(kind);
  CalicoMetadata meta = read_calico_metadata(root, kind_name, !global);
  const Field spec = root.child("spec");
  if (spec.present() && !spec.is_map()) spec.fail("spec must be a mapping");
  if (kind == CalicoPolicyKind::StagedKubernetesNetworkPolicy) {
    load_staged_kubernetes_policy(root, form, meta, out);
    return;
  }

  const bool staged = kind == CalicoPolicyKind::StagedNetworkPolicy || kind == CalicoPolicyKind::StagedGlobalNetworkPolicy;
  if (global) {
    reject_unknown_calico_fields(spec, {"tier", "order", "ingress", "egress", "selector", "types", "doNotTrack",
                                        "preDNAT", "applyOnForward", "serviceAccountSelector",
                                        "namespaceSelector", "performanceHints", "stagedAction"});
  } else {
    reject_unknown_calico_fields(spec, {"tier", "order", "ingress", "egress", "selector", "types",
                                        "serviceAccountSelector", "performanceHints", "stagedAction"});
  }
  if (!staged && spec.child("stagedAction").present()) {
    spec.child("stagedAction").fail("stagedAction exists only on staged policy kinds");
  }

  CalicoPolicy p;
  p.kind = kind;
  p.namespace_name = meta.namespace_name;
  if (spec.child("tier").present()) {
    const Field tier = spec.child("tier");
    p.tier = tier.as_string();
    if (p.tier.empty()) {
      p.tier = "default";  // names.TierOrDefault
    } else if (!calico_valid_resource_name(p.tier)) {
      tier.fail(fmt::format("invalid tier name \"{}\" (validator.go validateName)", p.tier));
    }
  }
  p.name = policy_name(root, meta, form, kind, p.tier);
  p.source = meta.source;
  p.source.name = global ? p.name : p.namespace_name + "/" + p.name;

  std::string staged_action = staged ? read_staged_action(spec.child("stagedAction")) : "";
  if (staged_action == "Delete") check_staged_delete(spec, {"tier"});

  if (spec.child("order").present()) p.order = read_calico_number(spec.child("order"));
  // CEL on the policy specs: global() only in an EntityRule namespaceSelector.
  p.selector = read_calico_selector(spec.child("selector"), true);
  p.service_account_selector = read_calico_selector(spec.child("serviceAccountSelector"), true);
  if (global) p.namespace_selector = read_calico_selector(spec.child("namespaceSelector"), true);
  check_performance_hints(spec.child("performanceHints"));

  const CalicoRuleOwner owner = global ? CalicoRuleOwner::GlobalNetworkPolicy : CalicoRuleOwner::NetworkPolicy;
  p.ingress = read_calico_rules(spec.child("ingress"), {form, owner, true});
  p.egress = read_calico_rules(spec.child("egress"), {form, owner, false});

  Types types = read_types(spec.child("types"), form);
  if (types.given) {
    p.ingress_type = types.ingress;
    p.egress_type = types.egress;
  } else if (form == CalicoForm::V3) {
    // api/pkg/defaults/networkpolicy.go defaultPolicyTypesField.
    p.ingress_type = p.egress.empty() || !p.ingress.empty();
    p.egress_type = !p.egress.empty();
  } else {
    // felix/calc/policy_sorter.go: no Types means Ingress and Egress.
    p.ingress_type = p.egress_type = true;
    root.warn(fmt::format("{} {} has no spec.types: in the crd.projectcalico.org/v1 form nothing defaults "
                          "them and Felix applies the policy to ingress AND egress "
                          "(felix/calc/policy_sorter.go); calicoctl would have chosen from the rules present",
                          kind_name, p.source.name));
  }

  if (global) {
    auto flag = [&](const char* key) { return spec.child(key).present() && spec.child(key).as_bool(); };
    p.do_not_track = flag("doNotTrack");
    p.pre_dnat = flag("preDNAT");
    p.apply_on_forward = flag("applyOnForward");
    // CEL rules on GlobalNetworkPolicySpec.
    if (p.do_not_track && p.pre_dnat) spec.child("preDNAT").fail("preDNAT and doNotTrack cannot both be true");
    if (p.pre_dnat && !p.egress.empty()) spec.child("egress").fail("preDNAT policy cannot have any egress rules");
    if (p.pre_dnat && types.given && types.egress) spec.child("types").fail("preDNAT policy cannot have 'Egress' type");
    if ((p.do_not_track || p.pre_dnat) && !p.apply_on_forward) {
      spec.child(p.pre_dnat ? "preDNAT" : "doNotTrack")
          .fail("applyOnForward must be true if either preDNAT or doNotTrack is true");
    }
  }

  if (p.staged()) {
    root.warn(fmt::format("staged: not enforced ({} {}{})", kind_name, p.source.name,
                          staged_action == "Set" ? "" : ", stagedAction " + staged_action));
  }
  out.policies.push_back(std::move(p));
}

}  // namespace netpol

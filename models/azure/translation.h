// NetworkPolicy -> NpmNetworkPolicy, step for step as NPM's control plane does it
// (Azure/azure-container-networking npm/pkg/controlplane/translation/translatePolicy.go and
// parseSelector.go, snapshot cbd7560), with switches for the behaviour that differs between the
// releases and operating systems this folder models.
//
// A policy NPM cannot translate comes back as a TranslationError; NPM's policy controller then
// logs it and programs nothing for the policy (controllers/v2/networkPolicyController.go
// syncNetPol returns NoOp, nil), so the policy's pods stay unrestricted: it fails open.
#pragma once

#include <string>
#include <variant>

#include "models/azure/npm_policy.h"
#include "models/cluster/policy.h"

namespace netpol::azure {

struct TranslationOptions {
  // util.IsWindowsDP(): named ports, NotIn/DoesNotExist in podSelectors, ipBlock except and SCTP
  // are errors (translatePolicy.go ErrUnsupported*), i.e. the whole policy is skipped (W1).
  bool windows = false;
  // PR #4867: ipBlock CIDRs are canonicalised before the IPv4 check and the 0.0.0.0/0 split, so
  // "10.0.0.0/0" means 0.0.0.0/0 instead of failing the policy.
  bool canonical_cidrs = false;
  // PR #4866: a multi-value NotIn in a namespaceSelector stays one conjunction instead of being
  // flattened into OR'ed single-value selectors (L4).
  bool notin_conjunction = false;
  // PR #4868: a namespaceSelector made only of negative requirements is intersected with the
  // all-namespaces list, so it no longer matches off-cluster addresses (L3).
  bool anchor_negative_namespace_selectors = false;
};

struct TranslationError {
  std::string error;     // NPM's error variable, e.g. "ErrUnsupportedIPAddress"
  std::string message;   // what was rejected, in words
  std::string field;     // field path in the NetworkPolicy
  std::string source;    // upstream file (and function) that rejects it
};

using TranslationResult = std::variant<NpmNetworkPolicy, TranslationError>;

TranslationResult translate_policy(const NetworkPolicy& policy, const TranslationOptions& options);

// parseSelector.go isValidLabelValue: empty, or alphanumerics with '-', '_', '.' inside (no
// length limit: NPM checks the characters only).
bool npm_valid_label_value(const std::string& value);

}  // namespace netpol::azure

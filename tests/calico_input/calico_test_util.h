// Helpers for the Calico input tests: load a YAML text as the file "calico.yaml" and capture
// the InputError a rejected text raises.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "models/cluster/source.h"
#include "models/loader/loader.h"

namespace netpol::testing {

inline LoadResult load_calico(std::string_view yaml) { return load_text(yaml, "calico.yaml"); }

struct Rejection {
  bool rejected = false;
  std::string field;    // InputError::field()
  std::string message;  // InputError::message()
  std::string what;     // the full text the CLI prints
  SourceLocation location;
};

// Loads `yaml` expecting an InputError; records a test failure when it loads.
inline Rejection reject_calico(std::string_view yaml) {
  Rejection r;
  try {
    load_calico(yaml);
    ADD_FAILURE() << "expected an InputError for:\n" << yaml;
  } catch (const InputError& e) {
    r.rejected = true;
    r.field = e.field();
    r.message = e.message();
    r.what = e.what();
    r.location = e.location();
  }
  return r;
}

// True when `message` is `expected`, possibly after the loader's "<Kind> <name>: " prefix.
inline bool message_is(const std::string& message, std::string_view expected) {
  return message.size() >= expected.size() &&
         message.compare(message.size() - expected.size(), expected.size(), expected) == 0 &&
         (message.size() == expected.size() || message.compare(message.size() - expected.size() - 2, 2, ": ") == 0);
}

// True when some warning's message contains `text`.
inline bool has_warning(const LoadResult& result, std::string_view text) {
  for (const auto& d : result.warnings)
    if (d.message.find(text) != std::string::npos) return true;
  return false;
}

// A GlobalNetworkPolicy (projectcalico.org/v3) whose spec holds `spec_body`, given as YAML flow
// mappings after "spec:" keys, e.g. "ingress: [{action: Allow}]".
inline std::string gnp(std::string_view spec_body, std::string_view name = "p") {
  return "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: " +
         std::string(name) + "\nspec:\n  " + std::string(spec_body) + "\n";
}

// A GlobalNetworkPolicy with one ingress rule written as a flow mapping.
inline std::string gnp_ingress_rule(std::string_view rule) {
  return gnp("ingress: [" + std::string(rule) + "]");
}

}  // namespace netpol::testing

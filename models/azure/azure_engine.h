// The `azure` engines: Azure Network Policy Manager (NPM v2) as implemented, per release and OS.
// Source: Azure/azure-container-networking npm/ (snapshot cbd7560, 2026-08-20) and the
// September 2026 fix PRs #4866, #4867, #4868. Research notes: shared/reference/azure-npm.md.
//
// compile() translates every NetworkPolicy as NPM's control plane does (translation.h), programs
// the result into a model of the node dataplane -- iptables chains and ipsets on Linux
// (iptables.h, ipset_state.h), HNS ACLs on Windows (hns.h) -- and appends a Diagnostic for every
// policy NPM would not apply. Verdicts come from walking packets through that dataplane along
// the path the kernel would take (packet_path.h); no verdict is special-cased per deviation.
#pragma once

#include <memory>

#include "models/cluster/engine.h"

namespace netpol {

namespace azure {

enum class Variant {
  Linux,        // "azure": Linux with PRs #4866, #4867, #4868
  LinuxLegacy,  // "azure-legacy": Linux before them
  Windows,      // "azure-windows": Windows Server 2022, as released before PR #4866
};

}  // namespace azure

std::unique_ptr<Engine> make_azure_engine(azure::Variant variant);

}  // namespace netpol

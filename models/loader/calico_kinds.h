// The loader's door for Calico resources. The generic loader calls this for every document
// whose apiVersion is `projectcalico.org/v3` or `crd.projectcalico.org/v1`; the Calico work
// (issue 4) implements it. Returns false when the kind is not one it knows (the loader then
// warns and skips), true when it was read into `cluster.calico`. Throws InputError when invalid.
#pragma once

#include <string_view>

#include "models/cluster/cluster.h"
#include "models/loader/yaml_reader.h"

namespace netpol {

bool load_calico_document(const Field& root, std::string_view api_version, std::string_view kind,
                          Cluster& cluster);

// Called once after every document is read: cross-object checks and sorting of Calico
// resources. Throws InputError.
void finalize_calico(Cluster& cluster, Diagnostics& warnings);

}  // namespace netpol

#include "models/loader/calico_kinds.h"

namespace netpol {

// Placeholder until the Calico kinds land: nothing is recognised, so the loader warns and skips.
bool load_calico_document(const Field&, std::string_view, std::string_view, Cluster&) { return false; }

void finalize_calico(Cluster&, Diagnostics&) {}

}  // namespace netpol

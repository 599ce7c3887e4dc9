#include "cli/app.h"

namespace netpol {

int run_cli(int, char**, std::ostream&, std::ostream& err) {
  err << "netpol-diff: not built yet\n";
  return 2;
}

}  // namespace netpol

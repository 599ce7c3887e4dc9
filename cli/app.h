// The netpol-diff command line. run_cli() is main() minus the process: it takes arguments and
// streams, returns the exit code (0 done, 1 divergence found where a command says so, 2 bad
// input or usage), and never throws.
#pragma once

#include <iostream>

namespace netpol {

int run_cli(int argc, char** argv, std::ostream& out = std::cout, std::ostream& err = std::cerr);

}  // namespace netpol

#include "cli/app.h"

int main(int argc, char** argv) { return netpol::run_cli(argc, argv); }

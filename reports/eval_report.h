// Writers for `netpol-diff eval`: one engine's verdict on every flow.
//
// All writers are deterministic: endpoints in universe order, probes in sorted order, and for
// every probe every ordered pair of endpoints (self-pairs included).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "models/cluster/universe.h"
#include "models/cluster/verdict.h"

namespace netpol {

enum class EvalFormat { Table, Json, Csv };

// "table", "json", "csv" -> format; nullopt otherwise.
std::optional<EvalFormat> parse_eval_format(std::string_view text);

struct EvalReport {
  std::string engine;
  const Universe& universe;
  const VerdictMatrix& matrix;
};

// {"engine": E, "probes": ["TCP/80", ...], "flows": [{"src", "dst", "protocol", "port",
// "verdict"}, ...]}, streamed one flow per line so that millions of flows need no DOM.
void write_eval_json(std::ostream& out, const EvalReport& report);

// Header "src,dst,protocol,port,verdict", then one row per flow (RFC 4180 quoting).
void write_eval_csv(std::ostream& out, const EvalReport& report);

// A truth table per probe, as the upstream e2e suite prints them: rows are sources, columns
// destinations (numbered, with a legend), '.' allow and 'X' deny, then a per-probe count.
void write_eval_table(std::ostream& out, const EvalReport& report);

void write_eval(std::ostream& out, EvalFormat format, const EvalReport& report);

}  // namespace netpol

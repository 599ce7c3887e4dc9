// Upstream e2e truth tables (kubernetes/kubernetes test/e2e/network/netpol/truthtable.go) as
// data: which pod may reach which, for one probe.
//
// Text form, as upstream's TruthTable.PrettyPrint prints it (whitespace-separated here):
//   -    x/a x/b
//   x/a  X   .
//   x/b  .   .
// Rows are sources ("from"), columns destinations ("to"); "." allowed, "X" denied.
//
// Invariants of a parsed table: square; row labels equal the column labels in the same order;
// labels unique and non-empty.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace netpol::e2e {

struct TruthTable {
  std::vector<std::string> pods;           // "ns/pod", in header order
  std::vector<std::vector<bool>> allowed;  // allowed[from][to]

  // The table in the text form above, columns padded to line up.
  std::string render() const;
};

// Parses the text form. Throws std::invalid_argument naming the line and what is wrong.
TruthTable parse_truth_table(std::string_view text);

// One cell where two tables over the same pods disagree.
struct CellDiff {
  std::string from, to;
  bool expected = false, actual = false;
  std::string describe() const;  // "x/a -> y/b: expected allow (.), got deny (X)"
};

// Cells of `expected` and `actual` (same pods, same order) that differ, self-pairs skipped
// when `ignore_self` (upstream's ignoreLoopback). Row-major order, so output is stable.
// Throws std::invalid_argument when the tables are not over the same pods.
std::vector<CellDiff> diff_tables(const TruthTable& expected, const TruthTable& actual,
                                  bool ignore_self);

}  // namespace netpol::e2e

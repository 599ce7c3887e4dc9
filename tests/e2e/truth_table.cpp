#include "tests/e2e/truth_table.h"

#include <fmt/format.h>

#include <set>
#include <sstream>
#include <stdexcept>

namespace netpol::e2e {
namespace {

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

}  // namespace

std::string TruthTable::render() const {
  std::size_t width = 3;
  for (const auto& p : pods) width = std::max(width, p.size());
  std::string out = fmt::format("{:<{}}", "-", width + 2);
  for (std::size_t i = 0; i < pods.size(); ++i)
    out += i + 1 < pods.size() ? fmt::format("{:<{}}", pods[i], width + 1) : pods[i];
  out += '\n';
  for (std::size_t f = 0; f < pods.size(); ++f) {
    std::string line = fmt::format("{:<{}}", pods[f], width + 2);
    for (std::size_t t = 0; t < pods.size(); ++t) {
      const char* mark = allowed[f][t] ? "." : "X";
      line += t + 1 < pods.size() ? fmt::format("{:<{}}", mark, width + 1) : mark;
    }
    out += line + '\n';
  }
  return out;
}

TruthTable parse_truth_table(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    auto words = split_words(line);
    if (!words.empty()) rows.push_back(std::move(words));
  }
  if (rows.empty()) throw std::invalid_argument("truth table is empty");
  const auto& header = rows.front();
  if (header.front() != "-")
    throw std::invalid_argument(fmt::format("line 1: header must start with '-', got '{}'", header.front()));
  TruthTable table;
  table.pods.assign(header.begin() + 1, header.end());
  if (table.pods.empty()) throw std::invalid_argument("line 1: header names no pod");
  std::set<std::string> seen;
  for (const auto& p : table.pods)
    if (!seen.insert(p).second) throw std::invalid_argument(fmt::format("line 1: pod '{}' listed twice", p));
  if (rows.size() != table.pods.size() + 1)
    throw std::invalid_argument(fmt::format("{} pods in the header but {} rows", table.pods.size(), rows.size() - 1));
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const std::string& want = table.pods[r - 1];
    if (row.front() != want)
      throw std::invalid_argument(fmt::format("row {}: label '{}' where '{}' was expected", r, row.front(), want));
    if (row.size() != table.pods.size() + 1)
      throw std::invalid_argument(fmt::format("row {} ({}): {} cells, expected {}", r, want, row.size() - 1, table.pods.size()));
    std::vector<bool> cells;
    for (std::size_t c = 1; c < row.size(); ++c) {
      if (row[c] == ".") cells.push_back(true);
      else if (row[c] == "X") cells.push_back(false);
      else throw std::invalid_argument(fmt::format("row {} ({}): cell '{}' is neither '.' nor 'X'", r, want, row[c]));
    }
    table.allowed.push_back(std::move(cells));
  }
  return table;
}

std::string CellDiff::describe() const {
  auto word = [](bool allow) { return allow ? "allow (.)" : "deny (X)"; };
  return fmt::format("{} -> {}: expected {}, got {}", from, to, word(expected), word(actual));
}

std::vector<CellDiff> diff_tables(const TruthTable& expected, const TruthTable& actual, bool ignore_self) {
  if (expected.pods != actual.pods)
    throw std::invalid_argument(fmt::format("tables over different pods: [{}] vs [{}]",
                                            fmt::join(expected.pods, " "), fmt::join(actual.pods, " ")));
  std::vector<CellDiff> diffs;
  for (std::size_t f = 0; f < expected.pods.size(); ++f)
    for (std::size_t t = 0; t < expected.pods.size(); ++t) {
      if (ignore_self && f == t) continue;
      if (expected.allowed[f][t] != actual.allowed[f][t])
        diffs.push_back({expected.pods[f], expected.pods[t], expected.allowed[f][t], actual.allowed[f][t]});
    }
  return diffs;
}

}  // namespace netpol::e2e

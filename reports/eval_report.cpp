#include "reports/eval_report.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <nlohmann/json.hpp>

namespace netpol {

std::optional<EvalFormat> parse_eval_format(std::string_view text) {
  if (text == "table") return EvalFormat::Table;
  if (text == "json") return EvalFormat::Json;
  if (text == "csv") return EvalFormat::Csv;
  return std::nullopt;
}

void write_eval_json(std::ostream& out, const EvalReport& report) {
  const auto& eps = report.universe.endpoints;
  const auto& probes = report.universe.probes;
  nlohmann::ordered_json probe_list = nlohmann::ordered_json::array();
  for (const auto& p : probes) probe_list.push_back(p.to_string());
  out << "{\"engine\": " << nlohmann::json(report.engine).dump() << ",\n \"probes\": " << probe_list.dump()
      << ",\n \"flows\": [";
  // Endpoint ids are escaped once, not once per flow.
  std::vector<std::string> ids;
  ids.reserve(eps.size());
  for (const auto& e : eps) ids.push_back(nlohmann::json(e.id).dump());
  bool first = true;
  for (std::size_t pi = 0; pi < probes.size(); ++pi) {
    const std::string proto = nlohmann::json(std::string(to_string(probes[pi].protocol))).dump();
    for (std::size_t s = 0; s < eps.size(); ++s) {
      for (std::size_t d = 0; d < eps.size(); ++d) {
        out << (first ? "\n  " : ",\n  ");
        first = false;
        out << "{\"src\": " << ids[s] << ", \"dst\": " << ids[d] << ", \"protocol\": " << proto
            << ", \"port\": " << probes[pi].port << ", \"verdict\": \""
            << to_string(report.matrix.allowed(pi, s, d) ? Verdict::Allow : Verdict::Deny) << "\"}";
      }
    }
  }
  out << (first ? "]}\n" : "\n ]}\n");
}

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void write_eval_csv(std::ostream& out, const EvalReport& report) {
  const auto& eps = report.universe.endpoints;
  const auto& probes = report.universe.probes;
  out << "src,dst,protocol,port,verdict\n";
  std::vector<std::string> ids;
  for (const auto& e : eps) ids.push_back(csv_field(e.id));
  for (std::size_t pi = 0; pi < probes.size(); ++pi)
    for (std::size_t s = 0; s < eps.size(); ++s)
      for (std::size_t d = 0; d < eps.size(); ++d)
        out << ids[s] << ',' << ids[d] << ',' << to_string(probes[pi].protocol) << ',' << probes[pi].port << ','
            << to_string(report.matrix.allowed(pi, s, d) ? Verdict::Allow : Verdict::Deny) << '\n';
}

void write_eval_table(std::ostream& out, const EvalReport& report) {
  const auto& eps = report.universe.endpoints;
  const auto& probes = report.universe.probes;
  std::size_t id_width = 4;
  for (const auto& e : eps) id_width = std::max(id_width, e.id.size());
  const std::size_t n = eps.size();
  const std::size_t col_width = fmt::format("{}", n == 0 ? 0 : n - 1).size();

  fmt::print(out, "engine: {}\nendpoints (columns by number):\n", report.engine);
  for (std::size_t i = 0; i < n; ++i) fmt::print(out, "  {:>{}}  {}\n", i, col_width, eps[i].id);
  for (std::size_t pi = 0; pi < probes.size(); ++pi) {
    fmt::print(out, "\nprobe {}  (rows: from, columns: to; '.' allow, 'X' deny)\n", probes[pi].to_string());
    // Column numbers written vertically, one digit per line, so each column is one character.
    for (std::size_t digit = 0; digit < col_width; ++digit) {
      std::string line(id_width + 1, ' ');
      for (std::size_t d = 0; d < n; ++d) {
        std::string num = fmt::format("{:>{}}", d, col_width);
        line += num[digit];
        line += ' ';
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << '\n';
    }
    std::size_t allowed = 0;
    for (std::size_t s = 0; s < n; ++s) {
      std::string line = fmt::format("{:<{}} ", eps[s].id, id_width);
      for (std::size_t d = 0; d < n; ++d) {
        bool a = report.matrix.allowed(pi, s, d);
        allowed += a;
        line += a ? '.' : 'X';
        line += ' ';
      }
      line.pop_back();
      out << line << '\n';
    }
    fmt::print(out, "{} of {} flows allowed\n", allowed, n * n);
  }
}

void write_eval(std::ostream& out, EvalFormat format, const EvalReport& report) {
  switch (format) {
    case EvalFormat::Table: write_eval_table(out, report); break;
    case EvalFormat::Json: write_eval_json(out, report); break;
    case EvalFormat::Csv: write_eval_csv(out, report); break;
  }
}

}  // namespace netpol

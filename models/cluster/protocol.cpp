#include "models/cluster/protocol.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace netpol {

std::string_view to_string(Protocol p) {
  switch (p) {
    case Protocol::TCP: return "TCP";
    case Protocol::UDP: return "UDP";
    case Protocol::SCTP: return "SCTP";
  }
  return "TCP";
}

std::optional<Protocol> parse_protocol(std::string_view text) {
  if (text == "TCP") return Protocol::TCP;
  if (text == "UDP") return Protocol::UDP;
  if (text == "SCTP") return Protocol::SCTP;
  return std::nullopt;
}

std::string Probe::to_string() const { return std::string(netpol::to_string(protocol)) + "/" + std::to_string(port); }

std::optional<Probe> Probe::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string proto(text.substr(0, slash));
  std::transform(proto.begin(), proto.end(), proto.begin(), [](unsigned char c) { return std::toupper(c); });
  auto p = parse_protocol(proto);
  if (!p) return std::nullopt;
  std::string_view num = text.substr(slash + 1);
  int port = 0;
  auto [ptr, ec] = std::from_chars(num.data(), num.data() + num.size(), port);
  if (num.empty() || ec != std::errc{} || ptr != num.data() + num.size()) return std::nullopt;
  if (port < 1 || port > 65535) return std::nullopt;
  return Probe{*p, port};
}

}  // namespace netpol

// Transport protocols that flows and Kubernetes ports carry, and the probe (protocol, port).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netpol {

// The protocols a Kubernetes NetworkPolicyPort may name (networking/v1 types.go). Flows are
// probed on these three only; Calico's ICMP and other protocols live in its own rule types.
enum class Protocol : std::uint8_t { TCP, UDP, SCTP };

inline constexpr Protocol kAllProtocols[] = {Protocol::TCP, Protocol::UDP, Protocol::SCTP};

std::string_view to_string(Protocol p);
// Exact, case-sensitive ("TCP", "UDP", "SCTP"), as the API server validates.
std::optional<Protocol> parse_protocol(std::string_view text);

// One probe of the flow matrix: a protocol and a destination port (1..65535).
struct Probe {
  Protocol protocol = Protocol::TCP;
  int port = 80;

  // "TCP/80"
  std::string to_string() const;
  // Parses "PROTO/PORT" (PROTO case-insensitive, as users type it). nullopt when malformed.
  static std::optional<Probe> parse(std::string_view text);

  auto operator<=>(const Probe&) const = default;
  bool operator==(const Probe&) const = default;
};

}  // namespace netpol

// IP addresses and CIDR blocks, IPv4 and IPv6, as plain values.
//
// Invariants:
//  - An IpAddress holds its family and its value; an IPv4 address uses the low 32 bits.
//  - A Cidr keeps the address exactly as written (host bits may be set: Kubernetes accepts
//    "10.0.0.1/8" in old objects) plus its prefix length; `network()` masks the host bits.
//  - Ordering is (family, value), so sorted containers of addresses are deterministic.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netpol {

using uint128 = unsigned __int128;

enum class IpFamily : std::uint8_t { V4, V6 };

struct IpAddress {
  IpFamily family = IpFamily::V4;
  uint128 value = 0;

  // Parses dotted-quad IPv4 or RFC 4291 IPv6 text ("::" compression, embedded IPv4 tail).
  // Returns nullopt for anything else (leading zeros in IPv4 octets are rejected, as Go's
  // net.ParseIP does since Go 1.17).
  static std::optional<IpAddress> parse(std::string_view text);
  static IpAddress v4(std::uint32_t value) { return {IpFamily::V4, value}; }

  // Canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run compressed).
  std::string to_string() const;
  // Number of bits of the family: 32 or 128.
  int bits() const { return family == IpFamily::V4 ? 32 : 128; }

  auto operator<=>(const IpAddress&) const = default;
  bool operator==(const IpAddress&) const = default;
};

struct Cidr {
  IpAddress address;  // as written
  int prefix = 0;

  // Parses "ADDR/LEN". Returns nullopt when either part is malformed or LEN exceeds the family.
  static std::optional<Cidr> parse(std::string_view text);
  // A /32 (or /128) holding one address.
  static Cidr host(const IpAddress& a) { return {a, a.bits()}; }

  IpFamily family() const { return address.family; }
  // The address with host bits cleared.
  IpAddress network() const;
  // Last address of the block.
  IpAddress last() const;
  // True when no host bit is set ("10.0.0.0/8" yes, "10.0.0.1/8" no).
  bool canonical() const { return network() == address; }
  // True when `a` is of the same family and inside the block.
  bool contains(const IpAddress& a) const;
  // True when every address of `other` is inside this block (same family).
  bool contains(const Cidr& other) const;
  // "ADDR/LEN" with the address as written.
  std::string to_string() const;

  auto operator<=>(const Cidr&) const = default;
  bool operator==(const Cidr&) const = default;
};

}  // namespace netpol

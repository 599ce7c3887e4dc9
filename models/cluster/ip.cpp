#include "models/cluster/ip.h"

#include <array>
#include <charconv>
#include <vector>

namespace netpol {
namespace {

std::optional<std::uint32_t> parse_v4(std::string_view s) {
  std::uint32_t out = 0;
  int parts = 0;
  std::size_t pos = 0;
  while (parts < 4) {
    std::size_t end = s.find('.', pos);
    std::string_view part = s.substr(pos, end == std::string_view::npos ? s.size() - pos : end - pos);
    if (part.empty() || part.size() > 3) return std::nullopt;
    if (part.size() > 1 && part[0] == '0') return std::nullopt;
    unsigned v = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > 255) return std::nullopt;
    out = (out << 8) | v;
    ++parts;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  if (parts != 4 || pos > s.size()) return std::nullopt;
  // Reject trailing dots or a fifth part.
  std::size_t dots = 0;
  for (char c : s) dots += (c == '.');
  if (dots != 3) return std::nullopt;
  return out;
}

std::optional<uint128> parse_v6(std::string_view s) {
  // Split on "::" at most once.
  std::size_t dc = s.find("::");
  if (dc != std::string_view::npos && s.find("::", dc + 1) != std::string_view::npos) return std::nullopt;
  auto parse_groups = [](std::string_view part, std::vector<std::uint16_t>& groups, bool allow_v4_tail) -> bool {
    if (part.empty()) return true;
    std::size_t pos = 0;
    while (true) {
      std::size_t end = part.find(':', pos);
      std::string_view g = part.substr(pos, end == std::string_view::npos ? part.size() - pos : end - pos);
      if (end == std::string_view::npos && allow_v4_tail && g.find('.') != std::string_view::npos) {
        auto v4 = parse_v4(g);
        if (!v4) return false;
        groups.push_back(static_cast<std::uint16_t>(*v4 >> 16));
        groups.push_back(static_cast<std::uint16_t>(*v4 & 0xffff));
        return true;
      }
      if (g.empty() || g.size() > 4) return false;
      unsigned v = 0;
      for (char c : g) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return false;
        v = v * 16 + static_cast<unsigned>(d);
      }
      groups.push_back(static_cast<std::uint16_t>(v));
      if (end == std::string_view::npos) return true;
      pos = end + 1;
    }
  };
  std::vector<std::uint16_t> head, tail;
  if (dc == std::string_view::npos) {
    if (!parse_groups(s, head, true) || head.size() != 8) return std::nullopt;
  } else {
    if (!parse_groups(s.substr(0, dc), head, false)) return std::nullopt;
    if (!parse_groups(s.substr(dc + 2), tail, true)) return std::nullopt;
    if (head.size() + tail.size() > 7) return std::nullopt;
    head.resize(8 - tail.size(), 0);
    head.insert(head.end(), tail.begin(), tail.end());
  }
  uint128 v = 0;
  for (auto g : head) v = (v << 16) | g;
  return v;
}

uint128 mask_for(int bits, int prefix) {
  if (prefix <= 0) return 0;
  uint128 all = bits == 32 ? uint128{0xffffffffu} : ~uint128{0};
  return (all << (bits - prefix)) & all;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) {
    auto v = parse_v6(text);
    if (!v) return std::nullopt;
    return IpAddress{IpFamily::V6, *v};
  }
  auto v = parse_v4(text);
  if (!v) return std::nullopt;
  return IpAddress{IpFamily::V4, *v};
}

std::string IpAddress::to_string() const {
  if (family == IpFamily::V4) {
    auto v = static_cast<std::uint32_t>(value);
    return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." +
           std::to_string((v >> 8) & 255) + "." + std::to_string(v & 255);
  }
  std::array<std::uint16_t, 8> g{};
  for (int i = 0; i < 8; ++i) g[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(value >> (16 * (7 - i)));
  // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on ties.
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[static_cast<std::size_t>(i)] != 0) { ++i; continue; }
    int j = i;
    while (j < 8 && g[static_cast<std::size_t>(j)] == 0) ++j;
    if (j - i > best_len && j - i >= 2) { best = i; best_len = j - i; }
    i = j;
  }
  static const char* hex = "0123456789abcdef";
  auto group = [&](std::uint16_t v) {
    std::string s;
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (v >> shift) & 15;
      if (d || started || shift == 0) { s += hex[d]; started = true; }
    }
    return s;
  };
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    out += group(g[static_cast<std::size_t>(i)]);
  }
  return out;
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto addr = IpAddress::parse(text.substr(0, slash));
  if (!addr) return std::nullopt;
  std::string_view len = text.substr(slash + 1);
  if (len.empty() || len.size() > 3) return std::nullopt;
  if (len.size() > 1 && len[0] == '0') return std::nullopt;
  int prefix = 0;
  auto [p, ec] = std::from_chars(len.data(), len.data() + len.size(), prefix);
  if (ec != std::errc{} || p != len.data() + len.size()) return std::nullopt;
  if (prefix < 0 || prefix > addr->bits()) return std::nullopt;
  return Cidr{*addr, prefix};
}

IpAddress Cidr::network() const {
  return IpAddress{address.family, address.value & mask_for(address.bits(), prefix)};
}

IpAddress Cidr::last() const {
  uint128 all = address.bits() == 32 ? uint128{0xffffffffu} : ~uint128{0};
  return IpAddress{address.family, network().value | (all & ~mask_for(address.bits(), prefix))};
}

bool Cidr::contains(const IpAddress& a) const {
  if (a.family != address.family) return false;
  uint128 m = mask_for(address.bits(), prefix);
  return (a.value & m) == (address.value & m);
}

bool Cidr::contains(const Cidr& other) const {
  return other.family() == family() && other.prefix >= prefix && contains(other.address);
}

std::string Cidr::to_string() const { return address.to_string() + "/" + std::to_string(prefix); }

}  // namespace netpol

// ip.h: parsing and printing of IPv4/IPv6 addresses and CIDRs. Rules followed: dotted quad without
// leading zeros (Go net.ParseIP since Go 1.17, which the API server validates with), RFC 4291
// IPv6 text forms, RFC 5952 canonical IPv6 output.
#include <gtest/gtest.h>

#include "models/cluster/ip.h"

namespace netpol {
namespace {

std::string round_trip(std::string_view text) {
  auto a = IpAddress::parse(text);
  return a ? a->to_string() : "<invalid>";
}

TEST(IpAddress, ParsesAndPrintsIpv4) {
  EXPECT_EQ(round_trip("10.244.1.2"), "10.244.1.2");
  EXPECT_EQ(round_trip("0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(round_trip("255.255.255.255"), "255.255.255.255");
  auto a = IpAddress::parse("10.0.0.1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->family, IpFamily::V4);
  EXPECT_EQ(a->value, uint128{0x0a000001u});
  EXPECT_EQ(a->bits(), 32);
}

TEST(IpAddress, RejectsMalformedIpv4) {
  for (const char* bad : {"10.0.0", "10.0.0.1.", "10.0.0.256", "010.0.0.1", "10.0.0.-1", "a.b.c.d", "", "1..2.3",
                          "10.0.0.1/8", " 10.0.0.1"})
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
}

TEST(IpAddress, ParsesAndPrintsIpv6Canonically) {
  EXPECT_EQ(round_trip("::"), "::");
  EXPECT_EQ(round_trip("::1"), "::1");
  EXPECT_EQ(round_trip("FD00:0:0:0:0:0:0:1"), "fd00::1");
  EXPECT_EQ(round_trip("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");  // first longest run
  EXPECT_EQ(round_trip("2001:0db8:0000:0001:0000:0000:0000:0001"), "2001:db8:0:1::1");
  EXPECT_EQ(round_trip("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");  // a single zero group stays
  EXPECT_EQ(round_trip("::ffff:10.0.0.1"), "::ffff:a00:1");
  auto a = IpAddress::parse("::1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->family, IpFamily::V6);
  EXPECT_EQ(a->bits(), 128);
}

TEST(IpAddress, RejectsMalformedIpv6) {
  for (const char* bad : {":::", "1::2::3", "12345::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "g::1", "::1.2.3",
                          "1:2:3:4:5:6:7::8"})
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
}

TEST(IpAddress, OrdersByFamilyThenValue) {
  EXPECT_LT(*IpAddress::parse("255.255.255.255"), *IpAddress::parse("::"));
  EXPECT_LT(*IpAddress::parse("10.0.0.1"), *IpAddress::parse("10.0.0.2"));
}

TEST(Cidr, ParsesKeepsAddressAsWritten) {
  auto c = Cidr::parse("10.0.0.1/8");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->to_string(), "10.0.0.1/8");
  EXPECT_FALSE(c->canonical());
  EXPECT_EQ(c->network().to_string(), "10.0.0.0");
  EXPECT_EQ(c->last().to_string(), "10.255.255.255");
  EXPECT_TRUE(Cidr::parse("10.0.0.0/8")->canonical());
  EXPECT_EQ(Cidr::parse("0.0.0.0/0")->last().to_string(), "255.255.255.255");
  EXPECT_EQ(Cidr::parse("fd00::/8")->last().to_string(), "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  EXPECT_EQ(Cidr::parse("::/0")->last().to_string(), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  EXPECT_EQ(Cidr::host(*IpAddress::parse("fd00::1")).to_string(), "fd00::1/128");
}

TEST(Cidr, RejectsMalformed) {
  for (const char* bad : {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "fd00::/129",
                          "10.0.0/8", "10.0.0.0/8/8", "10.0.0.0/a"})
    EXPECT_FALSE(Cidr::parse(bad)) << bad;
}

TEST(Cidr, ContainsSameFamilyOnly) {
  const Cidr c = *Cidr::parse("10.244.0.0/16");
  EXPECT_TRUE(c.contains(*IpAddress::parse("10.244.255.1")));
  EXPECT_FALSE(c.contains(*IpAddress::parse("10.245.0.0")));
  EXPECT_FALSE(c.contains(*IpAddress::parse("::af4:0")));
  EXPECT_FALSE(Cidr::parse("::/0")->contains(*IpAddress::parse("10.0.0.1")));
  EXPECT_FALSE(Cidr::parse("0.0.0.0/0")->contains(*IpAddress::parse("::ffff:10.0.0.1")));
  EXPECT_TRUE(c.contains(*Cidr::parse("10.244.1.0/24")));
  EXPECT_FALSE(Cidr::parse("10.244.1.0/24")->contains(c));
  EXPECT_TRUE(Cidr::parse("10.0.0.1/8")->contains(*IpAddress::parse("10.9.9.9")));  // host bits ignored
}

}  // namespace
}  // namespace netpol

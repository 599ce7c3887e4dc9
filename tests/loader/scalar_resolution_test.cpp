// How plain YAML scalars resolve, pinned to gopkg.in/yaml.v2 resolve.go (resolveMapList and
// resolve()), the resolver sigs.k8s.io/yaml (kubectl, API server) uses.
#include <gtest/gtest.h>

#include "models/loader/yaml_reader.h"

namespace netpol {
namespace {

TEST(ScalarResolution, YamlV2ResolveMapListNullsAndBools) {
  for (const char* s : {"", "~", "null", "Null", "NULL"}) EXPECT_EQ(resolve_plain_scalar(s), ScalarType::Null) << s;
  for (const char* s : {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE", "n", "N", "no", "No",
                        "NO", "off", "Off", "OFF", "false", "False", "FALSE"})
    EXPECT_EQ(resolve_plain_scalar(s), ScalarType::Bool) << s;
  // Not in the table: mixed case stays a string.
  for (const char* s : {"yES", "tRUE", "nul", "ok"}) EXPECT_EQ(resolve_plain_scalar(s), ScalarType::String) << s;
}

TEST(ScalarResolution, YamlV2ResolveIntegersGoParseIntBase0) {
  EXPECT_EQ(resolve_plain_scalar("1"), ScalarType::Int);
  EXPECT_EQ(resolve_plain_scalar("-80"), ScalarType::Int);
  EXPECT_EQ(resolve_plain_scalar("0x50"), ScalarType::Int);
  EXPECT_EQ(resolve_plain_scalar("0o17"), ScalarType::Int);
  EXPECT_EQ(resolve_plain_scalar("0b101"), ScalarType::Int);
  EXPECT_EQ(resolve_plain_scalar("1_000"), ScalarType::Int);
  EXPECT_EQ(parse_yaml_int("0x50"), 80);
  EXPECT_EQ(parse_yaml_int("017"), 15);  // leading 0: octal, as Go's ParseInt base 0
  EXPECT_EQ(parse_yaml_int("1_000"), 1000);
  EXPECT_EQ(parse_yaml_int("99999999999999999999"), std::nullopt);  // int, but out of range
  EXPECT_EQ(resolve_plain_scalar("99999999999999999999"), ScalarType::Int);
  EXPECT_EQ(resolve_plain_scalar("08"), ScalarType::Float);  // not octal; yamlStyleFloat matches
}

TEST(ScalarResolution, YamlV2ResolveFloatsAndStrings) {
  for (const char* s : {"1.5", ".5", "-1.0", "1e+3", ".inf", "-.Inf", ".NaN"})
    EXPECT_EQ(resolve_plain_scalar(s), ScalarType::Float) << s;
  for (const char* s : {"web", "1.2.3", "10.0.0.1", "10.0.0.0/8", "v1", "1a", "-", "http", "2024-01-01x"})
    EXPECT_EQ(resolve_plain_scalar(s), ScalarType::String) << s;
}

}  // namespace
}  // namespace netpol

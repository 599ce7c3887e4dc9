// Release handling: which versions the engine accepts and the built-in tiers of each, as
// libcalico-go/lib/clientv3/client.go creates them at v3.28.0 .. v3.32.0.
#include <gtest/gtest.h>

#include "models/calico/calico_engine.h"
#include "models/calico/version.h"

namespace netpol::calico {
namespace {

std::vector<std::string> tier_names(int minor) {
  std::vector<std::string> names;
  for (const auto& t : builtin_tiers(CalicoVersion{minor})) names.push_back(t.name);
  std::sort(names.begin(), names.end());
  return names;
}

TEST(CalicoVersion, ParsesSupportedReleasesOnly) {
  EXPECT_EQ(CalicoVersion::parse("3.32")->minor, 32);
  EXPECT_EQ(CalicoVersion::parse("v3.30.2")->minor, 30);
  EXPECT_FALSE(CalicoVersion::parse("3.27"));
  EXPECT_FALSE(CalicoVersion::parse("3.33"));
  EXPECT_FALSE(CalicoVersion::parse("3.3x"));
  EXPECT_THROW(make_calico_engine("2.6"), UsageError);
  EXPECT_EQ(make_calico_engine("3.29")->name(), "calico");
}

TEST(CalicoVersion, BuiltinTiersPerRelease) {
  EXPECT_EQ(tier_names(28), (std::vector<std::string>{"default"}));
  EXPECT_EQ(tier_names(29), (std::vector<std::string>{"adminnetworkpolicy", "default"}));
  EXPECT_EQ(tier_names(30), (std::vector<std::string>{"adminnetworkpolicy", "baselineadminnetworkpolicy", "default"}));
  EXPECT_EQ(tier_names(31), (std::vector<std::string>{"adminnetworkpolicy", "baselineadminnetworkpolicy", "default"}));
  EXPECT_EQ(tier_names(32), (std::vector<std::string>{"default", "kube-admin", "kube-baseline"}));
  for (const auto& t : builtin_tiers(CalicoVersion{32})) {
    if (t.name == "default") EXPECT_EQ(t.default_action, CalicoAction::Deny);
    else EXPECT_EQ(t.default_action, CalicoAction::Pass);
  }
}

}  // namespace
}  // namespace netpol::calico

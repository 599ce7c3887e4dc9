#include "models/calico/version.h"

#include <charconv>

#include <fmt/format.h>

namespace netpol::calico {

std::optional<CalicoVersion> CalicoVersion::parse(std::string_view text) {
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
  if (!text.starts_with("3.")) return std::nullopt;
  text.remove_prefix(2);
  int minor = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), minor);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  std::string_view rest(end, text.data() + text.size() - end);
  if (!rest.empty()) {  // optional ".PATCH"
    if (rest.front() != '.' || rest.size() < 2) return std::nullopt;
    for (char c : rest.substr(1))
      if (c < '0' || c > '9') return std::nullopt;
  }
  if (minor < kOldest || minor > kNewest) return std::nullopt;
  return CalicoVersion{minor};
}

std::string CalicoVersion::to_string() const { return fmt::format("3.{}", minor); }

std::vector<BuiltinTier> builtin_tiers(CalicoVersion version) {
  const std::string client = fmt::format("projectcalico/calico v3.{}.0 libcalico-go/lib/clientv3/client.go", version.minor);
  std::vector<BuiltinTier> tiers;
  if (!version.has_tiers()) {
    tiers.push_back({"default", 1'000'000, CalicoAction::Deny,
                     "projectcalico/calico v3.28.0 felix/calc/policy_sorter.go (one implicit tier)"});
    return tiers;
  }
  tiers.push_back({"default", 1'000'000, CalicoAction::Deny, client + " (ensureTierExists default)"});
  if (version.minor >= 32) {
    tiers.push_back({"kube-admin", 1'000, CalicoAction::Pass, client + " (KubeAdminTierName)"});
    tiers.push_back({"kube-baseline", 10'000'000, CalicoAction::Pass, client + " (KubeBaselineTierName)"});
  } else {
    tiers.push_back({"adminnetworkpolicy", 1'000, CalicoAction::Pass, client + " (AdminNetworkPolicyTierName)"});
    if (version.minor >= 30)
      tiers.push_back({"baselineadminnetworkpolicy", 10'000'000, CalicoAction::Pass,
                       client + " (BaselineAdminNetworkPolicyTierName)"});
  }
  return tiers;
}

}  // namespace netpol::calico

#include "models/calico/calico_engine.h"

#include <fmt/format.h>

#include "models/calico/calico_evaluation.h"

namespace netpol {
namespace {

class CalicoEngine : public Engine {
 public:
  explicit CalicoEngine(calico::CalicoOptions options) : options_(options) {}
  std::string name() const override { return "calico"; }
  std::unique_ptr<Evaluation> compile(const Cluster& cluster, const Universe& universe, Diagnostics& notes) const override {
    return std::make_unique<calico::CalicoEvaluation>(cluster, universe, options_, notes);
  }

 private:
  calico::CalicoOptions options_;
};

}  // namespace

std::unique_ptr<Engine> make_calico_engine(const std::string& version, bool auto_host_endpoints) {
  auto v = calico::CalicoVersion::parse(version);
  if (!v)
    throw UsageError(fmt::format("unsupported Calico version '{}' (supported: 3.{} .. 3.{})", version,
                                 calico::CalicoVersion::kOldest, calico::CalicoVersion::kNewest));
  return std::make_unique<CalicoEngine>(calico::CalicoOptions{*v, auto_host_endpoints});
}

}  // namespace netpol

// What an engine answers: a verdict per flow, a matrix of them, and why.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/cluster/protocol.h"
#include "models/cluster/universe.h"

namespace netpol {

enum class Verdict : std::uint8_t { Deny, Allow };
inline const char* to_string(Verdict v) { return v == Verdict::Allow ? "allow" : "deny"; }

// A flow: source and destination endpoints (indexes into a Universe) and a probe.
struct Flow {
  EndpointIndex src = 0;
  EndpointIndex dst = 0;
  Probe probe;
};

// Allowed flows as bits: for each probe an N x N matrix, row = source, column = destination.
//
// Invariants: rows are padded to whole 64-bit words; padding bits are always zero.
class VerdictMatrix {
 public:
  VerdictMatrix() = default;
  VerdictMatrix(std::size_t endpoints, std::size_t probes);

  std::size_t endpoints() const { return n_; }
  std::size_t probes() const { return probes_; }
  std::size_t words_per_row() const { return words_; }

  bool allowed(std::size_t probe, EndpointIndex src, EndpointIndex dst) const {
    return (bits_[offset(probe, src) + dst / 64] >> (dst % 64)) & 1u;
  }
  void set(std::size_t probe, EndpointIndex src, EndpointIndex dst, bool allow) {
    auto& w = bits_[offset(probe, src) + dst / 64];
    const std::uint64_t bit = std::uint64_t{1} << (dst % 64);
    w = allow ? (w | bit) : (w & ~bit);
  }
  // The row of `src` for `probe`: words_per_row() words, bit d = allowed to d.
  std::uint64_t* row(std::size_t probe, EndpointIndex src) { return &bits_[offset(probe, src)]; }
  const std::uint64_t* row(std::size_t probe, EndpointIndex src) const { return &bits_[offset(probe, src)]; }

  std::size_t count_allowed() const;
  bool operator==(const VerdictMatrix&) const = default;

 private:
  std::size_t offset(std::size_t probe, EndpointIndex src) const { return (probe * n_ + src) * words_; }
  std::size_t n_ = 0, probes_ = 0, words_ = 0;
  std::vector<std::uint64_t> bits_;
};

// One step of a decision, in the words of the engine: what was consulted and what it said.
// Example (k8s): {"ingress", "x/allow-from-b", "rule 0 peer 1 matches; port TCP/80 matches",
//                 "allow", "kubernetes.io/docs/concepts/services-networking/network-policies"}.
struct DecisionStep {
  std::string stage;     // engine-specific: "egress", "ingress", "AZURE-NPM-INGRESS", "tier default", ...
  std::string subject;   // policy, chain, ACL or tier that decided; empty when a default did
  std::string detail;    // rule and match description
  std::string outcome;   // "allow", "deny", "pass", "no match", "not isolated", ...
  std::string citation;  // upstream file or document this behaviour follows
};

struct Explanation {
  Verdict verdict = Verdict::Deny;
  std::vector<DecisionStep> steps;
};

}  // namespace netpol

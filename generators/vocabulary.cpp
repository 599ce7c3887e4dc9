#include "generators/vocabulary.h"

namespace netpol::generators {

const std::vector<std::string>& namespace_names_pool() {
  static const std::vector<std::string> names = {"x", "y", "z"};
  return names;
}

const std::vector<LabelVocabulary>& pod_label_vocabulary() {
  static const std::vector<LabelVocabulary> vocabulary = {
      {"app", {"web", "db"}},
      {"tier", {"frontend", "backend"}},
      {"env", {"prod", "dev"}},
  };
  return vocabulary;
}

const std::vector<LabelVocabulary>& namespace_label_vocabulary() {
  static const std::vector<LabelVocabulary> vocabulary = {
      {"team", {"blue", "green"}},
      {"env", {"prod", "dev"}},
  };
  return vocabulary;
}

const std::vector<NamedPortVocabulary>& named_port_vocabulary() {
  // "dns" is UDP so that a policy naming it with TCP resolves to nothing: named ports match
  // name *and* protocol (networking/v1 NetworkPolicyPort docs).
  static const std::vector<NamedPortVocabulary> vocabulary = {
      {"http", Protocol::TCP, {80, 8080}},
      {"dns", Protocol::UDP, {53, 5353}},
      {"metrics", Protocol::TCP, {9090, 81}},
  };
  return vocabulary;
}

const std::vector<std::string>& policy_port_names() {
  static const std::vector<std::string> names = {"http", "dns", "metrics", "missing"};
  return names;
}

const std::vector<int>& policy_port_numbers() {
  static const std::vector<int> numbers = {80, 53, 81, 443, 5353, 8080, 9090};
  return numbers;
}

const std::vector<int>& end_port_spans() {
  static const std::vector<int> spans = {0, 1, 10, 1000};
  return spans;
}

IpAddress pod_address(int index) { return IpAddress::v4((10u << 24) | (244u << 16) | (index + 1)); }

IpAddress node_address(int index) { return IpAddress::v4((10u << 24) | (240u << 16) | (index + 1)); }

const std::vector<Cidr>& ip_block_cidrs() {
  static const std::vector<Cidr> cidrs = [] {
    std::vector<Cidr> out;
    for (const char* text : {"10.244.0.1/32", "10.244.0.2/31", "10.244.0.4/30", "10.244.0.0/29",
                             "10.244.0.0/16", "10.240.0.0/30", "10.240.0.1/32", "10.0.0.0/8",
                             "192.0.2.0/24", "192.0.2.128/25", "0.0.0.0/0"})
      out.push_back(*Cidr::parse(text));
    return out;
  }();
  return cidrs;
}

std::vector<Cidr> strict_subsets_of(const Cidr& cidr) {
  std::vector<Cidr> out;
  for (const Cidr& candidate : ip_block_cidrs())
    if (candidate.family() == cidr.family() && candidate.prefix > cidr.prefix &&
        cidr.contains(candidate.network()))
      out.push_back(candidate);
  return out;
}

}  // namespace netpol::generators

// Selector results over the cluster, computed once per (selector, label class) and kept as
// bitsets over the flow universe.
//
// A Calico selector used in a rule stands for an IP set (felix/calc/rule_scanner.go
// selectorsToIPSets; felix/labelindex): the union of the addresses of every matching
// workload endpoint, the expectedIPs of every matching host endpoint and the nets of every
// matching (Global)NetworkSet. A flow endpoint is "in" the selector when its flow address is in
// that union (an address inside any matching set's nets, or equal to an endpoint address).
// Named ports (felix/labelindex/named_port_index.go) are IP sets of (address, protocol, port)
// taken from the matching endpoints' named ports.
//
// Invariants: label classes group labelled entities (Calico endpoints and network sets) with
// identical effective labels; a selector is evaluated at most once per class; every bitset has
// one bit per universe endpoint.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/calico/bitset.h"
#include "models/calico/endpoints.h"
#include "models/calico/selector/ast.h"
#include "models/cluster/calico_resources.h"
#include "models/cluster/universe.h"

namespace netpol::calico {

class SelectorIndex {
 public:
  // `flow_address[u]` is the address universe endpoint u uses in flows (nullopt: none).
  SelectorIndex(const CalicoWorld& world, const std::vector<CalicoNetworkSet>& sets,
                std::vector<std::optional<IpAddress>> flow_address);

  std::size_t universe_size() const { return flow_address_.size(); }
  const std::optional<IpAddress>& flow_address(std::size_t u) const { return flow_address_[u]; }

  // Interns a parsed selector; equal selectors share an id.
  int intern(const selector::Selector& selector);
  const selector::Selector& selector(int id) const { return *selectors_[id].parsed; }

  // Label class of a Calico endpoint (index into CalicoWorld::endpoints).
  int endpoint_class(std::size_t endpoint) const { return endpoint_class_[endpoint]; }
  // True if selector `id` selects label class `cls`. Cached.
  bool matches_class(int id, int cls);

  // Universe endpoints whose flow address is in the IP set of selector `id`.
  const Bitset& members(int id);

  // Universe endpoints whose (flow address, probe protocol, probe port) is in the named-port IP
  // set of `port_name` over endpoints matching `selector_id` (-1: every endpoint), restricted
  // to ports of `protocol` when given (rule_scanner.go namedPortsToIPSets: the rule's protocol,
  // or any).
  Bitset named_port_members(int selector_id, const std::string& port_name, std::optional<Protocol> protocol,
                            Protocol probe_protocol, int probe_port);

  // Universe endpoints whose flow address is inside one of `nets`.
  Bitset inside(const std::vector<Cidr>& nets) const;

 private:
  struct Entry {
    std::shared_ptr<const selector::Selector> parsed;
    std::vector<std::int8_t> class_match;  // -1 unknown, 0, 1
    std::optional<Bitset> members;
  };
  struct LabelClass {
    const Labels* labels = nullptr;
    Bitset addresses;                // universe endpoints holding an address of a member
    std::vector<std::size_t> endpoints;  // Calico endpoints of the class
  };
  int class_for(const Labels& labels);

  const CalicoWorld& world_;
  std::vector<std::optional<IpAddress>> flow_address_;
  std::map<IpAddress, std::vector<std::size_t>> by_address_;
  std::vector<Labels> set_labels_;  // effective labels of the network sets
  std::vector<LabelClass> classes_;
  std::map<Labels, int> class_by_labels_;
  std::vector<int> endpoint_class_;
  std::vector<Entry> selectors_;
  std::map<std::string, int> selector_by_text_;
};

}  // namespace netpol::calico

// Selector results over the cluster, computed once per selector for every label class at once
// and kept as bitsets over the flow universe.
//
// A Calico selector used in a rule stands for an IP set (felix/calc/rule_scanner.go
// selectorsToIPSets; felix/labelindex): the union of the addresses of every matching
// workload endpoint, the expectedIPs of every matching host endpoint and the nets of every
// matching (Global)NetworkSet. A flow endpoint is "in" the selector when its flow address is in
// that union (an address inside any matching set's nets, or equal to an endpoint address).
// Named ports (felix/labelindex/named_port_index.go) are IP sets of (address, protocol, port)
// taken from the matching endpoints' named ports.
//
// Invariants: a label class is one label set of the world (shared by alike endpoints, see
// endpoints.h) or one network set's labels, so members of a class have identical effective
// labels (two classes may have equal labels too; that only costs a repeated evaluation); a
// selector's classes are computed once, each of its label terms once per distinct value of its
// label; the sets rules use (members, named ports, set algebra) have one bit per universe
// endpoint, the working sets of selector evaluation (KeyValues, classes_where) one bit per class.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/calico/bitset.h"
#include "models/calico/endpoints.h"
#include "models/calico/selector/ast.h"
#include "models/calico/selector/cache.h"
#include "models/cluster/calico_resources.h"
#include "models/cluster/universe.h"

namespace netpol::calico {

// The address each universe endpoint uses in flows: its first address (nullopt: none).
std::vector<std::optional<IpAddress>> flow_addresses(const Universe& universe);

class SelectorIndex {
 public:
  // `flow_address[u]` is the address universe endpoint u uses in flows (nullopt: none).
  SelectorIndex(const CalicoWorld& world, const std::vector<CalicoNetworkSet>& sets,
                std::vector<std::optional<IpAddress>> flow_address);

  std::size_t universe_size() const { return flow_address_.size(); }
  const std::optional<IpAddress>& flow_address(std::size_t u) const { return flow_address_[u]; }

  // Interns a parsed selector; equal selectors share an id. Taken by value: callers hand over
  // the selectors they built, which the index keeps when new.
  int intern(selector::Selector selector);
  const selector::Selector& selector(int id) const { return *selectors_[id].parsed; }

  // Label class of a Calico endpoint (index into CalicoWorld::endpoints): class k is the
  // world's label set k.
  int endpoint_class(std::size_t endpoint) const { return world_.endpoints[endpoint].label_set; }
  // True if selector `id` selects label class `cls`: the selector evaluated on that class's
  // labels alone. (The reference that selected_classes() is tested against.)
  bool matches_class(int id, int cls) const;

  // Every label class selector `id` selects, ascending: exactly the classes matches_class()
  // holds for, computed for all classes at once (classes_where). Cached.
  const std::vector<int>& selected_classes(int id);
  std::size_t class_count() const { return classes_.size(); }
  // Classes [0, endpoint_class_count()) are the world's label sets, those of Calico endpoints;
  // the rest are network sets, which are never an endpoint of a flow.
  std::size_t endpoint_class_count() const { return world_.label_sets.size(); }

  // Every set below is kept by the index, at a fixed address, for as long as it lives: rules
  // point at them instead of holding copies, and equal questions get the same object.

  // Universe endpoints whose flow address is in the IP set of selector `id`.
  const Bitset& members(int id);

  // Universe endpoints whose (flow address, probe protocol, probe port) is in the named-port IP
  // set of `port_name` over endpoints matching `selector_id` (-1: every endpoint), restricted
  // to ports of `protocol` when given (rule_scanner.go namedPortsToIPSets: the rule's protocol,
  // or any).
  const Bitset& named_port_members(int selector_id, const std::string& port_name, std::optional<Protocol> protocol,
                                   Protocol probe_protocol, int probe_port);

  // Universe endpoints whose flow address is inside one of `nets`. Cached per distinct list.
  const Bitset& inside(const std::vector<Cidr>& nets) const;

  // Set algebra over sets this index handed out (the ones above and these results), memoised by
  // the operands' addresses.
  const Bitset& intersection(const Bitset& a, const Bitset& b);
  const Bitset& set_union(const Bitset& a, const Bitset& b);
  const Bitset& complement(const Bitset& a);
  const Bitset& empty_set() const { return empty_; }

  // Parsed selector texts, shared by everything compiled against this index.
  selector::ParseCache& parse_cache() { return parse_cache_; }

  // Memo of the interned (positive, negative) selector ids of a rule side or a policy, keyed by
  // the caller's canonical text of everything the scoping reads (compiled_rule.cpp,
  // policy_set.cpp; their keys never collide). -1 = none. Lets equal rule sides and policy
  // selectors skip parsing, rewriting and printing again.
  const std::pair<int, int>* cached_side(const std::string& key) const {
    auto it = side_cache_.find(key);
    return it == side_cache_.end() ? nullptr : &it->second;
  }
  void remember_side(std::string key, std::pair<int, int> ids) { side_cache_.emplace(std::move(key), ids); }
  // A string the callers build their memo keys in (clear it first): most keys are looked up and
  // found, so building each in a fresh string would allocate for nothing. Not for nested use.
  std::string& key_buffer() { return key_buffer_; }

 private:
  struct Entry {
    std::shared_ptr<const selector::Selector> parsed;
    // Every label string in the parsed tree, by address, with its interned key id.
    std::vector<std::pair<const std::string*, int>> label_keys;
    // The key id of `label`, a label string of the parsed tree (by address). -1 for any other
    // string, which class_value() answers as absent.
    int key_of(const std::string& label) const {
      for (const auto& [address, key] : label_keys)
        if (address == &label) return key;
      return -1;
    }
    std::unique_ptr<Bitset> members;  // on the heap: its address survives selectors_ growing
    std::optional<std::vector<int>> selected;  // selected_classes()
  };
  struct LabelClass {
    const LabelLayers* labels = nullptr;
    Bitset addresses;                // universe endpoints holding an address of a member
    std::span<const std::size_t> endpoints;  // Calico endpoints of the class, ascending (in class_endpoints_)
  };
  // The id of label key `label`, interned on first sight.
  int key_id(const std::string& label);
  // The class's value of interned key `key` (nullptr: absent). One table read.
  const std::string* class_value(int cls, int key) const {
    return key >= 0 && static_cast<std::size_t>(key) < value_width_
               ? values_[static_cast<std::size_t>(cls) * value_width_ + static_cast<std::size_t>(key)]
               : nullptr;
  }
  // Fills values_: interns every label key some class carries and records each class's
  // effective value of it (the first layer holding the key, as LabelLayers::find answers).
  void build_value_table();
  // A new class for `labels`, which must outlive the index; returns its id.
  int add_class(const LabelLayers& labels);

  const CalicoWorld& world_;
  std::vector<std::optional<IpAddress>> flow_address_;
  // (flow address, universe endpoint), sorted: the endpoints inside a block are one range.
  std::vector<std::pair<IpAddress, std::size_t>> by_address_;
  // Calls f(u) for every universe endpoint u whose flow address is `ip`.
  template <class F>
  void for_address(const IpAddress& ip, F&& f) const {
    for (auto it = std::lower_bound(by_address_.begin(), by_address_.end(), std::pair{ip, std::size_t{0}});
         it != by_address_.end() && it->first == ip; ++it)
      f(it->second);
  }
  std::vector<LabelLayers> set_labels_;  // effective labels of the network sets
  std::vector<LabelClass> classes_;
  std::vector<std::size_t> class_endpoints_;  // every class's endpoints, class by class
  std::vector<Entry> selectors_;
  // Interned selectors by their tree: the key points at the entry's own tree (which never
  // moves) and carries its hash_value, computed once per intern() call.
  struct TreeKey {
    const selector::Node* tree;
    std::size_t hash;
  };
  struct TreeHash {
    std::size_t operator()(const TreeKey& k) const { return k.hash; }
  };
  struct TreeEqual {
    bool operator()(const TreeKey& a, const TreeKey& b) const { return a.hash == b.hash && *a.tree == *b.tree; }
  };
  std::unordered_map<TreeKey, int, TreeHash, TreeEqual> selector_by_tree_;
  std::unordered_map<std::string, std::pair<int, int>> side_cache_;
  std::string key_buffer_;
  selector::ParseCache parse_cache_;
  std::unordered_map<std::string, int> key_ids_;  // label keys of classes and selectors, interned
  // Per interned key, built on first use: each value some class carries it with (viewed in, and
  // pointing at, one such class's label value, which outlives the index), with the classes
  // carrying that value (one bit per class); and every class carrying the key at all.
  struct KeyValues {
    struct Value {
      const std::string* text = nullptr;
      Bitset classes;
    };
    std::unordered_map<std::string_view, Value> by_value;
    Bitset present;  // one bit per class
  };
  const KeyValues& key_values(int key);
  std::unordered_map<int, KeyValues> key_values_;
  // The classes (one bit per class) where `node`, a subtree of selector `e`, holds: && and ||
  // as intersections and unions (their operands have no side effects, so short-circuiting
  // changes nothing), ! as the complement, and each label term from the values classes carry.
  Bitset classes_where(const Entry& e, const selector::Node& node);
  std::vector<const std::string*> keys_;
  // [class * value_width_ + key]: the class's value of key (nullptr: absent). Keys interned
  // after the table was built (value_width_ and above) are carried by no class.
  std::vector<const std::string*> values_;
  std::size_t value_width_ = 0;
  mutable std::map<std::vector<Cidr>, Bitset> inside_cache_;
  Bitset empty_;
  std::map<std::pair<const Bitset*, const Bitset*>, Bitset> intersections_, unions_;  // operands ordered by address
  std::map<const Bitset*, Bitset> complements_;
  // named_port_members results: (selector, port name, rule protocol or -1, probe protocol, port).
  using NamedPortKey = std::tuple<int, std::string, int, int, int>;
  std::map<NamedPortKey, Bitset> named_port_cache_;
};

}  // namespace netpol::calico

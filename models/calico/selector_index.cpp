#include "models/calico/selector_index.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "models/calico/selector/evaluate.h"

namespace netpol::calico {
namespace {

// Calls out(label) for every label string of `node`'s tree (its address names the AST node's
// label).
template <class Out>
void collect_labels(const selector::Node& node, const Out& out) {
  if (!node.label.empty()) out(node.label);
  for (const selector::Node& operand : node.operands) collect_labels(operand, out);
}

}  // namespace

std::vector<std::optional<IpAddress>> flow_addresses(const Universe& universe) {
  std::vector<std::optional<IpAddress>> out(universe.endpoints.size());
  for (std::size_t u = 0; u < out.size(); ++u)
    if (!universe.endpoints[u].ips.empty()) out[u] = universe.endpoints[u].ips.front();
  return out;
}

SelectorIndex::SelectorIndex(const CalicoWorld& world, const std::vector<CalicoNetworkSet>& sets,
                             std::vector<std::optional<IpAddress>> flow_address)
    : world_(world), flow_address_(std::move(flow_address)), empty_(flow_address_.size()) {
  const std::size_t n = flow_address_.size();
  for (std::size_t u = 0; u < n; ++u)
    if (flow_address_[u]) by_address_.emplace_back(*flow_address_[u], u);
  // Sorted by (family, value, endpoint). When every address is IPv4 (the common case) the
  // triple packs into one 64-bit key, which sorts several times faster than the pairs.
  const bool all_v4 = std::all_of(by_address_.begin(), by_address_.end(),
                                  [](const auto& entry) { return entry.first.family == IpFamily::V4; });
  if (all_v4 && n <= 0xffffffffu) {
    std::vector<std::uint64_t> keys;
    keys.reserve(by_address_.size());
    for (const auto& [ip, u] : by_address_) keys.push_back(static_cast<std::uint64_t>(ip.value) << 32 | u);
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 0; i < keys.size(); ++i)
      by_address_[i] = {IpAddress::v4(static_cast<std::uint32_t>(keys[i] >> 32)), static_cast<std::size_t>(keys[i] & 0xffffffffu)};
  } else {
    std::sort(by_address_.begin(), by_address_.end());
  }

  // Network sets: NetworkSet labels + projectcalico.org/namespace, profile kns.<ns>
  // (libcalico-go/lib/backend/syncersv1/updateprocessors/networksetprocessor.go);
  // GlobalNetworkSet: own labels (globalnetworksetprocessor.go).
  set_labels_.reserve(sets.size());
  for (const CalicoNetworkSet& s : sets) {
    if (s.namespace_name.empty())
      set_labels_.push_back(layered_labels({}, s.labels, {}, world.profiles));
    else
      set_labels_.push_back(layered_labels({{&kNamespaceLabel, &s.namespace_name}}, s.labels, {"kns." + s.namespace_name},
                                           world.profiles));
  }

  // The world shares label sets among alike endpoints: class k is its label set k.
  for (const LabelLayers& labels : world.label_sets) add_class(labels);
  // Each class's endpoints as one range of class_endpoints_ (counted, then placed in order).
  std::vector<std::size_t> first(classes_.size() + 1, 0);
  for (std::size_t i = 0; i < world.endpoints.size(); ++i) ++first[static_cast<std::size_t>(endpoint_class(i)) + 1];
  for (std::size_t c = 0; c < classes_.size(); ++c) first[c + 1] += first[c];
  class_endpoints_.resize(world.endpoints.size());
  std::vector<std::size_t> next(first.begin(), first.end() - 1);
  for (std::size_t i = 0; i < world.endpoints.size(); ++i) {
    const CalicoEndpoint& e = world.endpoints[i];
    const auto k = static_cast<std::size_t>(endpoint_class(i));
    class_endpoints_[next[k]++] = i;
    for (const IpAddress& ip : e.ips) for_address(ip, [&](std::size_t u) { classes_[k].addresses.set(u); });
  }
  for (std::size_t c = 0; c < classes_.size(); ++c)
    classes_[c].endpoints = std::span<const std::size_t>(class_endpoints_).subspan(first[c], first[c + 1] - first[c]);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    int c = add_class(set_labels_[i]);
    classes_[c].addresses |= inside(sets[i].nets);
  }
  build_value_table();
}

void SelectorIndex::build_value_table() {
  // Each class's labels as (key id, value), layer by layer in LabelLayers::find's order, all in
  // one flat list. Profile label maps are shared by many classes: interned once per map.
  std::vector<std::pair<int, const std::string*>> entries;
  std::vector<std::size_t> class_end(classes_.size());
  std::unordered_map<const Labels*, std::pair<std::size_t, std::size_t>> map_range;  // range in entries
  // The set layer's keys are a few strings shared by every class (the projectcalico.org/*
  // label names, endpoints.cpp): their ids are remembered by address, for a handful of
  // addresses (past that, looked up as any key, so the scan stays short whatever the input).
  std::vector<std::pair<const std::string*, int>> set_key_ids;
  auto set_key_id = [&](const std::string* k) {
    for (const auto& [address, id] : set_key_ids)
      if (address == k) return id;
    const int id = key_id(*k);
    if (set_key_ids.size() < 8) set_key_ids.emplace_back(k, id);
    return id;
  };
  for (std::size_t c = 0; c < classes_.size(); ++c) {
    const LabelLayers& layers = *classes_[c].labels;
    for (const auto& [k, v] : layers.set) entries.emplace_back(set_key_id(k), v);
    if (layers.own)
      for (const auto& [k, v] : *layers.own) entries.emplace_back(key_id(k), &v);
    for (const Labels* layer : layers.inherited) {
      auto [range, fresh] = map_range.try_emplace(layer);
      if (fresh) {
        const std::size_t from = entries.size();
        for (const auto& [k, v] : *layer) entries.emplace_back(key_id(k), &v);
        range->second = {from, entries.size()};
      } else {
        for (std::size_t i = range->second.first; i < range->second.second; ++i) {
          const std::pair<int, const std::string*> entry = entries[i];
          entries.push_back(entry);
        }
      }
    }
    class_end[c] = entries.size();
  }
  // The first layer holding a key keeps it.
  value_width_ = keys_.size();
  values_.assign(classes_.size() * value_width_, nullptr);
  std::size_t i = 0;
  for (std::size_t c = 0; c < classes_.size(); ++c) {
    const std::string** row = &values_[c * value_width_];
    for (; i < class_end[c]; ++i)
      if (!row[entries[i].first]) row[entries[i].first] = entries[i].second;
  }
}

int SelectorIndex::add_class(const LabelLayers& labels) {
  LabelClass c;
  c.labels = &labels;
  c.addresses = Bitset(flow_address_.size());
  classes_.push_back(std::move(c));
  return static_cast<int>(classes_.size() - 1);
}

const Bitset& SelectorIndex::inside(const std::vector<Cidr>& nets) const {
  if (nets.empty()) return empty_;
  auto cached = inside_cache_.find(nets);
  if (cached != inside_cache_.end()) return cached->second;
  Bitset b(flow_address_.size());
  // by_address_ is ordered by (family, value): the endpoints inside a block are one range of it.
  for (const Cidr& net : nets) {
    const IpAddress first = net.network(), last = net.last();
    const auto from = std::lower_bound(by_address_.begin(), by_address_.end(), std::pair{first, std::size_t{0}});
    for (auto it = from; it != by_address_.end() && it->first <= last; ++it) b.set(it->second);
  }
  return inside_cache_.emplace(nets, std::move(b)).first->second;
}

const Bitset& SelectorIndex::intersection(const Bitset& a, const Bitset& b) {
  if (&a == &b) return a;
  auto [it, fresh] = intersections_.try_emplace(std::minmax(&a, &b));
  if (fresh) {
    it->second = a;
    it->second &= b;
  }
  return it->second;
}

const Bitset& SelectorIndex::set_union(const Bitset& a, const Bitset& b) {
  if (&a == &b || &b == &empty_) return a;
  if (&a == &empty_) return b;
  auto [it, fresh] = unions_.try_emplace(std::minmax(&a, &b));
  if (fresh) {
    it->second = a;
    it->second |= b;
  }
  return it->second;
}

const Bitset& SelectorIndex::complement(const Bitset& a) {
  auto [it, fresh] = complements_.try_emplace(&a);
  if (fresh) it->second = a.complement();
  return it->second;
}

int SelectorIndex::key_id(const std::string& label) {
  // try_emplace looks first: emplace would build (allocate) a node even for a known key.
  auto [key, added] = key_ids_.try_emplace(label, static_cast<int>(keys_.size()));
  if (added) keys_.push_back(&key->first);
  return key->second;
}

int SelectorIndex::intern(selector::Selector sel) {
  // Keyed on the tree itself (printing it for a text key cost more than the rest of interning).
  const std::size_t hash = selector::hash_value(sel.root());
  if (auto it = selector_by_tree_.find(TreeKey{&sel.root(), hash}); it != selector_by_tree_.end()) return it->second;
  const int id = static_cast<int>(selectors_.size());
  {
    Entry e;
    e.parsed = std::make_shared<const selector::Selector>(std::move(sel));
    std::size_t labels = 0;  // counted first: one allocation for the list
    collect_labels(e.parsed->root(), [&](const std::string&) { ++labels; });
    e.label_keys.reserve(labels);
    collect_labels(e.parsed->root(), [&](const std::string& label) { e.label_keys.emplace_back(&label, key_id(label)); });
    selectors_.push_back(std::move(e));
  }
  selector_by_tree_.emplace(TreeKey{&selectors_.back().parsed->root(), hash}, id);
  return id;
}

bool SelectorIndex::matches_class(int id, int cls) const {
  const Entry& e = selectors_[id];
  // The evaluator asks for labels by the AST's own strings: their addresses give the key ids,
  // and the class answers by id from its table instead of searching its label layers.
  auto lookup = [&](const std::string& label) { return class_value(cls, e.key_of(label)); };
  return selector::evaluate(e.parsed->root(), lookup);
}

const SelectorIndex::KeyValues& SelectorIndex::key_values(int key) {
  auto [it, fresh] = key_values_.try_emplace(key);
  KeyValues& kv = it->second;
  if (fresh) {
    kv.present = Bitset(classes_.size());
    for (std::size_t c = 0; c < classes_.size(); ++c)
      if (const std::string* have = class_value(static_cast<int>(c), key)) {
        auto [value, added] = kv.by_value.try_emplace(*have);
        if (added) value->second = KeyValues::Value{have, Bitset(classes_.size())};
        value->second.classes.set(c);
        kv.present.set(c);
      }
  }
  return kv;
}

Bitset SelectorIndex::classes_where(const Entry& e, const selector::Node& node) {
  using selector::NodeKind;
  const std::size_t n = classes_.size();
  switch (node.kind) {
    case NodeKind::All:
    case NodeKind::Global:
      return Bitset(n, true);
    case NodeKind::Not:
      return classes_where(e, node.operands.front()).complement();
    case NodeKind::And: {
      Bitset out = classes_where(e, node.operands.front());
      for (std::size_t i = 1; i < node.operands.size() && out.any(); ++i) out &= classes_where(e, node.operands[i]);
      return out;
    }
    case NodeKind::Or: {
      Bitset out = classes_where(e, node.operands.front());
      for (std::size_t i = 1; i < node.operands.size(); ++i) out |= classes_where(e, node.operands[i]);
      return out;
    }
    default:
      break;
  }
  // A label term: its truth depends only on the class's value of one label (or its absence),
  // so the term is evaluated, by the one evaluator, once per distinct value and once for
  // "absent", and each answer holds for every class with that value.
  const bool when_absent = selector::evaluate(node, [](const std::string&) -> const std::string* { return nullptr; });
  const int key = e.key_of(node.label);
  if (key < 0 || static_cast<std::size_t>(key) >= value_width_) return Bitset(n, when_absent);  // no class has it
  const KeyValues& kv = key_values(key);
  Bitset out = when_absent ? kv.present.complement() : Bitset(n);
  auto add = [&](const KeyValues::Value& v) { out |= v.classes; };
  if (node.kind == NodeKind::Equal) {  // one value can hold: found directly
    if (auto it = kv.by_value.find(node.value); it != kv.by_value.end()) add(it->second);
    return out;
  }
  for (const auto& [text, v] : kv.by_value)
    if (selector::evaluate(node, [&](const std::string&) { return v.text; })) add(v);
  return out;
}

const std::vector<int>& SelectorIndex::selected_classes(int id) {
  if (!selectors_[id].selected) {
    const Bitset where = classes_where(selectors_[id], selectors_[id].parsed->root());
    std::vector<int> out;
    out.reserve(where.count());
    where.for_each([&](std::size_t c) { out.push_back(static_cast<int>(c)); });
    selectors_[id].selected = std::move(out);
  }
  return *selectors_[id].selected;
}

const Bitset& SelectorIndex::members(int id) {
  if (!selectors_[id].members) {
    auto b = std::make_unique<Bitset>(flow_address_.size());
    for (int c : selected_classes(id)) *b |= classes_[static_cast<std::size_t>(c)].addresses;
    selectors_[id].members = std::move(b);
  }
  return *selectors_[id].members;
}

const Bitset& SelectorIndex::named_port_members(int selector_id, const std::string& port_name,
                                                std::optional<Protocol> protocol, Protocol probe_protocol,
                                                int probe_port) {
  if (protocol && *protocol != probe_protocol) return empty_;
  // Many rules name the same port over the same selector (every converted policy of a
  // namespace, say): computed once per distinct question.
  NamedPortKey key{selector_id, port_name, protocol ? static_cast<int>(*protocol) : -1, static_cast<int>(probe_protocol), probe_port};
  if (auto it = named_port_cache_.find(key); it != named_port_cache_.end()) return it->second;
  Bitset b(flow_address_.size());
  auto add_class_ports = [&](const LabelClass& c) {
    for (std::size_t ei : c.endpoints) {  // network sets have none: they carry no ports
      const CalicoEndpoint& e = world_.endpoints[ei];
      bool has = false;
      for (const CalicoEndpointPort& p : e.ports)
        if (p.name == port_name && p.protocol == probe_protocol && p.port == probe_port) has = true;
      if (!has) continue;
      for (const IpAddress& ip : e.ips) for_address(ip, [&](std::size_t u) { b.set(u); });
    }
  };
  if (selector_id < 0) {
    for (const LabelClass& c : classes_) add_class_ports(c);
  } else {
    for (int c : selected_classes(selector_id)) add_class_ports(classes_[static_cast<std::size_t>(c)]);
  }
  return named_port_cache_.emplace(std::move(key), std::move(b)).first->second;
}

}  // namespace netpol::calico

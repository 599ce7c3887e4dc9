#include "models/loader/yaml_reader.h"

#include <algorithm>

#include <fmt/format.h>

namespace netpol {
namespace {

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

bool in_list(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Digits of `text` in `base`; false on an empty text or a foreign character. Overflow of
// unsigned 64 bits is reported through `overflow`.
bool parse_digits(std::string_view text, unsigned base, unsigned long long& out, bool& overflow) {
  if (text.empty()) return false;
  out = 0;
  for (char c : text) {
    unsigned d;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else return false;
    if (d >= base) return false;
    if (out > (~0ull - d) / base) overflow = true;
    out = out * base + d;
  }
  return true;
}

// Go's strconv.ParseInt(s, 0, 64) / ParseUint shape after yaml.v2 removed '_': optional sign,
// then 0x / 0o / 0b prefixes, a leading 0 for octal, or decimal. Returns false when the text is
// not an integer at all; `fits` tells whether it fits in a signed 64-bit value.
bool go_parse_int(std::string_view s, long long& value, bool& fits) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  unsigned base = 10;
  if (s.size() >= 2 && s[0] == '0') {
    char p = s[1];
    if (p == 'x' || p == 'X') base = 16, s.remove_prefix(2);
    else if (p == 'o' || p == 'O') base = 8, s.remove_prefix(2);
    else if (p == 'b' || p == 'B') base = 2, s.remove_prefix(2);
    else base = 8, s.remove_prefix(1);
  }
  unsigned long long magnitude = 0;
  bool overflow = false;
  if (!parse_digits(s, base, magnitude, overflow)) return false;
  fits = !overflow && (negative ? magnitude <= (1ull << 63) : magnitude < (1ull << 63));
  value = fits ? (negative ? static_cast<long long>(0ull - magnitude) : static_cast<long long>(magnitude)) : 0;
  return true;
}

// yaml.v2's yamlStyleFloat: ^[-+]?[0-9]*\.?[0-9]+([eE][-+][0-9]+)?$
bool yaml_style_float(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t e = s.find_first_of("eE", i);
  std::string_view mantissa = s.substr(i, e == std::string_view::npos ? std::string_view::npos : e - i);
  std::size_t dot = mantissa.find('.');
  auto digits = [](std::string_view d) { return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; }); };
  if (dot == std::string_view::npos) {
    if (mantissa.empty() || !digits(mantissa)) return false;
  } else {
    std::string_view after = mantissa.substr(dot + 1);
    if (!digits(mantissa.substr(0, dot)) || after.empty() || !digits(after)) return false;
  }
  if (e == std::string_view::npos) return true;
  std::string_view exp = s.substr(e + 1);
  return exp.size() >= 2 && (exp[0] == '+' || exp[0] == '-') && digits(exp.substr(1));
}

std::string strip_underscores(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (c != '_') out += c;
  return out;
}

}  // namespace

ScalarType resolve_plain_scalar(std::string_view in) {
  // The literal table of gopkg.in/yaml.v2 resolve.go (resolveMapList).
  if (in_list(in, {"", "~", "null", "Null", "NULL"})) return ScalarType::Null;
  if (in_list(in, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No",
                   "NO", "false", "False", "FALSE", "off", "Off", "OFF"}))
    return ScalarType::Bool;
  if (in_list(in, {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
                   "-.INF"}))
    return ScalarType::Float;
  const char first = in[0];
  if (first == '.') return yaml_style_float(in) ? ScalarType::Float : ScalarType::String;
  if (first == '+' || first == '-' || (first >= '0' && first <= '9')) {
    std::string plain = strip_underscores(in);
    long long v;
    bool fits;
    if (go_parse_int(plain, v, fits)) return ScalarType::Int;
    if (yaml_style_float(plain)) return ScalarType::Float;
  }
  return ScalarType::String;
}

std::optional<long long> parse_yaml_int(std::string_view text) {
  long long v;
  bool fits = false;
  if (!go_parse_int(strip_underscores(text), v, fits) || !fits) return std::nullopt;
  return v;
}

// ---- Field ----

YAML::Mark Field::mark() const {
  if (node_.IsDefined() && node_.Mark().line >= 0) return node_.Mark();
  return fallback_;
}

SourceLocation Field::location() const {
  SourceLocation loc;
  if (doc_) {
    loc.file = doc_->file;
    loc.document = doc_->document;
  }
  YAML::Mark m = mark();
  if (m.line >= 0) {
    loc.line = m.line + 1 + (doc_ ? doc_->line_offset : 0);
    loc.column = m.column + 1;
  }
  return loc;
}

void Field::fail(const std::string& message) const {
  std::string text = message;
  if (doc_ && !doc_->kind.empty())
    text = fmt::format("{}{}: {}", doc_->kind, doc_->name.empty() ? "" : " " + doc_->name, message);
  throw InputError(location(), path_, text);
}

void Field::warn(const std::string& message) const {
  if (!doc_ || !doc_->warnings) return;
  std::string text = message;
  if (!doc_->kind.empty())
    text = fmt::format("{}{}: {}", doc_->kind, doc_->name.empty() ? "" : " " + doc_->name, message);
  doc_->warnings->push_back({Severity::Warning, location(), path_, text});
}

bool Field::present() const { return node_.IsDefined() && !node_.IsNull(); }
bool Field::is_map() const { return present() && node_.IsMap(); }
bool Field::is_sequence() const { return present() && node_.IsSequence(); }
bool Field::is_scalar() const { return present() && node_.IsScalar(); }

std::string Field::child_path(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  std::string out;
  out.reserve(path_.size() + 1 + key.size());
  out += path_;
  out += '.';
  out += key;
  return out;
}

Field Field::child(std::string_view key) const {
  if (!present()) return Field(YAML::Node(), child_path(key), doc_, mark());
  if (!node_.IsMap()) fail(fmt::format("expected a mapping with field \"{}\"", key));
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const YAML::Node k = it->first;  // a copy: `it->` yields a temporary proxy
    if (k.IsScalar() && k.Scalar() == key) return Field(it->second, child_path(key), doc_, mark());
  }
  return Field(YAML::Node(), child_path(key), doc_, mark());
}

std::vector<Field> Field::items() const {
  std::vector<Field> out;
  if (!present()) return out;
  if (!node_.IsSequence()) fail("expected a list");
  out.reserve(node_.size());
  std::size_t i = 0;
  for (auto it = node_.begin(); it != node_.end(); ++it, ++i)
    out.emplace_back(*it, fmt::format("{}[{}]", path_, i), doc_, mark());
  return out;
}

std::vector<std::pair<std::string, Field>> Field::entries() const {
  std::vector<std::pair<std::string, Field>> out;
  if (!present()) return out;
  if (!node_.IsMap()) fail("expected a mapping");
  out.reserve(node_.size());
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    // The document reader guarantees scalar keys.
    const std::string& key = it->first.Scalar();
    out.emplace_back(key, Field(it->second, child_path(key), doc_, mark()));
  }
  return out;
}

void Field::expect_only_keys(std::initializer_list<std::string_view> known) const {
  if (!present()) return;
  if (!node_.IsMap()) fail("expected a mapping");
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string& key = it->first.Scalar();
    if (!in_list(key, known))
      Field(it->first, child_path(key), doc_, mark()).fail(fmt::format("unknown field \"{}\"", child_path(key)));
  }
}

ScalarType Field::scalar_type() const {
  if (!present()) return ScalarType::Null;
  if (!node_.IsScalar()) return ScalarType::String;
  const std::string& tag = node_.Tag();
  if (tag == "?") return resolve_plain_scalar(node_.Scalar());
  if (tag == "!" || tag.empty()) return ScalarType::String;  // quoted or block scalar
  if (tag.rfind(kTagPrefix, 0) == 0) {
    std::string_view t = std::string_view(tag).substr(kTagPrefix.size());
    if (t == "str") return ScalarType::String;
    if (t == "int") return parse_yaml_int(node_.Scalar()) ? ScalarType::Int : ScalarType::String;
    if (t == "bool") return ScalarType::Bool;
    if (t == "null") return ScalarType::Null;
    if (t == "float") return ScalarType::Float;
  }
  // Any other tag: the plain reading of the text.
  return resolve_plain_scalar(node_.Scalar());
}

bool Field::is_string_scalar() const { return is_scalar() && scalar_type() == ScalarType::String; }

namespace {
const char* type_name(ScalarType t) {
  switch (t) {
    case ScalarType::Null: return "null";
    case ScalarType::Bool: return "a boolean";
    case ScalarType::Int: return "a number";
    case ScalarType::Float: return "a number";
    case ScalarType::String: return "a string";
  }
  return "?";
}
}  // namespace

std::string Field::as_string() const {
  if (!present()) fail("expected a string, found nothing");
  if (!node_.IsScalar()) fail(node_.IsMap() ? "expected a string, found a mapping" : "expected a string, found a list");
  ScalarType t = scalar_type();
  if (t != ScalarType::String)
    fail(fmt::format("expected a string, found {} ({}); quote it to make it a string", type_name(t),
                     node_.Scalar()));
  return node_.Scalar();
}

bool Field::is_int() const { return is_scalar() && scalar_type() == ScalarType::Int; }

long long Field::as_int() const {
  if (!present()) fail("expected an integer, found nothing");
  if (!node_.IsScalar()) fail(node_.IsMap() ? "expected an integer, found a mapping" : "expected an integer, found a list");
  ScalarType t = scalar_type();
  if (t != ScalarType::Int)
    fail(fmt::format("expected an integer, found {} ({})", t == ScalarType::String ? "a string" : type_name(t),
                     node_.Scalar()));
  auto v = parse_yaml_int(node_.Scalar());
  if (!v) fail(fmt::format("integer {} is out of range", node_.Scalar()));
  return *v;
}

bool Field::as_bool() const {
  if (!present()) fail("expected a boolean, found nothing");
  if (!node_.IsScalar() || scalar_type() != ScalarType::Bool)
    fail(fmt::format("expected a boolean (true or false), found {}",
                     node_.IsScalar() ? node_.Scalar() : std::string(node_.IsMap() ? "a mapping" : "a list")));
  const std::string& s = node_.Scalar();
  return in_list(s, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"});
}

}  // namespace netpol

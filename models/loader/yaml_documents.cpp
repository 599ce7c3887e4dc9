#include "models/loader/yaml_documents.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include "models/cluster/source.h"

namespace netpol {
namespace {

SourceLocation at(const std::string& file, int document, int line0, int column0) {
  SourceLocation loc;
  loc.file = file;
  loc.document = document;
  loc.line = line0 >= 0 ? line0 + 1 : 0;
  loc.column = column0 >= 0 ? column0 + 1 : 0;
  return loc;
}

// Byte-level checks before yaml-cpp sees the text: yaml-cpp turns NUL into data and accepts
// malformed UTF-8. YAML 1.2 §5.1 (c-printable) allows TAB, LF, CR and printable characters
// only; the Kubernetes decoders (yaml.v2 reader) reject the rest. `text` is one document's
// text, starting at line `first_line` of the file.
void check_bytes(std::string_view text, const std::string& file, int document, int first_line) {
  int line = first_line, column = 0;
  auto fail = [&](const std::string& message) {
    throw InputError(at(file, document, line, column), "", message);
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line, column = 0, ++i;
      continue;
    }
    if (c == 0) fail("NUL byte in input (YAML forbids it; is this a binary or UTF-16 file?)");
    if (c < 0x20 && c != '\t' && c != '\r') fail(fmt::format("control character 0x{:02x} in input (YAML forbids it)", c));
    if (c == 0x7f) fail("control character 0x7f in input (YAML forbids it)");
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > text.size()) fail(fmt::format("invalid UTF-8 byte 0x{:02x}", c));
    unsigned cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc >> 6) != 0x2) fail(fmt::format("invalid UTF-8 sequence at byte 0x{:02x}", c));
      cp = (cp << 6) | (cc & 0x3f);
    }
    const unsigned min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len]) fail("invalid UTF-8: overlong encoding");
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) fail("invalid UTF-8: not a Unicode scalar value");
    if (cp >= 0x80 && cp <= 0x9f && cp != 0x85) fail(fmt::format("control character U+{:04X} in input (YAML forbids it)", cp));
    i += len;
    ++column;
  }
}

// Counts documents the event parser starts before it fails, to place a syntax error.
class DocumentCounter : public YAML::EventHandler {
 public:
  int started = 0;
  void OnDocumentStart(const YAML::Mark&) override { ++started; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

int document_of_syntax_error(const std::string& text) {
  std::istringstream in(text);
  DocumentCounter counter;
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(counter)) {
    }
  } catch (const YAML::Exception&) {
  }
  return std::max(0, counter.started - 1);
}

// Walks one document once, following aliases, and enforces the structural rules.
class DocumentChecker {
 public:
  DocumentChecker(std::string_view text, const std::string& file, int document, const YamlLimits& limits,
                  const std::vector<std::size_t>& line_starts, int line_offset, std::size_t& visits,
                  std::size_t budget)
      : text_(text), file_(file), document_(document), limits_(limits), line_starts_(line_starts),
        line_offset_(line_offset), visits_(visits), budget_(budget) {}

  void walk(const YAML::Node& node, int depth) {
    if (++visits_ > budget_)
      fail(node, fmt::format("more than {} nodes after expanding aliases (alias bomb?)", budget_));
    if (depth > limits_.max_depth) fail(node, fmt::format("nesting deeper than {} levels", limits_.max_depth));
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        if (node.Tag() != "?") check_quote_closed(node);
        return;
      case YAML::NodeType::Sequence: {
        std::size_t i = 0;
        for (auto it = node.begin(); it != node.end(); ++it, ++i) {
          path_.push_back({{}, static_cast<long>(i)});
          walk(*it, depth + 1);
          path_.pop_back();
        }
        return;
      }
      case YAML::NodeType::Map: {
        std::vector<std::pair<std::string_view, YAML::Mark>> keys;
        keys.reserve(node.size());
        for (auto it = node.begin(); it != node.end(); ++it) {
          const YAML::Node key = it->first;  // a copy: `it->` yields a temporary proxy
          if (!key.IsScalar()) fail(key, "mapping keys must be plain strings");
          if (key.Tag() == "?" && key.Scalar() == "<<")
            fail(key, "merge keys (<<) are not supported; write the fields out");
          if (key.Tag() != "?") check_quote_closed(key);
          keys.emplace_back(key.Scalar(), key.Mark());
        }
        std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 1; i < keys.size(); ++i) {
          if (keys[i].first != keys[i - 1].first) continue;
          // Report the later of the two occurrences; the API server's strict decoding rejects
          // duplicate fields (`json: duplicate field`).
          const auto& [first, second] = keys[i - 1].second.pos < keys[i].second.pos
                                            ? std::pair{keys[i - 1].second, keys[i].second}
                                            : std::pair{keys[i].second, keys[i - 1].second};
          path_.push_back({keys[i].first, -1});
          throw InputError(at(file_, document_, second.line + line_offset_, second.column), path(),
                           fmt::format("duplicate key \"{}\" (first at line {})", keys[i].first,
                                       first.line + line_offset_ + 1));
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
          path_.push_back({it->first.Scalar(), -1});
          walk(it->second, depth + 1);
          path_.pop_back();
        }
        return;
      }
      default:
        return;
    }
  }

 private:
  std::string path() const {
    std::string out;
    for (const auto& p : path_) {
      if (p.index >= 0) {
        out += fmt::format("[{}]", p.index);
      } else {
        if (!out.empty()) out += '.';
        out += p.key;
      }
    }
    return out;
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    const YAML::Mark m = node.Mark();
    throw InputError(at(file_, document_, m.line >= 0 ? m.line + line_offset_ : -1, m.column), path(), message);
  }

  // yaml-cpp reads an unclosed quoted scalar to the end of the input as one string. The
  // scalar's mark points at its first property (&anchor, !tag) or at its opening quote; find
  // the quote and make sure a closing one follows.
  void check_quote_closed(const YAML::Node& node) const {
    const YAML::Mark m = node.Mark();
    const int line = m.line + line_offset_;
    if (m.line < 0 || static_cast<std::size_t>(line) >= line_starts_.size()) return;
    std::size_t o = line_starts_[static_cast<std::size_t>(line)] + static_cast<std::size_t>(m.column);
    while (o < text_.size() && (text_[o] == '&' || text_[o] == '!')) {
      while (o < text_.size() && text_[o] != ' ' && text_[o] != '\t' && text_[o] != '\n' && text_[o] != '\r') ++o;
      while (o < text_.size() && (text_[o] == ' ' || text_[o] == '\t' || text_[o] == '\n' || text_[o] == '\r')) ++o;
    }
    if (o >= text_.size()) return;
    const char quote = text_[o];
    if (quote != '"' && quote != '\'') return;  // a block scalar, or a position we cannot map
    for (std::size_t i = o + 1; i < text_.size(); ++i) {
      const char c = text_[i];
      if (quote == '"' && c == '\\') {
        ++i;
      } else if (c == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;
          continue;
        }
        return;
      }
    }
    fail(node, fmt::format("unterminated {}-quoted string: the quote opened here is never closed",
                           quote == '"' ? "double" : "single"));
  }

  std::string_view text_;
  const std::string& file_;
  int document_;
  const YamlLimits& limits_;
  const std::vector<std::size_t>& line_starts_;
  int line_offset_;
  std::size_t& visits_;
  std::size_t budget_;
  // The path from the document root to the node being walked; keys point into the nodes.
  struct Step {
    std::string_view key;
    long index = -1;  // >= 0 for a sequence item
  };
  std::vector<Step> path_;
};

}  // namespace

namespace {

// A line that starts with the document marker `---` (followed by a space, a tab or the end of
// the line). YAML 1.2 §9.1.2 (c-forbidden): such a line can be nothing else, so it splits the
// text into documents without a parse.
bool is_document_marker(std::string_view line) {
  return line.rfind("---", 0) == 0 && (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

// True when the text has something besides blank lines, comments and directives.
bool has_content(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] != '#' && line[0] != '%') return true;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return false;
}

struct Chunk {
  std::string_view text;
  int first_line = 0;
};

// The text cut before every document marker line. The part before the first marker is a
// document only when it has content (a leading `---` opens the first document).
std::vector<Chunk> split_documents(std::string_view text) {
  std::vector<Chunk> chunks;
  std::size_t chunk_start = 0, pos = 0;
  int line = 0, chunk_line = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (is_document_marker(l) && pos > 0) {
      chunks.push_back({text.substr(chunk_start, pos - chunk_start), chunk_line});
      chunk_start = pos;
      chunk_line = line;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
    ++line;
  }
  chunks.push_back({text.substr(chunk_start), chunk_line});
  if (!chunks.empty() && !is_document_marker(chunks.front().text.substr(0, chunks.front().text.find('\n'))) &&
      !has_content(chunks.front().text))
    chunks.erase(chunks.begin());
  return chunks;
}

}  // namespace

void for_each_yaml_document(std::string_view text, const std::string& file,
                            const std::function<void(const YamlDocument&)>& visit, const YamlLimits& limits) {
  // A UTF-8 byte order mark is allowed (YAML 1.2 §5.2) and dropped.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  std::vector<std::size_t> line_starts{0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts.push_back(i + 1);

  const std::size_t budget = limits.max_node_visits ? limits.max_node_visits : 4 * text.size() + 100000;
  std::size_t visits = 0;
  int index = 0;
  for (const Chunk& chunk : split_documents(text)) {
    check_bytes(chunk.text, file, index, chunk.first_line);
    const std::string owned(chunk.text);
    std::vector<YAML::Node> documents;
    // Positions inside the chunk, moved to the file.
    auto at_file = [&](const YAML::Mark& m, int doc_in_chunk) {
      return at(file, index + doc_in_chunk, m.line >= 0 ? m.line + chunk.first_line : -1, m.column);
    };
    try {
      documents = YAML::LoadAll(owned);
    } catch (const YAML::DeepRecursion& e) {
      throw InputError(at_file(e.mark, document_of_syntax_error(owned)), "", "YAML nesting too deep for the parser");
    } catch (const YAML::ParserException& e) {
      throw InputError(at_file(e.mark, document_of_syntax_error(owned)), "", "YAML syntax error: " + e.msg);
    } catch (const YAML::Exception& e) {
      throw InputError(at_file(e.mark, document_of_syntax_error(owned)), "", "YAML error: " + e.msg);
    }
    // A chunk is one document, unless `...` markers separate bare documents inside it.
    if (documents.empty()) documents.emplace_back();
    for (YAML::Node& root : documents) {
      // Quotes are searched for within the document's own text: yaml-cpp stops there too.
    const std::string_view scope = text.substr(0, static_cast<std::size_t>(chunk.text.data() - text.data()) + chunk.text.size());
    DocumentChecker checker(scope, file, index, limits, line_starts, chunk.first_line, visits, budget);
      checker.walk(root, 0);
      visit(YamlDocument{index, chunk.first_line, std::move(root)});
      ++index;
    }
  }
}

std::vector<YamlDocument> read_yaml_documents(std::string_view text, const std::string& file,
                                              const YamlLimits& limits) {
  std::vector<YamlDocument> out;
  for_each_yaml_document(text, file, [&](const YamlDocument& d) { out.push_back(d); }, limits);
  return out;
}

}  // namespace netpol

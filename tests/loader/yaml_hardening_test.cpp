// One test per class of malformed input (shared/reference/input-hardening.md). Each checks the
// message names file, document index, line (and column) and, where one exists, field path.
#include <string>

#include <gtest/gtest.h>

#include "models/loader/yaml_documents.h"
#include "tests/loader/load_helpers.h"

namespace netpol {
namespace {

using testing::contains;
using testing::expect_error_at;
using testing::load_error;

const char* kNamespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n";

TEST(YamlHardening, SyntaxErrorNamesFileDocumentAndLine) {
  std::string text = std::string(kNamespace) + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: [x\n";
  InputError e = load_error(text, "bad.yaml");
  expect_error_at(e, "bad.yaml", 1, 9, "");
  EXPECT_TRUE(contains(e.what(), "YAML syntax error")) << e.what();
}

TEST(YamlHardening, NulByteRejected) {
  std::string text = std::string(kNamespace) + "---\nkind: Pod\nmetadata: {name: \"a";
  text += '\0';
  text += "b\"}\n";
  InputError e = load_error(text, "nul.yaml");
  expect_error_at(e, "nul.yaml", 1, 7, "");
  EXPECT_TRUE(contains(e.what(), "NUL byte")) << e.what();
}

TEST(YamlHardening, InvalidUtf8Rejected) {
  InputError e = load_error("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \xC3\x28\n", "utf.yaml");
  expect_error_at(e, "utf.yaml", 0, 4, "");
  EXPECT_TRUE(contains(e.what(), "UTF-8")) << e.what();
  // Overlong encoding of '/' and a UTF-16 surrogate are not UTF-8 either.
  EXPECT_TRUE(contains(load_error("a: \xC0\xAF\n").what(), "overlong"));
  EXPECT_TRUE(contains(load_error("a: \xED\xA0\x80\n").what(), "Unicode scalar"));
}

TEST(YamlHardening, ControlCharacterRejected) {
  // YAML 1.2 §5.1 c-printable: only TAB, LF, CR among the C0 controls.
  InputError e = load_error("a: 1\nb: \x01\n", "ctl.yaml");
  expect_error_at(e, "ctl.yaml", 0, 2, "");
}

TEST(YamlHardening, DuplicateKeyRejectedLikeStrictDecoding) {
  const char* text =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n"
      "  ingress:\n  - from:\n    - podSelector: {}\n      podSelector: {matchLabels: {a: b}}\n";
  InputError e = load_error(text, "dup.yaml");
  expect_error_at(e, "dup.yaml", 0, 10, "spec.ingress[0].from[0].podSelector");
  EXPECT_TRUE(contains(e.what(), "duplicate key \"podSelector\" (first at line 9)")) << e.what();
}

TEST(YamlHardening, AliasBombStopsAtTheVisitBudget) {
  std::string text = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
  for (int i = 1; i < 9; ++i) {
    std::string prev(1, static_cast<char>('a' + i - 1)), cur(1, static_cast<char>('a' + i));
    text += cur + ": &" + cur + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ",*" : "*") + prev;
    text += "]\n";
  }
  InputError e = load_error(text, "bomb.yaml");
  EXPECT_EQ(e.location().file, "bomb.yaml");
  EXPECT_EQ(e.location().document, 0);
  EXPECT_GT(e.location().line, 0);
  EXPECT_TRUE(contains(e.what(), "alias bomb")) << e.what();
}

TEST(YamlHardening, SmallAliasesStillLoad) {
  // Aliases are legal YAML; only their expansion is bounded.
  auto docs = read_yaml_documents("x: &l {app: web}\ny: *l\n", "ok.yaml");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].root["y"]["app"].Scalar(), "web");
}

TEST(YamlHardening, DeepNestingBeyondOurBound) {
  std::string text = "a: " + std::string(100, '[') + std::string(100, ']') + "\n";
  InputError e = load_error(text, "deep.yaml");
  expect_error_at(e, "deep.yaml", 0, 1, "a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
                                       "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
                                       "[0][0][0][0][0][0][0][0][0][0][0][0][0][0]");
  EXPECT_TRUE(contains(e.what(), "nesting deeper than 64")) << e.what();
}

TEST(YamlHardening, DeepNestingBeyondTheParserBound) {
  // yaml-cpp's own depth guard (depthguard.h) fires first here; no stack overflow either way.
  std::string text = std::string(5000, '[') + std::string(5000, ']') + "\n";
  InputError e = load_error(text, "deeper.yaml");
  EXPECT_EQ(e.location().file, "deeper.yaml");
  EXPECT_EQ(e.location().document, 0);
  EXPECT_GT(e.location().line, 0);
  EXPECT_TRUE(contains(e.what(), "nesting too deep")) << e.what();
}

TEST(YamlHardening, UnterminatedDoubleQuoteDetected) {
  // yaml-cpp would read `"web` to the end of the file as one string.
  std::string text = std::string(kNamespace) + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: \"web\n  labels: {}\n";
  InputError e = load_error(text, "quote.yaml");
  expect_error_at(e, "quote.yaml", 1, 9, "metadata.name");
  EXPECT_TRUE(contains(e.what(), "unterminated double-quoted")) << e.what();
}

TEST(YamlHardening, UnterminatedSingleQuoteDetected) {
  InputError e = load_error("a: 'it''s\nb: 1\n", "single.yaml");
  expect_error_at(e, "single.yaml", 0, 1, "a");
  EXPECT_TRUE(contains(e.what(), "unterminated single-quoted")) << e.what();
}

TEST(YamlHardening, ClosedQuotesWithEscapesAreFine) {
  auto docs = read_yaml_documents("a: \"x\\\"y\"\nb: 'it''s'\nc: &q !!str \"z\"\n", "ok.yaml");
  EXPECT_EQ(docs[0].root["a"].Scalar(), "x\"y");
  EXPECT_EQ(docs[0].root["b"].Scalar(), "it's");
}

TEST(YamlHardening, MergeKeyRejected) {
  InputError e = load_error("base: &b {a: 1}\nx:\n  <<: *b\n", "merge.yaml");
  expect_error_at(e, "merge.yaml", 0, 3, "x");
}

TEST(YamlHardening, ComplexKeyRejected) {
  InputError e = load_error("? [a, b]\n: 1\n", "key.yaml");
  EXPECT_TRUE(contains(e.what(), "mapping keys")) << e.what();
}

TEST(YamlHardening, DocumentThatIsNotAMapping) {
  InputError e = load_error(std::string(kNamespace) + "---\n- a\n- b\n", "list.yaml");
  expect_error_at(e, "list.yaml", 1, 6, "");
  EXPECT_TRUE(contains(e.what(), "must be a mapping")) << e.what();
}

TEST(YamlHardening, WrongTypeLabelNumber) {
  // `tier: 1` is a YAML int; the API decodes labels as map[string]string and rejects it.
  InputError e = load_error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    tier: 1\n", "t.yaml");
  expect_error_at(e, "t.yaml", 0, 6, "metadata.labels.tier");
  EXPECT_TRUE(contains(e.what(), "must be a string")) << e.what();
  EXPECT_TRUE(contains(e.what(), "Pod default/p")) << e.what();
}

TEST(YamlHardening, WrongTypeLabelBool) {
  InputError e = load_error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    enabled: yes\n", "t.yaml");
  expect_error_at(e, "t.yaml", 0, 6, "metadata.labels.enabled");
}

TEST(YamlHardening, WrongTypeMappingWhereListExpected) {
  InputError e = load_error(
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  ingress:\n    from: []\n",
      "t.yaml");
  expect_error_at(e, "t.yaml", 0, 6, "spec.ingress");
  EXPECT_TRUE(contains(e.what(), "expected a list")) << e.what();
}

TEST(YamlHardening, WrongTypeNameIsNumber) {
  InputError e = load_error("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 123\n", "t.yaml");
  expect_error_at(e, "t.yaml", 0, 4, "metadata.name");
}

TEST(YamlHardening, WrongTypeHostNetworkNotBool) {
  InputError e = load_error("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: \"true\"\n", "t.yaml");
  expect_error_at(e, "t.yaml", 0, 5, "spec.hostNetwork");
}

TEST(YamlHardening, ByteOrderMarkAccepted) {
  auto r = load_text("\xEF\xBB\xBF" "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
  ASSERT_EQ(r.cluster.namespaces.size(), 1u);
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

// Documents are parsed one at a time (split at `---` lines); indexes and lines must match
// what a whole-file parse gives.
TEST(YamlDocuments, SplitKeepsIndexesAndLines) {
  const char* text = "# leading comment\n---\na: 1\n--- {b: 2}\n---\n---\nc: [3\n";
  try {
    read_yaml_documents(text, "s.yaml");
    ADD_FAILURE() << "expected a syntax error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().document, 3) << e.what();
    EXPECT_EQ(e.location().line, 8) << e.what();
  }
  auto docs = read_yaml_documents("a: 1\n--- {b: 2}\n---\n", "s.yaml");
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[1].root["b"].Scalar(), "2");
  EXPECT_EQ(docs[1].line_offset, 1);
  EXPECT_TRUE(docs[2].root.IsNull());
}

TEST(YamlDocuments, BareDocumentAfterEndMarkerIsNotLost) {
  auto docs = read_yaml_documents("a: 1\n...\n---\nb: 2\n", "s.yaml");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1].root["b"].Scalar(), "2");
}

}  // namespace
}  // namespace netpol

namespace netpol {
namespace {

TEST(YamlHardening, UnterminatedQuoteIsNotClosedByALaterDocument) {
  InputError e = testing::load_error("a: \"open\nb: 1\n---\nc: \"closed\"\n", "q.yaml");
  EXPECT_EQ(e.location().document, 0) << e.what();
  EXPECT_EQ(e.location().line, 1) << e.what();
  EXPECT_TRUE(testing::contains(e.what(), "unterminated")) << e.what();
}

}  // namespace
}  // namespace netpol

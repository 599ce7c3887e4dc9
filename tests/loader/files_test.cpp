// Reading files and directories (load_paths).
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/loader/load_helpers.h"

namespace netpol {
namespace {

namespace fs = std::filesystem;
using testing::contains;

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("netpol-loader-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "sub" / "deeper");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const fs::path& rel, const std::string& text) {
    std::ofstream(root_ / rel) << text;
  }
  fs::path root_;
};

TEST_F(FilesTest, DirectoryIsReadRecursivelyInSortedOrderByExtension) {
  write("b.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n");
  write("a.yml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n");
  write("sub/deeper/c.json", R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "c"}})");
  write("sub/notes.txt", "this is not YAML: [");
  write("sub/README.md", "# ignored");
  LoadResult r = load_paths({root_.string()});
  ASSERT_EQ(r.cluster.pods.size(), 3u);
  EXPECT_TRUE(r.cluster.pods[2].source.location.file.ends_with("sub/deeper/c.json"));
}

TEST_F(FilesTest, ErrorNamesTheFileItCameFrom) {
  write("good.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n");
  write("sub/bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {x: 1}}\n");
  try {
    load_paths({root_.string()});
    ADD_FAILURE() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_TRUE(e.location().file.ends_with("sub/bad.yaml")) << e.what();
    EXPECT_EQ(e.location().line, 3);
    EXPECT_EQ(e.field(), "metadata.labels.x");
  }
}

TEST_F(FilesTest, ExplicitFileIsReadWhateverItsExtension) {
  write("manifest.txt", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n");
  LoadResult r = load_paths({(root_ / "manifest.txt").string()});
  EXPECT_EQ(r.cluster.pods.size(), 1u);
}

TEST_F(FilesTest, MissingFileIsAnInputError) {
  const std::string missing = (root_ / "nope.yaml").string();
  try {
    load_paths({missing});
    ADD_FAILURE() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().file, missing);
    EXPECT_TRUE(contains(e.what(), "no such file")) << e.what();
  }
}

TEST_F(FilesTest, UnreadableFileIsAnInputError) {
  write("secret.yaml", "a: 1\n");
  fs::permissions(root_ / "secret.yaml", fs::perms::none);
  if (std::ifstream(root_ / "secret.yaml")) GTEST_SKIP() << "running as root: permissions are not enforced";
  try {
    load_paths({(root_ / "secret.yaml").string()});
    ADD_FAILURE() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), "cannot read")) << e.what();
  }
}

TEST_F(FilesTest, SeveralPathsAreOneInput) {
  write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n");
  write("sub/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n");
  LoadResult r = load_paths({(root_ / "sub").string(), (root_ / "ns.yaml").string()});
  ASSERT_EQ(r.cluster.namespaces.size(), 1u);
  EXPECT_TRUE(r.cluster.namespaces[0].declared);
  EXPECT_TRUE(r.warnings.empty());
}

}  // namespace
}  // namespace netpol

// Name, label and port syntax, pinned to kubernetes
// staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/loader/k8s_validation.h"

namespace netpol {
namespace {

// IsDNS1123Label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, max 63 (namespace names).
TEST(K8sValidation, IsDNS1123Label) {
  for (const std::string& ok : std::vector<std::string>{"a", "x", "web-1", "123", std::string(63, 'a')})
    EXPECT_EQ(dns1123_label_error(ok), "") << ok;
  for (const std::string& bad : std::vector<std::string>{"", "A", "-a", "a-", "a.b", "a_b", std::string(64, 'a')})
    EXPECT_NE(dns1123_label_error(bad), "") << bad;
}

// IsDNS1123Subdomain: dot-separated labels, max 253 (pod, policy, node names).
TEST(K8sValidation, IsDNS1123Subdomain) {
  for (const char* ok : {"a", "a.b", "web-1.example.com", "0.0"}) EXPECT_EQ(dns1123_subdomain_error(ok), "") << ok;
  for (const std::string& bad : std::vector<std::string>{"", "a..b", ".a", "a.", "A.b", "a_b", std::string(254, 'a')})
    EXPECT_NE(dns1123_subdomain_error(bad), "") << bad;
}

// IsQualifiedName: [prefix/]name; prefix a DNS-1123 subdomain; name 1..63 of
// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9].
TEST(K8sValidation, IsQualifiedName) {
  for (const char* ok : {"app", "App_Name.v1", "kubernetes.io/metadata.name", "a/b", "x.y/Z"})
    EXPECT_EQ(qualified_name_error(ok), "") << ok;
  for (const std::string& bad : std::vector<std::string>{"", "/a", "a/", "a/b/c", "-a", "a-", "Example.com/a", "a b", "a$",
                                std::string(64, 'a')})
    EXPECT_NE(qualified_name_error(bad), "") << bad;
}

// IsValidLabelValue: empty, or max 63 of the qualified-name shape.
TEST(K8sValidation, IsValidLabelValue) {
  for (const char* ok : {"", "web", "Web_1.x", "1"}) EXPECT_EQ(label_value_error(ok), "") << ok;
  for (const std::string& bad : std::vector<std::string>{"-web", "web-", "a b", "a/b", std::string(64, 'v')})
    EXPECT_NE(label_value_error(bad), "") << bad;
}

// IsValidPortNum: 1..65535.
TEST(K8sValidation, IsValidPortNum) {
  EXPECT_EQ(port_number_error(1), "");
  EXPECT_EQ(port_number_error(65535), "");
  EXPECT_NE(port_number_error(0), "");
  EXPECT_NE(port_number_error(65536), "");
  EXPECT_NE(port_number_error(-1), "");
}

// IsValidPortName (IANA_SVC_NAME): <= 15 of [-a-z0-9], a letter, no "--", no edge '-'.
TEST(K8sValidation, IsValidPortName) {
  for (const char* ok : {"http", "serve-80", "a", "dns-tcp", "abcdefghijklmno"}) EXPECT_EQ(port_name_error(ok), "") << ok;
  EXPECT_EQ(port_name_error("80"), "must contain at least one letter (a-z)");
  EXPECT_EQ(port_name_error("Http"), "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  EXPECT_EQ(port_name_error("a--b"), "must not contain consecutive hyphens");
  EXPECT_EQ(port_name_error("-ab"), "must not begin or end with a hyphen");
  EXPECT_EQ(port_name_error("abcdefghijklmnop"), "must be no more than 15 characters");
  EXPECT_NE(port_name_error(""), "");
}

}  // namespace
}  // namespace netpol

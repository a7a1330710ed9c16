// Standard Webhooks signing: the spec's test vector, secrets made and read back, bad secrets
// refused without echoing them, one signature per key in the signature header.

#include "auth/webhook_signature.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/support/text_helpers.h"

namespace webhook_signature_test {

using namespace lg::auth;

namespace {

using lg::test::Hex;

// The test vector of the Standard Webhooks reference libraries (test_sign_function in
// libraries/python/tests/test_webhooks.py, TestWebhookSign in libraries/go/webhook_test.go of
// github.com/standard-webhooks/standard-webhooks).
constexpr std::string_view kSpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view kSpecMsgId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kSpecTimestamp = 1614265330;
constexpr std::string_view kSpecBody = R"({"test": 2432232314})";
constexpr std::string_view kSpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// Bytes 0, 1, …, n - 1.
std::string Counting(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += static_cast<char>(i);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_signature)

BOOST_AUTO_TEST_CASE(matches_the_spec_test_vector) {
  auto key = WebhookSecretKey(kSpecSecret);
  BOOST_REQUIRE(key.has_value());
  BOOST_TEST(Hex(*key) == "31f290f6bf06298aab4f08d43c3f082cf648a362da2da4b0");
  BOOST_TEST(SignWebhook(*key, kSpecMsgId, kSpecTimestamp, kSpecBody) == kSpecSignature);
}

BOOST_AUTO_TEST_CASE(new_secrets_are_prefixed_distinct_and_read_back_as_32_byte_keys) {
  std::set<std::string> keys;
  for (int i = 0; i < 100; ++i) {
    std::string secret = NewWebhookSecret();
    BOOST_TEST(secret.rfind("whsec_", 0) == 0);
    BOOST_TEST(secret.size() == 6 + 44);
    auto key = WebhookSecretKey(secret);
    BOOST_REQUIRE(key.has_value());
    BOOST_TEST(key->size() == 32);
    BOOST_TEST(keys.insert(*key).second);
  }
}

BOOST_AUTO_TEST_CASE(keys_of_24_to_64_bytes_are_read_with_their_padding) {
  struct Case {
    std::string secret;
    size_t bytes;
  };
  std::vector<Case> cases = {
      {"whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX", 24},
      {"whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGA==", 25},
      {"whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBk=", 26},
      {"whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==", 64},
  };
  for (const auto& c : cases) {
    auto key = WebhookSecretKey(c.secret);
    BOOST_REQUIRE_MESSAGE(key.has_value(), c.bytes << " bytes");
    BOOST_TEST(Hex(*key) == Hex(Counting(c.bytes)), c.bytes << " bytes");
  }
}

BOOST_AUTO_TEST_CASE(bad_secrets_are_refused_without_the_secret_in_the_error) {
  std::vector<std::string> bad = {
      "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",           // no prefix
      "whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",      // another prefix
      "WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",     // prefix in capitals
      "whsec_",                                     // no key
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!",     // not a base64 character
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS",      // not a multiple of 4
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw=",    // stray padding
      "whsec_MfKQ9r8G=YqrTwjUPD8ILPZIo2LaLaSw",     // padding inside
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw===",  // three padding characters
      "whsec_ MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",    // whitespace
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",   // trailing newline
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La-_Sw",     // base64url, not standard base64
      "whsec_MDEyMzQ1Njc4OWFiY2RlZg==",             // 16 bytes: too short
      "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRY=",     // 23 bytes: too short
      "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A=",  // 65
      "whsec_" + std::string(4000, 'A'),                                                                 // far too long
  };
  for (const auto& secret : bad) {
    auto key = WebhookSecretKey(secret);
    BOOST_REQUIRE_MESSAGE(!key.has_value(), "accepted: " << secret);
    BOOST_TEST((key.error().kind() == lg::core::ErrorKind::kInvalid), secret);
    BOOST_TEST(key.error().code() == "invalid_secret", secret);
    const std::string& detail = key.error().detail();
    BOOST_TEST(!detail.empty(), secret);
    // No 8 characters of the key text (what follows the public prefix), let alone all of it.
    std::string text = secret.rfind("whsec_", 0) == 0 ? secret.substr(6) : secret;
    size_t leak = std::string::npos;
    for (size_t i = 0; i + 8 <= text.size() && leak == std::string::npos; ++i) {
      if (detail.find(text.substr(i, 8)) != std::string::npos) leak = i;
    }
    BOOST_TEST(leak == std::string::npos, secret << ": " << detail);
  }
}

BOOST_AUTO_TEST_CASE(signatures_depend_on_every_part) {
  std::string key = WebhookSecretKey(kSpecSecret).value();
  std::string signature = SignWebhook(key, kSpecMsgId, kSpecTimestamp, kSpecBody);
  BOOST_TEST(signature.rfind("v1,", 0) == 0);
  BOOST_TEST(signature.size() == 3 + 44);
  BOOST_TEST(SignWebhook(key, "msg_other", kSpecTimestamp, kSpecBody) != signature);
  BOOST_TEST(SignWebhook(key, kSpecMsgId, kSpecTimestamp + 1, kSpecBody) != signature);
  BOOST_TEST(SignWebhook(key, kSpecMsgId, kSpecTimestamp, R"({"test":2432232314})") != signature);
  BOOST_TEST(SignWebhook(Counting(32), kSpecMsgId, kSpecTimestamp, kSpecBody) != signature);
}

BOOST_AUTO_TEST_CASE(the_header_holds_one_signature_per_key_in_order) {
  std::string old_key = WebhookSecretKey(kSpecSecret).value();
  std::string new_key = WebhookSecretKey(NewWebhookSecret()).value();
  std::string old_signature = SignWebhook(old_key, kSpecMsgId, kSpecTimestamp, kSpecBody);
  std::string new_signature = SignWebhook(new_key, kSpecMsgId, kSpecTimestamp, kSpecBody);
  BOOST_TEST(old_signature == kSpecSignature);
  BOOST_TEST(new_signature != old_signature);
  BOOST_TEST(WebhookSignatureHeader({old_key, new_key}, kSpecMsgId, kSpecTimestamp, kSpecBody) ==
             old_signature + " " + new_signature);
  BOOST_TEST(WebhookSignatureHeader({new_key, old_key}, kSpecMsgId, kSpecTimestamp, kSpecBody) ==
             new_signature + " " + old_signature);
  BOOST_TEST(WebhookSignatureHeader({old_key}, kSpecMsgId, kSpecTimestamp, kSpecBody) == old_signature);
  BOOST_TEST(WebhookSignatureHeader({}, kSpecMsgId, kSpecTimestamp, kSpecBody).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace webhook_signature_test

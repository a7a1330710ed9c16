// Authorization header -> Principal. A good token yields its identity and scope; every kind of
// failure (missing, malformed, typo, unknown, revoked, expired) is the one same 401.

#include "service/authenticator.h"

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "auth/token_format.h"
#include "auth/token_hasher.h"
#include "store/db.h"
#include "store/token_repo.h"
#include "tests/support/temp_dir.h"

namespace authenticator_test {

using namespace lg;
using namespace lg::auth;
using lg::service::Authenticator;

namespace {

constexpr int64_t kNow = 1795860000000;  // 2026-11-28T10:00:00Z

// A store with a few tokens; secrets are kept here so tests can present them.
struct Fixture {
  lg::test::TempDir dir;
  std::unique_ptr<store::Db> db;
  std::unique_ptr<store::TokenRepo> repo;
  TokenHasher hasher{std::string(32, 'k')};
  std::string vendor, admin, revoked, expired, other_key;

  Fixture() {
    auto opened = store::Db::Open(dir.Sub("db"));
    BOOST_REQUIRE(opened.has_value());
    db = std::move(*opened);
    repo = std::make_unique<store::TokenRepo>(*db);

    core::TokenRecord v = Record(1, "vendor xyz", core::Permission::kReadWrite, vendor);
    v.campaign_id = 7;
    v.filter_id = 3;
    v.rate_per_second = 5;
    v.rate_burst = 9;
    v.expires_at = kNow + 1000;
    Store(v);
    Store(Record(2, "internal", core::Permission::kAdmin, admin));
    core::TokenRecord r = Record(3, "revoked", core::Permission::kAdmin, revoked);
    r.revoked_at = kNow - 1;
    Store(r);
    core::TokenRecord e = Record(4, "expired", core::Permission::kAdmin, expired);
    e.expires_at = kNow;
    Store(e);
    // Stored under a hash made with a different key (as after losing the key file).
    core::TokenRecord o = Record(5, "other key", core::Permission::kAdmin, other_key);
    o.secret_hash = TokenHasher(std::string(32, 'j')).Hash(other_key);
    Store(o);
  }

  core::TokenRecord Record(uint64_t id, std::string name, core::Permission permission, std::string& secret) {
    secret = GenerateToken();
    core::TokenRecord record;
    record.id = id;
    record.name = std::move(name);
    record.permission = permission;
    record.created_at = kNow - 86400000;
    record.secret_hash = hasher.Hash(secret);
    record.masked = MaskToken(secret);
    record.docs_id = RandomBase62(16);
    return record;
  }

  void Store(const core::TokenRecord& record) { BOOST_REQUIRE(repo->Put(record).ok()); }

  core::Result<Principal> Auth(const std::string& header, int64_t now = kNow) const {
    return Authenticator(*repo, hasher).Authenticate(header, now);
  }
};

// A failure that says nothing about why: 401, code, detail and errors all identical.
void CheckUnauthorized(const core::Result<Principal>& result, const std::string& what) {
  BOOST_TEST_CONTEXT(what) {
    BOOST_REQUIRE(!result.has_value());
    const core::Status expected = core::Status::Unauthenticated();
    const core::Status& s = result.error();
    BOOST_TEST((s.kind() == core::ErrorKind::kUnauthenticated));
    BOOST_TEST(s.code() == expected.code());
    BOOST_TEST(s.detail() == expected.detail());
    BOOST_TEST(s.errors().empty());
  }
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(authenticator, Fixture)

BOOST_AUTO_TEST_CASE(a_valid_token_yields_its_identity_and_scope) {
  auto p = Auth("Bearer " + vendor);
  BOOST_REQUIRE(p.has_value());
  BOOST_TEST(p->token_id == 1u);
  BOOST_TEST(p->name == "vendor xyz");
  BOOST_TEST((p->permission == core::Permission::kReadWrite));
  BOOST_TEST(p->campaign_id.value_or(0) == 7u);
  BOOST_TEST(p->filter_id.value_or(0) == 3u);
  BOOST_TEST(p->rate_per_second.value_or(0) == 5);
  BOOST_TEST(p->rate_burst.value_or(0) == 9);

  auto a = Auth("Bearer " + admin);
  BOOST_REQUIRE(a.has_value());
  BOOST_TEST(a->token_id == 2u);
  BOOST_TEST((a->permission == core::Permission::kAdmin));
  BOOST_TEST(!a->campaign_id.has_value());
  BOOST_TEST(!a->filter_id.has_value());
  BOOST_TEST(!a->rate_per_second.has_value());
}

BOOST_AUTO_TEST_CASE(lower_case_scheme_and_trailing_spaces_are_accepted) {
  BOOST_TEST(Auth("bearer " + admin).has_value());
  BOOST_TEST(Auth("Bearer " + admin + "   ").has_value());
}

BOOST_AUTO_TEST_CASE(missing_or_malformed_headers_are_401) {
  CheckUnauthorized(Auth(""), "empty header");
  CheckUnauthorized(Auth("Bearer"), "scheme only");
  CheckUnauthorized(Auth("Bearer "), "empty token");
  CheckUnauthorized(Auth(admin), "no scheme");
  CheckUnauthorized(Auth("Basic " + admin), "another scheme");
  CheckUnauthorized(Auth("Bearer  " + admin), "two spaces");
  CheckUnauthorized(Auth("Bearer " + admin + "x"), "too long");
  CheckUnauthorized(Auth("Bearer " + admin.substr(0, admin.size() - 1)), "too short");
  CheckUnauthorized(Auth("Bearer xx" + admin.substr(2)), "wrong prefix");
  CheckUnauthorized(Auth("Bearer " + admin + " " + admin), "two tokens");
}

BOOST_AUTO_TEST_CASE(a_typo_is_401) {
  for (size_t i : {3u, 20u, 42u, 48u}) {
    std::string typo = admin;
    typo[i] = typo[i] == 'a' ? 'b' : 'a';
    CheckUnauthorized(Auth("Bearer " + typo), "typo at " + std::to_string(i));
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_well_formed_token_is_401) {
  std::string unknown = GenerateToken();
  BOOST_REQUIRE(HasValidFormat(unknown));
  CheckUnauthorized(Auth("Bearer " + unknown), "unknown token");
  CheckUnauthorized(Auth("Bearer " + other_key), "hashed under another key");
}

BOOST_AUTO_TEST_CASE(revoked_and_expired_tokens_are_401) {
  CheckUnauthorized(Auth("Bearer " + revoked), "revoked");
  CheckUnauthorized(Auth("Bearer " + expired), "expired at this very millisecond");
  BOOST_TEST(Auth("Bearer " + expired, kNow - 1).has_value());  // one millisecond earlier it worked
  // The vendor token expires at kNow + 1000.
  BOOST_TEST(Auth("Bearer " + vendor, kNow + 999).has_value());
  CheckUnauthorized(Auth("Bearer " + vendor, kNow + 1000), "vendor token at expiry");
}

BOOST_AUTO_TEST_CASE(revoking_a_stored_token_takes_effect_at_once) {
  BOOST_REQUIRE(Auth("Bearer " + admin).has_value());
  auto record = repo->GetById(2);
  BOOST_REQUIRE(record.has_value());
  record->revoked_at = kNow;
  Store(*record);
  CheckUnauthorized(Auth("Bearer " + admin), "after revocation");
}

BOOST_AUTO_TEST_CASE(an_authenticator_with_another_key_finds_nobody) {
  TokenHasher wrong(std::string(32, 'x'));
  auto result = Authenticator(*repo, wrong).Authenticate("Bearer " + admin, kNow);
  CheckUnauthorized(result, "wrong hash key");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace authenticator_test

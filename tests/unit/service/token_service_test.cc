// TokenService with the Authenticator and DocsService: only admin tokens manage tokens; a minted
// token authenticates with its scope; rotation retires the old secret at once; revocation ends
// both the secret and the docs link; a rotated docs link retires the old one; the first admin is
// minted only on an empty store; secrets never reach the audit log.

#include "service/token_service.h"

#include <simdjson.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>
#include <vector>

#include "auth/policy.h"
#include "auth/token_format.h"
#include "service/docs_service.h"
#include "tests/unit/service/service_fixture.h"

namespace token_service_test {

using namespace lg;
using namespace lg::service_test;
using core::ErrorKind;

namespace {

struct World : ServiceFixture {
  explicit World(ServiceOptions options = {}) : ServiceFixture(options) {}
  uint64_t campaign = NewCampaign();
  uint64_t filter = NewFilter(campaign, EqFilter("Vendor A", "source", "vendor-a"));
  Minted vendor = Mint("vendor a", "read_write", std::nullopt, filter);

  bool Authenticates(const std::string& secret) const {
    return authenticator->Authenticate("Bearer " + secret, core::NowMillis()).has_value();
  }
  void CheckUnauthorized(const std::string& secret) const {
    auto result = authenticator->Authenticate("Bearer " + secret, core::NowMillis());
    CheckError(result, ErrorKind::kUnauthenticated, "unauthorized");
  }
  service::DocsService Docs() const {
    return service::DocsService(*tokens, *campaigns, *filters,
                                service::DocsSettings{"Acme", "acme", "http://localhost", false, 1 << 20});
  }
};

// A 422 naming `field` with `code` as its only error.
template <typename T>
void CheckOnlyFieldError(const core::Result<T>& result, const std::string& field, const std::string& code) {
  CheckFieldError(result, "validation_failed", field);
  BOOST_TEST(result.error().errors().size() == 1u, Describe(result.error()));
  BOOST_TEST(result.error().errors().front().code == code);
}

// The API form's can_delete_leads member, which must be there and a boolean.
bool CanDeleteInApiForm(const core::TokenRecord& record, const service::TokenSettings& settings) {
  std::string json = service::TokenService::Encode(record, "http://localhost", std::nullopt, settings);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  BOOST_REQUIRE(parser.parse(json).get(doc) == simdjson::SUCCESS);
  bool value = false;
  BOOST_REQUIRE_MESSAGE(doc["can_delete_leads"].get(value) == simdjson::SUCCESS, json);
  return value;
}

struct RevealOff : World {
  static ServiceOptions Options() {
    ServiceOptions options;
    options.tokens.reveal_enabled = false;
    return options;
  }
  RevealOff() : World(Options()) {}
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(token_service, World)

BOOST_AUTO_TEST_CASE(a_minted_token_authenticates_with_its_permission_and_scope) {
  auth::Principal p = vendor.principal;
  BOOST_TEST(p.token_id == vendor.id);
  BOOST_TEST(p.name == "vendor a");
  BOOST_TEST((p.permission == core::Permission::kReadWrite));
  BOOST_TEST(p.filter_id.value_or(0) == filter);
  BOOST_TEST(p.campaign_id.value_or(0) == campaign);  // implied by the filter
  BOOST_TEST(auth::HasValidFormat(vendor.secret));

  auto record = tokens->Get(admin, vendor.id);
  BOOST_REQUIRE(record.has_value());
  BOOST_TEST(record->created_by == admin.token_id);
  BOOST_TEST(record->masked != vendor.secret);
  BOOST_TEST(vendor.secret.starts_with(record->masked.substr(0, 5)));
  BOOST_TEST(record->secret_hash.find(vendor.secret) == std::string::npos);
  BOOST_TEST(tokens->List(admin)->size() == 2u);  // the first admin and this one

  // The client's view shows neither hash nor secret unless the secret is handed in.
  std::string json = service::TokenService::Encode(*record, "https://leads.example", std::nullopt, tokens->settings());
  BOOST_TEST(json.find(vendor.secret) == std::string::npos);
  BOOST_TEST(json.find("\"token\"") == std::string::npos);
  BOOST_TEST(json.find("https://leads.example/docs/" + vendor.docs_id) != std::string::npos);
  std::string with_secret =
      service::TokenService::Encode(*record, "https://leads.example", std::nullopt, tokens->settings(), &vendor.secret);
  BOOST_TEST(with_secret.find("\"token\":\"" + vendor.secret + "\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_admin_tokens_manage_tokens) {
  Minted reader = Mint("reader", "read");
  for (const Minted* token : {&vendor, &reader}) {
    BOOST_TEST_CONTEXT(token->principal.name) {
      const auth::Principal& p = token->principal;
      CheckError(tokens->Create(p, R"({"name": "mine", "permission": "admin"})"), ErrorKind::kNotPermitted,
                 "insufficient_permission");
      CheckError(tokens->List(p), ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(tokens->Get(p, token->id), ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(tokens->Patch(p, token->id, R"({"name": "renamed"})"), ErrorKind::kNotPermitted,
                 "insufficient_permission");
      CheckError(tokens->Reveal(p, admin.token_id), ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(tokens->Rotate(p, admin.token_id), ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(tokens->RotateDocsLink(p, token->id), ErrorKind::kNotPermitted, "insufficient_permission");
      CheckError(tokens->Revoke(p, admin.token_id), ErrorKind::kNotPermitted, "insufficient_permission");
    }
  }
  BOOST_TEST(Authenticates(initial_admin.secret));
  BOOST_TEST(tokens->List(admin)->size() == 3u);
  BOOST_TEST(tokens->Get(admin, reader.id)->name == "reader");
}

BOOST_AUTO_TEST_CASE(an_unknown_token_is_404_for_an_admin) {
  CheckError(tokens->Get(admin, 999), ErrorKind::kNotFound, "not_found");
  CheckError(tokens->Revoke(admin, 999), ErrorKind::kNotFound, "not_found");
  CheckError(tokens->Rotate(admin, 999), ErrorKind::kNotFound, "not_found");
}

BOOST_AUTO_TEST_CASE(a_token_request_with_a_bad_scope_is_422_and_mints_nothing) {
  uint64_t wind = NewCampaign(kWindCampaign);
  CheckFieldError(
      tokens->Create(admin, R"({"name": "a", "permission": "admin", "campaign_id": )" + std::to_string(campaign) + "}"),
      "validation_failed", "permission");
  CheckFieldError(tokens->Create(admin, R"({"name": "a", "permission": "read", "campaign_id": )" +
                                            std::to_string(wind) + R"(, "filter_id": )" + std::to_string(filter) + "}"),
                  "validation_failed", "filter_id");
  CheckFieldError(tokens->Create(admin, R"({"name": "a", "permission": "read", "campaign_id": 999})"),
                  "validation_failed", "campaign_id");
  CheckFieldError(tokens->Create(admin, R"({"name": "a", "permission": "read", "filter_id": 999})"),
                  "validation_failed", "filter_id");
  CheckFieldError(tokens->Create(admin, R"({"name": "a", "permission": "owner"})"), "validation_failed", "permission");
  CheckFieldError(tokens->Create(admin, R"({"permission": "read"})"), "validation_failed", "name");
  CheckFieldError(tokens->Create(admin, R"({"name": "a", "permission": "read", "expires_at": "2020-01-01T00:00:00Z"})"),
                  "validation_failed", "expires_at");
  BOOST_TEST(tokens->List(admin)->size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_patch_changes_the_name_but_never_the_scope) {
  CheckFieldError(tokens->Patch(admin, vendor.id, R"({"permission": "admin"})"), "validation_failed", "permission");
  CheckFieldError(tokens->Patch(admin, vendor.id, R"({"filter_id": null})"), "validation_failed", "filter_id");
  auto patched = tokens->Patch(admin, vendor.id, R"({"name": "vendor a 2"
})");
  BOOST_REQUIRE_MESSAGE(patched.has_value(), Why(patched));
  BOOST_TEST(patched->name == "vendor a 2");
  auth::Principal p = Authenticate(vendor.secret);
  BOOST_TEST(p.name == "vendor a 2");
  BOOST_TEST(p.filter_id.value_or(0) == filter);
  BOOST_TEST((p.permission == core::Permission::kReadWrite));
}

BOOST_AUTO_TEST_CASE(a_token_may_not_delete_leads_unless_told_so_and_its_api_form_says_which) {
  auto record = tokens->Get(admin, vendor.id);
  BOOST_REQUIRE(record.has_value());
  BOOST_TEST(!record->can_delete_leads);
  BOOST_TEST(!CanDeleteInApiForm(*record, tokens->settings()));
  BOOST_TEST(!CanDeleteInApiForm(initial_admin.record, tokens->settings()));  // shown on every token
  BOOST_TEST(!vendor.principal.can_delete_leads);
  CheckError(auth::RequireLeadDelete(vendor.principal), ErrorKind::kNotPermitted, "insufficient_permission");
  BOOST_TEST(auth::RequireLeadDelete(admin).ok());  // admin needs no flag
}

BOOST_AUTO_TEST_CASE(a_campaign_scoped_read_write_token_allowed_to_delete_keeps_it_across_a_restart) {
  uint64_t filter_b = NewFilter(campaign, EqFilter("Vendor B", "source", "vendor-b"));
  Minted deleter = Mint(R"({"name": "vendor b", "permission": "read_write", "filter_id": )" + std::to_string(filter_b) +
                        R"(, "can_delete_leads": true})");
  // Scoped to the campaign alone (no filter) is campaign-scoped too; false is accepted anywhere.
  Minted whole = Mint(R"({"name": "whole", "permission": "read_write", "campaign_id": )" + std::to_string(campaign) +
                      R"(, "can_delete_leads": true})");
  Minted reader = Mint(R"({"name": "reader", "permission": "read", "can_delete_leads": false})");
  BOOST_TEST(deleter.principal.can_delete_leads);
  BOOST_TEST(auth::RequireLeadDelete(deleter.principal).ok());
  BOOST_TEST(whole.principal.can_delete_leads);
  BOOST_TEST(!reader.principal.can_delete_leads);

  auto record = tokens->Get(admin, deleter.id);
  BOOST_REQUIRE(record.has_value());
  BOOST_TEST(record->can_delete_leads);
  BOOST_TEST(CanDeleteInApiForm(*record, tokens->settings()));
  auto listed = tokens->List(admin);
  BOOST_REQUIRE(listed.has_value());
  for (const auto& r : *listed) {
    BOOST_TEST_CONTEXT(r.name) { BOOST_TEST(r.can_delete_leads == (r.id == deleter.id || r.id == whole.id)); }
  }
  auto created = AuditEvents("token_created");
  BOOST_REQUIRE(!created.empty());
  BOOST_TEST(created.back().detail == "initial admin token");
  BOOST_TEST(created[2].detail == "read_write, can_delete_leads");  // newest first: reader, whole, deleter
  BOOST_TEST(created[0].detail == "read");

  Reopen();
  BOOST_TEST(tokens->Get(admin, deleter.id)->can_delete_leads);
  BOOST_TEST(!tokens->Get(admin, vendor.id)->can_delete_leads);
  BOOST_TEST(Authenticate(deleter.secret).can_delete_leads);
  BOOST_TEST(!Authenticate(vendor.secret).can_delete_leads);
}

BOOST_AUTO_TEST_CASE(can_delete_leads_off_a_campaign_scoped_read_write_token_is_422_and_mints_nothing) {
  std::string in_campaign = R"(, "campaign_id": )" + std::to_string(campaign);
  // A read token may not delete at all.
  CheckOnlyFieldError(
      tokens->Create(admin, R"({"name": "a", "permission": "read")" + in_campaign + R"(, "can_delete_leads": true})"),
      "can_delete_leads", "needs_read_write");
  CheckOnlyFieldError(tokens->Create(admin, R"({"name": "a", "permission": "read", "filter_id": )" +
                                                std::to_string(filter) + R"(, "can_delete_leads": true})"),
                      "can_delete_leads", "needs_read_write");
  // Account-level read_write and admin tokens may delete already: the flag would mean nothing.
  CheckOnlyFieldError(tokens->Create(admin, R"({"name": "a", "permission": "read_write", "can_delete_leads": true})"),
                      "can_delete_leads", "not_campaign_scoped");
  CheckOnlyFieldError(tokens->Create(admin, R"({"name": "a", "permission": "admin", "can_delete_leads": true})"),
                      "can_delete_leads", "not_campaign_scoped");
  // Only a boolean.
  for (const char* value : {R"("true")", "1", "null", "[]"}) {
    BOOST_TEST_CONTEXT(value) {
      CheckOnlyFieldError(tokens->Create(admin, R"({"name": "a", "permission": "read_write")" + in_campaign +
                                                    R"(, "can_delete_leads": )" + value + "}"),
                          "can_delete_leads", "invalid_type");
    }
  }
  // A bad permission or scope is reported as itself, not also as a reason the flag does not fit.
  CheckOnlyFieldError(tokens->Create(admin, R"({"name": "a", "permission": "read_write", "campaign_id": 999,)"
                                            R"( "can_delete_leads": true})"),
                      "campaign_id", "unknown_campaign");
  CheckOnlyFieldError(
      tokens->Create(admin, R"({"name": "a", "permission": "owner")" + in_campaign + R"(, "can_delete_leads": true})"),
      "permission", "invalid_permission");
  CheckOnlyFieldError(tokens->Create(admin, R"({"name": "a")" + in_campaign + R"(, "can_delete_leads": true})"),
                      "permission", "required");
  BOOST_TEST(tokens->List(admin)->size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_patch_grants_and_withdraws_can_delete_leads_under_the_same_rules_and_is_audited) {
  auto granted = tokens->Patch(admin, vendor.id, R"({"can_delete_leads": true})");
  BOOST_REQUIRE_MESSAGE(granted.has_value(), Why(granted));
  BOOST_TEST(granted->can_delete_leads);
  BOOST_TEST(CanDeleteInApiForm(*granted, tokens->settings()));
  BOOST_TEST(Authenticate(vendor.secret).can_delete_leads);  // from the next request on
  BOOST_TEST(auth::RequireLeadDelete(Authenticate(vendor.secret)).ok());
  Reopen();
  BOOST_TEST(Authenticate(vendor.secret).can_delete_leads);

  // A rename leaves the flag alone and the audit detail empty.
  auto renamed = tokens->Patch(admin, vendor.id, R"({"name": "vendor a 2"})");
  BOOST_REQUIRE_MESSAGE(renamed.has_value(), Why(renamed));
  BOOST_TEST(renamed->can_delete_leads);

  auto withdrawn = tokens->Patch(admin, vendor.id, R"({"can_delete_leads": false})");
  BOOST_REQUIRE_MESSAGE(withdrawn.has_value(), Why(withdrawn));
  BOOST_TEST(!withdrawn->can_delete_leads);
  CheckError(auth::RequireLeadDelete(Authenticate(vendor.secret)), ErrorKind::kNotPermitted, "insufficient_permission");

  auto changed = AuditEvents("token_changed");
  BOOST_REQUIRE(changed.size() == 3u);  // newest first
  BOOST_TEST(changed[0].detail == "can_delete_leads=false");
  BOOST_TEST(changed[1].detail == "");
  BOOST_TEST(changed[2].detail == "can_delete_leads=true");
  for (const auto& event : changed) BOOST_TEST(event.target == "token " + std::to_string(vendor.id));

  // The rules of a new token; a refused patch changes nothing, the name included.
  Minted reader = Mint("reader", "read", campaign);
  Minted crm = Mint("crm", "read_write");
  CheckOnlyFieldError(tokens->Patch(admin, reader.id, R"({"can_delete_leads": true})"), "can_delete_leads",
                      "needs_read_write");
  CheckOnlyFieldError(tokens->Patch(admin, crm.id, R"({"name": "crm 2", "can_delete_leads": true})"),
                      "can_delete_leads", "not_campaign_scoped");
  CheckOnlyFieldError(tokens->Patch(admin, admin.token_id, R"({"can_delete_leads": true})"), "can_delete_leads",
                      "not_campaign_scoped");
  CheckOnlyFieldError(tokens->Patch(admin, vendor.id, R"({"can_delete_leads": "yes"})"), "can_delete_leads",
                      "invalid_type");
  BOOST_TEST(tokens->Get(admin, crm.id)->name == "crm");
  BOOST_TEST(!tokens->Get(admin, vendor.id)->can_delete_leads);
  BOOST_TEST(tokens->Patch(admin, crm.id, R"({"can_delete_leads": false})").has_value());  // false fits anywhere
  BOOST_TEST(AuditEvents("token_changed").size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_rotated_tokens_old_secret_no_longer_authenticates_while_the_new_one_does) {
  auto rotated = tokens->Rotate(admin, vendor.id);
  BOOST_REQUIRE_MESSAGE(rotated.has_value(), Why(rotated));
  BOOST_TEST(rotated->secret != vendor.secret);
  BOOST_TEST(rotated->record.id == vendor.id);
  BOOST_TEST(rotated->record.docs_id == vendor.docs_id);  // the docs link stays
  CheckUnauthorized(vendor.secret);
  auth::Principal p = Authenticate(rotated->secret);
  BOOST_TEST(p.token_id == vendor.id);
  BOOST_TEST(p.filter_id.value_or(0) == filter);
  // So it stays after a restart.
  Reopen();
  CheckUnauthorized(vendor.secret);
  BOOST_TEST(Authenticates(rotated->secret));
  BOOST_TEST(AuditEvents("token_rotated").size() == 1u);
}

BOOST_AUTO_TEST_CASE(reveal_shows_the_current_secret_again) {
  auto revealed = tokens->Reveal(admin, vendor.id);
  BOOST_REQUIRE_MESSAGE(revealed.has_value(), Why(revealed));
  BOOST_TEST(revealed->secret == vendor.secret);
  auto rotated = tokens->Rotate(admin, vendor.id);
  BOOST_REQUIRE(rotated.has_value());
  BOOST_TEST(tokens->Reveal(admin, vendor.id)->secret == rotated->secret);
  BOOST_TEST(AuditEvents("token_revealed").size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(with_reveal_turned_off_no_secret_is_kept_and_reveal_is_403, RevealOff) {
  CheckError(tokens->Reveal(admin, vendor.id), ErrorKind::kNotPermitted, "reveal_disabled");
  BOOST_TEST(tokens->Get(admin, vendor.id)->sealed_secret.empty());
  auto rotated = tokens->Rotate(admin, vendor.id);
  BOOST_REQUIRE(rotated.has_value());
  BOOST_TEST(rotated->record.sealed_secret.empty());
  BOOST_TEST(Authenticates(rotated->secret));
}

BOOST_AUTO_TEST_CASE(a_revoked_token_no_longer_authenticates_and_its_docs_link_is_no_longer_found) {
  auto docs = Docs();
  int64_t now = core::NowMillis();
  auto found = tokens->FindByDocsId(vendor.docs_id, now);
  BOOST_REQUIRE(found.has_value());
  BOOST_TEST(found->id == vendor.id);
  auto page = docs.ForDocsLink(vendor.docs_id, nullptr);
  BOOST_REQUIRE_MESSAGE(page.has_value(), Why(page));
  BOOST_TEST(page->title == "vendor a");

  auto revoked = tokens->Revoke(admin, vendor.id);
  BOOST_REQUIRE_MESSAGE(revoked.has_value(), Why(revoked));
  BOOST_TEST(revoked->revoked_at.has_value());
  BOOST_TEST(!tokens->FindByDocsId(vendor.docs_id, core::NowMillis()).has_value());
  CheckError(docs.ForDocsLink(vendor.docs_id, nullptr), ErrorKind::kNotFound, "not_found");
  CheckUnauthorized(vendor.secret);
  // Revoking again changes nothing; a revoked token can be neither rotated nor shown.
  auto again = tokens->Revoke(admin, vendor.id);
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(again->revoked_at.value_or(0) == revoked->revoked_at.value_or(-1));
  BOOST_TEST(AuditEvents("token_revoked").size() == 1u);
  CheckError(tokens->Rotate(admin, vendor.id), ErrorKind::kConflict, "token_revoked");
  CheckError(tokens->Reveal(admin, vendor.id), ErrorKind::kConflict, "token_revoked");
  // Still listed, as revoked.
  BOOST_TEST(tokens->Get(admin, vendor.id)->revoked_at.has_value());
  Reopen();
  BOOST_TEST(!tokens->FindByDocsId(vendor.docs_id, core::NowMillis()).has_value());
  CheckUnauthorized(vendor.secret);
}

BOOST_AUTO_TEST_CASE(an_expired_tokens_docs_link_is_not_found) {
  Minted expiring = Mint(R"({"name": "temp", "permission": "read", "expires_at": "2099-01-01T00:00:00Z"})");
  int64_t expiry = *core::ParseTimestamp("2099-01-01T00:00:00Z");
  BOOST_TEST(tokens->FindByDocsId(expiring.docs_id, expiry - 1).has_value());
  BOOST_TEST(!tokens->FindByDocsId(expiring.docs_id, expiry).has_value());
  BOOST_TEST(!authenticator->Authenticate("Bearer " + expiring.secret, expiry).has_value());
}

BOOST_AUTO_TEST_CASE(a_rotated_docs_link_retires_the_old_one_and_keeps_the_secret) {
  auto rotated = tokens->RotateDocsLink(admin, vendor.id);
  BOOST_REQUIRE_MESSAGE(rotated.has_value(), Why(rotated));
  BOOST_TEST(rotated->docs_id != vendor.docs_id);
  BOOST_TEST(!tokens->FindByDocsId(vendor.docs_id, core::NowMillis()).has_value());
  BOOST_TEST(tokens->FindByDocsId(rotated->docs_id, core::NowMillis())->id == vendor.id);
  BOOST_TEST(Authenticates(vendor.secret));
  Reopen();
  BOOST_TEST(!tokens->FindByDocsId(vendor.docs_id, core::NowMillis()).has_value());
  BOOST_TEST(tokens->FindByDocsId(rotated->docs_id, core::NowMillis()).has_value());
}

BOOST_AUTO_TEST_CASE(an_unknown_or_malformed_docs_link_is_not_found) {
  BOOST_TEST(!tokens->FindByDocsId("", core::NowMillis()).has_value());
  BOOST_TEST(!tokens->FindByDocsId(vendor.docs_id.substr(1), core::NowMillis()).has_value());
  BOOST_TEST(!tokens->FindByDocsId(std::string(vendor.docs_id.size(), 'x'), core::NowMillis()).has_value());
}

BOOST_AUTO_TEST_CASE(the_first_admin_is_minted_only_on_an_empty_store) {
  // The fixture's store was empty: it got the first admin, account-level, made by the server.
  BOOST_TEST((initial_admin.record.permission == core::Permission::kAdmin));
  BOOST_TEST(!initial_admin.record.campaign_id.has_value());
  BOOST_TEST(initial_admin.record.created_by == 0u);
  BOOST_TEST((admin.permission == core::Permission::kAdmin));
  auto again = tokens->CreateInitialAdmin("second admin");
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(!again->has_value());
  Reopen();
  auto after_restart = tokens->CreateInitialAdmin("third admin");
  BOOST_REQUIRE(after_restart.has_value());
  BOOST_TEST(!after_restart->has_value());
  BOOST_TEST(tokens->List(admin)->size() == 2u);
  // Its minting is audited without an actor.
  auto events = AuditEvents("token_created");
  BOOST_REQUIRE(events.size() == 2u);
  BOOST_TEST(!events.back().actor.has_value());  // newest first: the first admin is last
  BOOST_TEST(events.back().detail == "initial admin token");
}

BOOST_AUTO_TEST_CASE(no_secret_ever_reaches_the_audit_log) {
  auto revealed = tokens->Reveal(admin, vendor.id);
  auto rotated = tokens->Rotate(admin, vendor.id);
  BOOST_REQUIRE(revealed.has_value());
  BOOST_REQUIRE(rotated.has_value());
  BOOST_REQUIRE(tokens->Revoke(admin, vendor.id).has_value());
  auto events = AuditEvents();
  BOOST_TEST(events.size() >= 5u);
  for (const auto& event : events) {
    for (const std::string* secret : {&initial_admin.secret, &vendor.secret, &rotated->secret}) {
      BOOST_TEST(event.json.find(*secret) == std::string::npos, event.kind << " holds a secret");
    }
  }
}

BOOST_AUTO_TEST_CASE(last_use_is_kept_to_the_minute_and_survives_a_restart) {
  BOOST_TEST(!tokens->LastUsed(vendor.id).has_value());
  const int64_t t = 1795860000000;
  tokens->RecordUse(vendor.id, t);
  BOOST_TEST(tokens->LastUsed(vendor.id).value_or(0) == t);
  tokens->RecordUse(vendor.id, t + service::TokenService::kLastUsedResolutionMs - 1);
  BOOST_TEST(tokens->LastUsed(vendor.id).value_or(0) == t);
  tokens->RecordUse(vendor.id, t + service::TokenService::kLastUsedResolutionMs);
  BOOST_TEST(tokens->LastUsed(vendor.id).value_or(0) == t + service::TokenService::kLastUsedResolutionMs);
  Reopen();  // the service writes what it holds when it stops
  BOOST_TEST(tokens->LastUsed(vendor.id).value_or(0) == t + service::TokenService::kLastUsedResolutionMs);
}

// A token minted while its filter is being deleted either gets the filter's campaign or is
// refused with unknown_filter; the filter is looked up once, so its deletion between two
// lookups cannot be dereferenced.
BOOST_AUTO_TEST_CASE(a_token_minted_while_its_filter_is_deleted_is_refused_or_scoped_never_broken) {
  std::atomic<uint64_t> current{0};
  std::atomic<bool> done{false};
  std::thread churn([&] {
    for (int i = 0; i < 400; ++i) {
      uint64_t id = NewFilter(campaign, EqFilter("Churn " + std::to_string(i), "source", "vendor-b"));
      current.store(id);
      filters->Delete(admin, core::CampaignId(campaign), core::FilterId(id))
          .IgnoreError();  // 409 once a token uses it: fine
    }
    done.store(true);
  });
  int minted = 0, refused = 0;
  while (!done.load()) {
    uint64_t id = current.load();
    if (id == 0) continue;
    auto issued =
        tokens->Create(admin, R"({"name": "racer", "permission": "read", "filter_id": )" + std::to_string(id) + "}");
    if (issued.has_value()) {
      ++minted;
      BOOST_TEST(issued->record.campaign_id.value_or(0) == campaign);
      BOOST_TEST(issued->record.filter_id.value_or(0) == id);
    } else {
      ++refused;
      BOOST_TEST(issued.error().errors().front().code == "unknown_filter");
    }
  }
  churn.join();
  BOOST_TEST(minted + refused > 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace token_service_test

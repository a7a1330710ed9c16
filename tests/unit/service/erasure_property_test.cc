// Deletion and person erasure as a property. A few hundred random operations (creates, some with
// an Idempotency-Key and some sending a used key again, with e-mails and phones from small pools
// so that one person has many leads, in a campaign without duplicate rules and one that flags
// duplicate e-mails; PATCHes of status, source, e-mail and phone; single deletes; erasures by
// e-mail or phone, by the admin and by a vendor whose token may delete its own leads), with
// restarts between. After each phase, against a model of what is live and what was deleted:
//  - every live lead reads back as last written, every deleted one is a 404;
//  - the store passes its integrity check (no index, person or duplicate-rule entry points at a
//    deleted lead, every tombstone has its entries), with one tombstone per deleted lead;
//  - no Idempotency-Key record holds a deleted lead, and each one of a live lead is still there;
//  - an erasure's dry run for each e-mail and phone of the pools lists exactly the live leads
//    that carry it;
//  - the sync feed (sort=updated_at) holds each live lead once and each deleted lead once as its
//    tombstone (with its last status and source, without personal data), and nothing else.
// Creates into the flagging campaign name the earliest live lead with their e-mail: a deleted
// lead's duplicate-rule entries go with it. The seed is printed; change kSeed to replay a run.

#include <simdjson.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <cstdint>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/lead_json.h"
#include "core/sha256.h"
#include "store/integrity_check.h"
#include "tests/unit/service/service_fixture.h"

namespace lg::service_test::erasure_property_test {
namespace {

constexpr uint64_t kSeed = 20261207;
constexpr int kSteps = 450;
constexpr int kRestartEvery = 150;  // restarts after steps 150 and 300

// An e-mail and a phone field, two vendors, three statuses; the second campaign flags a lead
// whose e-mail an earlier one has.
constexpr std::string_view kPlainCampaign = R"({"name": "People",
  "fields": [{"slug": "marker", "type": "text"}, {"slug": "email", "type": "email"},
             {"slug": "phone", "type": "phone"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}, {"slug": "vendor-b"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "contacted"}, {"slug": "won", "type": "won"}]})";
constexpr std::string_view kFlagCampaign = R"({"name": "People flagged",
  "fields": [{"slug": "marker", "type": "text"}, {"slug": "email", "type": "email"},
             {"slug": "phone", "type": "phone"}],
  "selects": [{"slug": "source", "options": [{"slug": "vendor-a"}, {"slug": "vendor-b"}]}],
  "statuses": [{"slug": "new", "default": true}, {"slug": "contacted"}, {"slug": "won", "type": "won"}],
  "duplicate_rules": [{"fields": ["email"], "window_seconds": 86400, "action": "flag"}]})";

const std::vector<std::string> kEmails = {"ann@example.com", "bo@example.org",  "cy@example.net",  "dee@example.com",
                                          "eli@example.org", "fay@example.net", "gus@example.com", "hal@example.org"};
const std::vector<std::string> kPhones = {"4511112222", "4533334444", "4555556666",
                                          "4577778888", "4599990000", "4612345678"};
const std::vector<std::string> kStatuses = {"new", "contacted", "won"};
const std::vector<std::string> kSources = {"vendor-a", "vendor-b"};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Digits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

// The string inside stored JSON text ("\"a\"" -> a).
std::string Unquoted(const std::string& json) {
  return json.size() >= 2 && json.front() == '"' && json.back() == '"' ? json.substr(1, json.size() - 2) : json;
}

std::string FieldOf(const core::Lead& lead, const std::string& slug) {
  auto it = lead.field_values.find(slug);
  return it == lead.field_values.end() ? "" : Unquoted(it->second);
}

std::string SourceOf(const core::Lead& lead) {
  auto it = lead.select_values.find("source");
  return it == lead.select_values.end() ? "" : it->second;
}

// A lead as the model expects it.
struct Expected {
  uint64_t campaign = 0;
  std::string marker;
  std::string email;  // as sent; empty: none
  std::string phone;  // as sent; empty: none
  std::string status = "new";
  std::string source;
  int64_t created_at = 0;
  std::optional<uint64_t> doublet_of;
};

// An Idempotency-Key used for a create, with what was sent and the lead it made last.
struct KeyUse {
  std::string key;
  std::string path;
  std::string body;
  Expected sent;
  uint64_t lead_id = 0;
};

class ErasureModel : public ServiceFixture {
 public:
  ErasureModel() : seed_(kSeed), rng_(seed_) {
    BOOST_TEST_MESSAGE("erasure property: seed " << seed_);
    plain_ = NewCampaign(kPlainCampaign);
    flag_ = NewCampaign(kFlagCampaign);
    const uint64_t filter = NewFilter(plain_, EqFilter("Vendor A", "source", "vendor-a"));
    vendor_secret_ = Mint(R"({"name": "vendor a cleanup", "permission": "read_write", "filter_id": )" +
                          std::to_string(filter) + R"(, "can_delete_leads": true})")
                         .secret;
  }

  void Run() {
    for (int step = 1; step <= kSteps; ++step) {
      BOOST_TEST_CONTEXT("seed " << seed_ << ", step " << step) {
        const int dice = static_cast<int>(rng_() % 100);
        if (dice < 44 || live_.empty()) {
          Create();
        } else if (dice < 50 && !keys_.empty()) {
          SendKeyAgain();
        } else if (dice < 72) {
          Patch();
        } else if (dice < 90) {
          Delete();
        } else {
          Erase();
        }
      }
      if (step % kRestartEvery == 0 && step < kSteps) {
        CheckAll("before the restart after step " + std::to_string(step));
        Reopen();
        CheckAll("after the restart after step " + std::to_string(step));
      }
    }
    CheckAll("at the end");
    BOOST_TEST_MESSAGE("erasure property: " << counts_.creates << " creates (" << counts_.keyed << " with a key, "
                                            << counts_.flagged << " flagged), " << counts_.replays
                                            << " keys sent again (" << counts_.recreated << " after their lead went), "
                                            << counts_.patches << " patches, " << counts_.deletes << " deletes ("
                                            << counts_.refused << " refused as not found), " << counts_.erasures
                                            << " erasures deleting " << counts_.erased << "; " << live_.size()
                                            << " live, " << deleted_.size() << " deleted");
    BOOST_TEST(counts_.erased > 0u);
    BOOST_TEST(counts_.recreated + counts_.replays > 0u);
  }

 private:
  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[rng_() % from.size()];
  }

  // An address of the pool with its letters' case varied (the person index folds it).
  std::string CasedEmail() {
    std::string email = Pick(kEmails);
    for (char& c : email) {
      if (std::isalpha(static_cast<unsigned char>(c)) && rng_() % 4 == 0) c = static_cast<char>(std::toupper(c));
    }
    return email;
  }

  // A number of the pool written one of the ways people write it (the index compares digits).
  std::string FormattedPhone() {
    const std::string& d = Pick(kPhones);
    switch (rng_() % 4) {
      case 0:
        return "+" + d;
      case 1:
        return "+" + d.substr(0, 2) + " " + d.substr(2, 4) + " " + d.substr(6);
      case 2:
        return d.substr(0, 2) + "-" + d.substr(2, 4) + "-" + d.substr(6);
      default:
        return "(" + d.substr(0, 2) + ") " + d.substr(2, 4) + "." + d.substr(6);
    }
  }

  // A random live lead's id.
  uint64_t AnyLive() {
    auto it = live_.begin();
    std::advance(it, static_cast<long>(rng_() % live_.size()));
    return it->first;
  }

  static std::string CreateBody(const Expected& e) {
    std::string fields = R"("marker": ")" + e.marker + "\"";
    if (!e.email.empty()) fields += R"(, "email": ")" + e.email + "\"";
    if (!e.phone.empty()) fields += R"(, "phone": ")" + e.phone + "\"";
    return R"({"field_values": {)" + fields + R"(}, "select_field_values": {"source": ")" + e.source + R"("}})";
  }

  // The id the flag rule should name for a new lead of `e`: the earliest live lead of the
  // campaign with its e-mail (none outside the flagging campaign, or without an e-mail).
  std::optional<uint64_t> PredictedDuplicate(const Expected& e) const {
    if (e.campaign != flag_ || e.email.empty()) return std::nullopt;
    std::optional<std::pair<int64_t, uint64_t>> earliest;
    for (const auto& [id, other] : live_) {
      if (other.campaign != flag_ || Lower(other.email) != Lower(e.email)) continue;
      earliest = std::min(earliest.value_or(std::pair(other.created_at, id)), std::pair(other.created_at, id));
    }
    if (!earliest) return std::nullopt;
    return earliest->second;
  }

  // The lead `answer` holds, checked against `want` (its values as sent); its id.
  uint64_t Created(const core::Result<service::CreatedLead>& answer, Expected want) {
    BOOST_REQUIRE_MESSAGE(answer.has_value(), Why(answer));
    BOOST_TEST(!answer->replayed);
    auto lead = core::DecodeLead(answer->json);
    BOOST_REQUIRE(lead.has_value());
    BOOST_TEST(!live_.count(lead->id));
    BOOST_TEST(!deleted_.count(lead->id), "a new lead took the id of deleted lead " << lead->id);
    const std::optional<uint64_t> predicted = PredictedDuplicate(want);
    BOOST_TEST((lead->doublet_of == predicted),
               "doublet_of " << lead->doublet_of.value_or(0) << ", expected " << predicted.value_or(0) << " (0: none)");
    want.created_at = lead->created_at;
    want.doublet_of = lead->doublet_of;
    if (lead->doublet_of) ++counts_.flagged;
    live_[lead->id] = std::move(want);
    ++counts_.creates;
    return lead->id;
  }

  void Create() {
    Expected want;
    want.campaign = rng_() % 2 ? flag_ : plain_;
    want.marker = "m" + std::to_string(++markers_);
    if (rng_() % 10 != 0) want.email = CasedEmail();
    if (rng_() % 3 != 0) want.phone = FormattedPhone();
    want.source = Pick(kSources);
    const std::string body = CreateBody(want);
    if (rng_() % 3 != 0) {
      auto answer = ServiceFixture::Create(admin, want.campaign, body);
      Created(answer, std::move(want));
      return;
    }
    ++counts_.keyed;
    KeyUse& use = keys_.emplace_back();
    use.key = "key-" + want.marker;
    use.path = "/v2/campaigns/" + std::to_string(want.campaign) + "/leads";
    use.body = body;
    use.sent = want;
    auto answer =
        ServiceFixture::Create(admin, want.campaign, use.body, service::IdempotentRequest{use.key, "POST", use.path});
    use.lead_id = Created(answer, std::move(want));
  }

  // A retry of a create with a key: the first answer while its lead lives; once the lead is
  // deleted the key holds nothing, and the retry creates the lead anew.
  void SendKeyAgain() {
    KeyUse& use = keys_[rng_() % keys_.size()];
    ++counts_.replays;
    auto answer = ServiceFixture::Create(admin, use.sent.campaign, use.body,
                                         service::IdempotentRequest{use.key, "POST", use.path});
    if (live_.count(use.lead_id)) {
      BOOST_REQUIRE_MESSAGE(answer.has_value(), Why(answer));
      BOOST_TEST(answer->replayed);
      auto lead = core::DecodeLead(answer->json);
      BOOST_REQUIRE(lead.has_value());
      BOOST_TEST(lead->id == use.lead_id);
      return;
    }
    BOOST_TEST_CONTEXT("the key of deleted lead " << use.lead_id) {
      BOOST_REQUIRE_MESSAGE(answer.has_value(), Why(answer));
      BOOST_TEST(answer.value().replayed == false, "a retry was answered with a deleted lead: " << answer->json);
      ++counts_.recreated;
      use.lead_id = Created(answer, use.sent);
    }
  }

  void Patch() {
    const uint64_t id = AnyLive();
    Expected& want = live_[id];
    std::string body = "{";
    std::string fields;
    auto member = [&](std::string& to, const std::string& text) { to += (to.size() > 1 ? ", " : "") + text; };
    const int what = 1 + static_cast<int>(rng_() % 15);  // a non-empty subset of four changes
    if (what & 1) {
      want.status = Pick(kStatuses);
      member(body, R"("status": ")" + want.status + "\"");
    }
    if (what & 2) {
      want.source = Pick(kSources);
      member(body, R"("select_field_values": {"source": ")" + want.source + R"("})");
    }
    if (what & 4) {
      want.email = rng_() % 5 == 0 ? "" : CasedEmail();
      fields += R"("email": )" + (want.email.empty() ? std::string("null") : "\"" + want.email + "\"");
    }
    if (what & 8) {
      want.phone = rng_() % 5 == 0 ? "" : FormattedPhone();
      fields += std::string(fields.empty() ? "" : ", ") + R"("phone": )" +
                (want.phone.empty() ? std::string("null") : "\"" + want.phone + "\"");
    }
    if (!fields.empty()) member(body, R"("field_values": {)" + fields + "}");
    body += "}";
    ++counts_.patches;
    BOOST_TEST_CONTEXT("PATCH of lead " << id << ": " << body) {
      auto answer = leads->Patch(admin, core::CampaignId(want.campaign), core::LeadId(id), body);
      BOOST_REQUIRE_MESSAGE(answer.has_value(), Why(answer));
      auto lead = core::DecodeLead(*answer);
      BOOST_REQUIRE(lead.has_value());
      CheckValues(want, *lead);
    }
  }

  // The model's side of a deletion.
  void Gone(uint64_t id) {
    auto it = live_.find(id);
    BOOST_REQUIRE(it != live_.end());
    deleted_[id] = std::move(it->second);
    live_.erase(it);
  }

  void Delete() {
    ++counts_.deletes;
    if (!deleted_.empty() && rng_() % 10 == 0) {
      // Once more: nothing left to delete.
      auto it = deleted_.begin();
      std::advance(it, static_cast<long>(rng_() % deleted_.size()));
      CheckError(leads->Delete(admin, core::CampaignId(it->second.campaign), core::LeadId(it->first)),
                 core::ErrorKind::kNotFound, "not_found");
      ++counts_.refused;
      return;
    }
    const uint64_t id = AnyLive();
    const Expected& want = live_[id];
    if (rng_() % 4 == 0) {
      // The vendor deletes its own leads; another's lead is a 404 and stays.
      const auth::Principal vendor = Authenticate(vendor_secret_);
      core::Status status = leads->Delete(vendor, core::CampaignId(want.campaign), core::LeadId(id));
      if (want.campaign != plain_ || want.source != "vendor-a") {
        CheckError(status, core::ErrorKind::kNotFound, "not_found");
        ++counts_.refused;
        return;
      }
      BOOST_TEST(status.ok(), Describe(status));
    } else {
      core::Status status = leads->Delete(admin, core::CampaignId(want.campaign), core::LeadId(id));
      BOOST_TEST(status.ok(), Describe(status));
    }
    Gone(id);
  }

  // The live leads (campaign, id) a person request finds, as `vendor` or the admin sees them.
  std::set<std::pair<uint64_t, uint64_t>> Matching(const std::string& email, const std::string& phone,
                                                   std::optional<uint64_t> campaign, bool vendor) const {
    std::set<std::pair<uint64_t, uint64_t>> out;
    for (const auto& [id, lead] : live_) {
      if (campaign && lead.campaign != *campaign) continue;
      if (vendor && (lead.campaign != plain_ || lead.source != "vendor-a")) continue;
      const bool by_email = !email.empty() && !lead.email.empty() && Lower(lead.email) == Lower(email);
      const bool by_phone = !phone.empty() && !lead.phone.empty() && Digits(lead.phone) == Digits(phone);
      if (by_email || by_phone) out.emplace(lead.campaign, id);
    }
    return out;
  }

  static std::set<std::pair<uint64_t, uint64_t>> Listed(const service::ErasureResult& result) {
    std::set<std::pair<uint64_t, uint64_t>> out;
    for (const auto& lead : result.leads) out.emplace(lead.campaign_id, lead.lead_id);
    return out;
  }

  void Erase() {
    std::string email, phone;
    const int by = static_cast<int>(rng_() % 5);
    if (by < 3) email = CasedEmail();
    if (by >= 2) phone = FormattedPhone();
    const bool vendor = rng_() % 5 == 0;
    std::optional<uint64_t> campaign;
    if (rng_() % 4 == 0) campaign = vendor || rng_() % 2 ? plain_ : flag_;
    std::string request = "{";
    if (!email.empty()) request += R"("email": ")" + email + "\"";
    if (!phone.empty()) request += std::string(email.empty() ? "" : ", ") + R"("phone": ")" + phone + "\"";
    if (campaign) request += R"(, "campaign_id": )" + std::to_string(*campaign);
    const auto expected = Matching(email, phone, campaign, vendor);
    const auth::Principal principal = vendor ? Authenticate(vendor_secret_) : admin;
    ++counts_.erasures;
    BOOST_TEST_CONTEXT("erasure " << request << "} by " << (vendor ? "the vendor" : "the admin")) {
      auto dry = leads->Erase(principal, request + R"(, "dry_run": true})");
      BOOST_REQUIRE_MESSAGE(dry.has_value(), Why(dry));
      BOOST_TEST(dry->dry_run);
      BOOST_TEST((Listed(*dry) == expected),
                 "the dry run lists " << Listed(*dry).size() << " leads, expected " << expected.size());
      auto erased = leads->Erase(principal, request + "}");
      BOOST_REQUIRE_MESSAGE(erased.has_value(), Why(erased));
      BOOST_TEST(!erased->dry_run);
      BOOST_TEST((Listed(*erased) == expected),
                 "the erasure deleted " << Listed(*erased).size() << " leads, expected " << expected.size());
    }
    for (const auto& [campaign_id, id] : expected) Gone(id);
    counts_.erased += expected.size();
  }

  // --- the checks ---------------------------------------------------------------------------------

  static void CheckValues(const Expected& want, const core::Lead& got) {
    BOOST_TEST(got.campaign_id == want.campaign);
    BOOST_TEST(FieldOf(got, "marker") == want.marker);
    BOOST_TEST(FieldOf(got, "email") == want.email);
    BOOST_TEST(FieldOf(got, "phone") == want.phone);
    BOOST_TEST(got.status == want.status);
    BOOST_TEST(SourceOf(got) == want.source);
  }

  void CheckReads() {
    for (const auto& [id, want] : live_) {
      BOOST_TEST_CONTEXT("live lead " << id << " (" << want.marker << ")") {
        auto json = leads->Get(admin, core::CampaignId(want.campaign), core::LeadId(id));
        BOOST_REQUIRE_MESSAGE(json.has_value(), Why(json));
        auto lead = core::DecodeLead(*json);
        BOOST_REQUIRE(lead.has_value());
        CheckValues(want, *lead);
        BOOST_TEST(lead->created_at == want.created_at);
        BOOST_TEST((lead->doublet_of == want.doublet_of));
      }
    }
    for (const auto& [id, gone] : deleted_) {
      BOOST_TEST_CONTEXT("deleted lead " << id << " (" << gone.marker << ")") {
        CheckError(leads->Get(admin, core::CampaignId(gone.campaign), core::LeadId(id)), core::ErrorKind::kNotFound,
                   "not_found");
      }
    }
  }

  void CheckStore() {
    auto report = store::CheckIntegrity(*db);
    BOOST_TEST(report.ok(), report.Describe());
    BOOST_TEST(report.leads == live_.size());
    BOOST_TEST(report.tombstones == deleted_.size());
  }

  void CheckKeys() {
    for (const KeyUse& use : keys_) {
      BOOST_TEST_CONTEXT("Idempotency-Key " << use.key << " of lead " << use.lead_id) {
        auto record = services->idempotency_repo.Get(admin.token_id, core::Sha256({use.key, "\n"}));
        BOOST_REQUIRE_MESSAGE(record.has_value(), Why(record));
        if (deleted_.count(use.lead_id)) {
          BOOST_TEST(!record->has_value(), "the record with the deleted lead's answer is still there");
        } else {
          BOOST_REQUIRE_MESSAGE(record->has_value(), "the record of a live lead is gone");
          auto lead = core::DecodeLead((*record)->body);
          BOOST_REQUIRE(lead.has_value());
          BOOST_TEST(lead->id == use.lead_id);
        }
      }
    }
  }

  void CheckDryRuns() {
    auto check = [&](const std::string& request, const std::string& email, const std::string& phone) {
      BOOST_TEST_CONTEXT("dry run " << request) {
        auto dry = leads->Erase(admin, request);
        BOOST_REQUIRE_MESSAGE(dry.has_value(), Why(dry));
        const auto expected = Matching(email, phone, std::nullopt, false);
        BOOST_TEST((Listed(*dry) == expected),
                   "lists " << Listed(*dry).size() << " leads, expected " << expected.size());
      }
    };
    for (const auto& email : kEmails) check(R"({"email": ")" + email + R"(", "dry_run": true})", email, "");
    for (const auto& phone : kPhones) check(R"({"phone": "+)" + phone + R"(", "dry_run": true})", "", phone);
  }

  // The sync feed of `campaign` as `principal` pages through it: each lead `sees` once, as a lead
  // while it lives and as its tombstone once deleted, in update order, and nothing else. With
  // `values`, live leads read as last written.
  void CheckFeed(const auth::Principal& principal, uint64_t campaign, const std::function<bool(const Expected&)>& sees,
                 bool values) {
    std::map<uint64_t, bool> seen;  // id -> shown as a tombstone
    std::optional<std::pair<int64_t, uint64_t>> last;
    for (const std::string& item : FeedItems(principal, core::CampaignId(campaign), 1 + rng_() % 40)) {
      auto lead = core::DecodeLead(item);
      BOOST_REQUIRE_MESSAGE(lead.has_value(), "undecodable feed item: " << item);
      const bool tombstone = item.find("\"deleted\":true") != std::string::npos;
      BOOST_TEST(seen.emplace(lead->id, tombstone).second, "shown twice: " << item);
      const std::pair<int64_t, uint64_t> at{lead->updated_at, lead->id};
      BOOST_TEST((!last || *last < at), "out of order: " << item);
      last = at;
      if (tombstone) {
        auto gone = deleted_.find(lead->id);
        BOOST_TEST((gone != deleted_.end() && gone->second.campaign == campaign && sees(gone->second)),
                   "a tombstone of no deleted lead in this feed: " << item);
        if (gone != deleted_.end()) {
          BOOST_TEST(lead->status == gone->second.status, item);
          BOOST_TEST(SourceOf(*lead) == gone->second.source, item);
        }
        BOOST_TEST(lead->field_values.empty(), "personal data in a tombstone: " << item);
        BOOST_TEST(item.find("example.") == std::string::npos, "personal data in a tombstone: " << item);
      } else {
        auto alive = live_.find(lead->id);
        BOOST_TEST((alive != live_.end() && alive->second.campaign == campaign && sees(alive->second)),
                   "not a live lead of this feed: " << item);
        if (alive != live_.end() && values) CheckValues(alive->second, *lead);
      }
    }
    for (const auto& [id, want] : live_) {
      if (want.campaign != campaign || !sees(want)) continue;
      auto it = seen.find(id);
      BOOST_TEST((it != seen.end() && !it->second), "live lead " << id << " is not in the feed as a lead");
    }
    for (const auto& [id, gone] : deleted_) {
      if (gone.campaign != campaign || !sees(gone)) continue;
      auto it = seen.find(id);
      BOOST_TEST((it != seen.end() && it->second), "deleted lead " << id << " is not in the feed as a tombstone");
    }
  }

  void CheckAll(const std::string& when) {
    BOOST_TEST_CONTEXT("seed " << seed_ << ", " << when << " (" << live_.size() << " live, " << deleted_.size()
                               << " deleted)") {
      CheckReads();
      CheckStore();
      CheckKeys();
      CheckDryRuns();
      auto every = [](const Expected&) { return true; };
      BOOST_TEST_CONTEXT("the admin's feed of campaign " << plain_) { CheckFeed(admin, plain_, every, true); }
      BOOST_TEST_CONTEXT("the admin's feed of campaign " << flag_) { CheckFeed(admin, flag_, every, true); }
      // The vendor's feed (its option's index): its own leads, and the tombstones of those
      // deleted while they were its own.
      BOOST_TEST_CONTEXT("the vendor's feed") {
        CheckFeed(
            Authenticate(vendor_secret_), plain_, [](const Expected& e) { return e.source == "vendor-a"; }, false);
      }
    }
  }

  struct Counts {
    size_t creates = 0, keyed = 0, flagged = 0, replays = 0, recreated = 0, patches = 0, deletes = 0, refused = 0,
           erasures = 0, erased = 0;
  };

  const uint64_t seed_;
  std::mt19937 rng_;
  uint64_t plain_ = 0, flag_ = 0;
  std::string vendor_secret_;
  uint64_t markers_ = 0;
  std::map<uint64_t, Expected> live_;     // by id
  std::map<uint64_t, Expected> deleted_;  // by id: the values it had when deleted
  std::deque<KeyUse> keys_;               // stable addresses: requests view their strings
  Counts counts_;
};

BOOST_AUTO_TEST_SUITE(erasure_property)

BOOST_FIXTURE_TEST_CASE(deletions_and_erasures_leave_nothing_of_a_lead_but_its_tombstone_through_restarts,
                        ErasureModel) {
  Run();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lg::service_test::erasure_property_test

// Every key family's bytes, pinned: stores written by earlier builds must open and read the same,
// so a change here is a change of the on-disk format (and needs an upgrade at open), never a
// refactoring. The expected bytes follow the layouts in store/key_codec.h.
#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>

#include "core/hex.h"
#include "store/key_codec.h"

namespace key_codec_golden_test {

namespace keys = lg::store::keys;
using lg::core::CampaignId;
using lg::core::FilterId;
using lg::core::LeadId;
using lg::core::TokenId;

namespace {

const std::string kRuleKey(16, '\xab');
const std::string kPersonKey(16, '\xcd');
const std::string kHash(32, '\x11');
const std::string kDigest(32, '\x22');

}  // namespace

BOOST_AUTO_TEST_SUITE(key_codec_golden)

BOOST_AUTO_TEST_CASE(meta_keys_keep_their_bytes) {
  BOOST_TEST(lg::core::ToHex(keys::Campaign(0x0102030405060708)) == "010102030405060708");
  BOOST_TEST(lg::core::ToHex(keys::Counter("lead_id")) == "026c6561645f6964");
  BOOST_TEST(lg::core::ToHex(keys::Filter(CampaignId(7), FilterId(9))) == "0300000000000000070000000000000009");
  BOOST_TEST(lg::core::ToHex(keys::Marker("m")) == "046d");
  BOOST_TEST(lg::core::ToHex(keys::AppliedPosition()) == "05");
  BOOST_TEST(lg::core::ToHex(keys::AppliedCommand(3, 5)) == "06000000030000000000000005");
  BOOST_TEST(lg::core::ToHex(keys::Outbox(6)) == "070000000000000006");
}

BOOST_AUTO_TEST_CASE(lead_and_index_keys_keep_their_bytes) {
  BOOST_TEST(lg::core::ToHex(keys::Lead(CampaignId(7), LeadId(42))) == "0000000000000007000000000000002a");
  BOOST_TEST(lg::core::ToHex(keys::SelectIndex(CampaignId(7), 2, 3, LeadId(42))) ==
             "0500000000000000070000000200000003ffffffffffffffd5");
  BOOST_TEST(lg::core::ToHex(keys::StatusIndex(CampaignId(7), 4, LeadId(42))) ==
             "06000000000000000700000004ffffffffffffffd5");
  BOOST_TEST(lg::core::ToHex(keys::UpdatedIndex(CampaignId(7), 1000, LeadId(42))) ==
             "03000000000000000700000000000003e8000000000000002a");
  BOOST_TEST(lg::core::ToHex(keys::OptionUpdatedIndex(CampaignId(7), 2, 3, 1000, LeadId(42))) ==
             "070000000000000007000000020000000300000000000003e8000000000000002a");
  BOOST_TEST(lg::core::ToHex(keys::DuplicateIndex(CampaignId(7), kRuleKey, 1000, LeadId(42))) ==
             "080000000000000007abababababababababababababababab00000000000003e8000000000000002a");
  BOOST_TEST(lg::core::ToHex(keys::PersonIndex(CampaignId(7), kPersonKey, LeadId(42))) ==
             "090000000000000007cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd000000000000002a");
}

BOOST_AUTO_TEST_CASE(auth_audit_and_idempotency_keys_keep_their_bytes) {
  BOOST_TEST(lg::core::ToHex(keys::TokenByHash(kHash)) == "01" + std::string(64, '1'));
  BOOST_TEST(lg::core::ToHex(keys::TokenById(5)) == "020000000000000005");
  BOOST_TEST(lg::core::ToHex(keys::TokenLastUsed(5)) == "030000000000000005");
  BOOST_TEST(lg::core::ToHex(keys::AuditEvent(0x1234)) == "0000000000001234");
  const std::string digest(64, '2');
  BOOST_TEST(lg::core::ToHex(keys::IdemRecord(5, kDigest)) == "010000000000000005" + digest);
  BOOST_TEST(lg::core::ToHex(keys::IdemExpiry(1000, 5, kDigest)) == "0200000000000003e80000000000000005" + digest);
  BOOST_TEST(lg::core::ToHex(keys::IdemProgress(5, kDigest, 8)) == "030000000000000005" + digest + "00000008");
  BOOST_TEST(lg::core::ToHex(keys::IdemByLead(CampaignId(7), LeadId(42), TokenId(5), kDigest)) ==
             "040000000000000007000000000000002a0000000000000005" + digest);
}

BOOST_AUTO_TEST_CASE(tombstone_and_event_keys_keep_their_bytes) {
  BOOST_TEST(lg::core::ToHex(keys::Tombstone(CampaignId(7), LeadId(42))) == "010000000000000007000000000000002a");
  BOOST_TEST(lg::core::ToHex(keys::TombstoneExpiry(1000, CampaignId(7), LeadId(42))) ==
             "0200000000000003e80000000000000007000000000000002a");
  BOOST_TEST(lg::core::ToHex(keys::LeadEvent(7, {1000, 42, 2})) ==
             "01000000000000000700000000000003e8000000000000002a02");
  BOOST_TEST(lg::core::ToHex(keys::LeadEventByLead(7, {1000, 42, 2})) ==
             "020000000000000007000000000000002a00000000000003e802");
  BOOST_TEST(lg::core::ToHex(keys::WebhookEndpoint(3)) == "100000000000000003");
  BOOST_TEST(lg::core::ToHex(keys::WebhookDelivery(3, {1000, 42, 2})) ==
             "11000000000000000300000000000003e8000000000000002a02");
  BOOST_TEST(lg::core::ToHex(keys::WebhookDelivery(3, {1000, 42, 2}, true)) ==
             "13000000000000000300000000000003e8000000000000002a02");
  BOOST_TEST(lg::core::ToHex(keys::WebhookCursor(3)) == "120000000000000003");
  BOOST_TEST(lg::core::ToHex(keys::WebhookLease()) == "14");
}

BOOST_AUTO_TEST_CASE(stats_keys_keep_their_bytes) {
  BOOST_TEST(lg::core::ToHex(keys::LeadCounter({7, 2, 3, 500000, 2, 4})) ==
             "01000000000000000700000002000000030007a1200200000004");
  BOOST_TEST(lg::core::ToHex(keys::Refusal(CampaignId(7), TokenId(5), 500000, "abc")) ==
             "02000000000000000700000000000000050007a120616263");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace key_codec_golden_test

// Erasure on the disk: once a deleted lead's range has been purged, no file of the data
// directory (logs, table files, anything) holds its bytes, while the leads not deleted keep
// theirs; the background thread does it by itself; a held snapshot makes the range wait.

#include "store/disk_purge.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/metrics.h"
#include "store/db.h"
#include "store/key_codec.h"
#include "store/write_unit.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"

namespace disk_purge_test {

namespace {

using lg::store::Cf;
using lg::store::Db;
using lg::store::DiskPurge;
using lg::store::WriteUnit;
namespace keys = lg::store::keys;
using lg::core::CampaignId;
using lg::core::LeadId;
using lg::test::Must;
using namespace std::chrono_literals;

constexpr uint64_t kCampaign = 7;

// An address no other test run uses: what the files are searched for.
std::string RandomEmail(std::string_view name) {
  std::random_device random;
  std::string email = std::string(name) + "-";
  for (int i = 0; i < 4; ++i) {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(random()));
    email += hex;
  }
  return email + "@example.com";
}

// A lead record. Most of it is noise (the same for the same arguments) that no compression
// shrinks, so that table blocks are stored as they are (RocksDB keeps a block uncompressed
// unless compression saves an eighth of it): in a compressed block a value's bytes may be
// copies of earlier ones, and a search for them could miss a value that is still there.
std::string Record(uint64_t lead, std::string_view email) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::mt19937_64 noise_of(std::hash<std::string_view>{}(email) ^ lead);
  std::string noise(800, ' ');
  for (char& c : noise) c = kAlphabet[noise_of() % kAlphabet.size()];
  return keys::VersionedValue(R"({"id":)" + std::to_string(lead) + R"(,"email":")" + std::string(email) +
                              R"(","noise":")" + noise + R"("})");
}

// Puts leads [first, last] of kCampaign, each with an address of its own unless `email_of` names one.
void PutLeads(Db& db, uint64_t first, uint64_t last,
              const std::vector<std::pair<uint64_t, std::string>>& email_of = {}) {
  WriteUnit unit(db);
  for (uint64_t lead = first; lead <= last; ++lead) {
    std::string email = "lead-" + std::to_string(lead) + "@example.org";
    for (const auto& [id, e] : email_of) {
      if (id == lead) email = e;
    }
    unit.Put(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(lead)), Record(lead, email));
  }
  Must(db.Commit(unit));
}

// With an audit record of the deletion: a log is deleted only once every column family with
// data in it has flushed, not only the leads.
void DeleteLead(Db& db, uint64_t lead) {
  WriteUnit unit(db);
  unit.Delete(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(lead)));
  unit.Put(Cf::kAudit, keys::AuditEvent(lead), "lead erased");
  Must(db.Commit(unit));
}

// The contents of every regular file under `dir`, recursively. A file RocksDB deletes meanwhile
// is gone; when the walk itself fails, it starts over.
std::vector<std::string> ReadAllFiles(const std::string& dir) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    std::vector<std::string> contents;
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code vanished;
      if (!it->is_regular_file(vanished)) continue;
      std::ifstream in(it->path(), std::ios::binary);
      if (!in) continue;
      contents.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (!ec) return contents;
  }
  BOOST_FAIL("cannot walk " << dir);
  return {};
}

size_t FilesHolding(const std::vector<std::string>& contents, std::string_view needle) {
  size_t files = 0;
  for (const auto& content : contents) files += content.find(needle) != std::string::npos;
  return files;
}

size_t FilesHolding(const std::string& dir, std::string_view needle) { return FilesHolding(ReadAllFiles(dir), needle); }

size_t TableFiles(const std::string& dir) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files += entry.path().extension() == ".sst";
  return files;
}

// The process-wide series (the same arguments return the same one).
uint64_t PurgesTotal() {
  return lg::core::metrics::Registry::Global().GetCounter("leadgate_erasure_disk_purges_total", "").value();
}
int64_t PendingGauge() {
  return lg::core::metrics::Registry::Global().GetGauge("leadgate_erasure_disk_purge_pending_ranges", "").value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(disk_purge)

BOOST_AUTO_TEST_CASE(a_purged_lead_is_in_no_file_and_the_others_stay) {
  lg::test::TempDir dir;
  const std::string path = dir.Sub("db");
  auto db = Must(Db::Open(path));
  const std::string erased = RandomEmail("erase-me");
  const std::string kept = RandomEmail("keep-me");
  constexpr uint64_t kErased = 500;
  constexpr uint64_t kKept = 1500;

  // One version of the erased lead at the bottom level, a newer one in a level-0 file above it,
  // the newest in the memtable and the log.
  PutLeads(*db, 1, 1000, {{kErased, erased + ";v1"}});
  Must(db->FlushAll());
  Must(db->CompactRange(Cf::kLeads, "", ""));
  PutLeads(*db, 1001, 2000, {{kKept, kept}});
  PutLeads(*db, kErased, kErased, {{kErased, erased + ";v2"}});
  Must(db->FlushAll());
  PutLeads(*db, kErased, kErased, {{kErased, erased + ";v3"}});
  BOOST_TEST(FilesHolding(path, erased) >= 3u);

  DeleteLead(*db, kErased);
  BOOST_TEST(!Must(db->Get(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(kErased)))).has_value());
  BOOST_TEST(FilesHolding(path, erased) >= 3u, "deleted but not purged: the bytes are still on the disk");

  DiskPurge purge(*db, 0ms);
  const uint64_t purges = PurgesTotal();
  purge.Add(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(kErased)),
            keys::Lead(CampaignId(kCampaign), LeadId(kErased + 1)));
  BOOST_TEST(purge.pending() == 1u);
  Must(purge.Run());
  BOOST_TEST(purge.pending() == 0u);
  BOOST_TEST(PurgesTotal() == purges + 1);

  const auto files = ReadAllFiles(path);
  BOOST_TEST(FilesHolding(files, erased) == 0u);
  BOOST_TEST(FilesHolding(files, kept) >= 1u, "a lead that was not deleted lost its bytes");
  BOOST_TEST(Must(db->Get(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(kKept)))).value_or("") ==
             Record(kKept, kept));
  BOOST_TEST(Must(db->Get(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(kErased + 1)))).has_value());
}

BOOST_AUTO_TEST_CASE(a_run_with_nothing_noted_does_nothing_and_pending_counts_ranges) {
  lg::test::TempDir dir;
  const std::string path = dir.Sub("db");
  auto db = Must(Db::Open(path));
  PutLeads(*db, 1, 10);
  DiskPurge purge(*db, 0ms);
  const size_t tables = TableFiles(path);
  const uint64_t purges = PurgesTotal();
  Must(purge.Run());
  BOOST_TEST(TableFiles(path) == tables, "a run with nothing noted flushed");
  BOOST_TEST(PurgesTotal() == purges);
  BOOST_TEST(purge.pending() == 0u);

  const int64_t gauge = PendingGauge();
  DeleteLead(*db, 3);
  DeleteLead(*db, 4);
  purge.Add(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(3)), keys::Lead(CampaignId(kCampaign), LeadId(4)));
  purge.Add(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(4)), keys::Lead(CampaignId(kCampaign), LeadId(5)));
  BOOST_TEST(purge.pending() == 2u);
  BOOST_TEST(PendingGauge() == gauge + 2);
  Must(purge.Run());
  BOOST_TEST(purge.pending() == 0u);
  BOOST_TEST(PendingGauge() == gauge);
  BOOST_TEST(PurgesTotal() == purges + 1);
  BOOST_TEST(TableFiles(path) > tables);
}

BOOST_AUTO_TEST_CASE(the_thread_purges_by_itself) {
  lg::test::TempDir dir;
  const std::string path = dir.Sub("db");
  auto db = Must(Db::Open(path));
  const std::string erased = RandomEmail("erase-me");
  PutLeads(*db, 1, 500, {{42, erased}});
  Must(db->FlushAll());
  DeleteLead(*db, 42);
  BOOST_TEST(FilesHolding(path, erased) >= 1u);

  DiskPurge purge(*db, 50ms);
  purge.Add(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(42)), keys::Lead(CampaignId(kCampaign), LeadId(43)));
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (FilesHolding(path, erased) > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  BOOST_TEST(FilesHolding(path, erased) == 0u, "not purged within 10 s");
}

BOOST_AUTO_TEST_CASE(many_ranges_are_purged_as_one_without_touching_the_leads_between) {
  lg::test::TempDir dir;
  const std::string path = dir.Sub("db");
  auto db = Must(Db::Open(path));
  std::vector<std::pair<uint64_t, std::string>> emails;
  for (uint64_t lead = 1; lead <= 2 * (DiskPurge::kMaxRangesPerCf + 50); ++lead) {
    emails.emplace_back(lead, RandomEmail(lead % 2 == 1 ? "erase-me" : "keep-me"));
  }
  PutLeads(*db, 1, emails.size(), emails);
  Must(db->FlushAll());

  DiskPurge purge(*db, 0ms);
  for (const auto& [lead, email] : emails) {
    if (lead % 2 == 0) continue;  // odd leads are erased, each its own range
    DeleteLead(*db, lead);
    purge.Add(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(lead)),
              keys::Lead(CampaignId(kCampaign), LeadId(lead + 1)));
  }
  BOOST_TEST(purge.pending() == DiskPurge::kMaxRangesPerCf + 50);
  Must(purge.Run());

  const auto files = ReadAllFiles(path);
  for (const auto& [lead, email] : emails) {
    if (lead % 2 == 1) {
      BOOST_TEST(FilesHolding(files, email) == 0u, "lead " << lead << " was erased");
    } else {
      BOOST_TEST(FilesHolding(files, email) >= 1u, "lead " << lead << " was not erased");
    }
  }
}

BOOST_AUTO_TEST_CASE(a_snapshot_that_still_sees_the_lead_makes_its_range_wait) {
  lg::test::TempDir dir;
  const std::string path = dir.Sub("db");
  auto db = Must(Db::Open(path));
  const std::string erased = RandomEmail("erase-me");
  PutLeads(*db, 1, 100, {{42, erased}});
  auto snapshot = std::make_unique<Db::Snapshot>(*db);  // a reader that started before the delete
  DeleteLead(*db, 42);
  // Compactions meanwhile keep the value and its deletion side by side at the bottom level.
  Must(db->FlushAll());
  Must(db->CompactRange(Cf::kLeads, "", ""));

  DiskPurge purge(*db, 0ms);
  purge.Add(Cf::kLeads, keys::Lead(CampaignId(kCampaign), LeadId(42)), keys::Lead(CampaignId(kCampaign), LeadId(43)));
  Must(purge.Run());
  BOOST_TEST(purge.pending() == 1u, "purged while a snapshot can still read the lead");
  BOOST_TEST(FilesHolding(path, erased) >= 1u);
  std::string seen;
  Must(db->Scan(
      Cf::kLeads, {keys::Lead(CampaignId(kCampaign), LeadId(42)), keys::Lead(CampaignId(kCampaign), LeadId(43))},
      [&](std::string_view, std::string_view value) {
        seen = value;
        return false;
      },
      snapshot.get()));
  BOOST_TEST(seen == Record(42, erased));

  snapshot.reset();
  Must(purge.Run());
  BOOST_TEST(purge.pending() == 0u);
  BOOST_TEST(FilesHolding(path, erased) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace disk_purge_test

// A store that cannot read its own data answers 500 and reports itself not ready: a damaged
// table file never turns a lead into a 404 or a list into a short page.

#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <rocksdb/options.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/db.h"
#include "tests/integration/scope_fixture.h"
#include "tests/support/json_helpers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace store_errors_test {

namespace {

using namespace lg::test;

constexpr const char* kCampaign = R"({"name": "Solar DK",
  "fields": [{"slug": "name", "type": "text"}, {"slug": "note", "type": "text"}],
  "statuses": [{"slug": "new", "default": true}]})";

// The table files that hold the store's `leads` column family.
std::vector<std::string> LeadTableFiles(const std::string& db_path) {
  rocksdb::Options options;
  std::vector<std::string> families;
  BOOST_REQUIRE(rocksdb::DB::ListColumnFamilies(options, db_path, &families).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : families) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  BOOST_REQUIRE(rocksdb::DB::OpenForReadOnly(options, db_path, descriptors, &handles, &raw).ok());
  std::vector<rocksdb::LiveFileMetaData> files;
  raw->GetLiveFilesMetaData(&files);
  std::vector<std::string> out;
  for (const auto& f : files) {
    if (f.column_family_name == "leads") out.push_back(f.db_path + f.name);
  }
  for (auto* h : handles) raw->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  delete raw;
  return out;
}

// Overwrites bytes in the first quarter of the file, where its data blocks are (the index and
// footer RocksDB checks when it opens the file are at the end).
void Damage(const std::string& path) {
  auto size = std::filesystem::file_size(path);
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(static_cast<std::streamoff>(size / 4));
  std::string garbage(256, '\xA5');
  file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(store_errors)

BOOST_AUTO_TEST_CASE(a_damaged_table_file_answers_500_never_404_and_the_server_is_not_ready) {
  TempDir dir;
  TestServer server(TestConfig(dir.path()));
  HttpClient client = server.Client();
  const std::string admin = server.admin_token();
  const std::string leads = lg::scope_test::LeadsPath(lg::scope_test::CreateCampaign(client, admin, kCampaign));
  std::vector<std::string> lead_paths;
  const std::string note(900, 'n');
  for (int i = 0; i < 200; ++i) {
    auto lead = client.Request(
        "POST", leads, R"({"field_values": {"name": "Lead )" + std::to_string(i) + R"(", "note": ")" + note + R"("}})",
        admin);
    BOOST_REQUIRE_EQUAL(lead.status, 201);
    lead_paths.push_back(leads + "/" + std::to_string(U64(Json(lead.body)["id"])));
  }
  BOOST_REQUIRE_EQUAL(client.Request("GET", "/readyz").status, 200);
  server.Stop();

  // The clean stop flushed the leads into table files; then they are damaged.
  const std::string db_path = dir.Sub("db");
  auto tables = LeadTableFiles(db_path);
  BOOST_REQUIRE(!tables.empty());
  for (const auto& table : tables) Damage(table);

  server.Restart();
  HttpClient after = server.Client();
  int failed = 0;
  for (const auto& path : lead_paths) {
    auto res = after.Request("GET", path, "", admin);
    BOOST_TEST_CONTEXT(path) {
      // Readable leads come back whole; the others fail, and never as "no such lead".
      BOOST_TEST((res.status == 200 || res.status == 500));
      if (res.status == 500) {
        CheckProblem(res, 500, "internal_error");
        BOOST_TEST(res.body.find(".sst") == std::string::npos);  // no file names for clients
        ++failed;
      }
    }
  }
  BOOST_TEST(failed > 0);
  // A list that crosses the damaged block fails as a whole rather than leaving leads out.
  auto list = after.Request("GET", leads + "?limit=500", "", admin);
  CheckProblem(list, 500, "internal_error");
  auto ready = after.Request("GET", "/readyz");
  CheckProblem(ready, 503, "store_unavailable");
  BOOST_TEST(ready.body.find(".sst") == std::string::npos);
  BOOST_TEST(after.Request("GET", "/livez").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace store_errors_test

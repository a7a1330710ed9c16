// The on-disk format version: a new store records the current one, a store without it (written
// before the marker) is upgraded and then records it, and a store from a newer leadgate is
// refused at open with a message naming both versions, its data untouched.

#include "store/format_version.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "store/db.h"
#include "store/key_codec.h"
#include "store/write_unit.h"
#include "tests/support/must.h"
#include "tests/support/temp_dir.h"

namespace format_version_test {

namespace {

using lg::store::Cf;
namespace keys = lg::store::keys;

void SetVersion(const std::string& path, const std::string& value) {
  auto db = lg::test::Must(lg::store::Db::Open(path));
  lg::store::WriteUnit unit(*db);
  if (value.empty()) {
    unit.Delete(Cf::kMeta, keys::Marker(lg::store::kFormatVersionMarker));
  } else {
    unit.Put(Cf::kMeta, keys::Marker(lg::store::kFormatVersionMarker), value);
  }
  BOOST_REQUIRE(db->Commit(unit).ok());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(format_version)

BOOST_AUTO_TEST_CASE(a_new_store_records_the_current_version) {
  lg::test::TempDir dir;
  auto db = lg::test::Must(lg::store::Db::Open(dir.Sub("db")));
  BOOST_TEST(lg::test::Must(lg::store::ReadFormatVersion(*db)) == lg::store::kStoreFormatVersion);
}

BOOST_AUTO_TEST_CASE(a_store_without_a_version_is_upgraded_and_records_it) {
  lg::test::TempDir dir;
  SetVersion(dir.Sub("db"), "");
  {
    auto db = lg::test::Must(lg::store::Db::Open(dir.Sub("db")));
    BOOST_TEST(lg::test::Must(lg::store::ReadFormatVersion(*db)) == lg::store::kStoreFormatVersion);
  }
  SetVersion(dir.Sub("db"), "2");  // an older version is upgraded the same way
  auto db = lg::test::Must(lg::store::Db::Open(dir.Sub("db")));
  BOOST_TEST(lg::test::Must(lg::store::ReadFormatVersion(*db)) == lg::store::kStoreFormatVersion);
}

BOOST_AUTO_TEST_CASE(a_store_from_a_newer_leadgate_is_refused_with_a_clear_message) {
  lg::test::TempDir dir;
  const std::string newer = std::to_string(lg::store::kStoreFormatVersion + 1);
  SetVersion(dir.Sub("db"), newer);
  auto refused = lg::store::Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error().detail().find("format version " + newer) != std::string::npos);
  BOOST_TEST(refused.error().detail().find("newer leadgate") != std::string::npos);
  BOOST_TEST(refused.error().detail().find(std::to_string(lg::store::kStoreFormatVersion)) != std::string::npos);
  // Refused again, the same way: nothing was rewritten.
  BOOST_TEST(!lg::store::Db::Open(dir.Sub("db")).has_value());
}

BOOST_AUTO_TEST_CASE(an_unreadable_version_marker_stops_the_open) {
  lg::test::TempDir dir;
  SetVersion(dir.Sub("db"), "three");
  auto refused = lg::store::Db::Open(dir.Sub("db"));
  BOOST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error().detail().find("format version") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace format_version_test

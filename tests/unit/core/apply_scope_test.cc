// What a replicated command is applied under: two nodes applying the same commands from the same
// state get the same times, ids, stamps and random bytes, whatever their own clocks say.

#include "core/apply_scope.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "core/lead_id_generator.h"
#include "core/time_util.h"

namespace apply_scope_test {

using lg::core::ApplyClock;
using lg::core::ApplyScope;
using lg::core::LeadIdGenerator;

namespace {

constexpr int64_t kT = 1795860000000;  // 2026-11-28

// What one node makes of a fixed sequence of commands, starting from `clock`.
struct Made {
  std::vector<int64_t> times, stamps;
  std::vector<uint64_t> ids;
  std::string random;
  bool operator==(const Made&) const = default;
};

Made Apply(ApplyClock& clock, const std::string& key) {
  Made made;
  const int64_t proposed[] = {kT, kT - 50, kT, kT + 3};  // the second node's clock is behind
  for (int i = 0; i < 4; ++i) {
    ApplyScope scope(clock, proposed[i], 0, 1 + i % 2, key, "1-" + std::to_string(i));
    made.times.push_back(lg::core::NowMillis());
    made.stamps.push_back(scope.Stamp(0, 0));
    made.ids.push_back(LeadIdGenerator(0, 7).Next(lg::core::NowMillis()));  // any generator: the scope's id
    unsigned char bytes[40];
    scope.RandomBytes(bytes, sizeof bytes);
    made.random.append(reinterpret_cast<const char*>(bytes), sizeof bytes);
  }
  return made;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(apply_scope)

BOOST_AUTO_TEST_CASE(the_same_commands_from_the_same_state_make_the_same_everything) {
  ApplyClock first, second;
  const Made a = Apply(first, "shared key");
  const Made b = Apply(second, "shared key");
  BOOST_TEST((a == b));
  BOOST_TEST((first == second));
  // The time never goes back, whatever a proposer's clock said.
  BOOST_TEST((a.times == std::vector<int64_t>{kT, kT, kT, kT + 3}));
  // Ids grow, carry the proposing node's bits and name the command's millisecond.
  for (size_t i = 0; i < a.ids.size(); ++i) {
    if (i > 0) BOOST_TEST(a.ids[i] > a.ids[i - 1]);
    BOOST_TEST(LeadIdGenerator::NodeOf(a.ids[i]) == 1 + i % 2);
  }
  BOOST_TEST(LeadIdGenerator::MillisOf(a.ids.back()) == kT + 3);
  // Random bytes differ per command and under another key.
  BOOST_TEST(a.random.substr(0, 40) != a.random.substr(40, 40));
  ApplyClock other;
  BOOST_TEST(Apply(other, "another key").random != a.random);
}

BOOST_AUTO_TEST_CASE(outside_a_scope_time_and_ids_are_this_machines) {
  ApplyClock clock;
  { ApplyScope scope(clock, kT - 86400000, 0, 1, "k", "1-1"); }
  BOOST_TEST(ApplyScope::Current() == nullptr);
  BOOST_TEST(lg::core::NowMillis() > kT);  // the real clock (this test runs after 2026-11-28)
}

BOOST_AUTO_TEST_CASE(an_update_at_the_newest_stamp_sorts_after_every_lead_written_there) {
  ApplyClock clock;
  ApplyScope scope(clock, kT, 0, 1, "k", "1-1");
  const int64_t created = scope.Stamp(0, 0);
  const uint64_t newest = scope.NextId();
  // An older lead updated in the same millisecond would sort before `newest`: it moves on.
  BOOST_TEST(scope.Stamp(0, newest - 16) == created + 1);
  // A lead above every one written there keeps the millisecond.
  BOOST_TEST(scope.Stamp(0, newest + 16) == created + 1);
  // A floor (the lead's previous updated_at) is kept to.
  BOOST_TEST(scope.Stamp(kT + 100, 1) == kT + 100);
}

BOOST_AUTO_TEST_CASE(a_proposed_first_id_is_kept_when_it_is_above_the_others) {
  ApplyClock clock;
  const uint64_t proposed = LeadIdGenerator::FirstIdAt(kT + 5) | 3;
  ApplyScope scope(clock, kT, proposed, 3, "k", "3-1");
  BOOST_TEST(scope.NextId() == proposed);
  BOOST_TEST(scope.NextId() == proposed + 16);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace apply_scope_test

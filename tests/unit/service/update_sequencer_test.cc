// UpdateSequencer: what keeps a client syncing by updated_at from missing a lead. The watermark
// never passes a time still in flight, never goes back, and no time handed out afterwards is
// below a watermark already given, so nothing can appear behind a reader.

#include "service/update_sequencer.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace update_sequencer_test {

using lg::service::UpdateSequencer;

BOOST_AUTO_TEST_SUITE(update_sequencer)

BOOST_AUTO_TEST_CASE(with_nothing_in_flight_the_watermark_is_now) {
  UpdateSequencer s;
  BOOST_TEST(s.Watermark(1000) == 1000);
  BOOST_TEST(s.Watermark(1005) == 1005);
}

BOOST_AUTO_TEST_CASE(the_watermark_stops_at_the_oldest_time_still_in_flight) {
  UpdateSequencer s;
  int64_t first = s.Begin(100);
  int64_t second = s.Begin(150);
  BOOST_TEST(first == 100);
  BOOST_TEST(second == 150);
  BOOST_TEST(s.Watermark(200) == 100);  // exclusive: the write at 100 is not yet readable
  s.End(first);
  BOOST_TEST(s.Watermark(200) == 150);
  s.End(second);
  BOOST_TEST(s.Watermark(200) == 200);
}

BOOST_AUTO_TEST_CASE(a_write_that_ends_first_does_not_release_an_older_one) {
  UpdateSequencer s;
  int64_t older = s.Begin(100);
  int64_t newer = s.Begin(120);
  s.End(newer);
  BOOST_TEST(s.Watermark(200) == older);
  s.End(older);
  BOOST_TEST(s.Watermark(200) == 200);
}

BOOST_AUTO_TEST_CASE(two_writes_at_one_time_hold_the_watermark_until_both_end) {
  UpdateSequencer s;
  int64_t a = s.Begin(100);
  int64_t b = s.Begin(100);
  BOOST_TEST(a == b);
  s.End(a);
  BOOST_TEST(s.Watermark(200) == 100);
  s.End(b);
  BOOST_TEST(s.Watermark(200) == 200);
}

BOOST_AUTO_TEST_CASE(a_time_handed_out_is_never_below_a_watermark_already_given) {
  UpdateSequencer s;
  BOOST_TEST(s.Watermark(500) == 500);
  // The clock went back (or another thread's clock reading was older): stamped at the watermark.
  int64_t stamped = s.Begin(400);
  BOOST_TEST(stamped == 500);
  BOOST_TEST(s.Watermark(600) == 500);
  s.End(stamped);
  BOOST_TEST(s.Begin(700) == 700);
}

BOOST_AUTO_TEST_CASE(the_watermark_never_goes_back) {
  UpdateSequencer s;
  BOOST_TEST(s.Watermark(500) == 500);
  BOOST_TEST(s.Watermark(300) == 500);  // the clock went back
  // A write begun on the old clock is raised to what was given out, so it holds the watermark
  // there rather than pulling it back.
  int64_t stamped = s.Begin(200);
  BOOST_TEST(stamped == 500);
  BOOST_TEST(s.Watermark(900) == 500);
  s.End(stamped);
  BOOST_TEST(s.Watermark(900) == 900);
}

BOOST_AUTO_TEST_CASE(a_floor_raises_the_time_handed_out) {
  UpdateSequencer s;
  // A PATCH passes the lead's previous updated_at so its updated_at never goes back.
  int64_t stamped = s.Begin(100, 700);
  BOOST_TEST(stamped == 700);
  BOOST_TEST(s.Watermark(800) == 700);
  s.End(stamped);
  BOOST_TEST(s.Begin(900, 700) == 900);
}

BOOST_AUTO_TEST_CASE(a_scope_is_in_flight_for_its_lifetime) {
  UpdateSequencer s;
  {
    UpdateSequencer::Scope write(s, 100);
    BOOST_TEST(write.stamped() == 100);
    BOOST_TEST(s.Watermark(200) == 100);
  }
  BOOST_TEST(s.Watermark(200) == 200);
}

// Writers and readers at once, on a fake clock that often gives several threads the same
// millisecond. For every watermark w a reader got: a write that had not ended by then has a time
// of w or more (it was in flight, or it began later and was raised to w).
BOOST_AUTO_TEST_CASE(concurrent_writers_never_land_below_a_watermark_a_reader_already_has) {
  UpdateSequencer s;
  std::atomic<int64_t> clock{1000};
  std::atomic<uint64_t> sequence{0};  // orders the events of all threads
  std::atomic<int> went_back{0};      // Boost.Test assertions are for the main thread only
  auto now = [&] { return clock.fetch_add(1) / 8; };

  struct Write {
    int64_t stamped;
    uint64_t ended_after;  // sequence number taken just before End()
  };
  struct Read {
    int64_t watermark;
    uint64_t taken_before;  // sequence number taken just after Watermark()
  };
  constexpr int kWriters = 3, kReaders = 2, kOps = 3000;
  std::vector<std::vector<Write>> writes(kWriters);
  std::vector<std::vector<Read>> reads(kReaders);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kOps; ++i) {
        int64_t stamped = s.Begin(now());
        if (i % 3 == 0) std::this_thread::yield();
        writes[w].push_back(Write{stamped, sequence.fetch_add(1)});
        s.End(stamped);
      }
    });
  }
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&, r] {
      int64_t last = 0;
      for (int i = 0; i < kOps; ++i) {
        int64_t watermark = s.Watermark(now());
        uint64_t seq = sequence.fetch_add(1);
        reads[r].push_back(Read{watermark, seq});
        if (watermark < last) ++went_back;
        last = watermark;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(went_back.load() == 0);

  size_t checked = 0, violations = 0;
  for (const auto& reader : reads) {
    for (const Read& read : reader) {
      for (const auto& writer : writes) {
        for (const Write& write : writer) {
          // End() came after the read: the write was still in flight or not yet begun.
          if (write.ended_after > read.taken_before) {
            ++checked;
            if (write.stamped < read.watermark) ++violations;
          }
        }
      }
    }
  }
  BOOST_TEST(checked > 0u);
  BOOST_TEST(violations == 0u);
}

// What a live reader (the event stream, a long-poll) waits on between reads.
BOOST_AUTO_TEST_CASE(the_feed_may_have_more_once_a_write_settled_after_the_read_began) {
  UpdateSequencer s;
  const lg::service::SettledWrites before = s.Settled();
  const int64_t watermark = s.Watermark(1000);
  BOOST_TEST(!lg::service::FeedMayHaveMore(before, watermark, s.Settled()));
  int64_t stamped = s.Begin(1000);
  BOOST_TEST(!lg::service::FeedMayHaveMore(before, watermark, s.Settled()));  // in flight: not readable
  s.End(stamped);
  BOOST_TEST(s.Settled().count == before.count + 1);
  BOOST_TEST(s.Settled().max_stamped == stamped);
  BOOST_TEST(lg::service::FeedMayHaveMore(before, watermark, s.Settled()));
}

BOOST_AUTO_TEST_CASE(a_read_below_a_settled_write_has_not_seen_it_yet) {
  UpdateSequencer s;
  // Patched twice within a millisecond: the second stamp is ahead of the clock.
  s.End(s.Begin(1000, 1003));
  const lg::service::SettledWrites before = s.Settled();
  BOOST_TEST(lg::service::FeedMayHaveMore(before, s.Watermark(1001), s.Settled()));
  BOOST_TEST(!lg::service::FeedMayHaveMore(before, s.Watermark(1004), s.Settled()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace update_sequencer_test

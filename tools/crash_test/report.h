#pragma once
// What a run found: the problems (every one printed, up to a cap) and the figures of the summary.
// Thread-safe for Error(); the figures are added by one thread at a time (the workload's threads
// count in their own logs, merged after the kill).

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace lg::crash_test {

struct Stats {
  // Creates: every lead line sent (single creates and bulk items), by outcome.
  uint64_t lines_sent = 0, lines_acked = 0, lines_refused = 0;
  uint64_t lines_cut = 0, lines_cut_stored = 0, lines_cut_absent = 0;  // cut off by the kill: ambiguous
  uint64_t singles = 0, bulks = 0, big_bulks = 0, keyed = 0;
  uint64_t bulks_cut_partly_stored = 0;  // a cut-off bulk of which some lines were stored, some not
  uint64_t retries = 0, retries_full_replay = 0, retried_lines_replayed = 0, retries_abandoned = 0;
  uint64_t duplicates_refused = 0, duplicates_flagged = 0, named_409 = 0;
  uint64_t patches_acked = 0, patches_cut = 0, patches_cut_stored = 0, patches_cut_absent = 0;
  // DELETEs of leads the clients created; after a cut one the lead may be gone or still there.
  uint64_t deletes_acked = 0, deletes_cut = 0, deletes_cut_gone = 0, deletes_cut_there = 0;
  uint64_t leads_deleted = 0;  // found gone after a restart by their DELETE
  uint64_t admin_acked = 0, admin_cut = 0, admin_cut_kept = 0;
  // Acknowledged writes lost: allowed only with store.durability = os under a power cut.
  uint64_t acked_lost = 0;
  uint64_t power_cuts = 0, power_files_cut = 0, power_bytes_lost = 0;
  uint64_t reads = 0, list_pages = 0, full_checks = 0, integrity_checks = 0;
  double integrity_ms = 0, restart_ms = 0;
};

class Report {
 public:
  static constexpr size_t kMaxPrinted = 60;
  // Records (and prints, up to kMaxPrinted) a problem.
  void Error(const std::string& what);
  size_t errors() const;
  // True once so many problems were found that more reading would only repeat them.
  bool Overwhelmed() const { return errors() >= 300; }

  Stats stats;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> errors_;
};

}  // namespace lg::crash_test

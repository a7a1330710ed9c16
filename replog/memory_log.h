#pragma once
// A replicated log held in this process's memory: the same contract as the NATS one (positions
// from 1, ids appended once, reads that wait), for tests of what runs on top of the log without
// a cluster, for a reader to be shown a log that no longer holds its start, and for one that
// went back. Thread-safe.

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "replog/replicated_log.h"

namespace lg::replog {

class MemoryLog : public ReplicatedLog {
 public:
  core::Result<std::vector<Appended>> Append(const std::vector<Record>& records,
                                             std::chrono::milliseconds wait) override;
  core::Result<std::vector<Entry>> Read(uint64_t from, ReadLimit limit) override;
  core::Result<LogStatus> Status() override;
  size_t MaxRecordBytes() const override { return size_t{64} << 20; }

  // Forgets every entry before `position`, as a stream's retention would.
  void DropBefore(uint64_t position);
  // Forgets every entry after `position` and the ids they had, as servers that lost what they held
  // in memory only would (the next append takes position + 1).
  void LoseAfter(uint64_t position);

 private:
  std::mutex mu_;
  std::condition_variable appended_;
  uint64_t first_ = 1;          // position of entries_[0]
  std::vector<Entry> entries_;  // positions first_ .. first_ + size - 1
  std::map<std::string, uint64_t> positions_by_id_;
};

}  // namespace lg::replog

#include "replog/memory_log.h"

namespace lg::replog {

core::Result<std::vector<Appended>> MemoryLog::Append(const std::vector<Record>& records,
                                                      std::chrono::milliseconds /*wait*/) {
  std::vector<Appended> out;
  {
    std::lock_guard lock(mu_);
    for (const Record& record : records) {
      auto [it, added] = positions_by_id_.emplace(record.id, first_ + entries_.size());
      if (added) entries_.push_back({it->second, record.id, record.payload});
      out.push_back({it->second, !added});
    }
  }
  appended_.notify_all();
  return out;
}

core::Result<std::vector<Entry>> MemoryLog::Read(uint64_t from, ReadLimit limit) {
  std::unique_lock lock(mu_);
  if (from == 0) from = 1;
  if (from < first_) {
    return core::Status::Conflict("log_truncated", "The replicated log no longer holds position " +
                                                       std::to_string(from) + " (it starts at " +
                                                       std::to_string(first_) + ").");
  }
  appended_.wait_for(lock, limit.wait, [&] { return from < first_ + entries_.size(); });
  std::vector<Entry> out;
  for (uint64_t p = from; p < first_ + entries_.size() && out.size() < limit.max; ++p)
    out.push_back(entries_[p - first_]);
  return out;
}

core::Result<LogStatus> MemoryLog::Status() {
  std::lock_guard lock(mu_);
  LogStatus out;
  out.name = "memory";
  out.leader = "this process";
  out.first_position = first_;
  out.last_position = first_ + entries_.size() - 1;
  return out;
}

void MemoryLog::DropBefore(uint64_t position) {
  std::lock_guard lock(mu_);
  while (first_ < position && !entries_.empty()) {
    entries_.erase(entries_.begin());
    ++first_;
  }
}

void MemoryLog::LoseAfter(uint64_t position) {
  std::lock_guard lock(mu_);
  while (!entries_.empty() && first_ + entries_.size() - 1 > position) {
    positions_by_id_.erase(entries_.back().id);
    entries_.pop_back();
  }
}

}  // namespace lg::replog

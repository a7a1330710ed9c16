#include "store/disk_purge.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <utility>

#include "core/log.h"
#include "core/metrics.h"
#include "store/commit_capture.h"

namespace lg::store {

namespace {

// Registered on first use, once per process: every instance (tests make several) adds to the
// same series.
core::metrics::Counter& Purges() {
  static auto& purges = core::metrics::Registry::Global().GetCounter(
      "leadgate_erasure_disk_purges_total", "Erasure disk purges that compacted deleted values off the disk");
  return purges;
}

core::metrics::Gauge& PendingRanges() {
  static auto& pending = core::metrics::Registry::Global().GetGauge(
      "leadgate_erasure_disk_purge_pending_ranges",
      "Key ranges whose deleted values the erasure disk purge has yet to take off the disk");
  return pending;
}

struct Span {
  std::string begin;
  std::string end;  // empty: to the last key
};

// Overlapping and touching spans merged, in key order; past kMaxRangesPerCf, the one span that
// covers them all.
std::vector<Span> Coalesce(std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> merged;
  for (Span& span : spans) {
    if (merged.empty() || (!merged.back().end.empty() && span.begin > merged.back().end)) {
      merged.push_back(std::move(span));
    } else if (!merged.back().end.empty() && (span.end.empty() || span.end > merged.back().end)) {
      merged.back().end = std::move(span.end);
    }
  }
  // Merged spans are disjoint and sorted, so the last one ends last.
  if (merged.size() > DiskPurge::kMaxRangesPerCf) {
    merged.front().end = std::move(merged.back().end);
    merged.resize(1);
  }
  return merged;
}

}  // namespace

DiskPurge::DiskPurge(Db& db, std::chrono::milliseconds interval) : db_(db), interval_(interval) {
  if (interval_.count() > 0) thread_ = std::thread([this] { Loop(); });
}

DiskPurge::~DiskPurge() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  PendingRanges().Add(-static_cast<int64_t>(pending_.size()));
}

void DiskPurge::Add(Cf cf, std::string begin, std::string end) {
  // Read after the deletion committed: its sequence number is at most this one. A deletion
  // captured by a replicated command's apply is written once the handler returns: its range
  // waits one run, and takes its sequence then.
  const bool captured = CommitCapture::For(db_) != nullptr;
  const uint64_t sequence = db_.LatestSequence();
  {
    std::lock_guard lock(mu_);
    pending_.push_back({cf, std::move(begin), std::move(end), sequence, captured});
  }
  PendingRanges().Add(1);
}

size_t DiskPurge::pending() const {
  std::lock_guard lock(mu_);
  return pending_.size();
}

core::Status DiskPurge::Run() {
  std::lock_guard run_lock(run_mu_);
  std::vector<Range> taken;
  {
    std::lock_guard lock(mu_);
    if (pending_.empty()) return core::Status::Ok();
    // A snapshot older than a deletion still sees the deleted value, and no compaction drops
    // what a snapshot sees. Snapshots are taken at the latest sequence, so one older than a
    // range's note was held already when it was noted: once none is held, none can come back.
    const uint64_t oldest_snapshot = db_.OldestSnapshotSequence();
    const uint64_t latest = db_.LatestSequence();
    auto waiting = std::stable_partition(pending_.begin(), pending_.end(), [&](const Range& range) {
      return !range.captured && (oldest_snapshot == 0 || range.sequence <= oldest_snapshot);
    });
    for (auto it = waiting; it != pending_.end(); ++it) {
      if (!it->captured) continue;
      it->captured = false;
      it->sequence = latest;
    }
    taken.assign(std::make_move_iterator(pending_.begin()), std::make_move_iterator(waiting));
    pending_.erase(pending_.begin(), waiting);
  }
  if (taken.empty()) return core::Status::Ok();
  PendingRanges().Add(-static_cast<int64_t>(taken.size()));

  const auto started = std::chrono::steady_clock::now();
  core::Result<size_t> compactions = Purge(taken);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  // Counts only: the keys may identify people.
  const std::string ranges = std::to_string(taken.size());
  if (!compactions.has_value()) {
    core::log::Warn("disk_purge_failed", {{"ranges", ranges}, {"detail", compactions.error().detail()}});
    {
      std::lock_guard lock(mu_);
      pending_.insert(pending_.end(), std::make_move_iterator(taken.begin()), std::make_move_iterator(taken.end()));
    }
    PendingRanges().Add(static_cast<int64_t>(taken.size()));
    return compactions.error();
  }
  Purges().Add();
  core::log::Info(
      "disk_purge_done",
      {{"ranges", ranges}, {"compactions", std::to_string(*compactions)}, {"ms", std::to_string(ms.count())}});
  return core::Status::Ok();
}

core::Result<size_t> DiskPurge::Purge(const std::vector<Range>& ranges) {
  // A compaction flushes its own column family only, and a log goes once all have flushed.
  LG_RETURN_IF_ERROR(db_.FlushAll());
  std::map<Cf, std::vector<Span>> by_cf;
  for (const Range& range : ranges) by_cf[range.cf].push_back({range.begin, range.end});
  size_t compactions = 0;
  for (auto& [cf, spans] : by_cf) {
    for (const Span& span : Coalesce(std::move(spans))) {
      LG_RETURN_IF_ERROR(db_.CompactRange(cf, span.begin, span.end));
      ++compactions;
    }
  }
  return compactions;
}

void DiskPurge::Loop() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    Run().IgnoreError();  // logged by Run; its ranges wait for the next one
    lock.lock();
  }
}

}  // namespace lg::store

#include "store/db.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/perf_level.h>
#include <rocksdb/statistics.h>
#include <rocksdb/table.h>
#include <rocksdb/transaction_log.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_buffer_manager.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <limits>
#include <vector>

#include "core/log.h"
#include "core/time_util.h"
#include "store/commit_capture.h"
#include "store/format_version.h"
#include "store/group_committer.h"
#include "store/index_backfill.h"
#include "store/index_layout_upgrade.h"
#include "store/insert_hints.h"
#include "store/rocksdb_log.h"
#include "store/stats_repo.h"
#include "store/write_unit.h"

namespace lg::store {

namespace {
constexpr size_t kBlockCacheBytes = 96u << 20;
constexpr size_t kMemtableBudgetBytes = 64u << 20;  // all column families' memtables together
constexpr size_t kMemtableBytes = 16u << 20;

core::metrics::Histogram& SyncedWriteSeconds() {
  static auto& seconds = core::metrics::Registry::Global().GetHistogram(
      "leadgate_store_synced_write_seconds", "Time of one durable write: its WAL record and its fsync", "",
      core::metrics::LatencyBuckets());
  return seconds;
}

// Position = Cf value; names are on disk, never rename.
constexpr std::array<const char*, 9> kCfNames{"meta", "leads",      "index",  "auth", "audit",
                                              "idem", "tombstones", "events", "stats"};

// RocksDB counts perf statistics per thread by default; nothing here reads them, and reaching
// the thread-local counters from a shared library is a measurable share of a read's CPU (see
// docs/performance.md). The level is per thread, and the threads that call in belong to other
// layers, so every entry point turns the default off (a thread that asked for more, like a test
// timing fsyncs, keeps its level).
void NoPerfCounters() {
  if (rocksdb::GetPerfLevel() == rocksdb::kEnableCount) rocksdb::SetPerfLevel(rocksdb::kDisable);
}
}  // namespace

struct Db::Handles {
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  rocksdb::ColumnFamilyHandle* default_cf = nullptr;
};

core::Result<std::unique_ptr<Db>> Db::Open(const std::string& path, Durability durability, size_t max_queued_writes,
                                           rocksdb::Env* env) {
  rocksdb::Options options;
  if (env) options.env = env;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.IncreaseParallelism(2);
  options.max_open_files = 512;
  options.info_log = MakeRocksDbLog();  // not a LOG file on the data disk (store/rocksdb_log.h)
  // Flushes and compactions run at the lowest CPU priority (nice 19): they are throughput work,
  // and on a small machine a flush that competes as an equal with the request threads shows up
  // as request latency. They still get every idle cycle.
  for (auto pool : {rocksdb::Env::Priority::HIGH, rocksdb::Env::Priority::LOW}) {
    options.env->LowerThreadPoolCPUPriority(pool, rocksdb::CpuPriority::kLow).PermitUncheckedError();
  }

  // Memory stays bounded however many leads the store holds: one block cache for data, index and
  // filter blocks, and memtables of every column family charged against the same budget.
  auto cache = rocksdb::NewLRUCache(kBlockCacheBytes);
  options.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(kMemtableBudgetBytes, cache);
  // The WAL holds no more than the memtables do, which bounds both its size and the replay at
  // the next start. A write log is freed only once every column family with data in it has
  // flushed, and the small ones (tokens, audit, meta) rarely fill a memtable: without a cap one
  // early admin write would keep every later log alive. Past the cap RocksDB flushes the column
  // families that pin the oldest log.
  options.max_total_wal_size = kMemtableBudgetBytes;
  // Replayed logs go back into the memtables instead of being flushed at open (the logs stay
  // until a normal flush retires them). Flushing at every open left one small level-0 file per
  // column family per restart: a server restarted faster than its low-priority compactions ran
  // (a crash loop, the crash test's thousand kills) piled them up until RocksDB stopped writes.
  options.avoid_flush_during_recovery = true;
  // A write-ahead log no longer needed is deleted, not recycled for later writes nor archived:
  // erasure (store/disk_purge.h) relies on a flush taking deleted values out of every log. These
  // are RocksDB's defaults, set so that nobody turns them on unawares.
  options.recycle_log_file_num = 0;
  options.WAL_ttl_seconds = 0;
  options.WAL_size_limit_MB = 0;

  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.write_buffer_size = kMemtableBytes;
  cf_options.max_write_buffer_number = 3;
  // A bloom filter over each memtable's keys: a point read of a lead that is already in a table
  // file skips searching the memtables.
  cf_options.memtable_whole_key_filtering = true;
  cf_options.memtable_prefix_bloom_size_ratio = 0.02;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.block_cache = cache;
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, cf_options);
  for (size_t i = 0; i < kCfNames.size(); ++i) {
    rocksdb::ColumnFamilyOptions options_of_cf = cf_options;
    options_of_cf.memtable_insert_with_hint_prefix_extractor = InsertHintsFor(static_cast<Cf>(i));
    if (static_cast<Cf>(i) == Cf::kStats) {
      options_of_cf.merge_operator = CounterAddOperator();
      // A busy counter gathers one merge operand per change, and a read adds up every one still
      // in the memtable: past this many in a row, a write adds them up itself (a read of the
      // memtable) and stores the sum, so a read stays short however many changes it counts.
      options_of_cf.max_successive_merges = 16;
    }
    descriptors.emplace_back(kCfNames[i], options_of_cf);
  }

  // Tickers only (no timers): counting costs a relaxed atomic add per event.
  auto statistics = rocksdb::CreateDBStatistics();
  statistics->set_stats_level(rocksdb::StatsLevel::kExceptTimers);
  options.statistics = statistics;

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  // RocksDB logs a missing directory as an error before it creates it; a first start is none.
  std::error_code ignored;
  std::filesystem::create_directories(path, ignored);
  rocksdb::Status s = rocksdb::DB::Open(options, path, descriptors, &handles, &raw);
  if (!s.ok()) return core::Status::Internal("cannot open the store at " + path + ": " + s.ToString());

  std::unique_ptr<Db> db(new Db());
  db->db_.reset(raw);
  db->durability_ = durability;
  db->handles_ = std::make_unique<Handles>();
  db->handles_->default_cf = handles[0];
  db->handles_->cfs.assign(handles.begin() + 1, handles.end());
  db->statistics_ = std::move(statistics);
  db->committer_ = std::make_unique<GroupCommitter>(*db, max_queued_writes);
  db->collector_ = db->RegisterMetrics();
  // Migrations, oldest first, each a no-op once done; then the store says which format it has.
  LG_RETURN_IF_ERROR(CheckFormatVersion(*db, path));
  auto upgraded = UpgradeIndexLayout(*db);
  if (!upgraded.has_value()) return upgraded.error();
  auto backfilled = BackfillOptionUpdatedIndex(*db);
  if (!backfilled.has_value()) return backfilled.error();
  auto duplicates = BackfillDuplicateIndex(*db);
  if (!duplicates.has_value()) return duplicates.error();
  auto persons = BackfillPersonIndex(*db);
  if (!persons.has_value()) return persons.error();
  LG_RETURN_IF_ERROR(WriteFormatVersion(*db));
  return db;
}

Db::~Db() {
  committer_.reset();  // commits what is queued while the database is still open
  if (!db_) return;
  // A clean stop leaves nothing to replay: the next start is quick, and restarts do not add
  // level-0 files (opening does not flush, see Open). Best effort: a full disk keeps the log.
  std::vector<rocksdb::ColumnFamilyHandle*> all = handles_->cfs;
  all.push_back(handles_->default_cf);
  db_->Flush(rocksdb::FlushOptions(), all).PermitUncheckedError();
  for (auto* h : handles_->cfs) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  db_->DestroyColumnFamilyHandle(handles_->default_cf).PermitUncheckedError();
  db_->Close().PermitUncheckedError();
}

rocksdb::ColumnFamilyHandle* Db::handle(Cf cf) const { return handles_->cfs[static_cast<size_t>(cf)]; }

rocksdb::ColumnFamilyHandle* Db::handle_by_id(uint32_t id) const {
  for (auto* h : handles_->cfs) {
    if (h->GetID() == id) return h;
  }
  return handles_->default_cf;
}

void Db::WaitForCommits() { committer_->WaitIdle(); }

uint64_t Db::async_commit_groups() const { return committer_->groups(); }

void Db::CommitAsync(std::unique_ptr<WriteUnit> unit, std::function<void(core::Status)> done) {
  if (WriteUnit* captured = CommitCapture::For(*this)) {  // a replicated command being applied
    captured->Append(*unit);
    done(unit->error());
    return;
  }
  committer_->Submit(std::move(unit), std::move(done));
}

core::Status Db::Failed(const char* what, const std::string& rocksdb_status) const {
  last_error_ms_.store(core::NowMillis());
  errors_.fetch_add(1);
  return core::Status::Internal(std::string("store ") + what + " failed: " + rocksdb_status);
}

core::Status Db::NotWritable() const {
  if (write_state_.load() == WriteState::kDiskFull) {
    return {core::ErrorKind::kUnavailable, "disk_full", "The store's disk is full; nothing was stored."};
  }
  return {core::ErrorKind::kUnavailable, "store_not_writable", "The store cannot write; nothing was stored."};
}

bool Db::TryResume() const {
  if (write_state_.load() == WriteState::kOk) return true;
  const int64_t now = core::NowMillis();
  int64_t last = last_resume_ms_.load();
  if (now - last < kResumeIntervalMs || !last_resume_ms_.compare_exchange_strong(last, now)) return false;
  // Resume flushes the memtables and clears RocksDB's background error; with the disk still
  // full the flush fails and the error stays.
  rocksdb::Status s = db_->Resume();
  if (!s.ok()) return false;
  write_state_.store(WriteState::kOk);
  core::log::Info("store_resumed");
  return true;
}

bool Db::WritesStopped() const {
  uint64_t stopped = 0;
  return db_->GetAggregatedIntProperty("rocksdb.is-write-stopped", &stopped) && stopped > 0;
}

core::Status Db::Health() {
  if (write_state_.load() != WriteState::kOk) {
    // Resuming flushes the memtables: an empty unit lets the committer thread try (Commit calls
    // TryResume), so the caller, a reactor thread, never waits on the disk.
    CommitAsync(std::make_unique<WriteUnit>(*this), [](const core::Status&) {});
    return NotWritable();
  }
  if (WritesStopped()) {
    return {core::ErrorKind::kUnavailable, "store_write_stalled",
            "The store stopped writes until its compactions catch up."};
  }
  const int64_t at = last_error_ms_.load();
  if (at == 0 || core::NowMillis() - at >= kErrorWindowMs) return core::Status::Ok();
  // What failed (file names, offsets) is in the log of the request that met it, not here.
  return {core::ErrorKind::kUnavailable, "store_unavailable", "The store reported an I/O error or corruption."};
}

core::Status Db::Commit(WriteUnit& unit, bool sync) {
  LG_RETURN_IF_ERROR(unit.error());
  if (WriteUnit* captured = CommitCapture::For(*this)) {  // a replicated command being applied
    captured->Append(unit);
    return core::Status::Ok();
  }
  // RocksDB refuses every write after a failed one until resumed: no use trying before that.
  if (!TryResume()) return NotWritable();
  rocksdb::WriteOptions wo;
  // Concurrent syncing writers share one fsync: RocksDB's leader writes the whole write group's
  // WAL records and syncs once. Without sync the WAL record is still written to the OS (no
  // manual_wal_flush), so a process crash loses nothing acknowledged.
  wo.sync = sync && durability_ == Durability::kFsync;
  NoPerfCounters();
  const auto started = std::chrono::steady_clock::now();
  rocksdb::Status s = db_->Write(wo, &unit.batch());
  if (wo.sync)
    SyncedWriteSeconds().Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  // Nothing of the unit is applied when it fails (a batch is all or nothing), so the caller may say so.
  return s.ok() ? core::Status::Ok() : WriteFailed(s);
}

core::Status Db::WriteFailed(const rocksdb::Status& s) {
  // Tracked by write_state_ until resumed, not by the read error window.
  write_state_.store(s.IsNoSpace() ? WriteState::kDiskFull : WriteState::kFailed);
  errors_.fetch_add(1);
  core::log::Error("store_write_failed", {{"detail", s.ToString()}});
  return NotWritable();
}

core::Status Db::SyncWal() {
  if (durability_ != Durability::kFsync) return core::Status::Ok();
  if (!TryResume()) return NotWritable();
  const auto started = std::chrono::steady_clock::now();
  rocksdb::Status s = db_->SyncWAL();
  SyncedWriteSeconds().Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return s.ok() ? core::Status::Ok() : WriteFailed(s);
}

core::metrics::Registry::CollectorHandle Db::RegisterMetrics() const {
  using core::metrics::Registry;
  return Registry::Global().AddCollector(
      {{"leadgate_store_write_stopped", Registry::Type::kGauge, "1 while RocksDB stops writes (a write stall)"},
       {"leadgate_store_delayed_write_rate_bytes", Registry::Type::kGauge,
        "The write rate RocksDB slows writers to, 0 when it does not"},
       {"leadgate_store_stall_seconds_total", Registry::Type::kCounter, "Time writers spent stalled by RocksDB"},
       {"leadgate_store_pending_compaction_bytes", Registry::Type::kGauge,
        "Bytes RocksDB estimates compaction still has to rewrite"},
       {"leadgate_store_block_cache_hits_total", Registry::Type::kCounter, "Block cache hits"},
       {"leadgate_store_block_cache_misses_total", Registry::Type::kCounter, "Block cache misses"},
       {"leadgate_store_errors_total", Registry::Type::kCounter, "Store reads and writes that failed"}},
      [this](core::metrics::SampleWriter& out) {
        auto aggregated = [&](const char* property) {
          uint64_t value = 0;
          return db_->GetAggregatedIntProperty(property, &value) ? static_cast<double>(value) : 0.0;
        };
        out.Sample("leadgate_store_write_stopped", "", WritesStopped() ? 1 : 0);
        out.Sample("leadgate_store_delayed_write_rate_bytes", "", aggregated("rocksdb.actual-delayed-write-rate"));
        out.Sample("leadgate_store_stall_seconds_total", "",
                   static_cast<double>(statistics_->getTickerCount(rocksdb::STALL_MICROS)) / 1e6);
        out.Sample("leadgate_store_pending_compaction_bytes", "",
                   aggregated("rocksdb.estimate-pending-compaction-bytes"));
        out.Sample("leadgate_store_block_cache_hits_total", "",
                   static_cast<double>(statistics_->getTickerCount(rocksdb::BLOCK_CACHE_HIT)));
        out.Sample("leadgate_store_block_cache_misses_total", "",
                   static_cast<double>(statistics_->getTickerCount(rocksdb::BLOCK_CACHE_MISS)));
        out.Sample("leadgate_store_errors_total", "", static_cast<double>(errors_.load()));
      });
}

core::Result<std::optional<std::string>> Db::Get(Cf cf, std::string_view key) const {
  NoPerfCounters();
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handle(cf), rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return Failed("read", s.ToString());
  return std::optional<std::string>(std::move(value));
}

Db::Snapshot::Snapshot(const Db& db) : db_(db), snapshot_(db.db_->GetSnapshot()) {}
Db::Snapshot::~Snapshot() { db_.db_->ReleaseSnapshot(snapshot_); }

core::Status Db::MultiGet(Cf cf, const std::vector<std::string>& keys, const GetVisitor& visit,
                          const Snapshot* at) const {
  NoPerfCounters();
  rocksdb::ReadOptions ro;
  if (at) ro.snapshot = at->get();
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_->MultiGet(ro, handle(cf), keys.size(), slices.data(), values.data(), statuses.data());
  for (size_t i = 0; i < keys.size(); ++i) {
    std::optional<std::string_view> value;
    if (statuses[i].ok()) {
      value.emplace(values[i].data(), values[i].size());
    } else if (!statuses[i].IsNotFound()) {
      return Failed("read", statuses[i].ToString());
    }
    if (!visit(i, value)) break;
  }
  return core::Status::Ok();
}

core::Status Db::Scan(Cf cf, const KeyRange& range, const Visitor& visit, const Snapshot* at) const {
  return ScanIn(cf, range, /*reverse=*/false, visit, at);
}

core::Status Db::ScanReverse(Cf cf, const KeyRange& range, const Visitor& visit, const Snapshot* at) const {
  return ScanIn(cf, range, /*reverse=*/true, visit, at);
}

core::Status Db::ScanIn(Cf cf, const KeyRange& range, bool reverse, const Visitor& visit, const Snapshot* at) const {
  NoPerfCounters();
  rocksdb::ReadOptions ro;
  if (at) ro.snapshot = at->get();
  rocksdb::Slice lower(range.begin.data(), range.begin.size());
  rocksdb::Slice upper(range.end.data(), range.end.size());
  ro.iterate_lower_bound = &lower;
  if (!range.end.empty()) ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handle(cf)));
  if (reverse) {
    it->SeekToLast();
  } else {
    it->Seek(lower);
  }
  for (; it->Valid(); reverse ? it->Prev() : it->Next()) {
    auto k = it->key();
    auto v = it->value();
    if (!visit(std::string_view(k.data(), k.size()), std::string_view(v.data(), v.size()))) return core::Status::Ok();
  }
  // The iterator stops at the end of the range or at an error; only its status tells which.
  if (rocksdb::Status s = it->status(); !s.ok()) return Failed("scan", s.ToString());
  return core::Status::Ok();
}

core::Status Db::Checkpoint(const std::string& dir) const {
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db_.get(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // The whole WAL goes along (log_size_for_flush 0 would flush first): nothing acknowledged is
  // left out, and taking one does not stall the writers behind a flush.
  if (s.ok()) s = checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/std::numeric_limits<uint64_t>::max());
  if (!s.ok()) return Failed("checkpoint", s.ToString());
  return core::Status::Ok();
}

core::Status Db::FlushAll() {
  NoPerfCounters();
  std::vector<rocksdb::ColumnFamilyHandle*> all = handles_->cfs;
  all.push_back(handles_->default_cf);
  // A log is obsolete once every column family with data in it has flushed; the empty ones move
  // past it when the flushes switch to a new log.
  rocksdb::Status s = db_->Flush(rocksdb::FlushOptions(), all);
  if (!s.ok()) return Failed("flush", s.ToString());
  return DeleteObsoleteFiles();
}

core::Status Db::CompactRange(Cf cf, std::string_view begin, std::string_view end) {
  NoPerfCounters();
  rocksdb::CompactRangeOptions options;
  // By default the bottom level is left alone, and a value whose deletion was compacted down to
  // it stays there until something else rewrites that file.
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  options.exclusive_manual_compaction = false;  // the automatic compactions go on meanwhile
  const rocksdb::Slice lower(begin.data(), begin.size());
  const rocksdb::Slice upper(end.data(), end.size());
  // RocksDB's end is inclusive: compacting one key more than asked is harmless.
  rocksdb::Status s =
      db_->CompactRange(options, handle(cf), begin.empty() ? nullptr : &lower, end.empty() ? nullptr : &upper);
  if (!s.ok()) return Failed("compaction", s.ToString());
  return DeleteObsoleteFiles();
}

core::Status Db::DeleteObsoleteFiles() {
  // A flush or compaction wakes its waiter once its result is installed; its thread deletes the
  // files it made obsolete after that, so they may still be there when it returns (a narrow
  // window, never seen in tests). Listing the logs holds deletions off, waits for those under
  // way, and enabling them again (unless a backup or checkpoint holds them off too) scans the
  // directory and deletes whatever is obsolete, on this thread (RocksDB 7.8 db_filesnapshot.cc,
  // DBImpl::GetSortedWalFiles and EnableFileDeletions).
  rocksdb::VectorLogPtr wals;
  rocksdb::Status s = db_->GetSortedWalFiles(wals);
  if (!s.ok()) return Failed("file deletion", s.ToString());
  return core::Status::Ok();
}

uint64_t Db::LatestSequence() const { return db_->GetLatestSequenceNumber(); }

uint64_t Db::OldestSnapshotSequence() const {
  uint64_t sequence = 0;
  return db_->GetIntProperty(rocksdb::DB::Properties::kOldestSnapshotSequence, &sequence) ? sequence : 0;
}

}  // namespace lg::store

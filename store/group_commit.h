#pragma once
// The group commit, submitted now and awaited later. `PendingCommit::Submit(db, unit)` hands the
// unit to the store's committer thread (store/group_committer.h) at once, so the order of
// submissions is the order of commits (a caller can submit under a lock and wait outside it);
// `co_await pending->Wait()` suspends a coroutine without holding a thread and resumes it on its
// own executor once the unit's group is as safe as the store's Durability says, with the commit's
// Status; WaitBlocking() does the same for a thread that may block (a worker). Kept apart from
// db.h so that only the code that awaits commits includes Asio.

#include <boost/asio/awaitable.hpp>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "core/status.h"

namespace lg::store {

class Db;
class WriteUnit;

class PendingCommit {
 public:
  // `on_done` (optional) runs on the committer thread when the commit is done, before any waiter
  // hears of it; keep it short.
  static std::shared_ptr<PendingCommit> Submit(Db& db, std::unique_ptr<WriteUnit> unit,
                                               std::function<void(const core::Status&)> on_done = {});

  boost::asio::awaitable<core::Status> Wait();
  core::Status WaitBlocking();
  // The outcome once done; nullopt while the commit is still on its way. Never blocks.
  std::optional<core::Status> Outcome() const;

  PendingCommit() = default;  // use Submit
  PendingCommit(const PendingCommit&) = delete;
  PendingCommit& operator=(const PendingCommit&) = delete;

 private:
  void Complete(core::Status status);

  mutable std::mutex mu_;
  std::condition_variable done_cv_;
  std::optional<core::Status> outcome_;
  std::function<void(const core::Status&)> on_done_;
  std::function<void(core::Status)> resume_;  // a suspended coroutine waiting, if any
};

// Submit and wait in one step.
boost::asio::awaitable<core::Status> GroupCommit(Db& db, std::unique_ptr<WriteUnit> unit);

}  // namespace lg::store

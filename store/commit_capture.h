#pragma once
// Cluster mode applies a replicated-log command through the same use cases a single node runs,
// and every change they commit must land in one WriteBatch with the command's applied position.
// While a CommitCapture lives on a thread, Db::Commit and Db::CommitAsync of its store called on
// that thread add their unit to the capture's unit instead of writing (and report success; the
// applier commits the whole). A read in the same command does not see a captured change yet.
// Captures on other threads and other stores are untouched; one capture per thread at a time.

#include "store/db.h"
#include "store/write_unit.h"

namespace lg::store {

class CommitCapture {
 public:
  CommitCapture(const Db& db, WriteUnit& into);
  ~CommitCapture();
  CommitCapture(const CommitCapture&) = delete;
  CommitCapture& operator=(const CommitCapture&) = delete;

  // The unit commits of `db` on this thread go to, or null when they are written as usual.
  static WriteUnit* For(const Db& db);

 private:
  const Db& db_;
  WriteUnit& into_;
  CommitCapture* previous_;
};

}  // namespace lg::store

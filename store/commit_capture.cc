#include "store/commit_capture.h"

namespace lg::store {
namespace {

thread_local CommitCapture* current_capture = nullptr;

}  // namespace

CommitCapture::CommitCapture(const Db& db, WriteUnit& into) : db_(db), into_(into), previous_(current_capture) {
  current_capture = this;
}

CommitCapture::~CommitCapture() { current_capture = previous_; }

WriteUnit* CommitCapture::For(const Db& db) {
  for (CommitCapture* capture = current_capture; capture; capture = capture->previous_) {
    if (&capture->db_ == &db) return &capture->into_;
  }
  return nullptr;
}

}  // namespace lg::store

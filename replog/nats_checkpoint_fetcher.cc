// The fetching side of the NATS checkpoint exchange (see nats_checkpoint_fetcher.h): the requests
// it asks, with their retries, and the staging directory the copy is written into.
#include "replog/nats_checkpoint_fetcher.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <set>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include "core/sha256.h"

namespace lg::replog {
namespace fs = std::filesystem;
namespace {

// How often a request is tried before the fetch fails (each step of the protocol can be asked
// again: a read names its offset).
constexpr int kTries = 4;
// A fetcher asks for sources this often until one answers (interest in a subject takes a moment
// to reach every server of a cluster), and asks whether its copy is made this often.
constexpr auto kOfferInterval = std::chrono::milliseconds(250);
constexpr auto kPollInterval = std::chrono::milliseconds(100);

// Failures a retry can outlast: a server gone or restarting, an answer lost.
bool Transient(natsStatus s) {
  return s == NATS_TIMEOUT || s == NATS_NO_RESPONDERS || s == NATS_CONNECTION_DISCONNECTED ||
         s == NATS_STALE_CONNECTION || s == NATS_ERR;
}

core::Status Failed(const std::string& detail) {
  return core::Status(core::ErrorKind::kUnavailable, "checkpoint_failed", "The checkpoint fetch failed: " + detail);
}

}  // namespace

NatsCheckpointFetcher::NatsCheckpointFetcher(natsConnection* connection, NatsCheckpointOptions options)
    : connection_(connection),
      options_(std::move(options)),
      self_(std::to_string(options_.node)),
      offer_subject_(OfferSubject(options_.prefix)) {}

core::Result<FetchedCheckpoint> NatsCheckpointFetcher::Fetch(const std::string& dir, std::chrono::milliseconds wait) {
  fs::path target(dir);
  if (!target.has_filename()) target = target.parent_path();  // "a/b/" is "a/b"
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(target, ec);
  if (status.type() != fs::file_type::not_found) {
    if (ec) return core::Status::Internal("cannot look at " + dir + ": " + ec.message());
    return core::Status::Conflict("checkpoint_dir_exists", dir + " exists already; a copy is fetched into a new one.");
  }
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  if (!fs::is_directory(parent, ec)) return core::Status::Internal("the parent of " + dir + " is not a directory");
  // Written beside `dir` and renamed into place when complete, so `dir` is never a partial copy
  // (even after a crash: the next fetch removes what one left).
  const fs::path staging = parent / ("." + target.filename().string() + ".partial");
  fs::remove_all(staging, ec);
  if (ec) return core::Status::Internal("cannot remove " + staging.string() + ": " + ec.message());

  LG_ASSIGN_OR_RETURN(const uint32_t source, FindSource(wait));
  std::string copy_id;
  core::Result<FetchedCheckpoint> fetched = FetchFrom(source, staging, copy_id);
  // The source removes its copy now rather than after its idle time (also after a failure).
  if (!copy_id.empty()) SayDone(source, copy_id);
  if (fetched.has_value()) {
    if (::rename(staging.c_str(), target.c_str()) != 0) {
      fetched = FsError("cannot move the copy to " + dir, errno);
    } else if (!Sync(parent)) {
      fetched = FsError("cannot sync the directory of " + dir, errno);
      fs::remove_all(target, ec);
    }
  }
  if (!fetched.has_value()) fs::remove_all(staging, ec);
  return fetched;
}

core::Result<uint32_t> NatsCheckpointFetcher::FindSource(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  natsInbox* raw_inbox = nullptr;
  if (natsInbox_Create(&raw_inbox) != NATS_OK) return core::Status::Internal("cannot create a NATS inbox");
  std::unique_ptr<natsInbox, InboxDeleter> inbox(raw_inbox);
  natsSubscription* raw_sub = nullptr;
  natsStatus s = natsConnection_SubscribeSync(&raw_sub, connection_, inbox.get());
  if (s != NATS_OK) return Failed("cannot subscribe for offers: " + Describe(s));
  std::unique_ptr<natsSubscription, SubscriptionDeleter> answers(raw_sub);
  auto next_offer = Clock::now();
  while (true) {
    auto now = Clock::now();
    if (now >= next_offer) {
      natsMsg* raw = nullptr;
      if (natsMsg_Create(&raw, offer_subject_.c_str(), inbox.get(), nullptr, 0) == NATS_OK) {
        MsgPtr offer(raw);
        natsMsgHeader_Set(offer.get(), kNode, self_.c_str());
        natsConnection_PublishMsg(connection_, offer.get());  // not checked: asked again soon
      }
      next_offer = now + kOfferInterval;
    }
    if (now >= deadline) break;
    const auto until = std::min(deadline, next_offer);
    const int64_t timeout =
        std::max<int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count());
    natsMsg* raw = nullptr;
    s = natsSubscription_NextMsg(&raw, answers.get(), timeout);
    if (s == NATS_OK) {
      MsgPtr answer(raw);
      if (natsMsg_IsNoResponders(answer.get())) continue;
      const auto node = NumberHeader<uint32_t>(answer.get(), kNode);
      if (node && *node != options_.node) return *node;
    } else if (s != NATS_TIMEOUT) {
      std::this_thread::sleep_for(std::min<Clock::duration>(kRetryPause, deadline - Clock::now()));
    }
  }
  return core::Status(core::ErrorKind::kUnavailable, "no_checkpoint_source",
                      "No other node offered a copy of its store within " + std::to_string(wait.count()) + " ms.");
}

core::Result<MsgPtr> NatsCheckpointFetcher::Ask(uint32_t node, const char* what, const Headers& headers) {
  const std::string subject = NodeSubject(options_.prefix, node, what);
  natsStatus s = NATS_OK;
  for (int attempt = 0; attempt < kTries; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(kRetryPause);
    natsMsg* raw = nullptr;
    s = natsMsg_Create(&raw, subject.c_str(), nullptr, nullptr, 0);
    if (s != NATS_OK) break;
    MsgPtr request(raw);
    for (const auto& [key, value] : headers) natsMsgHeader_Set(request.get(), key, value.c_str());
    natsMsg* raw_answer = nullptr;
    s = natsConnection_RequestMsg(&raw_answer, connection_, request.get(), kRequestWaitMs);
    if (s == NATS_OK) {
      MsgPtr answer(raw_answer);
      if (Header(answer.get(), kFailed)) {
        return Failed(std::string(natsMsg_GetData(answer.get()), natsMsg_GetDataLength(answer.get())));
      }
      return answer;
    }
    if (!Transient(s)) break;
  }
  return Failed("node " + std::to_string(node) + " did not answer a " + what + " request: " + Describe(s));
}

core::Result<std::vector<FileEntry>> NatsCheckpointFetcher::FetchManifest(uint32_t source, const std::string& id) {
  const auto deadline = Clock::now() + options_.copy_wait;
  std::vector<FileEntry> files;
  std::set<std::string> names;
  while (true) {
    LG_ASSIGN_OR_RETURN(MsgPtr page, Ask(source, "manifest", {{kCopy, id}, {kFrom, std::to_string(files.size())}}));
    const auto state = Header(page.get(), kState);
    if (state == "making") {
      if (Clock::now() >= deadline) {
        return Failed("node " + std::to_string(source) + " made no copy within " +
                      std::to_string(options_.copy_wait.count()) + " ms");
      }
      std::this_thread::sleep_for(kPollInterval);
      continue;
    }
    const auto count = NumberHeader<size_t>(page.get(), kCount);
    if (state != "ready" || !count) return Failed("node " + std::to_string(source) + " sent no manifest");
    const std::string_view body(natsMsg_GetData(page.get()), natsMsg_GetDataLength(page.get()));
    size_t start = 0;
    const size_t before = files.size();
    while (start < body.size()) {
      const size_t end = body.find('\n', start);
      if (end == std::string_view::npos) return Failed("a manifest line has no end");
      auto file = ParseManifestLine(body.substr(start, end - start));
      if (!file || !names.insert(file->name).second) return Failed("the manifest lists a file that cannot be");
      files.push_back(std::move(*file));
      start = end + 1;
    }
    if (files.size() > *count) return Failed("the manifest lists more files than it says");
    if (files.size() == *count) return files;
    if (files.size() == before) return Failed("a manifest page is empty");
  }
}

core::Status NatsCheckpointFetcher::FetchFile(uint32_t source, const std::string& id, size_t index,
                                              const FileEntry& file, const fs::path& path) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0 || ::fchmod(fd.get(), 0600) != 0) return FsError("cannot create " + path.string(), errno);
  const int64_t max_payload = natsConnection_GetMaxPayload(connection_);
  const size_t chunk = max_payload > 0 ? std::min(kChunk, static_cast<size_t>(max_payload) / 2) : kChunk;
  core::Sha256Stream hash;
  uint64_t offset = 0;
  while (offset < file.size) {
    LG_ASSIGN_OR_RETURN(MsgPtr data, Ask(source, "read",
                                         {{kCopy, id},
                                          {kFile, std::to_string(index)},
                                          {kOffset, std::to_string(offset)},
                                          {kLength, std::to_string(chunk)}}));
    const std::string_view bytes(natsMsg_GetData(data.get()), natsMsg_GetDataLength(data.get()));
    if (bytes.empty() || bytes.size() > file.size - offset) {
      return Failed(file.name + " is not as long as the manifest says");
    }
    if (!WriteAll(fd.get(), bytes)) return FsError("cannot write " + path.string(), errno);
    hash.Update(bytes);
    offset += bytes.size();
  }
  if (hash.Digest() != file.sha256) return Failed(file.name + " does not match its SHA-256 in the manifest");
  if (::fsync(fd.get()) != 0) return FsError("cannot sync " + path.string(), errno);
  if (!fd.Close()) return FsError("cannot write " + path.string(), errno);
  return core::Status::Ok();
}

core::Result<FetchedCheckpoint> NatsCheckpointFetcher::FetchFrom(uint32_t source, const fs::path& staging,
                                                                 std::string& copy_id) {
  LG_ASSIGN_OR_RETURN(MsgPtr opened, Ask(source, "open", {{kNode, self_}}));
  copy_id = Header(opened.get(), kCopy).value_or("");
  if (copy_id.empty()) return Failed("node " + std::to_string(source) + " opened no copy");
  LG_ASSIGN_OR_RETURN(const std::vector<FileEntry> files, FetchManifest(source, copy_id));

  if (!MakeOwnerOnlyDirectory(staging)) return FsError("cannot create " + staging.string(), errno);
  std::vector<fs::path> dirs{staging};  // every directory made, synced once all files are
  FetchedCheckpoint fetched{source, files.size(), 0};
  for (size_t i = 0; i < files.size(); ++i) {
    const FileEntry& file = files[i];
    const fs::path path = staging / file.name;
    // Its directories, each 0700; safe names keep them all under `staging`.
    fs::path dir = staging;
    for (const auto& part : fs::path(file.name).parent_path()) {
      dir /= part;
      std::error_code ec;
      if (fs::is_directory(fs::symlink_status(dir, ec))) continue;
      if (!MakeOwnerOnlyDirectory(dir)) return FsError("cannot create " + dir.string(), errno);
      dirs.push_back(dir);
    }
    LG_RETURN_IF_ERROR(FetchFile(source, copy_id, i, file, path));
    fetched.bytes += file.size;
  }
  for (const fs::path& made : dirs) {
    if (!Sync(made)) return FsError("cannot sync " + made.string(), errno);
  }
  return fetched;
}

void NatsCheckpointFetcher::SayDone(uint32_t source, const std::string& id) {
  natsMsg* raw = nullptr;
  if (natsMsg_Create(&raw, NodeSubject(options_.prefix, source, "done").c_str(), nullptr, nullptr, 0) != NATS_OK) {
    return;
  }
  MsgPtr request(raw);
  natsMsgHeader_Set(request.get(), kCopy, id.c_str());
  natsMsg* answer = nullptr;
  if (natsConnection_RequestMsg(&answer, connection_, request.get(), kRequestWaitMs) == NATS_OK) {
    natsMsg_Destroy(answer);
  }
}

}  // namespace lg::replog

// The serving side of the NATS checkpoint exchange (see nats_checkpoint_server.h): its request
// handlers, the threads that make copies, and the sweep of copies nobody fetches any more.
#include "replog/nats_checkpoint_server.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <random>
#include <system_error>
#include <utility>

#include "core/hex.h"
#include "replog/nats_util.h"

namespace lg::replog {
namespace fs = std::filesystem;
namespace {

// Room kept for an answer's headers and protocol line under max_payload.
constexpr size_t kHeaderRoom = 4096;
// The most manifest text in one answer (a store of many files takes several).
constexpr size_t kManifestPage = size_t{64} << 10;
// A copy's directory under the scratch directory: "checkpoint-<copy id>".
constexpr std::string_view kCopyPrefix = "checkpoint-";

// Copy ids name directories and are only known to the fetcher that asked: 128 random bits.
std::string NewCopyId() {
  std::random_device random;
  std::string bytes;
  for (int i = 0; i < 4; ++i) {
    const uint32_t word = random();
    bytes.append(reinterpret_cast<const char*>(&word), sizeof word);
  }
  return core::ToHex(bytes);
}

core::Status PrepareScratch(const std::string& scratch_dir) {
  std::error_code ec;
  if (!fs::exists(scratch_dir, ec)) {
    fs::create_directories(scratch_dir, ec);
    if (!ec) fs::permissions(scratch_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec) return core::Status::Internal("cannot create " + scratch_dir + ": " + ec.message());
  }
  if (!fs::is_directory(scratch_dir, ec)) return core::Status::Internal(scratch_dir + " is not a directory");
  // Copies left by a process that stopped while serving them.
  for (fs::directory_iterator it(scratch_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().starts_with(kCopyPrefix)) {
      std::error_code remove_ec;
      fs::remove_all(it->path(), remove_ec);
    }
  }
  if (ec) return core::Status::Internal("cannot list " + scratch_dir + ": " + ec.message());
  return core::Status::Ok();
}

}  // namespace

void NatsCheckpointServer::Handler::OnMessage(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  auto* handler = static_cast<Handler*>(closure);
  MsgPtr owned(msg);
  try {
    (handler->self->*handler->method)(owned.get());
  } catch (...) {
    // An exception must not cross into the NATS library; the asker's request times out.
  }
}

void NatsCheckpointServer::Handler::OnComplete(void* closure) {
  auto* handler = static_cast<Handler*>(closure);
  std::lock_guard lock(handler->mu);
  handler->closed = true;
  handler->cv.notify_all();
}

NatsCheckpointServer::NatsCheckpointServer(natsConnection* connection, NatsCheckpointOptions options)
    : connection_(connection), options_(std::move(options)), self_(std::to_string(options_.node)) {}

NatsCheckpointServer::~NatsCheckpointServer() { StopServing(); }

core::Status NatsCheckpointServer::Serve(CheckpointExchange::MakeCopy make, const std::string& scratch_dir) {
  std::lock_guard serve_lock(serve_mu_);
  if (serving_) return core::Status::Conflict("checkpoint_serving", "This node serves copies already.");
  if (!make) return core::Status::Internal("Serve needs a way to make a copy");
  LG_RETURN_IF_ERROR(PrepareScratch(scratch_dir));
  make_ = std::move(make);
  scratch_ = scratch_dir;
  stopping_ = false;
  const auto node_subject = [&](const char* what) { return NodeSubject(options_.prefix, options_.node, what); };
  const std::pair<std::string, void (NatsCheckpointServer::*)(natsMsg*)> subjects[] = {
      {OfferSubject(options_.prefix), &NatsCheckpointServer::OnOffer},
      {node_subject("open"), &NatsCheckpointServer::OnOpen},
      {node_subject("manifest"), &NatsCheckpointServer::OnManifest},
      {node_subject("read"), &NatsCheckpointServer::OnRead},
      {node_subject("done"), &NatsCheckpointServer::OnDone},
  };
  // One subscription each, so each has its own delivery thread: offers and opens are answered
  // while reads are served. (Copies are made on threads of their own: see OnOpen.)
  for (const auto& [subject, method] : subjects) {
    auto handler = std::make_unique<Handler>();
    handler->self = this;
    handler->method = method;
    natsSubscription* sub = nullptr;
    natsStatus s = natsConnection_Subscribe(&sub, connection_, subject.c_str(), &Handler::OnMessage, handler.get());
    if (s == NATS_OK) {
      handler->sub = sub;
      s = natsSubscription_SetOnCompleteCB(sub, &Handler::OnComplete, handler.get());
    }
    if (s != NATS_OK) {
      // (SetOnCompleteCB fails only for a subscription closed already: no callback comes.)
      if (sub != nullptr) SubscriptionDeleter()(sub);
      CloseSubscriptions();
      make_ = nullptr;
      return core::Status(core::ErrorKind::kUnavailable, "checkpoint_unavailable",
                          "The checkpoint exchange cannot subscribe to " + subject + ": " + Describe(s));
    }
    handlers_.push_back(std::move(handler));
  }
  // The server knows of the subscriptions when Serve returns (when connected; else they are
  // sent on reconnecting).
  natsConnection_FlushTimeout(connection_, kRequestWaitMs);
  {
    std::lock_guard lock(mu_);
    sweeper_stop_ = false;
  }
  sweeper_ = std::thread([this] { Sweep(); });
  serving_ = true;
  return core::Status::Ok();
}

void NatsCheckpointServer::StopServing() {
  std::lock_guard serve_lock(serve_mu_);
  if (!serving_) return;
  stopping_ = true;  // requests still queued are answered with an error, quickly
  CloseSubscriptions();
  {
    std::lock_guard lock(mu_);
    sweeper_stop_ = true;
  }
  sweeper_cv_.notify_all();
  sweeper_.join();
  // A copy being made cannot be interrupted: wait for it, then remove it with the others.
  std::list<Maker> makers;
  {
    std::lock_guard lock(mu_);
    makers.swap(makers_);
  }
  for (Maker& maker : makers) maker.thread.join();
  std::map<std::string, std::shared_ptr<Copy>> copies;
  {
    std::lock_guard lock(mu_);
    copies.swap(copies_);
  }
  for (const auto& [id, copy] : copies) RemoveCopyDir(*copy);
  make_ = nullptr;
  serving_ = false;
}

void NatsCheckpointServer::CloseSubscriptions() {
  for (auto& handler : handlers_) natsSubscription_Unsubscribe(handler->sub);
  for (auto& handler : handlers_) {
    {
      std::unique_lock lock(handler->mu);
      handler->cv.wait(lock, [&] { return handler->closed; });
    }
    natsSubscription_Destroy(handler->sub);
  }
  handlers_.clear();
}

void NatsCheckpointServer::RemoveCopyDir(const Copy& copy) {
  std::error_code ec;
  fs::remove_all(copy.dir, ec);
}

void NatsCheckpointServer::Reply(natsMsg* request, const Headers& headers, std::string_view body) {
  const char* reply = natsMsg_GetReply(request);
  if (reply == nullptr || *reply == '\0') return;
  natsMsg* raw = nullptr;
  if (natsMsg_Create(&raw, reply, nullptr, body.data(), static_cast<int>(body.size())) != NATS_OK) return;
  MsgPtr out(raw);
  for (const auto& [key, value] : headers) natsMsgHeader_Set(out.get(), key, value.c_str());
  // Not checked: an answer that does not arrive is a request that times out and is tried again.
  natsConnection_PublishMsg(connection_, out.get());
}

void NatsCheckpointServer::ReplyError(natsMsg* request, const std::string& detail) {
  Reply(request, {{kFailed, "1"}}, detail);
}

std::shared_ptr<NatsCheckpointServer::Copy> NatsCheckpointServer::FindCopy(natsMsg* request,
                                                                           const std::optional<std::string>& id) {
  auto it = id ? copies_.find(*id) : copies_.end();
  if (it == copies_.end()) {
    ReplyError(request, "node " + self_ + " holds no such copy (removed when idle, or when it stopped serving)");
    return nullptr;
  }
  it->second->last_used = Clock::now();
  return it->second;
}

void NatsCheckpointServer::OnOffer(natsMsg* msg) {
  if (stopping_) return;
  // Never to itself: a node that needs a copy has no good one.
  if (NumberHeader<uint32_t>(msg, kNode) == options_.node) return;
  Reply(msg, {{kNode, self_}});
}

void NatsCheckpointServer::OnOpen(natsMsg* msg) {
  if (stopping_) return ReplyError(msg, "node " + self_ + " does not serve copies any more");
  auto copy = std::make_shared<Copy>();
  {
    std::lock_guard lock(mu_);
    if (copies_.size() >= static_cast<size_t>(std::max(1, options_.max_copies))) {
      return ReplyError(msg, "node " + self_ + " holds " + std::to_string(copies_.size()) +
                                 " copies for others already; try again later");
    }
    copy->id = NewCopyId();
    copy->dir = fs::path(scratch_) / (std::string(kCopyPrefix) + copy->id);
    copy->last_used = Clock::now();
    copies_[copy->id] = copy;
    // Made on a thread of its own: a checkpoint and its digests take seconds, during which
    // this subscription opens copies for others.
    Maker& maker = makers_.emplace_back();
    try {
      maker.thread = std::thread([this, copy, &maker] { MakeFor(copy, maker); });
    } catch (const std::system_error&) {
      makers_.pop_back();
      copies_.erase(copy->id);
      return ReplyError(msg, "node " + self_ + " cannot start making a copy");
    }
  }
  Reply(msg, {{kCopy, copy->id}});
}

void NatsCheckpointServer::MakeFor(const std::shared_ptr<Copy>& copy, Maker& maker) {
  core::Status made;
  std::vector<FileEntry> files;
  try {
    made = make_(copy->dir.string());
    if (made.ok()) {
      auto inventory = Inventory(copy->dir);
      if (inventory.has_value()) {
        files = std::move(inventory).value();
      } else {
        made = inventory.error();
      }
    }
  } catch (const std::exception& e) {
    made = core::Status::Internal(std::string("making the copy threw: ") + e.what());
  }
  if (!made.ok()) RemoveCopyDir(*copy);
  std::lock_guard lock(mu_);
  copy->making = false;
  copy->failure = std::move(made);
  copy->files = std::move(files);
  copy->last_used = Clock::now();  // the fetcher's idle time starts when its copy is ready
  if (copy->abandoned) {
    RemoveCopyDir(*copy);
    copies_.erase(copy->id);
  }
  maker.done = true;
  sweeper_cv_.notify_all();
}

void NatsCheckpointServer::OnManifest(natsMsg* msg) {
  if (stopping_) return ReplyError(msg, "node " + self_ + " does not serve copies any more");
  const auto from = NumberHeader<size_t>(msg, kFrom).value_or(0);
  std::string body;
  size_t count = 0;
  {
    std::lock_guard lock(mu_);
    auto copy = FindCopy(msg, Header(msg, kCopy));
    if (!copy) return;
    if (copy->making) return Reply(msg, {{kState, "making"}});
    if (!copy->failure.ok()) {
      copies_.erase(copy->id);  // its directory is gone already
      return ReplyError(msg, "node " + self_ + " could not make a copy: " + copy->failure.detail());
    }
    count = copy->files.size();
    for (size_t i = from; i < count; ++i) {
      std::string line = ManifestLine(copy->files[i]);
      if (i > from && body.size() + line.size() > kManifestPage) break;
      body += line;
    }
  }
  Reply(msg, {{kState, "ready"}, {kCount, std::to_string(count)}}, body);
}

void NatsCheckpointServer::OnRead(natsMsg* msg) {
  if (stopping_) return ReplyError(msg, "node " + self_ + " does not serve copies any more");
  const auto index = NumberHeader<size_t>(msg, kFile);
  const auto offset = NumberHeader<uint64_t>(msg, kOffset);
  const auto length = NumberHeader<size_t>(msg, kLength);
  if (!index || !offset || !length) return ReplyError(msg, "a read names a file, an offset and a length");
  fs::path path;
  uint64_t size = 0;
  {
    std::lock_guard lock(mu_);
    auto copy = FindCopy(msg, Header(msg, kCopy));
    if (!copy) return;
    // Only what the manifest lists, by its index: nothing else of this machine can be named.
    if (copy->making || !copy->failure.ok() || *index >= copy->files.size()) {
      return ReplyError(msg, "node " + self_ + "'s copy has no file " + std::to_string(*index));
    }
    path = copy->dir / copy->files[*index].name;
    size = copy->files[*index].size;
  }
  if (*offset > size) return ReplyError(msg, "a read past the end of a file");
  const int64_t max_payload = natsConnection_GetMaxPayload(connection_);
  auto n = static_cast<size_t>(std::min<uint64_t>({*length, kChunk, size - *offset}));
  if (max_payload > static_cast<int64_t>(2 * kHeaderRoom)) {
    n = std::min(n, static_cast<size_t>(max_payload) - kHeaderRoom);
  }
  const std::optional<std::string> data = ReadAt(path, *offset, n);
  if (!data) return ReplyError(msg, "node " + self_ + " cannot read its copy");
  Reply(msg, {}, *data);
}

void NatsCheckpointServer::OnDone(natsMsg* msg) {
  std::shared_ptr<Copy> removed;
  {
    std::lock_guard lock(mu_);
    auto it = copies_.find(Header(msg, kCopy).value_or(""));
    if (it != copies_.end()) {
      if (it->second->making) {
        it->second->abandoned = true;  // its maker removes it when done
      } else {
        removed = it->second;
        copies_.erase(it);
      }
    }
  }
  if (removed) RemoveCopyDir(*removed);
  Reply(msg, {});
}

void NatsCheckpointServer::Sweep() {
  const auto interval = std::clamp<std::chrono::milliseconds>(options_.idle / 4, std::chrono::milliseconds(10),
                                                              std::chrono::milliseconds(1000));
  std::unique_lock lock(mu_);
  while (!sweeper_stop_) {
    sweeper_cv_.wait_for(lock, interval);
    std::vector<std::shared_ptr<Copy>> expired;
    const auto now = Clock::now();
    for (auto it = copies_.begin(); it != copies_.end();) {
      if (!it->second->making && now - it->second->last_used >= options_.idle) {
        expired.push_back(it->second);
        it = copies_.erase(it);
      } else {
        ++it;
      }
    }
    std::list<Maker> finished;
    for (auto it = makers_.begin(); it != makers_.end();) {
      auto next = std::next(it);
      if (it->done) finished.splice(finished.end(), makers_, it);
      it = next;
    }
    lock.unlock();
    for (const auto& copy : expired) RemoveCopyDir(*copy);
    for (Maker& maker : finished) maker.thread.join();
    lock.lock();
  }
}

}  // namespace lg::replog

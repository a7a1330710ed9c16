#include "replog/nats_checkpoint_exchange.h"

#include <fcntl.h>
#include <nats/nats.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <filesystem>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include "core/hex.h"
#include "core/sha256.h"

namespace lg::replog {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

struct ConnectionDeleter {
  void operator()(natsConnection* nc) const { natsConnection_Destroy(nc); }
};
struct OptionsDeleter {
  void operator()(natsOptions* o) const { natsOptions_Destroy(o); }
};
struct SubscriptionDeleter {
  void operator()(natsSubscription* sub) const {
    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
  }
};
struct MsgDeleter {
  void operator()(natsMsg* msg) const { natsMsg_Destroy(msg); }
};
struct InboxDeleter {
  void operator()(natsInbox* inbox) const { natsInbox_Destroy(inbox); }
};
using MsgPtr = std::unique_ptr<natsMsg, MsgDeleter>;

// A file descriptor closed when it goes out of scope (unless Close()d first, to see its error).
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool Close() {
    const int fd = std::exchange(fd_, -1);
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

// Between tries of a request that found no responder (a server restarting, a reconnect).
constexpr auto kRetryPause = std::chrono::milliseconds(100);
// How long one request waits for its answer, and how often it is tried before the fetch fails
// (each step of the protocol can be asked again: a read names its offset).
constexpr int64_t kRequestWaitMs = 2000;
constexpr int kTries = 4;
// A fetcher asks for sources this often until one answers (interest in a subject takes a moment
// to reach every server of a cluster), and asks whether its copy is made this often.
constexpr auto kOfferInterval = std::chrono::milliseconds(250);
constexpr auto kPollInterval = std::chrono::milliseconds(100);
// The most data in one answer: well under nats-server's max_payload (1 MiB by default), so a
// lost answer costs little and other fetchers' reads interleave.
constexpr size_t kChunk = size_t{256} << 10;
// Room kept for an answer's headers and protocol line under max_payload.
constexpr size_t kHeaderRoom = 4096;
// The most manifest text in one answer (a store of many files takes several).
constexpr size_t kManifestPage = size_t{64} << 10;
// A copy's directory under the scratch directory: "checkpoint-<copy id>".
constexpr std::string_view kCopyPrefix = "checkpoint-";

// Headers of requests and answers. Numbers are decimal; an error answer carries kFailed and its
// detail as the body.
constexpr const char* kNode = "Lg-Node";      // offer: the asker's node id; its answer: the server's
constexpr const char* kCopy = "Lg-Copy";      // the copy id, from open's answer on
constexpr const char* kFrom = "Lg-From";      // manifest: the first entry wanted
constexpr const char* kState = "Lg-State";    // manifest's answer: "making" or "ready"
constexpr const char* kCount = "Lg-Count";    // manifest's answer: how many files the copy has
constexpr const char* kFile = "Lg-File";      // read: the file's index in the manifest
constexpr const char* kOffset = "Lg-Offset";  // read: where to start
constexpr const char* kLength = "Lg-Length";  // read: the most bytes wanted
constexpr const char* kFailed = "Lg-Failed";

using Headers = std::vector<std::pair<const char*, std::string>>;

std::string Describe(natsStatus s) { return natsStatus_GetText(s); }

// Failures a retry can outlast: a server gone or restarting, an answer lost.
bool Transient(natsStatus s) {
  return s == NATS_TIMEOUT || s == NATS_NO_RESPONDERS || s == NATS_CONNECTION_DISCONNECTED ||
         s == NATS_STALE_CONNECTION || s == NATS_ERR;
}

core::Status Failed(const std::string& detail) {
  return core::Status(core::ErrorKind::kUnavailable, "checkpoint_failed", "The checkpoint fetch failed: " + detail);
}

core::Status FsError(const std::string& what, int err) {
  return core::Status::Internal(what + ": " + std::error_code(err, std::generic_category()).message());
}

std::optional<std::string> Header(natsMsg* msg, const char* key) {
  const char* value = nullptr;
  if (natsMsgHeader_Get(msg, key, &value) != NATS_OK || value == nullptr) return std::nullopt;
  return std::string(value);
}

template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

template <typename T>
std::optional<T> NumberHeader(natsMsg* msg, const char* key) {
  auto text = Header(msg, key);
  if (!text) return std::nullopt;
  return ParseNumber<T>(*text);
}

// fsync of a file or directory: the copy is on disk, not only in the page cache. False with
// errno set otherwise.
bool Sync(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return false;
  if (::fsync(fd.get()) == 0) return fd.Close();
  const int err = errno;
  fd.Close();
  errno = err;
  return false;
}

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

// A name a fetcher may write under its directory: relative, no empty, "." or ".." component, no
// byte a manifest line cannot hold. (A server could be wrong, or not a leadgate node at all.)
bool SafeRelativeName(std::string_view name) {
  if (name.empty() || name.size() > 4096 || name.front() == '/') return false;
  if (name.find_first_of(std::string_view("\0\n\r", 3)) != std::string_view::npos) return false;
  size_t start = 0;
  while (true) {
    const size_t end = std::min(name.find('/', start), name.size());
    const std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (end == name.size()) return true;
    start = end + 1;
  }
}

// One file of a copy, as its manifest lists it.
struct FileEntry {
  std::string name;  // relative to the copy's directory, '/'-separated
  uint64_t size = 0;
  std::string sha256;  // 32 bytes
};

// A manifest line: "<size> <sha256 hex> <name>\n".
std::string ManifestLine(const FileEntry& file) {
  return std::to_string(file.size) + " " + core::ToHex(file.sha256) + " " + file.name + "\n";
}

std::optional<FileEntry> ParseManifestLine(std::string_view line) {
  const size_t first = line.find(' ');
  if (first == std::string_view::npos) return std::nullopt;
  const size_t second = line.find(' ', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto size = ParseNumber<uint64_t>(line.substr(0, first));
  auto digest = core::FromHex(line.substr(first + 1, second - first - 1));
  if (!size || !digest || digest->size() != 32) return std::nullopt;
  FileEntry file{std::string(line.substr(second + 1)), *size, std::move(*digest)};
  if (!SafeRelativeName(file.name)) return std::nullopt;
  return file;
}

// The manifest of a copy just made: every file's name, size and digest, by name. Only regular
// files and directories may be in it (a symlink could point anywhere).
core::Result<std::vector<FileEntry>> Inventory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir, ec))) return core::Status::Internal("the copy made no directory");
  std::vector<FileEntry> files;
  std::string buffer(size_t{1} << 20, '\0');
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::file_status status = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(status)) continue;
    const std::string name = it->path().lexically_relative(dir).generic_string();
    if (!fs::is_regular_file(status)) {
      return core::Status::Internal("the copy holds " + name + ", which is neither a file nor a directory");
    }
    if (!SafeRelativeName(name)) return core::Status::Internal("the copy holds a file whose name cannot be sent");
    Fd fd(::open(it->path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) return FsError("cannot read " + it->path().string(), errno);
    core::Sha256Stream hash;
    FileEntry file{name, 0, {}};
    while (true) {
      const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return FsError("cannot read " + it->path().string(), errno);
      if (n == 0) break;
      hash.Update(std::string_view(buffer.data(), static_cast<size_t>(n)));
      file.size += static_cast<uint64_t>(n);
    }
    file.sha256 = hash.Digest();
    files.push_back(std::move(file));
  }
  if (ec) return core::Status::Internal("cannot list the copy: " + ec.message());
  std::sort(files.begin(), files.end(), [](const FileEntry& a, const FileEntry& b) { return a.name < b.name; });
  return files;
}

// Creates `dir` 0700 (whatever the umask); false with errno set otherwise.
bool MakeOwnerOnlyDirectory(const fs::path& dir) {
  return ::mkdir(dir.c_str(), 0700) == 0 && ::chmod(dir.c_str(), 0700) == 0;
}

class NatsCheckpointExchange final : public CheckpointExchange {
 public:
  explicit NatsCheckpointExchange(NatsCheckpointOptions options)
      : options_(std::move(options)),
        self_(std::to_string(options_.node)),
        offer_subject_(options_.prefix + ".checkpoint.offer") {}

  ~NatsCheckpointExchange() override { StopServing(); }

  core::Status Connect() {
    natsOptions* raw_options = nullptr;
    if (natsOptions_Create(&raw_options) != NATS_OK) return core::Status::Internal("cannot create NATS options");
    std::unique_ptr<natsOptions, OptionsDeleter> opts(raw_options);
    std::vector<const char*> urls;
    for (const auto& url : options_.urls) urls.push_back(url.c_str());
    natsOptions_SetServers(opts.get(), urls.data(), static_cast<int>(urls.size()));
    // A server that goes away is replaced by another of the cluster's, for as long as it takes.
    natsOptions_SetMaxReconnect(opts.get(), -1);
    natsOptions_SetReconnectWait(opts.get(), 100);
    natsOptions_SetTimeout(opts.get(), 2000);

    const auto deadline = Clock::now() + options_.connect_wait;
    while (true) {
      natsConnection* nc = nullptr;
      const natsStatus s = natsConnection_Connect(&nc, opts.get());
      if (s == NATS_OK) {
        connection_.reset(nc);
        return core::Status::Ok();
      }
      if (Clock::now() >= deadline) {
        return core::Status(core::ErrorKind::kUnavailable, "checkpoint_unavailable",
                            "The checkpoint exchange has no NATS server that answers: " + Describe(s));
      }
      std::this_thread::sleep_for(kRetryPause);
    }
  }

  core::Status Serve(MakeCopy make, const std::string& scratch_dir) override {
    std::lock_guard serve_lock(serve_mu_);
    if (serving_) return core::Status::Conflict("checkpoint_serving", "This node serves copies already.");
    if (!make) return core::Status::Internal("Serve needs a way to make a copy");
    LG_RETURN_IF_ERROR(PrepareScratch(scratch_dir));
    make_ = std::move(make);
    scratch_ = scratch_dir;
    stopping_ = false;
    const std::string node_prefix = options_.prefix + ".checkpoint." + self_ + ".";
    const std::pair<std::string, void (NatsCheckpointExchange::*)(natsMsg*)> subjects[] = {
        {offer_subject_, &NatsCheckpointExchange::OnOffer},
        {node_prefix + "open", &NatsCheckpointExchange::OnOpen},
        {node_prefix + "manifest", &NatsCheckpointExchange::OnManifest},
        {node_prefix + "read", &NatsCheckpointExchange::OnRead},
        {node_prefix + "done", &NatsCheckpointExchange::OnDone},
    };
    // One subscription each, so each has its own delivery thread: offers and opens are answered
    // while reads are served. (Copies are made on threads of their own: see OnOpen.)
    for (const auto& [subject, method] : subjects) {
      auto handler = std::make_unique<Handler>();
      handler->self = this;
      handler->method = method;
      natsSubscription* sub = nullptr;
      natsStatus s =
          natsConnection_Subscribe(&sub, connection_.get(), subject.c_str(), &Handler::OnMessage, handler.get());
      if (s == NATS_OK) {
        handler->sub = sub;
        s = natsSubscription_SetOnCompleteCB(sub, &Handler::OnComplete, handler.get());
      }
      if (s != NATS_OK) {
        // (SetOnCompleteCB fails only for a subscription closed already: no callback comes.)
        if (sub != nullptr) {
          natsSubscription_Unsubscribe(sub);
          natsSubscription_Destroy(sub);
        }
        CloseSubscriptions();
        make_ = nullptr;
        return core::Status(core::ErrorKind::kUnavailable, "checkpoint_unavailable",
                            "The checkpoint exchange cannot subscribe to " + subject + ": " + Describe(s));
      }
      handlers_.push_back(std::move(handler));
    }
    // The server knows of the subscriptions when Serve returns (when connected; else they are
    // sent on reconnecting).
    natsConnection_FlushTimeout(connection_.get(), kRequestWaitMs);
    {
      std::lock_guard lock(mu_);
      sweeper_stop_ = false;
    }
    sweeper_ = std::thread([this] { Sweep(); });
    serving_ = true;
    return core::Status::Ok();
  }

  void StopServing() override {
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

  core::Result<FetchedCheckpoint> Fetch(const std::string& dir, std::chrono::milliseconds wait) override {
    fs::path target(dir);
    if (!target.has_filename()) target = target.parent_path();  // "a/b/" is "a/b"
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(target, ec);
    if (status.type() != fs::file_type::not_found) {
      if (ec) return core::Status::Internal("cannot look at " + dir + ": " + ec.message());
      return core::Status::Conflict("checkpoint_dir_exists",
                                    dir + " exists already; a copy is fetched into a new one.");
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

 private:
  // One copy held for a fetcher. Guarded by mu_ but for `id` and `dir`, which never change.
  struct Copy {
    std::string id;
    fs::path dir;
    bool making = true;
    bool abandoned = false;  // the fetcher said done while it was being made
    core::Status failure;    // why it could not be made (told the fetcher, then forgotten)
    std::vector<FileEntry> files;
    Clock::time_point last_used;
  };

  // A thread making a copy; joined by the sweeper once done, or by StopServing.
  struct Maker {
    std::thread thread;
    bool done = false;  // guarded by mu_
  };

  // What a subscription calls: a member of this exchange. `closed` is set once the subscription
  // is closed and its last callback has returned (only then may the exchange go).
  struct Handler {
    NatsCheckpointExchange* self = nullptr;
    void (NatsCheckpointExchange::*method)(natsMsg*) = nullptr;
    natsSubscription* sub = nullptr;
    std::mutex mu;
    std::condition_variable cv;
    bool closed = false;

    static void OnMessage(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
      auto* handler = static_cast<Handler*>(closure);
      MsgPtr owned(msg);
      try {
        (handler->self->*handler->method)(owned.get());
      } catch (...) {
        // An exception must not cross into the NATS library; the asker's request times out.
      }
    }
    static void OnComplete(void* closure) {
      auto* handler = static_cast<Handler*>(closure);
      std::lock_guard lock(handler->mu);
      handler->closed = true;
      handler->cv.notify_all();
    }
  };

  // ---- serving ----

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

  void CloseSubscriptions() {
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

  static void RemoveCopyDir(const Copy& copy) {
    std::error_code ec;
    fs::remove_all(copy.dir, ec);
  }

  void Reply(natsMsg* request, const Headers& headers, std::string_view body = {}) {
    const char* reply = natsMsg_GetReply(request);
    if (reply == nullptr || *reply == '\0') return;
    natsMsg* raw = nullptr;
    if (natsMsg_Create(&raw, reply, nullptr, body.data(), static_cast<int>(body.size())) != NATS_OK) return;
    MsgPtr out(raw);
    for (const auto& [key, value] : headers) natsMsgHeader_Set(out.get(), key, value.c_str());
    // Not checked: an answer that does not arrive is a request that times out and is tried again.
    natsConnection_PublishMsg(connection_.get(), out.get());
  }

  void ReplyError(natsMsg* request, const std::string& detail) { Reply(request, {{kFailed, "1"}}, detail); }

  // The copy a request names, with its last use now; null (and the asker told why) when there is
  // none. Called under mu_.
  std::shared_ptr<Copy> FindCopy(natsMsg* request, const std::optional<std::string>& id) {
    auto it = id ? copies_.find(*id) : copies_.end();
    if (it == copies_.end()) {
      ReplyError(request, "node " + self_ + " holds no such copy (removed when idle, or when it stopped serving)");
      return nullptr;
    }
    it->second->last_used = Clock::now();
    return it->second;
  }

  void OnOffer(natsMsg* msg) {
    if (stopping_) return;
    // Never to itself: a node that needs a copy has no good one.
    if (NumberHeader<uint32_t>(msg, kNode) == options_.node) return;
    Reply(msg, {{kNode, self_}});
  }

  void OnOpen(natsMsg* msg) {
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

  void MakeFor(const std::shared_ptr<Copy>& copy, Maker& maker) {
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

  void OnManifest(natsMsg* msg) {
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

  void OnRead(natsMsg* msg) {
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
    const int64_t max_payload = natsConnection_GetMaxPayload(connection_.get());
    auto n = static_cast<size_t>(std::min<uint64_t>({*length, kChunk, size - *offset}));
    if (max_payload > static_cast<int64_t>(2 * kHeaderRoom)) {
      n = std::min(n, static_cast<size_t>(max_payload) - kHeaderRoom);
    }
    std::string data(n, '\0');
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    size_t got = 0;
    while (fd.get() >= 0 && got < n) {
      const ssize_t r = ::pread(fd.get(), data.data() + got, n - got, static_cast<off_t>(*offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      got += static_cast<size_t>(r);
    }
    if (got < n) return ReplyError(msg, "node " + self_ + " cannot read its copy");
    Reply(msg, {}, data);
  }

  void OnDone(natsMsg* msg) {
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

  // Removes copies whose fetcher went quiet, and joins makers that are done.
  void Sweep() {
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

  // ---- fetching ----

  std::string NodeSubject(uint32_t node, const char* what) const {
    return options_.prefix + ".checkpoint." + std::to_string(node) + "." + what;
  }

  // The first other node that answers an offer, asked again every kOfferInterval until `wait`.
  core::Result<uint32_t> FindSource(std::chrono::milliseconds wait) {
    const auto deadline = Clock::now() + wait;
    natsInbox* raw_inbox = nullptr;
    if (natsInbox_Create(&raw_inbox) != NATS_OK) return core::Status::Internal("cannot create a NATS inbox");
    std::unique_ptr<natsInbox, InboxDeleter> inbox(raw_inbox);
    natsSubscription* raw_sub = nullptr;
    natsStatus s = natsConnection_SubscribeSync(&raw_sub, connection_.get(), inbox.get());
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
          natsConnection_PublishMsg(connection_.get(), offer.get());  // not checked: asked again soon
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

  // One request to `node`, tried up to kTries times while it times out or finds no responder;
  // an error answer fails at once, with the server's reason.
  core::Result<MsgPtr> Ask(uint32_t node, const char* what, const Headers& headers) {
    const std::string subject = NodeSubject(node, what);
    natsStatus s = NATS_OK;
    for (int attempt = 0; attempt < kTries; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(kRetryPause);
      natsMsg* raw = nullptr;
      s = natsMsg_Create(&raw, subject.c_str(), nullptr, nullptr, 0);
      if (s != NATS_OK) break;
      MsgPtr request(raw);
      for (const auto& [key, value] : headers) natsMsgHeader_Set(request.get(), key, value.c_str());
      natsMsg* raw_answer = nullptr;
      s = natsConnection_RequestMsg(&raw_answer, connection_.get(), request.get(), kRequestWaitMs);
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

  // The copy's manifest, once the source has made it.
  core::Result<std::vector<FileEntry>> FetchManifest(uint32_t source, const std::string& id) {
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

  // One file of the copy, read piece by piece into `path` (created 0600), checked and fsynced.
  core::Status FetchFile(uint32_t source, const std::string& id, size_t index, const FileEntry& file,
                         const fs::path& path) {
    Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0 || ::fchmod(fd.get(), 0600) != 0) return FsError("cannot create " + path.string(), errno);
    const int64_t max_payload = natsConnection_GetMaxPayload(connection_.get());
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
      for (size_t written = 0; written < bytes.size();) {
        const ssize_t w = ::write(fd.get(), bytes.data() + written, bytes.size() - written);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return FsError("cannot write " + path.string(), errno);
        written += static_cast<size_t>(w);
      }
      hash.Update(bytes);
      offset += bytes.size();
    }
    if (hash.Digest() != file.sha256) return Failed(file.name + " does not match its SHA-256 in the manifest");
    if (::fsync(fd.get()) != 0) return FsError("cannot sync " + path.string(), errno);
    if (!fd.Close()) return FsError("cannot write " + path.string(), errno);
    return core::Status::Ok();
  }

  // The whole copy from `source` into `staging`; `copy_id` is set once the source holds a copy.
  core::Result<FetchedCheckpoint> FetchFrom(uint32_t source, const fs::path& staging, std::string& copy_id) {
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

  // Best effort: a source that does not hear it removes the copy after its idle time.
  void SayDone(uint32_t source, const std::string& id) {
    natsMsg* raw = nullptr;
    if (natsMsg_Create(&raw, NodeSubject(source, "done").c_str(), nullptr, nullptr, 0) != NATS_OK) return;
    MsgPtr request(raw);
    natsMsgHeader_Set(request.get(), kCopy, id.c_str());
    natsMsg* answer = nullptr;
    if (natsConnection_RequestMsg(&answer, connection_.get(), request.get(), kRequestWaitMs) == NATS_OK) {
      natsMsg_Destroy(answer);
    }
  }

  const NatsCheckpointOptions options_;
  const std::string self_;  // options_.node as sent
  const std::string offer_subject_;
  std::unique_ptr<natsConnection, ConnectionDeleter> connection_;  // first in, last out

  std::mutex serve_mu_;  // Serve and StopServing, one at a time
  bool serving_ = false;
  std::atomic<bool> stopping_{false};
  MakeCopy make_;
  std::string scratch_;
  std::vector<std::unique_ptr<Handler>> handlers_;
  std::thread sweeper_;

  std::mutex mu_;  // what follows
  std::map<std::string, std::shared_ptr<Copy>> copies_;
  std::list<Maker> makers_;
  bool sweeper_stop_ = false;
  std::condition_variable sweeper_cv_;
};

}  // namespace

core::Result<std::unique_ptr<CheckpointExchange>> OpenNatsCheckpointExchange(const NatsCheckpointOptions& options) {
  auto exchange = std::make_unique<NatsCheckpointExchange>(options);
  LG_RETURN_IF_ERROR(exchange->Connect());
  return std::unique_ptr<CheckpointExchange>(std::move(exchange));
}

}  // namespace lg::replog

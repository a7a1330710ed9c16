#include "replog/nats_log.h"

#include <nats/nats.h>

#include <mutex>
#include <thread>

#include "replog/nats_util.h"

namespace lg::replog {
namespace {

using Clock = std::chrono::steady_clock;

// (The client's core objects have theirs in nats_util.h; JetStream's are this file's alone.)
struct JsDeleter {
  void operator()(jsCtx* js) const { jsCtx_Destroy(js); }
};
struct StreamInfoDeleter {
  void operator()(jsStreamInfo* si) const { jsStreamInfo_Destroy(si); }
};
struct PubAckDeleter {
  void operator()(jsPubAck* ack) const { jsPubAck_Destroy(ack); }
};

// Between tries while the cluster has no leader (an election takes a few seconds).
constexpr auto kRetryPause = std::chrono::milliseconds(50);
// A reader that got nothing for this long asks the stream whether it holds more.
constexpr auto kStallCheck = std::chrono::seconds(1);
constexpr auto kNoError = static_cast<jsErrCode>(0);
// How long one JetStream request waits for its answer.
constexpr int64_t kRequestWaitMs = 2000;

std::string Describe(natsStatus s, jsErrCode code = kNoError) {
  std::string text = natsStatus_GetText(s);
  if (code != 0) text += " (JetStream error " + std::to_string(static_cast<int>(code)) + ")";
  return text;
}

core::Status Unavailable(const std::string& what) {
  return core::Status(core::ErrorKind::kUnavailable, "log_unavailable", "The replicated log " + what);
}

// Failures a retry can outlast: no leader yet, a server gone, a request lost in an election.
bool Transient(natsStatus s) {
  return s == NATS_TIMEOUT || s == NATS_NO_RESPONDERS || s == NATS_CONNECTION_DISCONNECTED ||
         s == NATS_CONNECTION_CLOSED || s == NATS_STALE_CONNECTION || s == NATS_ERR;
}

class NatsLog final : public ReplicatedLog {
 public:
  NatsLog(NatsLogOptions options) : options_(std::move(options)), subject_(options_.stream + ".commands") {}

  core::Status Connect() {
    LG_ASSIGN_OR_RETURN(const OptionsPtr opts, ClusterOptions(options_.urls));
    const auto deadline = Clock::now() + options_.connect_wait;
    natsStatus s = NATS_OK;
    while (true) {
      natsConnection* nc = nullptr;
      s = natsConnection_Connect(&nc, opts.get());
      if (s == NATS_OK) {
        connection_.reset(nc);
        break;
      }
      if (Clock::now() >= deadline) return Unavailable("has no server that answers: " + Describe(s));
      std::this_thread::sleep_for(kRetryPause);
    }
    jsOptions js_options;
    jsOptions_Init(&js_options);
    js_options.Wait = kRequestWaitMs;
    jsCtx* js = nullptr;
    s = natsConnection_JetStream(&js, connection_.get(), &js_options);
    if (s != NATS_OK) return core::Status::Internal("cannot use JetStream: " + Describe(s));
    js_.reset(js);
    return EnsureStream(deadline);
  }

  core::Result<std::vector<Appended>> Append(const std::vector<Record>& records,
                                             std::chrono::milliseconds wait) override {
    const auto deadline = Clock::now() + wait;
    std::vector<Appended> out;
    out.reserve(records.size());
    for (const Record& record : records) {
      jsPubOptions pub;
      jsPubOptions_Init(&pub);
      pub.MsgId = record.id.c_str();
      pub.ExpectStream = options_.stream.c_str();
      while (true) {
        jsPubAck* raw_ack = nullptr;
        jsErrCode code = kNoError;
        natsStatus s = js_Publish(&raw_ack, js_.get(), subject_.c_str(), record.payload.data(),
                                  static_cast<int>(record.payload.size()), &pub, &code);
        std::unique_ptr<jsPubAck, PubAckDeleter> ack(raw_ack);
        if (s == NATS_OK) {
          out.push_back({ack->Sequence, ack->Duplicate});
          break;
        }
        if (!Transient(s) || Clock::now() >= deadline) {
          return Unavailable("did not take an append (" + std::to_string(out.size()) + " of " +
                             std::to_string(records.size()) + " appended): " + Describe(s, code));
        }
        std::this_thread::sleep_for(kRetryPause);
      }
    }
    return out;
  }

  core::Result<std::vector<Entry>> Read(uint64_t from, ReadLimit limit) override {
    std::lock_guard lock(read_mu_);
    if (from == 0) from = 1;
    if (!subscription_ || from != next_) {
      LG_RETURN_IF_ERROR(Subscribe(from));
    }
    std::vector<Entry> out;
    int64_t timeout = std::max<int64_t>(1, limit.wait.count());
    while (out.size() < limit.max) {
      natsMsg* raw = nullptr;
      natsStatus s = natsSubscription_NextMsg(&raw, subscription_.get(), timeout);
      if (s == NATS_TIMEOUT) {
        if (out.empty()) LG_RETURN_IF_ERROR(ResubscribeIfStalled());
        break;
      }
      if (s != NATS_OK) {
        subscription_.reset();
        return Unavailable("could not be read: " + Describe(s));
      }
      MsgPtr msg(raw);
      jsMsgMetaData* meta = nullptr;
      if (natsMsg_GetMetaData(&meta, msg.get()) != NATS_OK) continue;  // a control message
      const uint64_t position = meta->Sequence.Stream;
      jsMsgMetaData_Destroy(meta);
      if (position != next_) {
        // The stream no longer holds what lies between: this reader must catch up otherwise.
        subscription_.reset();
        return core::Status::Conflict("log_truncated", "The replicated log no longer holds position " +
                                                           std::to_string(next_) + " (it starts at " +
                                                           std::to_string(position) + ").");
      }
      Entry entry;
      entry.position = position;
      const char* id = nullptr;
      if (natsMsgHeader_Get(msg.get(), "Nats-Msg-Id", &id) == NATS_OK && id) entry.id = id;
      entry.payload.assign(natsMsg_GetData(msg.get()), static_cast<size_t>(natsMsg_GetDataLength(msg.get())));
      out.push_back(std::move(entry));
      ++next_;
      last_delivery_ = Clock::now();
      // After the first entry, only what has already arrived.
      timeout = 1;
      int pending = 0;
      if (natsSubscription_GetPending(subscription_.get(), &pending, nullptr) != NATS_OK || pending == 0) break;
    }
    return out;
  }

  size_t MaxRecordBytes() const override {
    const int64_t max = natsConnection_GetMaxPayload(connection_.get());
    return max > 0 ? static_cast<size_t>(max) : size_t{1} << 20;  // nats-server's default
  }

  core::Result<LogStatus> Status() override {
    jsStreamInfo* raw = nullptr;
    jsErrCode code = kNoError;
    natsStatus s = js_GetStreamInfo(&raw, js_.get(), options_.stream.c_str(), nullptr, &code);
    if (s != NATS_OK) return Unavailable("did not answer for its status: " + Describe(s, code));
    std::unique_ptr<jsStreamInfo, StreamInfoDeleter> info(raw);
    LogStatus out;
    out.name = options_.stream;
    out.first_position = info->State.FirstSeq;
    out.last_position = info->State.LastSeq;
    if (info->Cluster) {
      if (info->Cluster->Leader) out.leader = info->Cluster->Leader;
      for (int i = 0; i < info->Cluster->ReplicasLen; ++i) {
        const jsPeerInfo* peer = info->Cluster->Replicas[i];
        out.replicas.push_back(std::string(peer->Name) + (peer->Current ? " (current)" : " (lagging)"));
      }
    }
    return out;
  }

 private:
  core::Status EnsureStream(Clock::time_point deadline) {
    while (true) {
      jsStreamInfo* raw = nullptr;
      jsErrCode code = kNoError;
      natsStatus s = js_GetStreamInfo(&raw, js_.get(), options_.stream.c_str(), nullptr, &code);
      if (s == NATS_OK) {
        core::Status aged = KeepMaxAge(raw);
        jsStreamInfo_Destroy(raw);
        if (aged.ok() || Clock::now() >= deadline) return aged;
        std::this_thread::sleep_for(kRetryPause);
        continue;
      }
      jsStreamInfo_Destroy(raw);
      if (s == NATS_NOT_FOUND || code == JSStreamNotFoundErr) {
        jsStreamConfig config;
        jsStreamConfig_Init(&config);
        config.Name = options_.stream.c_str();
        const char* subjects[] = {subject_.c_str()};
        config.Subjects = subjects;
        config.SubjectsLen = 1;
        config.Storage = js_FileStorage;
        config.Replicas = options_.replicas;
        if (options_.max_entries > 0) config.MaxMsgs = options_.max_entries;
        config.MaxAge = MaxAgeNanos();
        config.Duplicates = DuplicatesNanos();
        // Entries are never removed one by one: the log is the history every node replays.
        config.DenyDelete = true;
        raw = nullptr;
        s = js_AddStream(&raw, js_.get(), &config, nullptr, &code);
        jsStreamInfo_Destroy(raw);
        // Another node may have created it meanwhile.
        if (s == NATS_OK || code == JSStreamNameExistErr) return core::Status::Ok();
      }
      if (Clock::now() >= deadline) return Unavailable("stream cannot be found or created: " + Describe(s, code));
      std::this_thread::sleep_for(kRetryPause);
    }
  }

  int64_t MaxAgeNanos() const { return std::chrono::duration_cast<std::chrono::nanoseconds>(options_.max_age).count(); }
  // JetStream refuses a duplicate window longer than the stream keeps entries.
  int64_t DuplicatesNanos() const {
    int64_t window = std::chrono::duration_cast<std::chrono::nanoseconds>(options_.duplicate_window).count();
    return MaxAgeNanos() > 0 ? std::min(window, MaxAgeNanos()) : window;
  }

  // Sets the existing stream's MaxAge to the configured one when it differs (its other settings
  // kept as they are).
  core::Status KeepMaxAge(jsStreamInfo* info) {
    if (!info || !info->Config || info->Config->MaxAge == MaxAgeNanos()) return core::Status::Ok();
    info->Config->MaxAge = MaxAgeNanos();
    info->Config->Duplicates = DuplicatesNanos();
    jsStreamInfo* updated = nullptr;
    jsErrCode code = kNoError;
    natsStatus s = js_UpdateStream(&updated, js_.get(), info->Config, nullptr, &code);
    jsStreamInfo_Destroy(updated);
    if (s != NATS_OK) return Unavailable("stream's max age cannot be set: " + Describe(s, code));
    return core::Status::Ok();
  }

  // An ordered consumer whose server went away (a leader killed) may stay silent although the
  // stream goes on: when nothing came for a while but the stream holds more, follow it anew.
  core::Status ResubscribeIfStalled() {
    if (Clock::now() - last_delivery_ < kStallCheck) return core::Status::Ok();
    last_delivery_ = Clock::now();
    auto status = Status();
    if (!status.has_value() || status->last_position < next_) return core::Status::Ok();
    return Subscribe(next_);
  }

  core::Status Subscribe(uint64_t from) {
    subscription_.reset();
    last_delivery_ = Clock::now();
    jsSubOptions sub_options;
    jsSubOptions_Init(&sub_options);
    sub_options.Stream = options_.stream.c_str();
    sub_options.Ordered = true;
    sub_options.Config.DeliverPolicy = js_DeliverByStartSequence;
    sub_options.Config.OptStartSeq = from;
    natsSubscription* raw = nullptr;
    jsErrCode code = kNoError;
    natsStatus s = js_SubscribeSync(&raw, js_.get(), subject_.c_str(), nullptr, &sub_options, &code);
    if (s != NATS_OK) return Unavailable("cannot be followed: " + Describe(s, code));
    subscription_.reset(raw);
    next_ = from;
    return core::Status::Ok();
  }

  NatsLogOptions options_;
  std::string subject_;
  std::unique_ptr<natsConnection, ConnectionDeleter> connection_;
  std::unique_ptr<jsCtx, JsDeleter> js_;
  std::mutex read_mu_;  // one reader at a time: it owns the subscription and its position
  std::unique_ptr<natsSubscription, SubscriptionDeleter> subscription_;
  uint64_t next_ = 0;
  Clock::time_point last_delivery_;  // of the last entry, or of the last look at a silent stream
};

}  // namespace

core::Result<std::unique_ptr<ReplicatedLog>> OpenNatsLog(const NatsLogOptions& options) {
  auto log = std::make_unique<NatsLog>(options);
  LG_RETURN_IF_ERROR(log->Connect());
  return std::unique_ptr<ReplicatedLog>(std::move(log));
}

}  // namespace lg::replog

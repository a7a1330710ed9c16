#pragma once
// The serving side of the NATS checkpoint exchange (replog/nats_checkpoint_exchange.h): answers
// offers, makes a copy for each fetcher on a thread of its own, tells its manifest and serves its
// files, and removes it when the fetcher is done or has gone quiet. Internal to replog; the
// exchange owns the connection it answers on.

#include <nats/nats.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/status.h"
#include "replog/checkpoint_exchange.h"
#include "replog/copy_files.h"
#include "replog/nats_checkpoint_exchange.h"
#include "replog/nats_checkpoint_protocol.h"

namespace lg::replog {

class NatsCheckpointServer {
 public:
  // `connection` must outlive the server.
  NatsCheckpointServer(natsConnection* connection, NatsCheckpointOptions options);
  ~NatsCheckpointServer();  // stops serving
  NatsCheckpointServer(const NatsCheckpointServer&) = delete;
  NatsCheckpointServer& operator=(const NatsCheckpointServer&) = delete;

  // As CheckpointExchange::Serve and StopServing.
  core::Status Serve(CheckpointExchange::MakeCopy make, const std::string& scratch_dir);
  void StopServing();

 private:
  // One copy held for a fetcher. Guarded by mu_ but for `id` and `dir`, which never change.
  struct Copy {
    std::string id;
    std::filesystem::path dir;
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

  // What a subscription calls: a member of this server. `closed` is set once the subscription is
  // closed and its last callback has returned (only then may the server go).
  struct Handler {
    NatsCheckpointServer* self = nullptr;
    void (NatsCheckpointServer::*method)(natsMsg*) = nullptr;
    natsSubscription* sub = nullptr;
    std::mutex mu;
    std::condition_variable cv;
    bool closed = false;

    static void OnMessage(natsConnection*, natsSubscription*, natsMsg* msg, void* closure);
    static void OnComplete(void* closure);
  };

  void CloseSubscriptions();
  static void RemoveCopyDir(const Copy& copy);

  void Reply(natsMsg* request, const Headers& headers, std::string_view body = {});
  void ReplyError(natsMsg* request, const std::string& detail);
  // The copy a request names, with its last use now; null (and the asker told why) when there is
  // none. Called under mu_.
  std::shared_ptr<Copy> FindCopy(natsMsg* request, const std::optional<std::string>& id);

  void OnOffer(natsMsg* msg);
  void OnOpen(natsMsg* msg);
  void MakeFor(const std::shared_ptr<Copy>& copy, Maker& maker);
  void OnManifest(natsMsg* msg);
  void OnRead(natsMsg* msg);
  void OnDone(natsMsg* msg);
  // Removes copies whose fetcher went quiet, and joins makers that are done.
  void Sweep();

  natsConnection* const connection_;
  const NatsCheckpointOptions options_;
  const std::string self_;  // options_.node as sent

  std::mutex serve_mu_;  // Serve and StopServing, one at a time
  bool serving_ = false;
  std::atomic<bool> stopping_{false};
  CheckpointExchange::MakeCopy make_;
  std::string scratch_;
  std::vector<std::unique_ptr<Handler>> handlers_;
  std::thread sweeper_;

  std::mutex mu_;  // what follows
  std::map<std::string, std::shared_ptr<Copy>> copies_;
  std::list<Maker> makers_;
  bool sweeper_stop_ = false;
  std::condition_variable sweeper_cv_;
};

}  // namespace lg::replog

#pragma once
// The fetching side of the NATS checkpoint exchange (replog/nats_checkpoint_exchange.h): finds a
// node that serves, has it make a copy, reads its manifest and its files into a staging directory
// beside the target (each file checked against the manifest), and renames that into place. Every
// request is asked again while it goes unanswered, a few times. Internal to replog; the exchange
// owns the connection it asks on.

#include <nats/nats.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"
#include "replog/checkpoint_exchange.h"
#include "replog/copy_files.h"
#include "replog/nats_checkpoint_exchange.h"
#include "replog/nats_checkpoint_protocol.h"
#include "replog/nats_util.h"

namespace lg::replog {

class NatsCheckpointFetcher {
 public:
  // `connection` must outlive the fetcher.
  NatsCheckpointFetcher(natsConnection* connection, NatsCheckpointOptions options);

  // As CheckpointExchange::Fetch.
  core::Result<FetchedCheckpoint> Fetch(const std::string& dir, std::chrono::milliseconds wait);

 private:
  // The first other node that answers an offer, asked again every kOfferInterval until `wait`.
  core::Result<uint32_t> FindSource(std::chrono::milliseconds wait);
  // One request to `node`, tried up to kTries times while it times out or finds no responder;
  // an error answer fails at once, with the server's reason.
  core::Result<MsgPtr> Ask(uint32_t node, const char* what, const Headers& headers);
  // The copy's manifest, once the source has made it.
  core::Result<std::vector<FileEntry>> FetchManifest(uint32_t source, const std::string& id);
  // One file of the copy, read piece by piece into `path` (created 0600), checked and fsynced.
  core::Status FetchFile(uint32_t source, const std::string& id, size_t index, const FileEntry& file,
                         const std::filesystem::path& path);
  // The whole copy from `source` into `staging`; `copy_id` is set once the source holds a copy.
  core::Result<FetchedCheckpoint> FetchFrom(uint32_t source, const std::filesystem::path& staging,
                                            std::string& copy_id);
  // Best effort: a source that does not hear it removes the copy after its idle time.
  void SayDone(uint32_t source, const std::string& id);

  natsConnection* const connection_;
  const NatsCheckpointOptions options_;
  const std::string self_;  // options_.node as sent
  const std::string offer_subject_;
};

}  // namespace lg::replog

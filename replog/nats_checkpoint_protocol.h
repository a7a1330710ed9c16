#pragma once
// What the two sides of the NATS checkpoint exchange agree on (replog/nats_checkpoint_server.h
// answers, replog/nats_checkpoint_fetcher.h asks): the subjects of replog/nats_checkpoint_exchange.h,
// the headers of requests and answers, and the sizes and waits both sides build on. Kept in one
// place so that the two cannot drift apart. Internal to replog.

#include <nats/nats.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "replog/copy_files.h"

namespace lg::replog {

using Clock = std::chrono::steady_clock;

// Between tries of something that found no server or no responder (a server restarting, a
// reconnect).
constexpr auto kRetryPause = std::chrono::milliseconds(100);
// How long one request waits for its answer (and Serve for its subscriptions to be known).
constexpr int64_t kRequestWaitMs = 2000;
// The most data in one answer: well under nats-server's max_payload (1 MiB by default), so a
// lost answer costs little and other fetchers' reads interleave.
constexpr size_t kChunk = size_t{256} << 10;

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

// Every node's offers go to one subject; the other steps to the serving node's own.
inline std::string OfferSubject(const std::string& prefix) { return prefix + ".checkpoint.offer"; }
inline std::string NodeSubject(const std::string& prefix, uint32_t node, const char* what) {
  return prefix + ".checkpoint." + std::to_string(node) + "." + what;
}

inline std::string Describe(natsStatus s) { return natsStatus_GetText(s); }

inline std::optional<std::string> Header(natsMsg* msg, const char* key) {
  const char* value = nullptr;
  if (natsMsgHeader_Get(msg, key, &value) != NATS_OK || value == nullptr) return std::nullopt;
  return std::string(value);
}

template <typename T>
std::optional<T> NumberHeader(natsMsg* msg, const char* key) {
  auto text = Header(msg, key);
  if (!text) return std::nullopt;
  return ParseNumber<T>(*text);
}

}  // namespace lg::replog

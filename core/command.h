#pragma once
// A change as it travels the replicated log in cluster mode: what was asked (`kind` and the ids
// of its path), by whom (the token's id, authorized again where it is applied), with what (the
// request body, byte for byte), and what the node that took the request chose for it (the time
// and the ids it proposes). Every node applies the same commands in the same order and decides
// from them alone, so they all reach the same state. Pure functions.
//
// Encoded as one line of JSON (the header), a newline, and the body's bytes: readable in a
// stream browser, and the body is neither parsed nor escaped on its way.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lg::core {

struct Command {
  std::string kind;                            // e.g. "lead.create"; a node refuses to go past a kind it does not know
  uint32_t origin = 0;                         // the cluster node id that took the request
  uint64_t sequence = 0;                       // that node's outbox sequence: (origin, sequence) names the command
  int64_t proposed_at = 0;                     // Unix ms, the proposing node's clock
  uint64_t first_id = 0;                       // the first id proposed for what the command creates (0: none)
  uint64_t token_id = 0;                       // whose request it is; 0: the server itself
  std::map<std::string, std::string> path;     // the request's path parameters, e.g. campaign_id
  std::map<std::string, std::string> headers;  // the request headers the change depends on
  std::string body;

  // The command's name in the log, the same on every try: "<origin>-<sequence>".
  std::string Id() const;
  bool operator==(const Command&) const = default;
};

std::string EncodeCommand(const Command& command);
// A 500 internal_error naming what is wrong for bytes that are not a command.
Result<Command> DecodeCommand(std::string_view bytes);

// One log entry holds a batch of commands (a node appends what it took meanwhile at once, so the
// log's per-entry cost is shared): a marker line, then each command's encoding after its length.
// A single command's encoding decodes as a batch of one.
std::string EncodeCommandBatch(const std::vector<std::string_view>& encoded_commands);
// The bytes of each command in the batch, in order (views into `bytes`).
Result<std::vector<std::string_view>> SplitCommandBatch(std::string_view bytes);
// The bytes a batch adds around its commands: its marker, and a length line per command.
constexpr size_t kBatchOverhead = 32;
constexpr size_t kBatchOverheadPerCommand = 21;

}  // namespace lg::core

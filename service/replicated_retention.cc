#include "service/replicated_retention.h"

#include <simdjson.h>

#include <algorithm>

#include "core/json_writer.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

constexpr const char* kKind = "leadgate.retention";

std::string EncodeLimits(const RetentionSettings& limits) {
  core::JsonWriter out;
  out.BeginObject()
      .Key("tombstone_retention_ms")
      .Int(limits.tombstone_retention.count())
      .Key("batch")
      .Uint(limits.batch)
      .EndObject();
  return out.Take();
}

// The limits a pass command carries; a body that does not hold them is this code's own bug, and
// stops the applier (it must not skip a pass other nodes ran).
RetentionSettings DecodeLimits(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  int64_t tombstone_ms = 0;
  uint64_t batch = 0;
  if (parser.parse(body).get(doc) || doc["tombstone_retention_ms"].get(tombstone_ms) || doc["batch"].get(batch) ||
      batch == 0) {
    throw std::runtime_error("a retention command without its limits: " + body);
  }
  RetentionSettings limits;
  limits.tombstone_retention = std::chrono::milliseconds(tombstone_ms);
  limits.batch = batch;
  return limits;
}

}  // namespace

ReplicatedRetention::ReplicatedRetention(Retention& retention, LogProposer& proposer, LogApplier& applier,
                                         std::chrono::milliseconds wait)
    : retention_(retention), proposer_(proposer), wait_(wait) {
  applier.Handle(kKind, [&retention](const core::Command& command, store::WriteUnit&) -> std::any {
    return retention.RunOnce(core::NowMillis(), DecodeLimits(command.body));
  });
}

ReplicatedRetention::~ReplicatedRetention() { Stop(); }

void ReplicatedRetention::Start(std::chrono::milliseconds interval) {
  retention_.RunInBackground(interval, [this] { return ProposePass(); });
}

void ReplicatedRetention::Stop() { retention_.StopBackground(); }

core::Result<Retention::Pass> ReplicatedRetention::ProposePass() {
  LG_ASSIGN_OR_RETURN(bool due, retention_.Due(core::NowMillis()));
  if (!due) return Retention::Pass{};
  RetentionSettings limits = retention_.settings();
  limits.batch = std::min(limits.batch, kMaxBatch);
  core::Command command;
  command.kind = kKind;
  command.body = EncodeLimits(limits);
  LG_ASSIGN_OR_RETURN(std::any outcome, proposer_.Propose(std::move(command), wait_));
  if (auto* pass = std::any_cast<core::Result<Retention::Pass>>(&outcome)) return *pass;
  return Retention::Pass{};  // applied before (a republished copy)
}

}  // namespace lg::service

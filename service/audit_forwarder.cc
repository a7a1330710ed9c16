#include "service/audit_forwarder.h"

#include <simdjson.h>

#include "core/json_writer.h"

namespace lg::service {
namespace {

constexpr const char* kKind = "leadgate.audit";
constexpr auto kInterval = std::chrono::milliseconds(200);

std::string Encode(const std::deque<AuditService::Fields>& events) {
  core::JsonWriter out;
  out.BeginArray();
  for (const auto& e : events) {
    out.BeginObject().Key("kind").String(e.kind).Key("actor");
    e.actor ? out.Uint(*e.actor) : out.Null();
    out.Key("client").String(e.client).Key("target").String(e.target).Key("detail").String(e.detail).EndObject();
  }
  out.EndArray();
  return out.Take();
}

// The events of a command's body; what does not parse is skipped (the body is this code's own).
std::vector<AuditService::Fields> Decode(const std::string& body) {
  std::vector<AuditService::Fields> out;
  simdjson::dom::parser parser;
  simdjson::dom::array events;
  if (parser.parse(body).get_array().get(events)) return out;
  for (simdjson::dom::element e : events) {
    AuditService::Fields fields;
    std::string_view text;
    uint64_t actor = 0;
    if (!e["kind"].get(text)) fields.kind = std::string(text);
    if (!e["actor"].get(actor)) fields.actor = actor;
    if (!e["client"].get(text)) fields.client = std::string(text);
    if (!e["target"].get(text)) fields.target = std::string(text);
    if (!e["detail"].get(text)) fields.detail = std::string(text);
    if (!fields.kind.empty()) out.push_back(std::move(fields));
  }
  return out;
}

}  // namespace

AuditForwarder::AuditForwarder(AuditService& audit, LogProposer& proposer, LogApplier& applier,
                               std::chrono::milliseconds wait)
    : audit_(audit),
      proposer_(proposer),
      wait_(wait),
      batches_(kInterval, [this](std::deque<AuditService::Fields>&& events) { Send(events); }) {
  applier.Handle(kKind, [&audit](const core::Command& command, store::WriteUnit&) -> std::any {
    for (const auto& fields : Decode(command.body)) audit.RecordForwarded(fields);
    return {};
  });
  audit_.SetForwarder([this](AuditService::Fields&& fields) {
    return batches_.Add([&](std::deque<AuditService::Fields>& held) {
      if (held.size() >= kMaxHeld) return false;
      held.push_back(std::move(fields));
      return true;
    });
  });
}

AuditForwarder::~AuditForwarder() { audit_.SetForwarder(nullptr); }

void AuditForwarder::Send(const std::deque<AuditService::Fields>& events) {
  core::Command command;
  command.kind = kKind;
  command.body = Encode(events);
  if (proposer_.Propose(std::move(command), wait_).has_value()) return;
  // Not taken in time (it may still be applied later, then recorded twice here): kept here.
  for (const auto& fields : events) audit_.RecordForwarded(fields);
}

}  // namespace lg::service

#include "service/refusal_forwarder.h"

#include <simdjson.h>

#include "core/json_writer.h"

namespace lg::service {
namespace {

constexpr const char* kKind = "leadgate.stats_refused";
constexpr auto kInterval = std::chrono::milliseconds(500);

// [[campaign, token, hour, reason, count], ...]
std::string Encode(const std::vector<RefusalCount>& counts) {
  core::JsonWriter out;
  out.BeginArray();
  for (const RefusalCount& c : counts) {
    out.BeginArray().Uint(c.campaign_id).Uint(c.token_id).Uint(c.hour).String(c.reason).Uint(c.count).EndArray();
  }
  out.EndArray();
  return out.Take();
}

// The counts of a command's body; what does not parse is skipped (the body is this code's own).
std::vector<RefusalCount> Decode(const std::string& body) {
  std::vector<RefusalCount> out;
  simdjson::dom::parser parser;
  simdjson::dom::array rows;
  if (parser.parse(body).get_array().get(rows)) return out;
  for (simdjson::dom::element row : rows) {
    RefusalCount c;
    uint64_t hour = 0;
    std::string_view reason;
    if (row.at(0).get(c.campaign_id) || row.at(1).get(c.token_id) || row.at(2).get(hour) || row.at(3).get(reason) ||
        row.at(4).get(c.count)) {
      continue;
    }
    c.hour = static_cast<uint32_t>(hour);
    c.reason = std::string(reason);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

RefusalForwarder::RefusalForwarder(LeadService& leads, store::Db& db, LogProposer& proposer, LogApplier& applier,
                                   std::chrono::milliseconds wait)
    : leads_(leads), db_(db), proposer_(proposer), wait_(wait), batches_(kInterval, [this](Held&& held) {
        Send(held);
      }) {
  applier.Handle(kKind, [](const core::Command& command, store::WriteUnit& unit) -> std::any {
    LeadStats::AddRefusals(unit, Decode(command.body));
    return {};
  });
  leads_.SetRefusalForwarder([this](const std::vector<RefusalCount>& counts) {
    return batches_.Add([&](Held& held) {
      if (held.size() + counts.size() > kMaxHeld) return false;
      for (const RefusalCount& c : counts) held[{c.campaign_id, c.token_id, c.hour, c.reason}] += c.count;
      return true;
    });
  });
}

RefusalForwarder::~RefusalForwarder() { leads_.SetRefusalForwarder(nullptr); }

void RefusalForwarder::Send(const Held& held) {
  std::vector<RefusalCount> counts;
  counts.reserve(held.size());
  for (const auto& [key, count] : held) {
    counts.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), count});
  }
  core::Command command;
  command.kind = kKind;
  command.body = Encode(counts);
  if (proposer_.Propose(std::move(command), wait_).has_value()) return;
  // Not taken in time (it may still be applied later, then counted twice here): counted here.
  auto unit = std::make_unique<store::WriteUnit>(db_);
  LeadStats::AddRefusals(*unit, counts);
  db_.CommitAsync(std::move(unit), [](const core::Status&) {});
}

}  // namespace lg::service

#include "service/audit_service.h"

#include <charconv>
#include <set>

#include "auth/policy.h"
#include "core/json_writer.h"
#include "core/list_query.h"
#include "core/log.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

core::Status BadParameter(const std::string& name, const std::string& why) {
  return core::Status(core::ErrorKind::kBadRequest, "invalid_parameter", "Query parameter '" + name + "' " + why,
                      {{name, "invalid_parameter", why}});
}

}  // namespace

core::Status AuditService::Load() {
  LG_ASSIGN_OR_RETURN(uint64_t newest, repo_.MaxEventId());
  ids_.Raise(newest);
  return core::Status::Ok();
}

void AuditService::Record(std::string_view kind, const auth::Principal& actor, const std::string& target,
                          const std::string& detail) {
  Write(kind, actor.token_id, actor.client_address, target, detail);
}

void AuditService::RecordAnonymous(std::string_view kind, const std::string& client, const std::string& target,
                                   const std::string& detail) {
  Write(kind, std::nullopt, client, target, detail);
}

void AuditService::Write(std::string_view kind, std::optional<uint64_t> actor, const std::string& client,
                         const std::string& target, const std::string& detail) {
  int64_t now = core::NowMillis();
  uint64_t id = ids_.Next(now);
  std::string actor_text = actor ? std::to_string(*actor) : "";
  core::log::Info(
      "audit",
      {{"kind", kind}, {"actor_token_id", actor_text}, {"client", client}, {"target", target}, {"detail", detail}});
  core::JsonWriter out;
  out.BeginObject().Key("id").Uint(id).Key("at").String(core::FormatTimestamp(now)).Key("kind").String(kind);
  out.Key("actor_token_id");
  actor ? out.Uint(*actor) : out.Null();
  out.Key("client").String(client).Key("target").String(target).Key("detail").String(detail).EndObject();
  if (auto s = repo_.Put(id, out.str()); !s.ok()) {
    core::log::Error("audit_write_failed", {{"kind", kind}, {"detail", s.detail()}});
  }
}

core::Result<AuditPage> AuditService::List(const auth::Principal& principal,
                                           const std::multimap<std::string, std::string>& params) const {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  AuditPage page;
  page.limit = core::kDefaultListLimit;
  std::set<std::string> kinds;
  std::optional<int64_t> after, before;
  std::optional<uint64_t> cursor;
  for (const auto& [name, value] : params) {
    if (params.count(name) > 1) return BadParameter(name, "is given more than once");
    if (name == "kind") {
      size_t pos = 0;
      while (pos <= value.size()) {
        size_t next = value.find(',', pos);
        if (next == std::string::npos) next = value.size();
        kinds.insert(value.substr(pos, next - pos));
        pos = next + 1;
      }
    } else if (name == "after" || name == "before") {
      auto t = core::ParseTimestamp(value);
      if (!t) return BadParameter(name, "must be RFC 3339 or YYYY-MM-DD HH:MM:SS");
      (name == "after" ? after : before) = *t;
    } else if (name == "limit") {
      size_t v = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || end != value.data() + value.size() || v < 1 || v > core::kMaxListLimit) {
        return BadParameter(name, "must be an integer from 1 to 500");
      }
      page.limit = v;
    } else if (name == "cursor") {
      auto c = core::DecodeCursor(value);
      if (!c || c->sort != core::ListSort::kNewestFirst)
        return BadParameter(name, "is not a cursor returned by this API");
      cursor = c->lead_id;
    } else {
      return BadParameter(name, "is not a known parameter");
    }
  }
  // Event ids are time-ordered, so time bounds are id bounds.
  std::optional<uint64_t> below = cursor;
  if (before) {
    uint64_t bound = core::LeadIdGenerator::FirstIdAt(*before);
    below = below ? std::min(*below, bound) : bound;
  }
  uint64_t last = 0;
  LG_RETURN_IF_ERROR(repo_.ScanNewestFirst(below, [&](uint64_t id, std::string_view json) {
    if (after && core::LeadIdGenerator::MillisOf(id) < *after) return false;
    if (!kinds.empty()) {
      // The kind is a plain member of our own encoding: match it without a full parse.
      size_t at = json.find(R"("kind":")");
      if (at == std::string_view::npos) return true;
      std::string_view rest = json.substr(at + 8);
      if (!kinds.contains(std::string(rest.substr(0, rest.find('"'))))) return true;
    }
    if (page.events_json.size() == page.limit) {
      page.next_cursor = core::EncodeCursor(core::ListCursor{core::ListSort::kNewestFirst, last, 0});
      return false;
    }
    page.events_json.emplace_back(json);
    last = id;
    return true;
  }));
  return page;
}

}  // namespace lg::service

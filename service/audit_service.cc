#include "service/audit_service.h"

#include <charconv>
#include <set>

#include "auth/policy.h"
#include "core/apply_scope.h"
#include "core/json_writer.h"
#include "core/list_query.h"
#include "core/log.h"
#include "core/text_split.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

core::Status BadParameter(const std::string& name, const std::string& why) {
  return core::Status(core::ErrorKind::kMalformed, "invalid_parameter", "Query parameter '" + name + "' " + why,
                      {{name, "invalid_parameter", why}});
}

// `text` cut to at most `max` bytes on a UTF-8 character boundary, marked when cut.
std::string Bounded(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max - 3;  // room for the marker
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "\u2026";
}

constexpr auto kRetentionSweepInterval = std::chrono::minutes(1);

}  // namespace

AuditService::AuditService(store::AuditRepo& repo, std::chrono::milliseconds retention)
    : repo_(repo), retention_(retention), writer_([this] { WriterLoop(); }) {}

AuditService::~AuditService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

core::Status AuditService::Load() {
  LG_ASSIGN_OR_RETURN(uint64_t newest, repo_.MaxEventId());
  ids_.Raise(newest);
  return core::Status::Ok();
}

void AuditService::Record(std::string_view kind, const auth::Principal& actor, const std::string& target,
                          const std::string& detail) {
  Queue(kind, actor.token_id, actor.client_address, target, detail);
}

void AuditService::RecordAnonymous(std::string_view kind, const std::string& client, const std::string& target,
                                   const std::string& detail) {
  Queue(kind, std::nullopt, client, target, detail);
}

void AuditService::RecordForwarded(const Fields& fields) {
  Queue(fields.kind, fields.actor, fields.client, fields.target, fields.detail, /*forward=*/false);
}

void AuditService::Queue(std::string_view kind, std::optional<uint64_t> actor, const std::string& client,
                         const std::string& target, const std::string& detail, bool forward) {
  if (forward && forwarder_ && !core::ApplyScope::Current() &&
      forwarder_(Fields{std::string(kind), actor, Bounded(client, kMaxTextBytes), Bounded(target, kMaxTextBytes),
                        Bounded(detail, kMaxTextBytes)})) {
    return;  // every node records it when it comes through the log
  }
  const int64_t now = core::NowMillis();
  Event event{ids_.Next(now),
              "",
              std::string(kind),
              actor ? std::to_string(*actor) : "",
              Bounded(client, kMaxTextBytes),
              Bounded(target, kMaxTextBytes),
              Bounded(detail, kMaxTextBytes)};
  core::JsonWriter out;
  out.BeginObject().Key("id").Uint(event.id).Key("at").String(core::FormatTimestamp(now)).Key("kind").String(kind);
  out.Key("actor_token_id");
  actor ? out.Uint(*actor) : out.Null();
  out.Key("client").String(event.client).Key("target").String(event.target).Key("detail").String(event.detail);
  out.EndObject();
  event.json = out.Take();
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= kMaxQueued) {
      ++dropped_;
      return;
    }
    queue_.push_back(std::move(event));
  }
  wake_.notify_one();
}

void AuditService::WriterLoop() {
  std::vector<Event> batch;
  auto next_sweep = std::chrono::steady_clock::now();
  uint64_t reported_drops = 0;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait_until(lock, next_sweep, [this] { return stopping_ || !queue_.empty(); });
    const bool stop = stopping_ && queue_.empty();
    batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
    queue_.clear();
    writing_ = true;
    const uint64_t drops = dropped_;
    lock.unlock();
    for (const Event& e : batch) {
      core::log::Info("audit", {{"kind", e.kind},
                                {"actor_token_id", e.actor},
                                {"client", e.client},
                                {"target", e.target},
                                {"detail", e.detail}});
    }
    if (!batch.empty()) {
      std::vector<std::pair<uint64_t, std::string>> events;
      events.reserve(batch.size());
      for (Event& e : batch) events.emplace_back(e.id, std::move(e.json));
      if (auto s = repo_.PutAll(events); !s.ok()) {
        core::log::Error("audit_write_failed", {{"events", std::to_string(batch.size())}, {"detail", s.detail()}});
      }
    }
    if (drops != reported_drops) {
      core::log::Warn("audit_events_dropped", {{"count", std::to_string(drops - reported_drops)}});
      reported_drops = drops;
    }
    if (std::chrono::steady_clock::now() >= next_sweep) {
      if (auto s = DeleteExpired(); !s.ok()) core::log::Warn("audit_retention_failed", {{"detail", s.detail()}});
      next_sweep = std::chrono::steady_clock::now() + kRetentionSweepInterval;
    }
    batch.clear();
    lock.lock();
    writing_ = false;
    idle_.notify_all();
    if (stop) return;
  }
}

void AuditService::Flush() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [this] { return queue_.empty() && !writing_; });
}

uint64_t AuditService::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

core::Status AuditService::DeleteExpired() {
  return repo_.DeleteBefore(core::LeadIdGenerator::FirstIdAt(core::NowMillis() - retention_.count()));
}

core::Result<AuditPage> AuditService::List(const auth::Principal& principal,
                                           const std::multimap<std::string, std::string>& params) {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  Flush();  // what was recorded before this request is there to read
  AuditPage page;
  page.limit = core::kDefaultListLimit;
  std::set<std::string> kinds;
  std::optional<int64_t> after, before;
  std::optional<uint64_t> cursor;
  for (const auto& [name, value] : params) {
    if (params.count(name) > 1) return BadParameter(name, "is given more than once");
    if (name == "kind") {
      for (std::string_view kind : core::SplitList(value)) kinds.emplace(kind);
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

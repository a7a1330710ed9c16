#include "service/token_service.h"

#include "auth/policy.h"
#include "auth/token_format.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "core/time_util.h"
#include "core/utf8.h"

namespace lg::service {
namespace {

constexpr size_t kDocsIdLength = 24;  // base62: 142 bits
constexpr auto kUsageFlushInterval = std::chrono::seconds(5);

core::Status TokenNotFound() { return core::Status::NotFound("No such token."); }

std::string Target(uint64_t token_id) { return "token " + std::to_string(token_id); }

void ReadName(simdjson::dom::element value, core::FieldErrors& errors, core::TokenRecord& record) {
  if (core::ReadString(value, "name", errors, record.name) &&
      (record.name.empty() || core::CodePointCount(record.name) > 200)) {
    errors.Add("name", "invalid_length", "must be 1 to 200 characters");
  }
}

void ReadExpiry(simdjson::dom::element value, core::FieldErrors& errors, core::TokenRecord& record) {
  if (value.is_null()) {
    record.expires_at.reset();
    return;
  }
  std::string text;
  if (!core::ReadString(value, "expires_at", errors, text)) return;
  auto t = core::ParseTimestamp(text);
  if (!t) {
    errors.Add("expires_at", "invalid_datetime", "must be RFC 3339 (2026-11-28T10:00:00Z) or null");
  } else if (*t <= core::NowMillis()) {
    errors.Add("expires_at", "in_the_past", "must be in the future");
  } else {
    record.expires_at = *t;
  }
}

// {"per_second": n, "burst": n} or null (the configured default).
void ReadRateLimit(simdjson::dom::element value, core::FieldErrors& errors, core::TokenRecord& record) {
  record.rate_per_second.reset();
  record.rate_burst.reset();
  if (value.is_null()) return;
  simdjson::dom::object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) {
    errors.Add("rate_limit", "invalid_type", R"(must be {"per_second": n, "burst": n} or null)");
    return;
  }
  for (auto [key, v] : obj) {
    int64_t n = 0;
    std::string path = "rate_limit." + std::string(key);
    if (key != "per_second" && key != "burst") {
      errors.Add(path, "unknown_attribute", "is not a rate limit attribute");
    } else if (!core::ReadInt(v, path, errors, n)) {
    } else if (n < 1 || n > 1000000) {
      errors.Add(path, "out_of_range", "must be from 1 to 1000000");
    } else {
      (key == "per_second" ? record.rate_per_second : record.rate_burst) = n;
    }
  }
  if (record.rate_per_second.has_value() != record.rate_burst.has_value() && !errors.Has("rate_limit.per_second") &&
      !errors.Has("rate_limit.burst")) {
    errors.Add("rate_limit", "required", "needs both per_second and burst");
  }
}

// can_delete_leads is a grant to a vendor's campaign-scoped read_write token: a read token may
// not delete at all, and account-level read_write and admin tokens may delete without it, so
// setting it there would read as a restriction it is not.
void CheckCanDeleteLeads(const core::TokenRecord& record, bool campaign_scoped, core::FieldErrors& errors) {
  if (!record.can_delete_leads) return;
  if (record.permission == core::Permission::kRead) {
    errors.Add("can_delete_leads", "needs_read_write", "only a read_write token may delete leads");
  } else if (!campaign_scoped) {
    errors.Add("can_delete_leads", "not_campaign_scoped",
               "is for campaign-scoped tokens; account-level read_write and admin tokens may already delete leads");
  }
}

// Reads the POST /v2/tokens body into `record`, reporting every bad member.
core::Status DecodeTokenRequest(std::string_view body, const CampaignService& campaigns, const FilterService& filters,
                                const auth::Principal& principal, core::TokenRecord& record) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(core::ParseJsonObject(parser, body, obj));
  core::FieldErrors errors;
  bool has_name = false, has_permission = false;
  FilterPtr filter;  // looked up once: a filter deleted meanwhile must not be looked up again
  for (auto [key, value] : obj) {
    std::string p(key);
    if (key == "name") {
      has_name = true;
      ReadName(value, errors, record);
    } else if (key == "permission") {
      std::string text;
      if (!core::ReadString(value, p, errors, text)) continue;
      has_permission = true;
      if (auto permission = core::ParsePermission(text)) {
        record.permission = *permission;
      } else {
        errors.Add(p, "invalid_permission", "must be read, read_write or admin");
      }
    } else if (key == "campaign_id") {
      if (value.is_null()) continue;
      uint64_t id = 0;
      if (value.get_uint64().get(id) || id == 0) {
        errors.Add(p, "invalid_type", "must be a positive integer or null");
      } else if (!campaigns.Get(principal, id).has_value()) {
        errors.Add(p, "unknown_campaign", "no campaign has this id");
      } else {
        record.campaign_id = id;
      }
    } else if (key == "filter_id") {
      if (value.is_null()) continue;
      uint64_t id = 0;
      if (value.get_uint64().get(id) || id == 0) {
        errors.Add(p, "invalid_type", "must be a positive integer or null");
      } else if (!(filter = filters.Find(id))) {
        errors.Add(p, "unknown_filter", "no filter has this id");
      } else {
        record.filter_id = id;
      }
    } else if (key == "expires_at") {
      ReadExpiry(value, errors, record);
    } else if (key == "rate_limit") {
      ReadRateLimit(value, errors, record);
    } else if (key == "can_delete_leads") {
      core::ReadBool(value, p, errors, record.can_delete_leads);
    } else {
      errors.Add(p, "unknown_attribute", "is not a token attribute");
    }
  }
  if (!has_name) errors.Add("name", "required", "is required");
  if (!has_permission) errors.Add("permission", "required", "is required");
  if (filter && errors.empty()) {
    // A filter belongs to one campaign; the token is scoped to it (named or implied).
    uint64_t filter_campaign = filter->campaign_id;
    if (record.campaign_id && *record.campaign_id != filter_campaign) {
      errors.Add("filter_id", "filter_campaign_mismatch", "the filter belongs to another campaign");
    }
    record.campaign_id = filter_campaign;
  }
  if (record.permission == core::Permission::kAdmin && record.campaign_id) {
    errors.Add("permission", "admin_is_account_level", "admin tokens cannot be scoped to a campaign or filter");
  }
  // Judged only on a permission and scope that were read well: a mistyped campaign_id is its
  // own error, not also "not campaign-scoped".
  if (has_permission && !errors.Has("permission") && !errors.Has("campaign_id") && !errors.Has("filter_id")) {
    CheckCanDeleteLeads(record, record.campaign_id || filter, errors);
  }
  return errors.ToStatus();
}

}  // namespace

TokenService::TokenService(store::TokenRepo& tokens, store::CounterRepo& counters, const auth::TokenHasher& hasher,
                           const auth::SecretBox& box, const CampaignService& campaigns, const FilterService& filters,
                           AuditService& audit, TokenSettings settings)
    : tokens_(tokens),
      counters_(counters),
      hasher_(hasher),
      box_(box),
      campaigns_(campaigns),
      filters_(filters),
      audit_(audit),
      settings_(settings) {
  usage_writer_ = std::jthread([this](const std::stop_token& stop) {
    std::mutex mu;
    std::unique_lock lock(mu);
    while (!stop.stop_requested()) {
      usage_cv_.wait_for(lock, stop, kUsageFlushInterval, [] { return false; });
      if (!stop.stop_requested()) FlushUsage();
    }
  });
}

core::Status TokenService::Load() {
  LG_ASSIGN_OR_RETURN(auto last_used, tokens_.LastUsed());
  std::lock_guard lock(usage_mu_);
  for (const auto& [id, ms] : last_used) usage_[id] = Usage{ms, false};
  return core::Status::Ok();
}

TokenService::~TokenService() {
  usage_writer_.request_stop();
  usage_writer_.join();
  FlushUsage();
}

void TokenService::Seal(core::TokenRecord& record, const std::string& secret) const {
  record.sealed_secret = settings_.reveal_enabled ? box_.Seal(secret, Target(record.id)) : std::string();
}

core::Result<IssuedToken> TokenService::Mint(core::TokenRecord record) {
  auto id = counters_.Next("token");
  if (!id.has_value()) return id.error();
  IssuedToken issued;
  issued.secret = auth::GenerateToken();
  record.id = *id;
  record.created_at = core::NowMillis();
  record.secret_hash = hasher_.Hash(issued.secret);
  record.masked = auth::MaskToken(issued.secret);
  record.docs_id = auth::RandomBase62(kDocsIdLength);
  Seal(record, issued.secret);
  LG_RETURN_IF_ERROR(tokens_.Put(record));
  issued.record = std::move(record);
  return issued;
}

core::Result<IssuedToken> TokenService::Create(const auth::Principal& principal, std::string_view body) {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  core::TokenRecord record;
  LG_RETURN_IF_ERROR(DecodeTokenRequest(body, campaigns_, filters_, principal, record));
  record.created_by = principal.token_id;
  auto issued = Mint(std::move(record));
  if (issued.has_value()) {
    std::string detail(core::ToString(issued->record.permission));
    if (issued->record.can_delete_leads) detail += ", can_delete_leads";
    audit_.Record("token_created", principal, Target(issued->record.id), detail);
  }
  return issued;
}

core::Result<std::vector<core::TokenRecord>> TokenService::List(const auth::Principal& principal) const {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  return tokens_.List();
}

core::Result<core::TokenRecord> TokenService::Lookup(const auth::Principal& principal, uint64_t token_id) const {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  auto record = tokens_.GetById(token_id);
  if (!record) return TokenNotFound();
  return std::move(*record);
}

std::optional<core::TokenRecord> TokenService::FindByDocsId(std::string_view docs_id, int64_t now_millis) const {
  if (docs_id.size() != kDocsIdLength) return std::nullopt;
  auto record = tokens_.GetByDocsId(docs_id);
  if (!record || !record->IsActive(now_millis)) return std::nullopt;
  return record;
}

std::optional<core::TokenRecord> TokenService::FindActive(uint64_t token_id, int64_t now_millis) const {
  auto record = tokens_.GetById(token_id);
  if (!record || !record->IsActive(now_millis)) return std::nullopt;
  return record;
}

core::Result<core::TokenRecord> TokenService::Get(const auth::Principal& principal, uint64_t token_id) const {
  return Lookup(principal, token_id);
}

core::Result<core::TokenRecord> TokenService::Patch(const auth::Principal& principal, uint64_t token_id,
                                                    std::string_view body) {
  std::lock_guard lock(write_mu_);
  auto record = Lookup(principal, token_id);
  if (!record.has_value()) return record.error();
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(core::ParseJsonObject(parser, body, obj));
  core::FieldErrors errors;
  const bool could_delete = record->can_delete_leads;
  for (auto [key, value] : obj) {
    if (key == "name") {
      ReadName(value, errors, *record);
    } else if (key == "expires_at") {
      ReadExpiry(value, errors, *record);
    } else if (key == "rate_limit") {
      ReadRateLimit(value, errors, *record);
    } else if (key == "can_delete_leads") {
      // A grant, not scope: it may change, under the rules a new token meets.
      if (core::ReadBool(value, "can_delete_leads", errors, record->can_delete_leads)) {
        CheckCanDeleteLeads(*record, record->campaign_id.has_value(), errors);
      }
    } else if (key == "permission" || key == "campaign_id" || key == "filter_id") {
      errors.Add(std::string(key), "immutable", "cannot change; mint a new token with the new scope");
    } else {
      errors.Add(std::string(key), "unknown_attribute", "is not a token attribute");
    }
  }
  LG_RETURN_IF_ERROR(errors.ToStatus());
  LG_RETURN_IF_ERROR(tokens_.Put(*record));
  // A change of what the token may do is named, so the log answers "who let this vendor delete".
  std::string detail;
  if (record->can_delete_leads != could_delete) {
    detail = record->can_delete_leads ? "can_delete_leads=true" : "can_delete_leads=false";
  }
  audit_.Record("token_changed", principal, Target(token_id), detail);
  return record;
}

core::Result<core::TokenRecord> TokenService::Revoke(const auth::Principal& principal, uint64_t token_id) {
  std::lock_guard lock(write_mu_);
  auto record = Lookup(principal, token_id);
  if (!record.has_value()) return record.error();
  if (!record->revoked_at) {
    record->revoked_at = core::NowMillis();
    LG_RETURN_IF_ERROR(tokens_.Put(*record));
    audit_.Record("token_revoked", principal, Target(token_id));
    if (on_revoked_) on_revoked_(token_id);
  }
  return record;
}

core::Result<IssuedToken> TokenService::Reveal(const auth::Principal& principal, uint64_t token_id) {
  auto record = Lookup(principal, token_id);
  if (!record.has_value()) return record.error();
  if (!settings_.reveal_enabled) {
    return core::Status(core::ErrorKind::kNotPermitted, "reveal_disabled",
                        "This server keeps no token secrets (security.reveal_tokens = false); rotate the token "
                        "to issue a new one.");
  }
  if (record->revoked_at) return core::Status::Conflict("token_revoked", "A revoked token cannot be shown.");
  // An expired token authenticates nobody; showing its secret again serves no one.
  if (!record->IsActive(core::NowMillis())) {
    return core::Status::Conflict("token_expired", "An expired token cannot be shown; rotate or mint a new one.");
  }
  if (record->sealed_secret.empty()) {
    return core::Status::Conflict("secret_not_kept",
                                  "This token's secret was not kept when it was made; rotate it to issue a new one.");
  }
  auto secret = box_.Open(record->sealed_secret, Target(token_id));
  if (!secret) return core::Status::Internal("a stored token secret does not open with the current key file");
  audit_.Record("token_revealed", principal, Target(token_id));
  return IssuedToken{std::move(record).value(), std::move(*secret)};
}

core::Result<IssuedToken> TokenService::Rotate(const auth::Principal& principal, uint64_t token_id) {
  std::lock_guard lock(write_mu_);
  auto record = Lookup(principal, token_id);
  if (!record.has_value()) return record.error();
  if (record->revoked_at) return core::Status::Conflict("token_revoked", "A revoked token cannot be rotated.");
  std::string old_hash = record->secret_hash;
  IssuedToken issued;
  issued.secret = auth::GenerateToken();
  record->secret_hash = hasher_.Hash(issued.secret);
  record->masked = auth::MaskToken(issued.secret);
  Seal(*record, issued.secret);
  // The old hash entry goes in the same batch: the old secret fails from the next request on.
  LG_RETURN_IF_ERROR(tokens_.Put(*record, old_hash));
  audit_.Record("token_rotated", principal, Target(token_id));
  issued.record = std::move(record).value();
  return issued;
}

core::Result<core::TokenRecord> TokenService::RotateDocsLink(const auth::Principal& principal, uint64_t token_id) {
  std::lock_guard lock(write_mu_);
  auto record = Lookup(principal, token_id);
  if (!record.has_value()) return record.error();
  record->docs_id = auth::RandomBase62(kDocsIdLength);
  LG_RETURN_IF_ERROR(tokens_.Put(*record));
  audit_.Record("docs_link_rotated", principal, Target(token_id));
  return record;
}

core::Result<std::optional<IssuedToken>> TokenService::CreateInitialAdmin(const std::string& name) {
  if (!tokens_.List().empty()) return std::optional<IssuedToken>();
  LG_ASSIGN_OR_RETURN(IssuedToken issued, CreateLocalAdmin(name, "initial admin token"));
  return std::optional<IssuedToken>(std::move(issued));
}

core::Result<IssuedToken> TokenService::CreateLocalAdmin(const std::string& name, const std::string& reason) {
  core::TokenRecord record;
  record.name = name;
  record.permission = core::Permission::kAdmin;
  auto issued = Mint(std::move(record));
  if (!issued.has_value()) return issued.error();
  audit_.RecordAnonymous("token_created", "local", Target(issued->record.id), reason);
  return issued;
}

void TokenService::RecordUse(uint64_t token_id, int64_t now_millis) {
  std::lock_guard lock(usage_mu_);
  Usage& usage = usage_[token_id];
  if (now_millis - usage.last_used >= kLastUsedResolutionMs) {
    usage.last_used = now_millis;
    usage.dirty = true;
  }
}

std::optional<int64_t> TokenService::LastUsed(uint64_t token_id) const {
  std::lock_guard lock(usage_mu_);
  auto it = usage_.find(token_id);
  if (it == usage_.end() || it->second.last_used == 0) return std::nullopt;
  return it->second.last_used;
}

void TokenService::FlushUsage() {
  std::map<uint64_t, int64_t> pending;
  {
    std::lock_guard lock(usage_mu_);
    for (auto& [id, usage] : usage_) {
      if (!usage.dirty) continue;
      pending[id] = usage.last_used;
      usage.dirty = false;
    }
  }
  if (pending.empty()) return;
  if (auto s = tokens_.PutLastUsed(pending); !s.ok()) {
    core::log::Warn("last_used_write_failed", {{"detail", s.detail()}});
  }
}

std::string TokenService::Encode(const core::TokenRecord& r, const std::string& base_url,
                                 std::optional<int64_t> last_used, const TokenSettings& settings,
                                 const std::string* secret) {
  core::JsonWriter out;
  int64_t now = core::NowMillis();
  auto time_or_null = [&](const std::optional<int64_t>& t) { t ? out.String(core::FormatTimestamp(*t)) : out.Null(); };
  out.BeginObject().Key("id").Uint(r.id).Key("name").String(r.name);
  out.Key("permission").String(core::ToString(r.permission));
  out.Key("campaign_id");
  r.campaign_id ? out.Uint(*r.campaign_id) : out.Null();
  out.Key("filter_id");
  r.filter_id ? out.Uint(*r.filter_id) : out.Null();
  out.Key("can_delete_leads").Bool(r.can_delete_leads);
  out.Key("expires_at");
  time_or_null(r.expires_at);
  out.Key("revoked_at");
  time_or_null(r.revoked_at);
  out.Key("state").String(r.revoked_at ? "revoked" : (r.IsActive(now) ? "active" : "expired"));
  out.Key("created_at").String(core::FormatTimestamp(r.created_at));
  out.Key("last_used_at");
  time_or_null(last_used);
  out.Key("masked").String(r.masked);
  out.Key("rate_limit").BeginObject();
  out.Key("per_second").Int(r.rate_per_second.value_or(settings.default_rate_per_second));
  out.Key("burst").Int(r.rate_burst.value_or(settings.default_burst));
  out.Key("default").Bool(!r.rate_per_second).EndObject();
  out.Key("docs_url").String(base_url + "/docs/" + r.docs_id);
  if (secret) out.Key("token").String(*secret);
  out.EndObject();
  return out.Take();
}

}  // namespace lg::service

#include "core/service/token_service.h"

#include "auth/policy.h"
#include "auth/token_format.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

constexpr size_t kDocsIdLength = 24;  // base62: 142 bits

core::Status TokenNotFound() { return core::Status::NotFound("No such token."); }

// Reads the POST /v2/tokens body into `record`, reporting every bad member.
core::Status DecodeTokenRequest(std::string_view body, const CampaignService& campaigns, const FilterService& filters,
                                const auth::Principal& principal, core::TokenRecord& record) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(core::ParseJsonObject(parser, body, obj));
  core::FieldErrors errors;
  bool has_name = false, has_permission = false;
  for (auto [key, value] : obj) {
    std::string p(key);
    if (key == "name") {
      has_name = core::ReadString(value, p, errors, record.name);
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
      } else if (!campaigns.Get(principal, id).ok()) {
        errors.Add(p, "unknown_campaign", "no campaign has this id");
      } else {
        record.campaign_id = id;
      }
    } else if (key == "filter_id") {
      if (value.is_null()) continue;
      uint64_t id = 0;
      if (value.get_uint64().get(id) || id == 0) {
        errors.Add(p, "invalid_type", "must be a positive integer or null");
      } else if (!filters.Find(id)) {
        errors.Add(p, "unknown_filter", "no filter has this id");
      } else {
        record.filter_id = id;
      }
    } else if (key == "expires_at") {
      if (value.is_null()) continue;
      std::string text;
      if (!core::ReadString(value, p, errors, text)) continue;
      auto t = core::ParseTimestamp(text);
      if (!t) {
        errors.Add(p, "invalid_datetime", "must be RFC 3339 (2026-11-28T10:00:00Z) or null");
      } else if (*t <= core::NowMillis()) {
        errors.Add(p, "in_the_past", "must be in the future");
      } else {
        record.expires_at = *t;
      }
    } else {
      errors.Add(p, "unknown_attribute", "is not a token attribute");
    }
  }
  if (!has_name) {
    errors.Add("name", "required", "is required");
  } else if (record.name.empty() || record.name.size() > 200) {
    errors.Add("name", "invalid_length", "must be 1 to 200 characters");
  }
  if (!has_permission) errors.Add("permission", "required", "is required");
  if (record.filter_id && errors.empty()) {
    // A filter belongs to one campaign; the token is scoped to it (named or implied).
    uint64_t filter_campaign = filters.Find(*record.filter_id)->campaign_id;
    if (record.campaign_id && *record.campaign_id != filter_campaign) {
      errors.Add("filter_id", "filter_campaign_mismatch", "the filter belongs to another campaign");
    }
    record.campaign_id = filter_campaign;
  }
  if (record.permission == core::Permission::kAdmin && record.campaign_id) {
    errors.Add("permission", "admin_is_account_level", "admin tokens cannot be scoped to a campaign or filter");
  }
  return errors.ToStatus();
}

}  // namespace

core::Result<IssuedToken> TokenService::Mint(core::TokenRecord record) {
  auto id = counters_.Next("token");
  if (!id.ok()) return id.status();
  IssuedToken issued;
  issued.secret = auth::GenerateToken();
  record.id = *id;
  record.created_at = core::NowMillis();
  record.secret_hash = hasher_.Hash(issued.secret);
  record.masked = auth::MaskToken(issued.secret);
  record.docs_id = auth::RandomBase62(kDocsIdLength);
  LG_RETURN_IF_ERROR(tokens_.Put(record));
  core::log::Info("token_created", {{"token_id", std::to_string(record.id)},
                                    {"permission", std::string(core::ToString(record.permission))},
                                    {"actor_token_id", std::to_string(record.created_by)}});
  issued.record = std::move(record);
  return issued;
}

core::Result<IssuedToken> TokenService::Create(const auth::Principal& principal, std::string_view body) {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  core::TokenRecord record;
  LG_RETURN_IF_ERROR(DecodeTokenRequest(body, campaigns_, filters_, principal, record));
  record.created_by = principal.token_id;
  return Mint(std::move(record));
}

core::Result<std::vector<core::TokenRecord>> TokenService::List(const auth::Principal& principal) const {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  return tokens_.List();
}

core::Result<core::TokenRecord> TokenService::Get(const auth::Principal& principal, uint64_t token_id) const {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  auto record = tokens_.GetById(token_id);
  if (!record) return TokenNotFound();
  return std::move(*record);
}

core::Result<core::TokenRecord> TokenService::Revoke(const auth::Principal& principal, uint64_t token_id) {
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  auto record = tokens_.GetById(token_id);
  if (!record) return TokenNotFound();
  if (!record->revoked_at) {
    record->revoked_at = core::NowMillis();
    LG_RETURN_IF_ERROR(tokens_.Put(*record));
    core::log::Info("token_revoked",
                    {{"token_id", std::to_string(token_id)}, {"actor_token_id", std::to_string(principal.token_id)}});
  }
  return std::move(*record);
}

core::Result<std::optional<IssuedToken>> TokenService::CreateInitialAdmin(const std::string& name) {
  if (!tokens_.List().empty()) return std::optional<IssuedToken>();
  core::TokenRecord record;
  record.name = name;
  record.permission = core::Permission::kAdmin;
  auto issued = Mint(std::move(record));
  if (!issued.ok()) return issued.status();
  return std::optional<IssuedToken>(std::move(issued).value());
}

std::string TokenService::Encode(const core::TokenRecord& r, const std::string& base_url, const std::string* secret) {
  core::JsonWriter out;
  int64_t now = core::NowMillis();
  out.BeginObject().Key("id").Uint(r.id).Key("name").String(r.name);
  out.Key("permission").String(core::ToString(r.permission));
  out.Key("campaign_id");
  r.campaign_id ? out.Uint(*r.campaign_id) : out.Null();
  out.Key("filter_id");
  r.filter_id ? out.Uint(*r.filter_id) : out.Null();
  out.Key("expires_at");
  r.expires_at ? out.String(core::FormatTimestamp(*r.expires_at)) : out.Null();
  out.Key("revoked_at");
  r.revoked_at ? out.String(core::FormatTimestamp(*r.revoked_at)) : out.Null();
  out.Key("state").String(r.revoked_at ? "revoked" : (r.IsActive(now) ? "active" : "expired"));
  out.Key("created_at").String(core::FormatTimestamp(r.created_at));
  out.Key("masked").String(r.masked);
  out.Key("docs_url").String(base_url + "/docs/" + r.docs_id);
  if (secret) out.Key("token").String(*secret);
  out.EndObject();
  return out.Take();
}

}  // namespace lg::service

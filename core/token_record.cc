#include "core/token_record.h"

#include "core/hex.h"
#include "core/json_reader.h"
#include "core/json_writer.h"

namespace lg::core {

std::string_view ToString(Permission permission) {
  switch (permission) {
    case Permission::kRead:
      return "read";
    case Permission::kReadWrite:
      return "read_write";
    case Permission::kAdmin:
      return "admin";
  }
  return "read";
}

std::optional<Permission> ParsePermission(std::string_view text) {
  if (text == "read") return Permission::kRead;
  if (text == "read_write") return Permission::kReadWrite;
  if (text == "admin") return Permission::kAdmin;
  return std::nullopt;
}

std::string EncodeTokenRecord(const TokenRecord& r) {
  JsonWriter out;
  out.BeginObject().Key("id").Uint(r.id).Key("name").String(r.name);
  out.Key("permission").Uint(static_cast<uint8_t>(r.permission));
  if (r.campaign_id) out.Key("campaign_id").Uint(*r.campaign_id);
  if (r.filter_id) out.Key("filter_id").Uint(*r.filter_id);
  if (r.expires_at) out.Key("expires_at").Int(*r.expires_at);
  if (r.revoked_at) out.Key("revoked_at").Int(*r.revoked_at);
  out.Key("created_at").Int(r.created_at).Key("created_by").Uint(r.created_by);
  out.Key("secret_hash").String(ToHex(r.secret_hash)).Key("masked").String(r.masked);
  out.Key("docs_id").String(r.docs_id);
  if (!r.sealed_secret.empty()) out.Key("sealed_secret").String(ToHex(r.sealed_secret));
  if (r.rate_per_second) out.Key("rate_per_second").Int(*r.rate_per_second);
  if (r.rate_burst) out.Key("rate_burst").Int(*r.rate_burst);
  if (r.can_delete_leads) out.Key("can_delete_leads").Bool(true);
  out.EndObject();
  return out.Take();
}

Result<TokenRecord> DecodeTokenRecord(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(ParseJsonObject(parser, json, obj));
  TokenRecord r;
  bool ok = true;
  for (auto [key, value] : obj) {
    std::string_view sv;
    uint64_t u = 0;
    int64_t i = 0;
    if (key == "id") {
      ok &= !value.get_uint64().get(r.id);
    } else if (key == "name") {
      ok &= !value.get_string().get(sv);
      r.name.assign(sv);
    } else if (key == "permission") {
      ok &= !value.get_uint64().get(u) && u >= 1 && u <= 3;
      r.permission = static_cast<Permission>(u);
    } else if (key == "campaign_id") {
      ok &= !value.get_uint64().get(u);
      r.campaign_id = u;
    } else if (key == "filter_id") {
      ok &= !value.get_uint64().get(u);
      r.filter_id = u;
    } else if (key == "expires_at") {
      ok &= !value.get_int64().get(i);
      r.expires_at = i;
    } else if (key == "revoked_at") {
      ok &= !value.get_int64().get(i);
      r.revoked_at = i;
    } else if (key == "created_at") {
      ok &= !value.get_int64().get(r.created_at);
    } else if (key == "created_by") {
      ok &= !value.get_uint64().get(r.created_by);
    } else if (key == "secret_hash") {
      ok &= !value.get_string().get(sv);
      auto raw = FromHex(sv);
      ok &= raw.has_value();
      if (raw) r.secret_hash = std::move(*raw);
    } else if (key == "masked") {
      ok &= !value.get_string().get(sv);
      r.masked.assign(sv);
    } else if (key == "sealed_secret") {
      ok &= !value.get_string().get(sv);
      auto raw = FromHex(sv);
      ok &= raw.has_value();
      if (raw) r.sealed_secret = std::move(*raw);
    } else if (key == "rate_per_second") {
      ok &= !value.get_int64().get(i);
      r.rate_per_second = i;
    } else if (key == "rate_burst") {
      ok &= !value.get_int64().get(i);
      r.rate_burst = i;
    } else if (key == "can_delete_leads") {
      ok &= !value.get_bool().get(r.can_delete_leads);
    } else if (key == "docs_id") {
      ok &= !value.get_string().get(sv);
      r.docs_id.assign(sv);
    }
  }
  if (!ok) return Status::Internal("stored token record is malformed");
  return r;
}

}  // namespace lg::core

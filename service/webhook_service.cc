#include "service/webhook_service.h"

#include <algorithm>

#include "auth/webhook_signature.h"
#include "core/json_reader.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

constexpr int64_t kHourMillis = 3600LL * 1000;
constexpr int64_t kMaxOverlapHours = 168;

// The server itself, in the audit log, when it changes an endpoint.
const auth::Principal kServer{0, "webhooks", core::Permission::kAdmin};

std::string Target(uint64_t id) { return "webhook " + std::to_string(id); }
// What seals an endpoint's secrets: bound to the endpoint, so a sealed value cannot be moved.
std::string Context(uint64_t id) { return "webhook:" + std::to_string(id); }

bool IsAdmin(const auth::Principal& principal) { return principal.permission == core::Permission::kAdmin; }

core::Status NotFound() { return core::Status::NotFound("No such webhook endpoint."); }

core::Status Refused(const char* field, std::string message) {
  return core::Status::Invalid({core::FieldError{field, "not_allowed", std::move(message)}});
}

// {"overlap_hours": N} (0..168), 24 when absent.
core::Result<int64_t> OverlapHours(std::string_view body) {
  if (body.empty()) return int64_t{24};
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(core::ParseJsonObject(parser, body, obj));
  int64_t hours = 24;
  core::FieldErrors errors;
  for (auto [key, value] : obj) {
    if (key == "overlap_hours") {
      if (core::ReadInt(value, "overlap_hours", errors, hours) && (hours < 0 || hours > kMaxOverlapHours)) {
        errors.Add("overlap_hours", "out_of_range", "must be 0 to 168 hours");
      }
    } else {
      errors.Add(std::string(key), "unknown_field", "is not a member of a rotation");
    }
  }
  LG_RETURN_IF_ERROR(errors.ToStatus());
  return hours;
}

}  // namespace

core::Status WebhookService::Load() {
  LG_ASSIGN_OR_RETURN(std::vector<core::WebhookEndpoint> stored, repo_.List());
  std::lock_guard lock(mu_);
  for (auto& endpoint : stored) {
    const uint64_t campaign = endpoint.campaign_id;
    endpoints_[endpoint.id] = std::move(endpoint);
    RefreshWanted(campaign);
  }
  return core::Status::Ok();
}

core::Status WebhookService::CheckScope(const auth::Principal& principal, core::WebhookEndpoint& endpoint,
                                        const core::WebhookEndpointInput& input) const {
  if (!IsAdmin(principal)) {
    // A token's endpoint sees what the token sees, no more.
    if (input.filter_id)
      return Refused("filter_id", "an endpoint of this token delivers through the token's own filter");
    if (principal.campaign_id && input.campaign_id && *input.campaign_id != *principal.campaign_id) {
      return Refused("campaign_id", "this token's endpoints deliver its own campaign's leads");
    }
    endpoint.token_id = principal.token_id;
    endpoint.filter_id = principal.filter_id;
    if (principal.campaign_id) endpoint.campaign_id = *principal.campaign_id;
  } else if (input.filter_id) {
    endpoint.filter_id = *input.filter_id;
  }
  if (input.campaign_id) endpoint.campaign_id = *input.campaign_id;
  if (endpoint.campaign_id == 0) {
    return core::Status::Invalid({core::FieldError{"campaign_id", "required", "is required"}});
  }
  if (!campaigns_.Get(principal, endpoint.campaign_id).has_value()) {
    return core::Status::Invalid({core::FieldError{"campaign_id", "unknown_campaign", "names no campaign"}});
  }
  if (endpoint.filter_id && IsAdmin(principal)) {
    FilterPtr filter = filters_.Find(*endpoint.filter_id);
    if (!filter || filter->campaign_id != endpoint.campaign_id) {
      return core::Status::Invalid(
          {core::FieldError{"filter_id", "unknown_filter", "names no saved filter of the endpoint's campaign"}});
    }
  }
  return core::Status::Ok();
}

WebhookWithSecret WebhookService::WithNewSecret(core::WebhookEndpoint endpoint, int64_t now_millis) const {
  std::string secret = auth::NewWebhookSecret();
  endpoint.secrets.push_back({box_.Seal(secret, Context(endpoint.id)), now_millis, std::nullopt});
  return {std::move(endpoint), std::move(secret)};
}

core::Result<WebhookWithSecret> WebhookService::Create(const auth::Principal& principal, std::string_view body) {
  LG_ASSIGN_OR_RETURN(core::WebhookEndpointInput input, core::ParseWebhookEndpointInput(body, /*patch=*/false));
  core::WebhookEndpoint endpoint;
  endpoint.url = *input.url;
  endpoint.description = input.description.value_or("");
  endpoint.event_types = *input.event_types;
  endpoint.enabled = input.enabled.value_or(true);
  if (!endpoint.enabled) endpoint.disabled_reason = "request";
  LG_RETURN_IF_ERROR(CheckScope(principal, endpoint, input));
  LG_ASSIGN_OR_RETURN(endpoint.id, counters_.Next("webhook"));
  const int64_t now = core::NowMillis();
  endpoint.created_at = endpoint.updated_at = now;
  WebhookWithSecret made = WithNewSecret(std::move(endpoint), now);
  LG_RETURN_IF_ERROR(Store(made.endpoint));
  audit_.Record("webhook_created", principal, Target(made.endpoint.id),
                "campaign " + std::to_string(made.endpoint.campaign_id));
  return made;
}

std::vector<core::WebhookEndpoint> WebhookService::List(const auth::Principal& principal) const {
  std::lock_guard lock(mu_);
  std::vector<core::WebhookEndpoint> out;
  for (const auto& [id, endpoint] : endpoints_) {
    if (IsAdmin(principal) || endpoint.token_id == principal.token_id) out.push_back(endpoint);
  }
  return out;
}

core::Result<core::WebhookEndpoint> WebhookService::Visible(const auth::Principal& principal, uint64_t id) const {
  std::lock_guard lock(mu_);
  auto found = endpoints_.find(id);
  // Another token's endpoint is as absent as one that never was.
  if (found == endpoints_.end() || (!IsAdmin(principal) && found->second.token_id != principal.token_id)) {
    return NotFound();
  }
  return found->second;
}

core::Result<core::WebhookEndpoint> WebhookService::Get(const auth::Principal& principal, uint64_t id) const {
  return Visible(principal, id);
}

core::Result<core::WebhookEndpoint> WebhookService::Patch(const auth::Principal& principal, uint64_t id,
                                                          std::string_view body) {
  std::lock_guard write(write_mu_);
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, Visible(principal, id));
  LG_ASSIGN_OR_RETURN(core::WebhookEndpointInput input, core::ParseWebhookEndpointInput(body, /*patch=*/true));
  if (input.url) endpoint.url = *input.url;
  if (input.description) endpoint.description = *input.description;
  if (input.event_types) endpoint.event_types = *input.event_types;
  if (input.campaign_id || input.filter_id) LG_RETURN_IF_ERROR(CheckScope(principal, endpoint, input));
  if (input.enabled) {
    endpoint.enabled = *input.enabled;
    endpoint.disabled_reason = endpoint.enabled ? "" : "request";
    if (endpoint.enabled) endpoint.failing_since.reset();  // a fresh start
  }
  endpoint.updated_at = core::NowMillis();
  LG_RETURN_IF_ERROR(Store(endpoint));
  audit_.Record("webhook_updated", principal, Target(id), endpoint.enabled ? "enabled" : "disabled");
  return endpoint;
}

core::Status WebhookService::Delete(const auth::Principal& principal, uint64_t id) {
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, Visible(principal, id));
  LG_RETURN_IF_ERROR(repo_.Delete(id));
  Forget(id);
  audit_.Record("webhook_deleted", principal, Target(id));
  return core::Status::Ok();
}

core::Result<WebhookWithSecret> WebhookService::Reveal(const auth::Principal& principal, uint64_t id) {
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, Visible(principal, id));
  auto secret = endpoint.secrets.empty() ? std::nullopt : box_.Open(endpoint.secrets.back().sealed, Context(id));
  if (!secret) return core::Status::Internal("the webhook endpoint's secret cannot be opened with this key file");
  audit_.Record("webhook_secret_revealed", principal, Target(id));
  return WebhookWithSecret{std::move(endpoint), std::move(*secret)};
}

core::Result<WebhookWithSecret> WebhookService::Rotate(const auth::Principal& principal, uint64_t id,
                                                       std::string_view body) {
  LG_ASSIGN_OR_RETURN(int64_t overlap_hours, OverlapHours(body));
  std::lock_guard write(write_mu_);
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, Visible(principal, id));
  const int64_t now = core::NowMillis();
  const int64_t retires_at = now + overlap_hours * kHourMillis;
  std::erase_if(endpoint.secrets, [&](const core::WebhookSecret& s) { return s.retires_at && *s.retires_at <= now; });
  for (auto& secret : endpoint.secrets) {
    if (!secret.retires_at || *secret.retires_at > retires_at) secret.retires_at = retires_at;
  }
  endpoint.updated_at = now;
  WebhookWithSecret rotated = WithNewSecret(std::move(endpoint), now);
  LG_RETURN_IF_ERROR(Store(rotated.endpoint));
  audit_.Record("webhook_secret_rotated", principal, Target(id),
                "old secret signs for " + std::to_string(overlap_hours) + " more hours");
  return rotated;
}

core::Status WebhookService::Disable(const auth::Principal& principal, uint64_t id, std::string reason) {
  std::lock_guard write(write_mu_);
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, Visible(principal, id));
  endpoint.enabled = false;
  endpoint.disabled_reason = std::move(reason);
  endpoint.updated_at = core::NowMillis();
  LG_RETURN_IF_ERROR(Store(endpoint));
  audit_.Record("webhook_disabled", principal, Target(id), endpoint.disabled_reason);
  return core::Status::Ok();
}

void WebhookService::OnTokenRevoked(uint64_t token_id) {
  std::vector<uint64_t> owned;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, endpoint] : endpoints_) {
      if (endpoint.token_id == token_id) owned.push_back(id);
    }
  }
  for (uint64_t id : owned) {
    if (repo_.Delete(id).ok()) {
      Forget(id);
      audit_.Record("webhook_deleted", kServer, Target(id), "its token " + std::to_string(token_id) + " was revoked");
    }
  }
}

core::Status WebhookService::Update(uint64_t id, const std::function<bool(core::WebhookEndpoint&)>& change) {
  std::lock_guard write(write_mu_);
  LG_ASSIGN_OR_RETURN(core::WebhookEndpoint endpoint, Visible(kServer, id));
  const bool was_enabled = endpoint.enabled;
  if (!change(endpoint)) return core::Status::Ok();
  endpoint.updated_at = core::NowMillis();
  LG_RETURN_IF_ERROR(Store(endpoint));
  if (was_enabled && !endpoint.enabled) {
    audit_.Record("webhook_disabled", kServer, Target(endpoint.id), endpoint.disabled_reason);
  }
  return core::Status::Ok();
}

std::vector<core::WebhookEndpoint> WebhookService::All() const {
  std::lock_guard lock(mu_);
  std::vector<core::WebhookEndpoint> out;
  for (const auto& [id, endpoint] : endpoints_) out.push_back(endpoint);
  return out;
}

std::vector<std::string> WebhookService::SigningKeys(const core::WebhookEndpoint& endpoint, int64_t now_millis) const {
  std::vector<std::string> keys;
  for (const auto& secret : endpoint.secrets) {
    if (secret.retires_at && *secret.retires_at <= now_millis) continue;
    auto opened = box_.Open(secret.sealed, Context(endpoint.id));
    if (!opened) continue;
    if (auto key = auth::WebhookSecretKey(*opened); key.has_value()) keys.push_back(std::move(key).value());
  }
  return keys;
}

core::Status WebhookService::Store(const core::WebhookEndpoint& endpoint) {
  LG_RETURN_IF_ERROR(repo_.Put(endpoint));
  std::lock_guard lock(mu_);
  auto previous = endpoints_.find(endpoint.id);
  const uint64_t previous_campaign = previous == endpoints_.end() ? 0 : previous->second.campaign_id;
  endpoints_[endpoint.id] = endpoint;
  RefreshWanted(endpoint.campaign_id);
  if (previous_campaign != 0 && previous_campaign != endpoint.campaign_id) RefreshWanted(previous_campaign);
  return core::Status::Ok();
}

void WebhookService::Forget(uint64_t id) {
  {
    std::lock_guard lock(mu_);
    auto found = endpoints_.find(id);
    if (found == endpoints_.end()) return;
    const uint64_t campaign = found->second.campaign_id;
    endpoints_.erase(found);
    RefreshWanted(campaign);
  }
  if (on_deleted_) on_deleted_(id);
}

void WebhookService::RefreshWanted(uint64_t campaign_id) {
  const bool wanted = std::any_of(endpoints_.begin(), endpoints_.end(), [&](const auto& entry) {
    return entry.second.enabled && entry.second.campaign_id == campaign_id;
  });
  events_.SetWanted(campaign_id, wanted);
}

}  // namespace lg::service

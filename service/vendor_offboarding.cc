#include "service/vendor_offboarding.h"

#include <simdjson.h>

#include "auth/policy.h"
#include "core/filter_rules.h"
#include "core/json_reader.h"
#include "core/time_util.h"

namespace lg::service {
namespace {

core::Result<bool> ParseDryRun(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return false;
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  LG_RETURN_IF_ERROR(core::ParseJsonObject(parser, body, obj));
  core::FieldErrors errors;
  bool dry_run = false;
  for (auto [key, value] : obj) {
    if (key == "dry_run") {
      core::ReadBool(value, "dry_run", errors, dry_run);
    } else {
      errors.Add(std::string(key), "unknown_attribute", "is not an offboarding attribute");
    }
  }
  LG_RETURN_IF_ERROR(errors.ToStatus());
  return dry_run;
}

}  // namespace

core::Result<Offboarded> VendorOffboarding::Offboard(const auth::Principal& principal, uint64_t campaign_id,
                                                     std::string_view select_slug, std::string_view option_slug,
                                                     std::string_view body) {
  LG_ASSIGN_OR_RETURN(CampaignPtr campaign, campaigns_.Get(principal, campaign_id));
  // Admin first: a vendor's token must not tell another vendor's option from none.
  LG_RETURN_IF_ERROR(auth::RequireAdmin(principal));
  const core::Select* select = campaign->FindSelect(select_slug);
  if (!select) return core::Status::NotFound("No such select.");
  const core::SelectOption* option = select->FindOption(option_slug);
  if (!option) return core::Status::NotFound("No such option.");
  LG_ASSIGN_OR_RETURN(bool dry_run, ParseDryRun(body));

  Offboarded result;
  result.dry_run = dry_run;
  result.option_retired = true;
  // Whether saved filter `filter_id` pins the vendor's option.
  auto pins = [&](uint64_t filter_id) {
    CompiledFilterPtr filter = filters_.Compiled(filter_id);
    if (!filter) return false;
    auto pinned = core::PinnedBy(*filter).selects;
    auto it = pinned.find(std::string(select_slug));
    return it != pinned.end() && it->second == option_slug;
  };
  LG_ASSIGN_OR_RETURN(auto tokens, tokens_.List(principal));
  const int64_t now = core::NowMillis();
  for (const auto& token : tokens) {
    if (!token.IsActive(now) || token.campaign_id != campaign_id || !token.filter_id) continue;
    if (pins(*token.filter_id)) result.tokens.push_back(token.id);
  }
  for (const auto& endpoint : webhooks_.List(principal)) {
    if (endpoint.enabled && !endpoint.token_id && endpoint.campaign_id == campaign_id && endpoint.filter_id &&
        pins(*endpoint.filter_id)) {
      result.webhooks.push_back(endpoint.id);
    }
  }
  if (dry_run) return result;
  for (uint64_t token_id : result.tokens) {
    if (auto revoked = tokens_.Revoke(principal, token_id); !revoked.has_value()) return revoked.error();
  }
  for (uint64_t endpoint_id : result.webhooks) {
    LG_RETURN_IF_ERROR(webhooks_.Disable(principal, endpoint_id, "offboarded"));
  }
  if (!option->retired) {
    auto retired = campaigns_.PatchOption(principal, campaign_id, select_slug, option_slug, R"({"retired": true})");
    if (!retired.has_value()) return retired.error();
  }
  audit_.Record("vendor_offboarded", principal,
                "option " + std::string(option_slug) + " of select " + std::string(select_slug) + " of campaign " +
                    std::to_string(campaign_id),
                std::to_string(result.tokens.size()) + " tokens revoked, " + std::to_string(result.webhooks.size()) +
                    " webhook endpoints disabled, option retired");
  return result;
}

}  // namespace lg::service

#pragma once
// What a documentation page describes: the campaigns a token (or the whole account) can reach,
// already cut down to the values its filter allows, and what its permission lets it do. The
// service layer fills this in; the generators in this folder turn it into HTML, OpenAPI and
// Postman without I/O, so every form says the same thing.

#include <cstdint>
#include <string>
#include <vector>

#include "core/campaign.h"
#include "core/lead_rules.h"
#include "core/token_record.h"

namespace lg::apidocs {

struct DocsCampaign {
  core::Campaign schema;     // restricted to what the token may see (core/scoped_schema.h)
  core::LeadPresets pinned;  // values stamped onto the token's new leads when omitted
  bool filtered = false;
};

// What the webhooks part of the docs describes, by service/webhook_service.h's rules: every token
// that reads may register endpoints of its own, which receive what the token sees.
struct DocsWebhooks {
  std::vector<std::string> event_types;  // the lead events an endpoint may subscribe to
  // An admin token manages every endpoint and may narrow one by any saved filter (filter_id).
  bool manages_all = false;
};

// The live feed's limits (stream.* in the config): how many event streams a token may hold open,
// how often an idle one sends a heartbeat, and the longest wait= of a long-polling list.
struct DocsLiveFeed {
  int64_t max_streams_per_token = 5;
  int64_t heartbeat_seconds = 15;
  int64_t max_wait_seconds = 60;
};

struct DocsRequest {
  std::string account_name;
  std::string title;      // the token's name, or "<account> API" for the account docs
  std::string base_url;   // no trailing slash
  std::string docs_path;  // this page's own path, e.g. "/docs/Ab3..."
  core::Permission permission = core::Permission::kRead;
  bool account_level = false;  // the account docs: every campaign, no filter
  // The token is scoped to one campaign (a vendor's, or an internal system's): /v2/leads implies
  // it, its webhook endpoints are of that campaign, and the document's schemas are named without
  // a campaign id.
  bool campaign_scoped = false;
  // The account's and admin's operations are documented (tokens, filters, audit, counts, schema
  // changes, offboarding, backups): in the account docs, each with the access it needs, and in an
  // admin token's docs link.
  bool admin_api = false;
  // May delete and erase leads (auth::RequireLeadDelete): admin and account-level read_write
  // tokens, and campaign-scoped read_write tokens with can_delete_leads.
  bool can_delete = false;
  std::vector<DocsCampaign> campaigns;
  DocsWebhooks webhooks;
  DocsLiveFeed live_feed;
  std::string time_zone = "UTC";  // account.time_zone: the days the statistics count in
  int64_t rate_per_second = 0;
  int64_t rate_burst = 0;
  int64_t body_limit_bytes = 0;

  bool can_write() const { return permission != core::Permission::kRead; }
};

}  // namespace lg::apidocs

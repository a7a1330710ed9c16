#include "tests/fuzz/fuzz_support.h"

#include <cstdio>
#include <cstdlib>

#include "core/campaign_json.h"
#include "core/campaign_rules.h"
#include "core/filter_json.h"
#include "core/lead_json.h"
#include "core/query_plan.h"
#include "core/time_util.h"

namespace lg::fuzz {
namespace {

constexpr std::string_view kCampaignJson = R"json({
  "name": "Solar DK (fuzz)",
  "fields": [
    {"slug": "name", "label": "Name", "type": "text", "required": true},
    {"slug": "email", "label": "E-mail", "type": "email"},
    {"slug": "phone", "label": "Phone", "type": "phone"},
    {"slug": "kwh", "label": "kWh", "type": "number"},
    {"slug": "born", "label": "Born", "type": "date"},
    {"slug": "call_at", "label": "Call at", "type": "datetime"},
    {"slug": "optin", "label": "Opt-in", "type": "checkbox"},
    {"slug": "extra", "label": "Extra", "type": "json"},
    {"slug": "comment", "label": "Comment", "type": "text", "description": "Free text"}
  ],
  "selects": [
    {"slug": "source", "label": "Source", "required": true,
     "options": [{"slug": "vendor-xyz", "label": "Vendor XYZ"}, {"slug": "leadpartner", "label": "LeadPartner"},
                 {"slug": "acme", "label": "Acme Leads"}]},
    {"slug": "region", "options": [{"slug": "north"}, {"slug": "south"}]}
  ],
  "statuses": [
    {"slug": "new", "label": "New", "type": "active", "default": true},
    {"slug": "contacted", "label": "Contacted", "type": "active"},
    {"slug": "won", "label": "Won", "type": "won"},
    {"slug": "lost", "label": "Lost", "type": "lost"}
  ],
  "duplicate_rules": [
    {"name": "Same e-mail or phone", "match": "any", "fields": ["email", "phone"],
     "window_seconds": 2592000, "ignore_statuses": ["lost"], "action": "reject"}
  ]
})json";

constexpr std::string_view kSampleLeads[] = {
    R"({"id": 7355922769776640, "campaign_id": 1, "status": "new",
        "field_values": {"name": "Jane Doe", "email": "jane@example.com", "phone": "+4512345678", "kwh": 12.5,
                         "born": "1980-02-29", "call_at": "2026-11-28T10:00:00.000Z", "optin": true,
                         "extra": {"utm": ["a", 1, null]}, "comment": "Ring after 5 \u00e6\u00f8\u00e5"},
        "select_field_values": {"source": "acme", "region": "north"},
        "created_at": "2026-11-28T10:00:00.123Z", "updated_at": "2026-11-28T10:05:00.000Z",
        "created_by": {"token_id": 2, "name": "Acme \u2013 read/write"}, "doublet_of": null})",
    R"({"id": 7355922769776641, "campaign_id": 1, "status": "contacted",
        "field_values": {"name": "John Roe", "kwh": -3, "optin": false},
        "select_field_values": {"source": "vendor-xyz"},
        "created_at": "2026-11-29T08:00:00.000Z", "updated_at": "2026-12-01T00:00:00.999Z",
        "created_by": {"token_id": 1, "name": "admin"}, "doublet_of": null})",
    R"({"id": 7355922769776642, "campaign_id": 1, "status": "won", "field_values": {"name": ""},
        "select_field_values": {}, "created_at": "1970-01-01T00:00:00.000Z", "updated_at": "1970-01-01T00:00:00.000Z",
        "created_by": {"token_id": 0, "name": ""}, "doublet_of": null})",
    R"({"id": 7355922769776643, "campaign_id": 1, "status": "lost",
        "field_values": {"name": "Ann", "email": "ANN@Example.COM", "call_at": "2027-03-28T01:30:00.000Z"},
        "select_field_values": {"source": "leadpartner", "region": "south"},
        "created_at": "2027-03-28T01:59:59.999Z", "updated_at": "2027-03-28T03:00:00.000Z",
        "created_by": {"token_id": 3, "name": "CRM sync"}, "doublet_of": 7355922769776640})",
};

constexpr std::string_view kVendorFilter =
    R"({"name": "Acme", "match": "all", "conditions": [{"field": "source", "op": "eq", "value": "acme"},
                                                        {"field": "status", "op": "eq", "value": "new"}]})";

constexpr std::string_view kSoleValueFilters[] = {
    R"({"name": "Acme", "match": "all", "conditions": [{"field": "source", "op": "eq", "value": "acme"}]})",
    R"({"name": "New", "match": "any", "conditions": [{"field": "status", "op": "eq", "value": "new"}]})",
    R"({"name": "South", "match": "all", "conditions": [{"field": "region", "op": "in", "value": ["south"]}]})",
    R"({"name": "Won", "match": "all", "conditions": [{"field": "status", "op": "in", "value": ["won"]}]})",
};

void Require(bool ok, const char* what) {
  if (!ok) Fail(__FILE__, __LINE__, what, "a fuzz fixture does not decode; fix tests/fuzz/fuzz_support.cc");
}

}  // namespace

void Fail(const char* file, int line, const char* what, std::string_view detail) {
  std::fprintf(stderr, "\n%s:%d: fuzz check failed: %s\n", file, line, what);
  if (!detail.empty()) std::fprintf(stderr, "%.*s\n", static_cast<int>(detail.size()), detail.data());
  std::fflush(stderr);
  std::abort();
}

std::string Both(std::string_view a, std::string_view b) {
  return "  left:  " + std::string(a) + "\n  right: " + std::string(b);
}

void Setup() {
  if (!core::SetAccountTimeZone("Europe/Copenhagen")) Require(core::SetAccountTimeZone("UTC"), "UTC zone");
  FixedCampaign();
  SampleLeads();
  VendorFilter();
  SoleValueFilters();
}

const core::Campaign& FixedCampaign() {
  static const core::Campaign campaign = [] {
    auto decoded = core::DecodeCampaign(kCampaignJson, core::CampaignForm::kApi);
    Require(decoded.has_value(), "the fixed campaign decodes");
    core::Campaign c = std::move(decoded).value();
    Require(core::ValidateCampaign(c).ok(), "the fixed campaign is valid");
    c.id = 1;
    c.created_at = 1764324000000;
    c.updated_at = c.created_at;
    c.AssignInternalIds();
    return c;
  }();
  return campaign;
}

const std::vector<core::Lead>& SampleLeads() {
  static const std::vector<core::Lead> leads = [] {
    std::vector<core::Lead> out;
    for (std::string_view json : kSampleLeads) {
      auto lead = core::DecodeLead(json);
      Require(lead.has_value(), "a sample lead decodes");
      out.push_back(std::move(lead).value());
    }
    return out;
  }();
  return leads;
}

static core::CompiledFilter Compile(std::string_view json) {
  core::Filter f;
  Require(core::DecodeFilterInput(json, false, f).ok(), "a fixture filter decodes");
  auto compiled = core::CompileFilter(FixedCampaign(), f);
  Require(compiled.has_value(), "a fixture filter compiles");
  return std::move(compiled).value();
}

const core::CompiledFilter& VendorFilter() {
  static const core::CompiledFilter filter = Compile(kVendorFilter);
  return filter;
}

const std::vector<core::CompiledFilter>& SoleValueFilters() {
  static const std::vector<core::CompiledFilter> filters = [] {
    std::vector<core::CompiledFilter> out;
    for (std::string_view json : kSoleValueFilters) {
      out.push_back(Compile(json));
      Require(core::SoleValueCondition(out.back()) != nullptr, "a fixture filter has a sole value condition");
    }
    return out;
  }();
  return filters;
}

void CheckStoredForm(const core::Lead& lead) {
  const std::string once = core::EncodeLead(lead);
  auto back = core::DecodeLead(once);
  if (!back.has_value()) Fail(__FILE__, __LINE__, "DecodeLead(EncodeLead(lead)) succeeds", once);
  LG_FUZZ_CHECK_EQ(core::EncodeLead(*back), once);
  LG_FUZZ_CHECK(core::LeadHasValue(once, "", lead.status));
  for (const auto& [slug, option] : lead.select_values) {
    // LeadHasValue looks a select up by its raw JSON key, which is the slug itself for every
    // slug a campaign allows ([a-z0-9][a-z0-9_-]*).
    if (FixedCampaign().FindSelect(slug)) LG_FUZZ_CHECK(core::LeadHasValue(once, slug, option));
  }
}

void CheckFastPathAgrees(const core::CompiledFilter& filter, const core::Lead& lead) {
  const core::CompiledCondition* only = core::SoleValueCondition(filter);
  if (!only) return;
  const bool is_status = only->target == core::CompiledCondition::Target::kStatus;
  const bool fast = core::LeadHasValue(core::EncodeLead(lead), is_status ? "" : only->slug, only->texts.front());
  LG_FUZZ_CHECK_EQ(fast, core::Matches(filter, lead));
}

void CheckFastPath(const core::Lead& lead) {
  for (const auto& filter : SoleValueFilters()) CheckFastPathAgrees(filter, lead);
}

}  // namespace lg::fuzz

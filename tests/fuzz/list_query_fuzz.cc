// The query string of GET /v2/campaigns/{id}/leads: the input is what follows the '?'. It is
// split and percent-decoded by ParseRequestTarget exactly as the server does (when it is not a
// valid target the server answers 400 before any of this, so the input is then split on & and
// = without decoding, to reach ParseListQuery anyway), then parsed against the fixed campaign.
// An accepted query must compile (its conditions become a filter), plan, evaluate the sample
// leads, and its next link (built as net/lead_handlers.cc builds it) must parse back to the
// same conditions and sort.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/filter_json.h"
#include "core/filter_rules.h"
#include "core/list_query.h"
#include "core/percent_encoding.h"
#include "core/query_plan.h"
#include "net/request_target.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lg::core::ErrorKind;
using lg::core::ListQuery;
using Params = std::multimap<std::string, std::string>;

constexpr std::string_view kPath = "/v2/campaigns/1/leads";

Params SplitRaw(std::string_view query) {
  Params out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    out.emplace(std::string(pair.substr(0, eq)), eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1)));
  }
  return out;
}

std::string Conditions(const ListQuery& q) { return lg::core::EncodeFilter(q.conditions, true); }

// net/lead_handlers.cc's NextUrl, without the base URL.
std::string NextTarget(const Params& params, const ListQuery& q) {
  std::string url = std::string(kPath) + "?";
  for (const auto& [name, value] : params) {
    if (name == "cursor" || name == "page" || name == "limit" || name == "per_page") continue;
    url += lg::core::PercentEncode(name) + "=" + lg::core::PercentEncode(value) + "&";
  }
  // service/lead_lists.cc links page + 1 while that page is within the skip bound, else a cursor.
  if (q.page && lg::core::PageWithinSkip(*q.page + 1, q.limit)) {
    return url + "page=" + std::to_string(*q.page + 1) + "&per_page=" + std::to_string(q.limit);
  }
  lg::core::ListCursor next{q.sort, 7355922769776640,
                            q.sort == lg::core::ListSort::kUpdatedAscending ? 1764324000123 : 0};
  return url + "limit=" + std::to_string(q.limit) + "&cursor=" + lg::core::PercentEncode(lg::core::EncodeCursor(next));
}

void CheckAccepted(const Params& params, const ListQuery& q) {
  const auto& campaign = lg::fuzz::FixedCampaign();
  LG_FUZZ_CHECK(q.limit >= 1 && q.limit <= lg::core::kMaxListLimit);
  LG_FUZZ_CHECK(!(q.page && q.cursor));
  if (q.cursor) {
    LG_FUZZ_CHECK(q.cursor->sort == q.sort);
    auto again = lg::core::DecodeCursor(lg::core::EncodeCursor(*q.cursor));
    LG_FUZZ_CHECK(again && again->sort == q.cursor->sort && again->lead_id == q.cursor->lead_id &&
                  again->updated_at == q.cursor->updated_at);
  }
  lg::core::CompiledFilter conditions;
  if (!q.conditions.conditions.empty()) {
    // service/lead_service.cc compiles them; a query ParseListQuery accepted must compile.
    auto compiled = lg::core::CompileConditions(campaign, q.conditions);
    if (!compiled.has_value()) {
      lg::fuzz::Fail(__FILE__, __LINE__, "an accepted query's conditions compile", Conditions(q));
    }
    conditions = std::move(compiled).value();
  }
  (void)lg::core::PlanScan(nullptr, conditions, q.sort);
  (void)lg::core::PlanScan(&lg::fuzz::VendorFilter(), conditions, q.sort);
  for (const auto& lead : lg::fuzz::SampleLeads()) (void)lg::core::Matches(conditions, lead);

  // Following the next link gives the same conditions and sort.
  const std::string next = NextTarget(params, q);
  std::string path;
  Params next_params;
  if (!lg::net::ParseRequestTarget(next, path, next_params)) {
    lg::fuzz::Fail(__FILE__, __LINE__, "the next link is a valid target", next);
  }
  LG_FUZZ_CHECK_EQ(path, std::string(kPath));
  auto followed = lg::core::ParseListQuery(next_params, campaign);
  if (!followed.has_value()) {
    lg::fuzz::Fail(__FILE__, __LINE__, "the next link parses", next + "\n" + followed.error().detail());
  }
  LG_FUZZ_CHECK_EQ(Conditions(*followed), Conditions(q));
  LG_FUZZ_CHECK(followed->sort == q.sort);
  LG_FUZZ_CHECK_EQ(followed->limit, q.limit);
  LG_FUZZ_CHECK(followed->echo == q.echo);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  lg::fuzz::Setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view query = lg::fuzz::Text(data, size);
  std::string path;
  Params params;
  if (!lg::net::ParseRequestTarget(std::string(kPath) + "?" + std::string(query), path, params)) {
    params = SplitRaw(query);
  }
  auto q = lg::core::ParseListQuery(params, lg::fuzz::FixedCampaign());
  if (!q.has_value()) {
    LG_FUZZ_CHECK(q.error().kind() == ErrorKind::kMalformed);
    LG_FUZZ_CHECK_EQ(q.error().errors().size(), size_t{1});
    return 0;
  }
  CheckAccepted(params, *q);
  return 0;
}

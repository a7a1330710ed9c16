#pragma once
// How the crash test talks to the server: connections that never resend a request (a request cut
// off by the kill has an unknown effect, and the checks must know it was cut off), the bodies it
// sends, and readers of the answers it gets.

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lead.h"
#include "tools/common/http_client.h"
#include "tools/crash_test/model.h"

namespace lg::crash_test {

// A keep-alive connection to 127.0.0.1:port that reports, and never repeats, a request cut off.
std::unique_ptr<tools::SyncClient> Connect(uint16_t port);

// {"field_values": {...}, "select_field_values": {"source": ...}} (no select when `source` is
// empty: a vendor's filter stamps it). `values.status` is not sent: new leads get the default.
std::string CreateBody(const Values& values);
// A PATCH of status, every field in `values` and the source.
std::string PatchBody(const Values& values);

// One item of a bulk create's answer.
struct BulkItem {
  int status = 0;
  uint64_t id = 0;
  bool replayed = false;
  std::string code;
  std::optional<uint64_t> doublet_of;
};
// The items of a bulk create's 200 answer, in order; nullopt when it cannot be read.
std::optional<std::vector<BulkItem>> ParseBulkAnswer(std::string_view body);

// A problem document's `code` and `doublet_of` (409 duplicate_lead).
struct Problem {
  std::string code;
  std::optional<uint64_t> doublet_of;
};
Problem ParseProblem(std::string_view body);

// A member of a JSON object body.
std::optional<uint64_t> UintMember(std::string_view body, const char* key);
std::optional<std::string> StringMember(std::string_view body, const char* key);

// The slugs of a campaign document's fields, of its `source` select's options, and of its statuses.
struct SchemaSlugs {
  std::set<std::string> fields, options, statuses;
};
std::optional<SchemaSlugs> ParseSchema(std::string_view body);

// Pages through `leads_path` + query (e.g. "&status=won") with `token`; calls `visit` with each
// lead. False, with `error` set, on a failed request or an unreadable page.
bool ListLeads(tools::SyncClient& conn, const std::string& token, const std::string& leads_path,
               const std::string& query, const std::function<void(const core::Lead&)>& visit, std::string& error,
               size_t* pages = nullptr);

}  // namespace lg::crash_test

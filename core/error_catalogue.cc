#include "core/error_catalogue.h"

#include <algorithm>
#include <array>
#include <vector>

#include "core/code_table.h"
#include "core/problem.h"

namespace lg::core {
namespace {

constexpr ErrorAudience kClient = ErrorAudience::kClient;
constexpr ErrorAudience kAdmin = ErrorAudience::kAdmin;
constexpr ErrorAudience kOperator = ErrorAudience::kOperator;

constexpr std::array kCodes{
    ErrorCode{"backup_exists", ErrorKind::kConflict, kOperator, "the backup's target directory exists already"},
    ErrorCode{"bad_request", ErrorKind::kMalformed, kClient, "the request is not valid HTTP/1.1"},
    ErrorCode{"bad_url", ErrorKind::kMalformed, kClient,
              "a URL that cannot be used (not absolute http(s), bad characters, a user name)"},
    ErrorCode{"body_incomplete", ErrorKind::kUnavailable, kClient,
              "the body did not arrive in full within the read timeout"},
    ErrorCode{"catching_up", ErrorKind::kUnavailable, kClient,
              "cluster mode: the node is behind the position a client asked for, or behind the log"},
    ErrorCode{"checkpoint_dir_exists", ErrorKind::kConflict, kOperator,
              "a store copy is fetched into a new directory only"},
    ErrorCode{"checkpoint_failed", ErrorKind::kUnavailable, kOperator,
              "the node giving a store copy could not make it, went away or sent a bad one"},
    ErrorCode{"checkpoint_serving", ErrorKind::kConflict, kOperator, "this node serves store copies already"},
    ErrorCode{"checkpoint_unavailable", ErrorKind::kUnavailable, kOperator, "store copies cannot be exchanged now"},
    ErrorCode{"chunk_line_too_long", ErrorKind::kMalformed, kClient, "a chunked body's chunk extension over 4 KiB"},
    ErrorCode{
        "cluster_unavailable", ErrorKind::kUnavailable, kClient,
        "cluster mode: the log took no write within cluster.write_timeout_ms (retry with the same Idempotency-Key)"},
    ErrorCode{"disk_full", ErrorKind::kUnavailable, kClient,
              "the store's disk is full: nothing was written; retry after Retry-After"},
    ErrorCode{"draining", ErrorKind::kUnavailable, kClient,
              "the server is shutting down (on /readyz, and for requests arriving meanwhile)"},
    ErrorCode{"duplicate_key", ErrorKind::kMalformed, kClient,
              "a member twice in one object of a request body (errors[0].field is its path)"},
    ErrorCode{"duplicate_lead", ErrorKind::kConflict, kClient,
              "a duplicate rule rejects the lead (doublet_of names the earlier lead when the token sees it)"},
    ErrorCode{"filter_in_use", ErrorKind::kConflict, kAdmin,
              "tokens still use the filter: revoke them or change their scope first"},
    ErrorCode{"group_by_not_pinned", ErrorKind::kNotPermitted, kClient,
              "statistics grouped by a select the token's filter does not set to one option"},
    ErrorCode{"headers_too_large", ErrorKind::kHeadersTooLarge, kClient, "the request's headers are over the limit"},
    ErrorCode{"idempotency_key_in_flight", ErrorKind::kConflict, kClient,
              "a request with this Idempotency-Key is still being processed"},
    ErrorCode{"idempotency_key_reused", ErrorKind::kInvalid, kClient,
              "this Idempotency-Key was used with a different body"},
    ErrorCode{"insufficient_permission", ErrorKind::kNotPermitted, kClient,
              "the token may not do this (write with a read token, delete without can_delete_leads, admin calls)"},
    ErrorCode{"internal_error", ErrorKind::kInternal, kClient,
              "the server failed (what failed goes to its log only, also for a store read or write error)"},
    ErrorCode{"invalid_config", ErrorKind::kMalformed, kOperator,
              "a setting in the config file or command line is wrong"},
    ErrorCode{"invalid_idempotency_key", ErrorKind::kMalformed, kClient,
              "the Idempotency-Key header is empty or longer than 255 characters"},
    ErrorCode{"invalid_json", ErrorKind::kMalformed, kClient, "the body is not a JSON object (or not JSON)"},
    ErrorCode{"invalid_parameter", ErrorKind::kMalformed, kClient,
              "a query parameter is unknown or has a bad value (errors[].field names it)"},
    ErrorCode{"invalid_secret", ErrorKind::kInvalid, kClient,
              "a webhook secret that is not whsec_ followed by base64 of 24 to 64 bytes"},
    ErrorCode{"invalid_target", ErrorKind::kMalformed, kClient, "the request target is not a valid URL path"},
    ErrorCode{"invalid_url", ErrorKind::kMalformed, kClient, "a webhook URL that is not an absolute http(s) URL"},
    ErrorCode{"key_file_missing", ErrorKind::kConflict, kOperator,
              "the store has sealed secrets but the key file that opens them is gone"},
    ErrorCode{"log_truncated", ErrorKind::kConflict, kOperator,
              "the replicated log no longer holds the entries this node needs next"},
    ErrorCode{"log_unavailable", ErrorKind::kUnavailable, kOperator, "the replicated log's servers do not answer"},
    ErrorCode{"method_not_allowed", ErrorKind::kWrongMethod, kClient,
              "the path exists but not with this method (Allow names those it takes, HEAD wherever GET)"},
    ErrorCode{"no_checkpoint_source", ErrorKind::kUnavailable, kOperator, "no other node offers a store copy"},
    ErrorCode{"no_copy", ErrorKind::kUnavailable, kOperator,
              "this node needs a copy of another node's store and none was given"},
    ErrorCode{"not_a_backup", ErrorKind::kMalformed, kOperator, "the directory to restore is not a leadgate backup"},
    ErrorCode{"not_found", ErrorKind::kNotFound, kClient, "no such resource, or one outside what this token sees"},
    ErrorCode{"obsolete_line_folding", ErrorKind::kMalformed, kClient,
              "a header line continued on the next one (RFC 9112's obs-fold, which two parsers may read differently); "
              "the connection is closed"},
    ErrorCode{"outside_token_scope", ErrorKind::kInvalid, kClient,
              "a value contradicts what this token may write (a select or status its filter rules out)"},
    ErrorCode{"overloaded", ErrorKind::kUnavailable, kClient,
              "too many writes wait for the disk already; retry after Retry-After"},
    ErrorCode{"payload_too_large", ErrorKind::kBodyTooLarge, kClient,
              "the body is larger than its route takes, or a GET, HEAD or DELETE has one"},
    ErrorCode{"rate_limited", ErrorKind::kOverLimit, kClient,
              "over the token's request rate; retry after Retry-After seconds"},
    ErrorCode{"reveal_disabled", ErrorKind::kNotPermitted, kAdmin,
              "showing a token again, while security.reveal_tokens = false: rotate it instead"},
    ErrorCode{"secret_not_kept", ErrorKind::kConflict, kAdmin,
              "showing a token whose secret was not kept when it was made: rotate it instead"},
    ErrorCode{"store_exists", ErrorKind::kConflict, kOperator, "a restore's target directory holds a store already"},
    ErrorCode{"store_not_writable", ErrorKind::kUnavailable, kClient,
              "the store could not take the write (a disk error): nothing was written"},
    ErrorCode{"store_unavailable", ErrorKind::kUnavailable, kClient,
              "the store failed a read or write in the last 10 s (on /readyz)"},
    ErrorCode{"store_write_stalled", ErrorKind::kUnavailable, kClient,
              "the store holds writes back while its compactions catch up (on /readyz)"},
    ErrorCode{"token_expired", ErrorKind::kConflict, kAdmin, "showing an expired token"},
    ErrorCode{"token_revoked", ErrorKind::kConflict, kAdmin, "showing or rotating a revoked token"},
    ErrorCode{"too_many_client_connections", ErrorKind::kOverLimit, kClient,
              "this client address holds server.max_connections_per_client connections already"},
    ErrorCode{"too_many_concurrent_requests", ErrorKind::kOverLimit, kClient,
              "this client address has as many requests in flight as it may; retry after Retry-After"},
    ErrorCode{"too_many_connections", ErrorKind::kUnavailable, kClient,
              "the server holds server.max_connections connections already"},
    ErrorCode{"too_many_failed_authentications", ErrorKind::kOverLimit, kClient,
              "too many bad tokens from this address; retry after Retry-After seconds"},
    ErrorCode{"too_many_leads", ErrorKind::kBodyTooLarge, kClient,
              "a bulk create holds more leads than limits.bulk_max_leads"},
    ErrorCode{"too_many_requests", ErrorKind::kOverLimit, kClient,
              "too many anonymous documentation requests from this address; retry after Retry-After"},
    ErrorCode{"too_many_streams", ErrorKind::kOverLimit, kClient,
              "this token has stream.max_per_token event streams open already; close one first"},
    ErrorCode{"unauthorized", ErrorKind::kUnauthenticated, kClient,
              "missing, malformed, unknown, revoked or expired token (one answer for all)"},
    ErrorCode{"unsupported_media_type", ErrorKind::kUnsupportedFormat, kClient,
              "a bulk body that is neither application/json nor application/x-ndjson"},
    ErrorCode{"unsupported_transfer_encoding", ErrorKind::kMalformed, kClient,
              "a body framed by anything but one Content-Length or exactly Transfer-Encoding: chunked"},
    ErrorCode{"validation_failed", ErrorKind::kInvalid, kClient,
              "errors[] lists every member at fault with its own code"},
};

static_assert(SortedByCode(kCodes), "keep the catalogue sorted by code, each code once");

}  // namespace

std::span<const ErrorCode> ErrorCodes() { return kCodes; }

const ErrorCode* FindErrorCode(std::string_view code) { return FindByCode(kCodes, code); }

std::string ClientErrorTableMarkdown() {
  std::vector<const ErrorCode*> rows;
  for (const ErrorCode& entry : kCodes) {
    if (entry.audience != ErrorAudience::kOperator) rows.push_back(&entry);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const ErrorCode* a, const ErrorCode* b) {
    return HttpStatusOf(a->kind) < HttpStatusOf(b->kind);
  });
  std::string out = "| status | code | meaning |\n| --- | --- | --- |\n";
  for (const ErrorCode* entry : rows) {
    out.append("| ").append(std::to_string(HttpStatusOf(entry->kind))).append(" | `").append(entry->code);
    out.append("` | ").append(entry->meaning).append(" |\n");
  }
  return out;
}

}  // namespace lg::core

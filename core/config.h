#pragma once
// Server settings. One declarative table in config.cc lists every key once with its type,
// default, bounds and one-line meaning; it drives TOML parsing, validation, flag overrides,
// `--print-config` and the documented example file config/leadgate.toml.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/campaign.h"
#include "core/status.h"

namespace lg::core {

struct Config {
  std::string listen = "127.0.0.1";
  int64_t port = 8080;
  std::string public_base_url;
  int64_t io_threads = 2;
  // Handlers that block on the disk (PATCH, bulk, admin writes) run on these; each holds its
  // thread through its fsync, so there are more than cores for such writes to share fsyncs.
  // Reads and single creates never use them.
  int64_t worker_threads = 8;
  // Reads whose cost grows with the data (lead lists, counts, stats) run on these. They only
  // compute, so more threads than cores add thread switches, not throughput.
  int64_t read_threads = 2;
  int64_t body_limit_bytes = 1 << 20;
  int64_t header_limit_bytes = 16 << 10;
  int64_t read_timeout_ms = 30000;
  int64_t header_timeout_ms = 10000;
  int64_t max_connections = 4096;
  int64_t max_connections_per_client = 256;
  int64_t max_requests_per_client = 128;
  std::string trusted_proxies;  // comma-separated addresses whose X-Forwarded-For is believed
  std::string data_dir = "data";
  std::string durability = "fsync";   // fsync | os
  std::string backup_dir;             // empty: <data_dir>/backups
  int64_t max_queued_writes = 10000;  // writes waiting for the disk; more: 503 overloaded
  std::string account_name = "leadgate";
  std::string account_slug = "leadgate";
  std::string time_zone = "UTC";
  std::string log_level = "info";
  std::string key_file;  // empty: <data_dir>/secret.key
  bool reveal_tokens = true;
  bool metrics_require_admin = true;
  bool account_docs_require_admin = true;
  int64_t token_rate_per_second = 100;
  int64_t token_burst = 200;
  int64_t auth_failures_per_minute = 30;
  int64_t auth_failure_burst = 20;
  int64_t bulk_body_limit_bytes = 64LL << 20;
  int64_t bulk_max_leads = 10000;
  int64_t json_max_depth = kDefaultJsonMaxDepth;  // of a json field's value
  int64_t idempotency_retention_hours = 24;
  int64_t docs_requests_per_minute = 120;
  int64_t docs_burst = 60;
  int64_t stream_max_per_token = 5;
  int64_t stream_heartbeat_seconds = 15;
  int64_t stream_max_wait_seconds = 60;
  int64_t audit_retention_days = 90;
  int64_t erasure_disk_purge_seconds = 600;
  int64_t erasure_tombstone_retention_days = 30;
  int64_t erasure_retention_interval_seconds = 60;
  int64_t erasure_retention_leads_per_second = 200;
  std::string webhooks_allowed_networks;  // comma-separated networks deliveries may reach though not public
  bool webhooks_allow_http = false;
  int64_t webhooks_timeout_seconds = 15;
  std::string webhooks_ca_file;
  int64_t webhooks_max_in_flight = 64;
  int64_t webhooks_max_in_flight_per_endpoint = 4;
  int64_t webhooks_disable_after_failing_hours = 120;
  int64_t webhooks_log_retention_days = 30;
  bool cluster_enabled = false;
  std::string cluster_nats_urls;  // comma-separated
  int64_t cluster_node_id = 1;
  int64_t cluster_stream_replicas = 3;
  std::string cluster_stream = "leadgate";
  int64_t cluster_write_timeout_ms = 10000;
  int64_t cluster_read_wait_ms = 5000;
  int64_t cluster_max_ready_lag = 1000;
  int64_t cluster_outbox_retention_s = 300;
  int64_t cluster_stream_max_entries = 0;
  int64_t cluster_stream_max_age_hours = 720;
  int64_t cluster_copy_after_entries = 100000;
  // Not a config key: tests set it (> 0) to shorten the idempotency window to milliseconds.
  int64_t idempotency_retention_ms_for_tests = 0;

  // key_file, or its default inside data_dir.
  std::string KeyFilePath() const;

  // The URL clients use to reach the server: public_base_url, or http://listen:port.
  std::string BaseUrl() const;
};

// Reads `path` (TOML; nullopt = defaults only), then applies `overrides` ("server.port" ->
// "9090"), then validates (ValidateConfig). Unknown keys, wrong types and out-of-range values
// fail with a message naming the key.
Result<Config> LoadConfig(const std::optional<std::string>& path, const std::map<std::string, std::string>& overrides);

// Every check of every key (ranges, addresses, the time zone, ...), so that a bad setting stops a
// start before anything is read or written: LoadConfig runs it, and so does the server when it
// is given a Config built some other way.
Status ValidateConfig(const Config& config);

// The effective settings as TOML, each key preceded by its meaning and default.
std::string RenderConfig(const Config& config);

}  // namespace lg::core

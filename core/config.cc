#include "core/config.h"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <variant>

#include "core/outbound_address.h"
#include "core/slug.h"
#include "core/text_split.h"
#include "core/time_util.h"

namespace lg::core {
namespace {

struct ConfigKey {
  std::string_view section;
  std::string_view name;
  std::variant<int64_t Config::*, std::string Config::*, bool Config::*> member;
  int64_t min = 0;
  int64_t max = 0;
  std::string_view doc;
};

const std::array<ConfigKey, 64> kKeys{{
    {"server", "listen", &Config::listen, 0, 0, "address to listen on"},
    {"server", "port", &Config::port, 0, 65535, "TCP port; 0 picks a free one"},
    {"server", "public_base_url", &Config::public_base_url, 0, 0,
     "URL clients reach the server at, http:// or https:// (docs links, Link headers); empty = http://listen:port"},
    {"server", "io_threads", &Config::io_threads, 1, 64,
     "network reactor threads, each with its own event loop (a connection stays on one)"},
    {"server", "worker_threads", &Config::worker_threads, 1, 256,
     "threads for work that may wait on the disk: PATCH, bulk creates, admin writes, and what a "
     "create reads first (its Idempotency-Key, duplicate rules); a get and a create's commit stay on the reactors. "
     "Also the most such writes waiting for an fsync at once"},
    {"server", "read_threads", &Config::read_threads, 1, 256,
     "threads for reads that may take long (lead lists, counts, statistics): as many as cores, as they only "
     "compute"},
    {"server", "body_limit_bytes", &Config::body_limit_bytes, 1024, 1LL << 30,
     "largest request body; bigger ones get 413 before they are read"},
    {"server", "header_limit_bytes", &Config::header_limit_bytes, 1024, 1 << 20,
     "largest request header block; bigger ones get 431"},
    {"server", "read_timeout_ms", &Config::read_timeout_ms, 100, 3600000,
     "idle time on a kept-alive connection before its next request, and the longest a request body may make no "
     "progress"},
    {"server", "header_timeout_ms", &Config::header_timeout_ms, 100, 3600000,
     "time allowed for a request's headers to arrive, from its first byte (from the accept for a new connection): "
     "clients trickling headers are cut off"},
    {"server", "max_connections", &Config::max_connections, 1, 1000000,
     "most connections open at once; one more is answered 503 (Retry-After: 1) and closed at once"},
    {"server", "max_connections_per_client", &Config::max_connections_per_client, 0, 1000000,
     "most connections one TCP peer address may have open at once, counted from the accept; one more is answered "
     "429 too_many_client_connections and closed (0 = no limit; trusted proxies are not limited)"},
    {"server", "max_requests_per_client", &Config::max_requests_per_client, 1, 100000,
     "most requests one client address may have in progress at once; over it: 429"},
    {"server", "trusted_proxies", &Config::trusted_proxies, 0, 0,
     "comma-separated addresses of reverse proxies whose X-Forwarded-For names the client; empty = none"},
    {"store", "data_dir", &Config::data_dir, 0, 0, "directory holding the RocksDB store and key files"},
    {"store", "backup_dir", &Config::backup_dir, 0, 0,
     "where POST /v2/admin/backup writes backups (one directory each); empty = <data_dir>/backups"},
    {"store", "durability", &Config::durability, 0, 0,
     "when a write is acknowledged: fsync = on disk (a 2xx survives a power cut; concurrent writes share fsyncs), "
     "os = handed to the OS without fsync (survives a process crash, not a power cut)"},
    {"store", "max_queued_writes", &Config::max_queued_writes, 1, 1000000,
     "most writes waiting for the disk at once; one more is answered 503 overloaded (Retry-After: 1) at once, "
     "which bounds memory when the disk cannot keep up"},
    {"account", "name", &Config::account_name, 0, 0, "account name shown in documentation"},
    {"account", "slug", &Config::account_slug, 0, 0, "account URL slug (/a/{slug}/api-documentation)"},
    {"account", "time_zone", &Config::time_zone, 0, 0,
     "IANA zone for inputs written as YYYY-MM-DD HH:MM:SS (stored and returned in UTC), and whose days the vendor "
     "statistics count in"},
    {"security", "key_file", &Config::key_file, 0, 0,
     "key file for token hashes and encrypted token secrets (0600); empty = <data_dir>/secret.key. Keep it "
     "apart from backups of the store: without it the store authenticates nobody and reveals no token"},
    {"security", "reveal_tokens", &Config::reveal_tokens, 0, 0,
     "keep token secrets (encrypted) so admins can show them again; false = show-once tokens"},
    {"security", "metrics_require_admin", &Config::metrics_require_admin, 0, 0,
     "serve GET /metrics only to admin tokens; false = no token needed (then restrict who reaches the port)"},
    {"security", "account_docs_require_admin", &Config::account_docs_require_admin, 0, 0,
     "true = the account documentation (/a/{slug}/api-documentation and its openapi.json, openapi.yaml, "
     "postman.json) needs an admin token (401 without a token, 403 for any other token); false = public, and then "
     "it lists every option of every select (every vendor's slug and label) to anyone"},
    {"limits", "token_requests_per_second", &Config::token_rate_per_second, 1, 1000000,
     "default request rate per token (a token may override it); over it: 429"},
    {"limits", "token_burst", &Config::token_burst, 1, 10000000, "default burst per token above the steady rate"},
    {"limits", "auth_failures_per_minute", &Config::auth_failures_per_minute, 1, 100000,
     "failed authentications allowed per client address per minute; over it: 429 for that address"},
    {"limits", "auth_failure_burst", &Config::auth_failure_burst, 1, 100000,
     "failed authentications a client address may make at once before the rate applies"},
    {"limits", "bulk_body_limit_bytes", &Config::bulk_body_limit_bytes, 1024, 1LL << 30,
     "largest body of a bulk create (POST /v2/campaigns/{id}/leads/bulk); bigger ones get 413 before they are read"},
    {"limits", "bulk_max_leads", &Config::bulk_max_leads, 1, 10000000,
     "most leads one bulk create may hold; more: 413 too_many_leads, nothing stored"},
    {"limits", "json_max_depth", &Config::json_max_depth, 1, 512,
     "deepest nesting of arrays and objects in the value of a json field; deeper: 422 too_deep, nothing stored "
     "(common JSON readers fail on pages holding very deep values)"},
    {"limits", "idempotency_retention_hours", &Config::idempotency_retention_hours, 1, 24LL * 365,
     "how long a create's response is kept for retries with the same Idempotency-Key"},
    {"limits", "docs_requests_per_minute", &Config::docs_requests_per_minute, 1, 1000000,
     "public documentation requests allowed per client address per minute; over it: 429"},
    {"limits", "docs_burst", &Config::docs_burst, 1, 1000000,
     "public documentation requests a client address may make at once before the rate applies"},
    {"stream", "max_per_token", &Config::stream_max_per_token, 1, 10000,
     "open event streams (GET /v2/campaigns/{id}/leads/events) one token may have at once; one more: 429 "
     "too_many_streams"},
    {"stream", "heartbeat_seconds", &Config::stream_heartbeat_seconds, 1, 3600,
     "an event stream with nothing to send sends a comment line this often, so proxies keep it open"},
    {"stream", "max_wait_seconds", &Config::stream_max_wait_seconds, 1, 3600,
     "the largest wait= a sort=updated_at lead list may ask for (a long-poll: the answer waits while the page "
     "would be empty)"},
    {"audit", "retention_days", &Config::audit_retention_days, 1, 36500,
     "how long audit events are kept; older ones are deleted in the background"},
    {"erasure", "disk_purge_seconds", &Config::erasure_disk_purge_seconds, 1, 7LL * 86400,
     "a deleted lead's bytes leave every file of the data directory within this many seconds plus one purge "
     "(a flush and a compaction of what was deleted; README, \"Deleting leads\"); backups keep their copies"},
    {"erasure", "tombstone_retention_days", &Config::erasure_tombstone_retention_days, 1, 36500,
     "how long a deleted lead's tombstone (id, campaign, times; no personal data) stays in the sort=updated_at "
     "feed, so syncing clients learn of the deletion"},
    {"erasure", "retention_interval_seconds", &Config::erasure_retention_interval_seconds, 1, 86400,
     "how often the server looks for leads past their campaign's retention_days (and tombstones past theirs) and "
     "erases them, in batches; a full batch is followed by the next at once"},
    {"erasure", "retention_leads_per_second", &Config::erasure_retention_leads_per_second, 1, 1000000,
     "the most leads retention erases a second, spread evenly, so its synced deletions leave the disk to the writes "
     "around them (single node; a cluster's pass is one log entry)"},
    {"webhooks", "allowed_networks", &Config::webhooks_allowed_networks, 0, 0,
     "comma-separated networks (10.0.0.0/8, 192.168.1.20, fd00::/8) webhook deliveries may reach though they are "
     "not public (loopback, private, link-local, CGNAT, metadata...); blank = public addresses only"},
    {"webhooks", "allow_http", &Config::webhooks_allow_http, 0, 0,
     "true lets webhook endpoints use plain http:// URLs; false = https only"},
    {"webhooks", "timeout_seconds", &Config::webhooks_timeout_seconds, 1, 300,
     "the longest one delivery may take, from resolving the host to reading the answer"},
    {"webhooks", "ca_file", &Config::webhooks_ca_file, 0, 0,
     "a PEM file of CAs trusted for webhook endpoints on top of the system's (a private CA); blank = the system's"},
    {"webhooks", "max_in_flight", &Config::webhooks_max_in_flight, 1, 10000,
     "webhook deliveries in progress at once, in all"},
    {"webhooks", "max_in_flight_per_endpoint", &Config::webhooks_max_in_flight_per_endpoint, 1, 1000,
     "webhook deliveries in progress at once to one endpoint"},
    {"webhooks", "disable_after_failing_hours", &Config::webhooks_disable_after_failing_hours, 1, 8760,
     "an endpoint whose deliveries have all failed for this long is disabled (reason \"failing\", audited)"},
    {"webhooks", "log_retention_days", &Config::webhooks_log_retention_days, 1, 3650,
     "how long lead events and the webhook delivery log are kept; older ones are deleted hourly"},
    {"log", "level", &Config::log_level, 0, 0, "trace, debug, info, warn, error or off"},
    {"cluster", "enabled", &Config::cluster_enabled, 0, 0,
     "false = one node with its embedded store (the default); true = this node is one of a cluster: every change "
     "goes through a replicated log on NATS JetStream and every node applies it to its own store (README, "
     "\"Running a cluster\")"},
    {"cluster", "nats_urls", &Config::cluster_nats_urls, 0, 0,
     "comma-separated NATS server URLs of the JetStream cluster (nats://host:4222,...)"},
    {"cluster", "node_id", &Config::cluster_node_id, 1, 15,
     "this node's id, unique in the cluster: part of every id it proposes, so ids stay unique and time-ordered"},
    {"cluster", "stream_replicas", &Config::cluster_stream_replicas, 1, 5,
     "copies of the log the JetStream stream keeps (when leadgate creates it); 3 survives the loss of one server"},
    {"cluster", "stream", &Config::cluster_stream, 0, 0,
     "name of the JetStream stream holding the log (created when missing); its subject is <stream>.commands"},
    {"cluster", "write_timeout_ms", &Config::cluster_write_timeout_ms, 100, 600000,
     "the longest a write waits for the log to take it and this node to apply it; then 503 cluster_unavailable "
     "(Retry-After: 1; the write may still be applied: retry with the same Idempotency-Key)"},
    {"cluster", "read_wait_ms", &Config::cluster_read_wait_ms, 0, 600000,
     "the longest a request with a Leadgate-Min-Position header waits for this node to apply that far; then 503 "
     "catching_up"},
    {"cluster", "max_ready_lag", &Config::cluster_max_ready_lag, 0, 1LL << 40,
     "log entries this node may be behind the stream and still answer /readyz 200; further behind: 503 catching_up"},
    {"cluster", "outbox_retention_s", &Config::cluster_outbox_retention_s, 0, 86400,
     "how long a write this node took stays in its outbox after it is applied, to be appended again should the "
     "log's servers lose it: longer than they may hold an entry in memory only (nats-server 2.9: 2 minutes)"},
    {"cluster", "stream_max_entries", &Config::cluster_stream_max_entries, 0, 1LL << 40,
     "entries the stream keeps (when leadgate creates it), the oldest dropped first; 0 keeps every entry. A node "
     "that falls further behind catches up from a copy of another node's store"},
    {"cluster", "stream_max_age_hours", &Config::cluster_stream_max_age_hours, 0, 24LL * 3650,
     "how long the stream keeps an entry (also set on a stream that exists); 0 keeps every entry. An erased lead's "
     "commands leave the log within this time; a node further behind catches up from a copy"},
    {"cluster", "copy_after_entries", &Config::cluster_copy_after_entries, 0, 1LL << 40,
     "a node whose store is empty (new or wiped) and that is more than this many log entries behind fetches a copy "
     "of another node's store at start instead of applying the whole log"},
}};

std::string FullName(const ConfigKey& key) { return std::string(key.section) + "." + std::string(key.name); }

const ConfigKey* FindKey(std::string_view full_name) {
  for (const auto& key : kKeys) {
    if (FullName(key) == full_name) return &key;
  }
  return nullptr;
}

Status BadKey(const std::string& name, const std::string& why) {
  return Status::Malformed("invalid_config", "config key '" + name + "' " + why);
}

Status SetInt(Config& config, const ConfigKey& key, int64_t value) {
  if (value < key.min || value > key.max) {
    return BadKey(FullName(key), "is out of range: " + std::to_string(value) + " (allowed " + std::to_string(key.min) +
                                     ".." + std::to_string(key.max) + ")");
  }
  config.*std::get<int64_t Config::*>(key.member) = value;
  return Status::Ok();
}

Status ApplyTomlValue(Config& config, const ConfigKey& key, const toml::node& node) {
  if (std::holds_alternative<int64_t Config::*>(key.member)) {
    auto v = node.value<int64_t>();
    if (!node.is_integer() || !v) return BadKey(FullName(key), "must be an integer");
    return SetInt(config, key, *v);
  }
  if (std::holds_alternative<bool Config::*>(key.member)) {
    auto b = node.value<bool>();
    if (!node.is_boolean() || !b) return BadKey(FullName(key), "must be true or false");
    config.*std::get<bool Config::*>(key.member) = *b;
    return Status::Ok();
  }
  auto v = node.value<std::string>();
  if (!node.is_string() || !v) return BadKey(FullName(key), "must be a string");
  config.*std::get<std::string Config::*>(key.member) = *v;
  return Status::Ok();
}

Status ApplyOverride(Config& config, const ConfigKey& key, const std::string& text) {
  if (std::holds_alternative<int64_t Config::*>(key.member)) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return BadKey(FullName(key), "must be an integer");
    return SetInt(config, key, v);
  }
  if (std::holds_alternative<bool Config::*>(key.member)) {
    if (text != "true" && text != "false") return BadKey(FullName(key), "must be true or false");
    config.*std::get<bool Config::*>(key.member) = text == "true";
    return Status::Ok();
  }
  config.*std::get<std::string Config::*>(key.member) = text;
  return Status::Ok();
}

// An IPv4 or IPv6 address as the server reads one (IPv6 perhaps with a %scope), not a name.
bool IsIpAddress(const std::string& text) {
  unsigned char bytes[16];
  if (text.find(':') == std::string::npos) return ::inet_pton(AF_INET, text.c_str(), bytes) == 1;
  const std::string address = text.substr(0, text.find('%'));
  return ::inet_pton(AF_INET6, address.c_str(), bytes) == 1 &&
         (address.size() == text.size() || address.size() + 1 < text.size());
}

// server.trusted_proxies: blank (none), or comma-separated addresses, blanks around each ignored.
// The HTTP server reads it the same way when it starts; checked here so that a bad entry stops
// `serve` before it touches the data directory, and `--print-config` too.
Status ValidateTrustedProxies(const std::string& list) {
  if (list.find_first_not_of(" \t") == std::string::npos) return Status::Ok();
  for (std::string_view piece : SplitList(list)) {
    const std::string entry(TrimBlanks(piece));
    if (!IsIpAddress(entry)) {
      return BadKey("server.trusted_proxies", "holds \"" + entry +
                                                  "\", which is not an IP address (a comma-separated list of IPv4/IPv6 "
                                                  "addresses is expected; names and ranges are not supported)");
    }
  }
  return Status::Ok();
}

// The checks that need more than a key's type and range.
Status ValidateStrings(const Config& c) {
  static constexpr std::array<std::string_view, 6> kLevels{"trace", "debug", "info", "warn", "error", "off"};
  if (std::find(kLevels.begin(), kLevels.end(), c.log_level) == kLevels.end()) {
    return BadKey("log.level", "must be one of trace, debug, info, warn, error, off");
  }
  if (!IsValidSlug(c.account_slug)) return BadKey("account.slug", "must match [a-z0-9][a-z0-9_-]*");
  if (!IsIpAddress(c.listen)) return BadKey("server.listen", "must be an IP address (\"" + c.listen + "\" is not)");
  LG_RETURN_IF_ERROR(ValidateTrustedProxies(c.trusted_proxies));
  if (auto networks = ParseNetworks(c.webhooks_allowed_networks); !networks.has_value()) {
    return BadKey("webhooks.allowed_networks", networks.error().detail());
  }
  if (!IsKnownTimeZone(c.time_zone)) {
    return BadKey("account.time_zone", "names an unknown zone: \"" + c.time_zone + "\" (an IANA name is expected)");
  }
  // It becomes the start of every docs link and Link header, and the console's link targets.
  if (!c.public_base_url.empty() && !c.public_base_url.starts_with("http://") &&
      !c.public_base_url.starts_with("https://")) {
    return BadKey("server.public_base_url", "must start with http:// or https://");
  }
  if (c.data_dir.empty()) return BadKey("store.data_dir", "must not be empty");
  if (c.durability != "fsync" && c.durability != "os") return BadKey("store.durability", "must be fsync or os");
  if (c.cluster_enabled) {
    if (c.cluster_nats_urls.empty()) return BadKey("cluster.nats_urls", "must name the NATS servers in cluster mode");
    if (!IsValidSlug(c.cluster_stream) || c.cluster_stream.find('.') != std::string::npos) {
      return BadKey("cluster.stream", "must match [a-z0-9][a-z0-9_-]*");
    }
  }
  return Status::Ok();
}

std::string TomlQuote(const std::string& s) {
  std::string out = "\"";
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) {
      // TOML forbids raw control characters (other than tab) in basic strings.
      out += "\\u00";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
      continue;
    }
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::string Config::KeyFilePath() const { return key_file.empty() ? data_dir + "/secret.key" : key_file; }

std::string Config::BaseUrl() const {
  if (!public_base_url.empty()) {
    std::string url = public_base_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  return "http://" + listen + ":" + std::to_string(port);
}

Result<Config> LoadConfig(const std::optional<std::string>& path, const std::map<std::string, std::string>& overrides) {
  Config config;
  if (path) {
    toml::table root;
    try {
      root = toml::parse_file(*path);
    } catch (const toml::parse_error& e) {
      return Status::Malformed("invalid_config",
                               "cannot read config file " + *path + ": " + std::string(e.description()));
    }
    for (auto&& [section_name, section_node] : root) {
      const toml::table* section = section_node.as_table();
      if (!section) return BadKey(std::string(section_name.str()), "is not a known section");
      for (auto&& [name, node] : *section) {
        std::string full = std::string(section_name.str()) + "." + std::string(name.str());
        const ConfigKey* key = FindKey(full);
        if (!key) return BadKey(full, "is not a known setting");
        LG_RETURN_IF_ERROR(ApplyTomlValue(config, *key, node));
      }
    }
  }
  for (const auto& [name, value] : overrides) {
    const ConfigKey* key = FindKey(name);
    if (!key) return BadKey(name, "is not a known setting");
    LG_RETURN_IF_ERROR(ApplyOverride(config, *key, value));
  }
  LG_RETURN_IF_ERROR(ValidateConfig(config));
  return config;
}

Status ValidateConfig(const Config& config) {
  for (const auto& key : kKeys) {
    if (const auto* m = std::get_if<int64_t Config::*>(&key.member);
        m && (config.**m < key.min || config.**m > key.max)) {
      return BadKey(FullName(key), "is out of range: " + std::to_string(config.**m) + " (allowed " +
                                       std::to_string(key.min) + ".." + std::to_string(key.max) + ")");
    }
  }
  return ValidateStrings(config);
}

std::string RenderConfig(const Config& config) {
  const Config defaults;
  std::string out =
      "# leadgate configuration. Every key, its meaning and its default.\n"
      "# Flags override this file: leadgate serve --config FILE --set section.key=value\n";
  std::string_view section;
  for (const auto& key : kKeys) {
    if (key.section != section) {
      section = key.section;
      out += "\n[" + std::string(section) + "]\n";
    }
    std::string value, default_value;
    if (auto* m = std::get_if<int64_t Config::*>(&key.member)) {
      value = std::to_string(config.**m);
      default_value = std::to_string(defaults.**m);
    } else if (auto* b = std::get_if<bool Config::*>(&key.member)) {
      value = config.**b ? "true" : "false";
      default_value = defaults.**b ? "true" : "false";
    } else {
      auto s = std::get<std::string Config::*>(key.member);
      value = TomlQuote(config.*s);
      default_value = TomlQuote(defaults.*s);
    }
    out += "# " + std::string(key.doc) + " (default " + default_value + ")\n";
    out += std::string(key.name) + " = " + value + "\n";
  }
  return out;
}

}  // namespace lg::core

// leadgate-bench: the bundled HTTP load generator. Sets up a campaign with per-vendor filters
// and scoped tokens through the admin API (or uses an existing campaign/token), optionally
// preloads leads, then drives one scenario for a fixed time over keep-alive connections, closed
// loop or open loop at a fixed rate, and reports throughput, errors and latency percentiles.
// It is a pure HTTP client: nothing here touches the server's store, network or auth code.
//
//   leadgate-bench --url http://127.0.0.1:8080 --scenario ingest --connections 64 --duration 10s
//   leadgate-bench --scenario get --rate 5000 --duration 30s --json out.json

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "tools/bench/engine.h"
#include "tools/bench/options.h"
#include "tools/bench/report.h"
#include "tools/bench/setup.h"
#include "tools/bench/slow_clients.h"
#include "tools/common/guarded_main.h"

namespace lg::bench {

std::optional<std::chrono::nanoseconds> ParseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  size_t unit = 0;
  while (unit < text.size() && (std::isdigit(static_cast<unsigned char>(text[unit])) || text[unit] == '.')) ++unit;
  if (unit == 0) return std::nullopt;
  double value = 0;
  try {
    size_t used = 0;
    value = std::stod(std::string(text.substr(0, unit)), &used);
    if (used != unit) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::string_view suffix = text.substr(unit);
  double scale = 0;
  if (suffix.empty() || suffix == "s")
    scale = 1e9;
  else if (suffix == "ms")
    scale = 1e6;
  else if (suffix == "us")
    scale = 1e3;
  else if (suffix == "m")
    scale = 60e9;
  else if (suffix == "h")
    scale = 3600e9;
  else
    return std::nullopt;
  return std::chrono::nanoseconds(static_cast<int64_t>(value * scale));
}

namespace {

std::atomic<bool> g_interrupt{false};
extern "C" void OnInterrupt(int) { g_interrupt.store(true); }

using Weights = std::array<int, kOpCount>;

bool ParseMix(const std::string& text, Weights& weights, std::string& error) {
  weights = {};
  std::stringstream in(text);
  std::string part;
  int total = 0;
  while (std::getline(in, part, ',')) {
    size_t eq = part.find('=');
    std::string name = part.substr(0, eq);
    int weight = 0;
    try {
      weight = eq == std::string::npos ? -1 : std::stoi(part.substr(eq + 1));
    } catch (const std::exception&) {
      weight = -1;
    }
    bool known = false;
    for (size_t i = 0; i < kOpCount; ++i) {
      if (static_cast<Op>(i) == Op::kRaw) continue;  // a scenario of its own, never mixed
      if (name == OpName(static_cast<Op>(i))) {
        known = true;
        if (weight < 0) break;
        weights[i] = weight;
        total += weight;
      }
    }
    if (!known || weight < 0) {
      error = "--mix: '" + part + "' is not op=weight with op one of ingest, bulk, get, list";
      return false;
    }
  }
  if (total <= 0) {
    error = "--mix: the weights add up to 0";
    return false;
  }
  return true;
}

// The measured workload: each request picks an operation by weight and a vendor at random.
class ScenarioWorkload : public Workload {
 public:
  ScenarioWorkload(const Options& options, const Fixture& fixture, Weights weights) : fixture_(fixture) {
    int sum = 0;
    for (size_t i = 0; i < kOpCount; ++i) {
      sum += weights[i];
      cumulative_[i] = sum;
    }
    std::string leads = "/v2/campaigns/" + std::to_string(fixture.campaign_id) + "/leads";
    leads_path_ = leads;
    bulk_path_ = leads + "/bulk";
    list_target_ = leads + "?limit=" + std::to_string(options.list_limit);
    for (size_t v = 0; v < fixture.vendors.size(); ++v) {
      if (!fixture.vendors[v].lead_ids.empty()) with_ids_.push_back(v);
    }
  }

  bool Next(std::mt19937_64& rng, Request& out) override {
    int pick = static_cast<int>(rng() % static_cast<uint64_t>(cumulative_.back()));
    size_t op = 0;
    while (pick >= cumulative_[op]) ++op;
    size_t v = rng() % fixture_.vendors.size();
    out.op = static_cast<Op>(op);
    out.post = false;
    out.body = {};
    switch (out.op) {
      case Op::kIngest: {
        const Vendor& vendor = fixture_.vendors[v];
        out.post = true;
        out.target = leads_path_;
        out.body = vendor.bodies[rng() % vendor.bodies.size()];
        out.content_type = "application/json";
        break;
      }
      case Op::kBulk:
        out.post = true;
        out.target = bulk_path_;
        out.body = fixture_.vendors[v].batch;
        out.content_type = "application/x-ndjson";
        break;
      case Op::kGet: {
        v = with_ids_[rng() % with_ids_.size()];
        const auto& ids = fixture_.vendors[v].lead_ids;
        out.target = leads_path_ + "/" + std::to_string(ids[rng() % ids.size()]);
        break;
      }
      case Op::kList:
        out.target = list_target_;
        break;
      case Op::kRaw:
        break;
    }
    out.token = fixture_.vendors[v].token;
    out.vendor = static_cast<int>(v);
    return true;
  }

 private:
  const Fixture& fixture_;
  std::array<int, kOpCount> cumulative_{};
  std::string leads_path_, bulk_path_, list_target_;
  std::vector<size_t> with_ids_;
};

// The run, with --slow-clients trickling alongside it for its whole length.
RunResult RunWithSlowClients(const Options& o, const EngineOptions& eo, Workload& workload) {
  if (o.slow_clients == 0) return RunLoad(eo, workload);
  SlowClients slow(eo.url, o.slow_clients, o.slow_interval);
  RunResult result = RunLoad(eo, workload);
  const SlowClientStats stats = slow.Stop();
  std::fprintf(stderr, "leadgate-bench: %d slow clients: %llu connects, %llu closed by the server, %llu bytes sent\n",
               o.slow_clients, static_cast<unsigned long long>(stats.connects),
               static_cast<unsigned long long>(stats.closed), static_cast<unsigned long long>(stats.bytes));
  return result;
}

// Prints the report (and writes the JSON); the exit status of a finished run.
int Finish(const Options& o, const Fixture& fixture, const RunResult& result) {
  const bool json_stdout = o.json_out == "-";
  PrintTable(json_stdout ? stderr : stdout, o, fixture, result);
  if (!o.json_out.empty()) {
    std::string json = ReportJson(o, fixture, result) + "\n";
    if (json_stdout) {
      std::fwrite(json.data(), 1, json.size(), stdout);
    } else {
      std::ofstream file(o.json_out);
      file << json;
      if (!file) {
        std::fprintf(stderr, "leadgate-bench: cannot write %s\n", o.json_out.c_str());
        return 3;
      }
    }
  }
  if (result.total.ok == 0) {
    std::fprintf(stderr, "leadgate-bench: no request succeeded\n");
    return 1;
  }
  return 0;
}

// --scenario raw: the same request to --url over and over, no set-up (for comparisons with
// other servers, e.g. tools/bench-vs-nginx).
class RawWorkload : public Workload {
 public:
  explicit RawWorkload(const Options& options)
      : post_(options.method == "POST"), body_(static_cast<size_t>(options.body_size), 'x'), token_(options.token) {}

  bool Next(std::mt19937_64&, Request& out) override {
    out.op = Op::kRaw;
    out.post = post_;
    out.target = {};  // the URL's own path
    out.token = token_;
    out.body = post_ ? std::string_view(body_) : std::string_view();
    out.content_type = "application/octet-stream";
    return true;
  }

 private:
  bool post_;
  std::string body_, token_;
};

constexpr const char* kFooter = R"(
Scenarios (every request uses a vendor's scoped read_write token, picked at random):
  ingest  POST /v2/campaigns/{id}/leads, one lead padded to --body-size bytes
  bulk    POST /v2/campaigns/{id}/leads/bulk, --batch-size NDJSON leads per request
  get     GET /v2/campaigns/{id}/leads/{lead_id}, a preloaded lead of that vendor
  list    GET /v2/campaigns/{id}/leads?limit=--list-limit (the vendor's newest page)
  mixed   by --mix weights, default ingest=20,get=60,list=20 (bulk=N may be added)
  raw     --method GET or POST (a --body-size byte body) to --url exactly as given (path and
          query included), with no set-up and no token (unless --token): any HTTP server

Set-up: without --campaign-id, creates a campaign (fields name, email, phone, note; a source
select with options vendor-1..N), one `source eq vendor-k` filter and one filtered read_write
token per vendor (rate limit raised to 1,000,000/s), and revokes the tokens at the end (unless
--keep-tokens). With --campaign-id it mints one campaign-wide token instead, or uses --token
as is (then no admin token is needed, and the server's per-token rate limit applies).
--preload N creates N leads first (default 10000 for get/list/mixed, else 0) via the bulk
endpoint, or single creates when the server has none.

Closed loop (default): each connection keeps one request in flight; latency runs from the write.
Open loop (--rate R): R requests/s on a fixed schedule; a free connection takes the next due
slot; latency runs from the intended send time (coordinated omission corrected); slots still
due at the end are reported as unsent.

Exit status: 0 done; 1 no request succeeded; 2 bad usage; 3 set-up failed.
)";

int Main(int argc, char** argv) {
  Options o;
  std::string duration = "10s", timeout = "10s";
  CLI::App app{"leadgate-bench: HTTP load generator for leadgate (ingest and scoped reads)"};
  app.footer(kFooter);
  app.add_option("--url", o.url, "server base URL")->capture_default_str();
  app.add_option("--admin-token", o.admin_token, "admin token (default: $LEADGATE_ADMIN_TOKEN)");
  app.add_option("--scenario,-s", o.scenario, "ingest, bulk, get, list, mixed or raw")
      ->check(CLI::IsMember({"ingest", "bulk", "get", "list", "mixed", "raw"}))
      ->capture_default_str();
  app.add_option("--method", o.method, "HTTP method of --scenario raw")
      ->check(CLI::IsMember({"GET", "POST"}))
      ->capture_default_str();
  app.add_option("--mix", o.mix, "weights for --scenario mixed")->capture_default_str();
  app.add_option("--connections,-c", o.connections, "keep-alive connections")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--threads,-t", o.threads, "client threads (one event loop each)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--duration,-d", duration, "measured time: 10s, 500ms, 2m")->capture_default_str();
  app.add_option("--rate,-R", o.rate, "open loop: requests/s in total (0 = closed loop)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--preload", o.preload, "leads to create before the run")->check(CLI::Range(0, 100000000));
  app.add_option("--vendors", o.vendors, "vendors (source options, filters, tokens)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--body-size", o.body_size, "approximate bytes per lead document")
      ->check(CLI::Range(0, 11000))
      ->capture_default_str();
  app.add_option("--batch-size", o.batch_size, "leads per bulk request")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--list-limit", o.list_limit, "page size of the list scenario")
      ->check(CLI::Range(1, 500))
      ->capture_default_str();
  app.add_option("--timeout", timeout, "per-request timeout")->capture_default_str();
  app.add_option("--campaign-id", o.campaign_id, "use this existing campaign");
  app.add_option("--token", o.token, "use this existing read_write token of --campaign-id");
  app.add_option("--json", o.json_out, "also write the report as JSON to FILE ('-' = stdout)");
  app.add_option("--slow-clients", o.slow_clients,
                 "slowloris alongside the run: connections trickling never-ending headers")
      ->check(CLI::Range(0, 100000));
  std::string slow_interval = "1s";
  app.add_option("--slow-interval", slow_interval, "time between two bytes of a slow client")->capture_default_str();
  app.add_flag("--quiet,-q", o.quiet, "no progress lines or set-up notes");
  app.add_flag("--keep-tokens", o.keep_tokens, "do not revoke the tokens minted for the run");
  CLI11_PARSE(app, argc, argv);

  auto usage = [](const std::string& message) {
    std::fprintf(stderr, "leadgate-bench: %s\n", message.c_str());
    return 2;
  };
  auto d = ParseDuration(duration);
  if (!d || d->count() <= 0) return usage("--duration: expected e.g. 10s, 500ms or 2m");
  o.duration = *d;
  auto t = ParseDuration(timeout);
  if (!t || t->count() <= 0) return usage("--timeout: expected e.g. 10s or 500ms");
  o.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*t);
  auto si = ParseDuration(slow_interval);
  if (!si || si->count() <= 0) return usage("--slow-interval: expected e.g. 1s or 200ms");
  o.slow_interval = std::chrono::duration_cast<std::chrono::milliseconds>(*si);
  if (o.admin_token.empty()) {
    if (const char* env = std::getenv("LEADGATE_ADMIN_TOKEN")) o.admin_token = env;
  }
  const bool raw = o.scenario == "raw";
  if (!o.token.empty() && !o.campaign_id && !raw) return usage("--token needs --campaign-id");
  if (o.token.empty() && o.admin_token.empty() && !raw) {
    return usage(
        "an admin token is needed for set-up: --admin-token or LEADGATE_ADMIN_TOKEN (or --campaign-id with --token)");
  }
  Weights weights{};
  if (o.scenario == "mixed") {
    std::string error;
    if (!ParseMix(o.mix, weights, error)) return usage(error);
  } else {
    for (size_t i = 0; i < kOpCount; ++i) weights[i] = o.scenario == OpName(static_cast<Op>(i)) ? 1 : 0;
  }
  const bool needs_ids = weights[static_cast<size_t>(Op::kGet)] > 0;
  const bool reads = needs_ids || weights[static_cast<size_t>(Op::kList)] > 0;
  const bool uses_bulk = weights[static_cast<size_t>(Op::kBulk)] > 0;
  if (o.preload < 0) o.preload = reads && !o.campaign_id ? 10000 : 0;
  std::string url_error;
  auto url = lg::tools::ParseUrl(o.url, url_error);
  if (!url) return usage("--url: " + url_error);

  Fixture fixture;
  RunResult result;
  EngineOptions eo;
  eo.url = *url;
  eo.threads = o.threads;
  eo.connections = o.connections;
  eo.duration = o.duration;
  eo.rate = o.rate;
  eo.timeout = o.timeout;
  eo.progress = !o.quiet && o.duration > std::chrono::seconds(3);
  eo.label = o.scenario;
  eo.interrupt = &g_interrupt;
  if (raw) {
    std::signal(SIGINT, OnInterrupt);
    std::signal(SIGTERM, OnInterrupt);
    fixture.body_bytes = o.method == "POST" ? o.body_size : 0;
    RawWorkload workload(o);
    try {
      result = RunWithSlowClients(o, eo, workload);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "leadgate-bench: %s\n", e.what());
      return 3;
    }
    return Finish(o, fixture, result);
  }

  Setup setup(o, *url);
  auto setup_failed = [&](const std::string& message) {
    std::fprintf(stderr, "leadgate-bench: set-up failed: %s\n", message.c_str());
    setup.Cleanup(fixture);
    return 3;
  };
  std::string error;
  if (!setup.Prepare(fixture, error)) return setup_failed(error);
  // From here on Ctrl-C ends the run early, still reports, and revokes the minted tokens.
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  if (!o.quiet) {
    std::fprintf(stderr, "leadgate-bench: campaign %llu, %zu vendor token(s), lead body %d bytes\n",
                 static_cast<unsigned long long>(fixture.campaign_id), fixture.vendors.size(), fixture.body_bytes);
  }
  if (uses_bulk && static_cast<size_t>(fixture.body_bytes + 1) * static_cast<size_t>(o.batch_size) > (1u << 20)) {
    std::fprintf(stderr,
                 "leadgate-bench: warning: a bulk request is about %zu bytes, over the default 1 MiB body limit\n",
                 static_cast<size_t>(fixture.body_bytes + 1) * static_cast<size_t>(o.batch_size));
  }
  if (o.preload > 0) {
    if (!setup.Preload(fixture, o.preload, &g_interrupt, error)) return setup_failed(error);
    if (g_interrupt.load()) return setup_failed("interrupted");
    if (!error.empty()) std::fprintf(stderr, "leadgate-bench: warning: %s\n", error.c_str());
    error.clear();
  }
  if (uses_bulk) {
    if (!fixture.bulk_supported) return setup_failed("the server has no POST /v2/campaigns/{id}/leads/bulk");
    if (fixture.preload_path != "bulk" && !setup.ProbeBulk(fixture, error)) return setup_failed(error);
  }
  if (needs_ids) {
    bool any = false;
    for (const auto& v : fixture.vendors) any = any || !v.lead_ids.empty();
    if (!any) setup.CollectIds(fixture, 10000);
    any = false;
    for (const auto& v : fixture.vendors) any = any || !v.lead_ids.empty();
    if (!any) return setup_failed("the get scenario needs leads: use --preload N");
  }

  ScenarioWorkload workload(o, fixture, weights);
  try {
    result = RunWithSlowClients(o, eo, workload);
  } catch (const std::exception& e) {
    return setup_failed(e.what());
  }
  setup.Cleanup(fixture);
  return Finish(o, fixture, result);
}

}  // namespace
}  // namespace lg::bench

int main(int argc, char** argv) { return lg::tools::Guarded("leadgate-bench", lg::bench::Main, argc, argv); }

#include "tools/bench/report.h"

#include "core/json_writer.h"

namespace lg::bench {
namespace {

std::string FormatLatency(uint64_t ns) {
  char buf[32];
  double us = static_cast<double>(ns) / 1e3;
  if (us < 1000) {
    std::snprintf(buf, sizeof buf, "%.0fus", us);
  } else if (us < 1e6) {
    std::snprintf(buf, sizeof buf, "%.2fms", us / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.3fs", us / 1e6);
  }
  return buf;
}

void PrintRow(std::FILE* out, const char* name, const OpStats& s, double elapsed) {
  const auto& h = s.latency;
  std::fprintf(out, "%-8s %10llu %10.1f %8llu %9s %9s %9s %9s %9s %9s\n", name,
               static_cast<unsigned long long>(s.requests), static_cast<double>(s.requests) / elapsed,
               static_cast<unsigned long long>(s.errors), FormatLatency(h.Percentile(0.50)).c_str(),
               FormatLatency(h.Percentile(0.90)).c_str(), FormatLatency(h.Percentile(0.99)).c_str(),
               FormatLatency(h.Percentile(0.999)).c_str(), FormatLatency(h.max()).c_str(),
               FormatLatency(static_cast<uint64_t>(h.mean())).c_str());
}

std::string ErrorSummary(const OpStats& s) {
  std::string text;
  for (const auto& [status, n] : s.statuses) {
    if (status < 400) continue;
    text += (text.empty() ? "" : ", ") + std::string("HTTP ") + std::to_string(status) + " x" + std::to_string(n);
  }
  for (const auto& [kind, n] : s.connection_errors) {
    text += (text.empty() ? "" : ", ") + kind + " x" + std::to_string(n);
  }
  return text;
}

void WriteLatency(core::JsonWriter& out, const Histogram& h) {
  auto ms = [](uint64_t ns) { return static_cast<double>(ns) / 1e6; };
  out.BeginObject();
  out.Key("min").Double(ms(h.min())).Key("mean").Double(h.mean() / 1e6);
  out.Key("p50").Double(ms(h.Percentile(0.50))).Key("p90").Double(ms(h.Percentile(0.90)));
  out.Key("p99").Double(ms(h.Percentile(0.99))).Key("p99_9").Double(ms(h.Percentile(0.999)));
  out.Key("max").Double(ms(h.max()));
  out.EndObject();
}

void WriteStats(core::JsonWriter& out, const OpStats& s, double elapsed) {
  out.BeginObject();
  out.Key("requests").Uint(s.requests).Key("ok").Uint(s.ok).Key("errors").Uint(s.errors);
  out.Key("throughput_rps").Double(static_cast<double>(s.requests) / elapsed);
  out.Key("leads_created").Uint(s.items).Key("leads_failed").Uint(s.items_failed);
  out.Key("leads_per_s").Double(static_cast<double>(s.items) / elapsed);
  out.Key("latency_ms");
  WriteLatency(out, s.latency);
  out.Key("statuses").BeginObject();
  for (const auto& [status, n] : s.statuses) out.Key(std::to_string(status)).Uint(n);
  out.EndObject().Key("connection_errors").BeginObject();
  for (const auto& [kind, n] : s.connection_errors) out.Key(kind).Uint(n);
  out.EndObject().EndObject();
}

}  // namespace

void PrintTable(std::FILE* out, const Options& o, const Fixture& f, const RunResult& r) {
  double elapsed = std::max(r.elapsed_s, 1e-9);
  char mode[64] = "closed loop";
  if (o.rate > 0) std::snprintf(mode, sizeof mode, "open loop at %.0f req/s", o.rate);
  std::fprintf(out, "\nleadgate-bench: %s, %s, %d connections, %d threads, %.2f s\n", o.scenario.c_str(), mode,
               r.connections, r.threads, elapsed);
  if (o.scenario == "raw") {
    std::fprintf(out, "%s %s, body %d bytes", o.method.c_str(), o.url.c_str(), f.body_bytes);
  } else {
    std::fprintf(out, "campaign %llu, %zu vendor token(s), lead body %d bytes",
                 static_cast<unsigned long long>(f.campaign_id), f.vendors.size(), f.body_bytes);
  }
  if (r.ops[static_cast<size_t>(Op::kBulk)].requests) std::fprintf(out, ", %d leads per bulk request", o.batch_size);
  if (f.preloaded) std::fprintf(out, ", %d leads preloaded (%s)", f.preloaded, f.preload_path.c_str());
  std::fprintf(out, "\n");
  if (o.rate > 0) std::fprintf(out, "latency is measured from each request's intended send time\n");
  std::fprintf(out, "\n%-8s %10s %10s %8s %9s %9s %9s %9s %9s %9s\n", "op", "requests", "req/s", "errors", "p50", "p90",
               "p99", "p99.9", "max", "mean");
  int used = 0;
  for (size_t i = 0; i < kOpCount; ++i) used += r.ops[i].requests > 0;
  for (size_t i = 0; i < kOpCount; ++i) {
    if (r.ops[i].requests && used > 1) PrintRow(out, OpName(static_cast<Op>(i)), r.ops[i], elapsed);
  }
  const char* total_name = "total";
  if (used <= 1) {
    for (size_t i = 0; i < kOpCount; ++i) {
      if (r.ops[i].requests) total_name = OpName(static_cast<Op>(i));
    }
  }
  PrintRow(out, total_name, r.total, elapsed);
  std::fprintf(out, "\n");
  if (r.total.items) {
    std::fprintf(out, "leads created: %llu (%.1f leads/s)", static_cast<unsigned long long>(r.total.items),
                 static_cast<double>(r.total.items) / elapsed);
    if (r.total.items_failed)
      std::fprintf(out, ", %llu rejected", static_cast<unsigned long long>(r.total.items_failed));
    std::fprintf(out, "\n");
  }
  std::fprintf(out, "transfer: %.2f MB sent, %.2f MB received\n", static_cast<double>(r.bytes_sent) / 1e6,
               static_cast<double>(r.bytes_received) / 1e6);
  std::string errors = ErrorSummary(r.total);
  std::fprintf(out, "errors: %s\n", errors.empty() ? "none" : errors.c_str());
  if (r.total.statuses.contains(429)) {
    std::fprintf(out,
                 "note: 429 is the server's per-token rate limit; tokens the benchmark mints have it raised, "
                 "a --token you pass keeps its own (PATCH /v2/tokens/{id} rate_limit)\n");
  }
  if (r.interrupted) std::fprintf(out, "interrupted: the run was stopped early\n");
  if (r.unsent) {
    std::fprintf(out,
                 "unsent: %llu requests were due before the end but never sent (all connections busy): the "
                 "server did not keep up with --rate, or add --connections\n",
                 static_cast<unsigned long long>(r.unsent));
  }
}

std::string ReportJson(const Options& o, const Fixture& f, const RunResult& r) {
  double elapsed = std::max(r.elapsed_s, 1e-9);
  core::JsonWriter out;
  out.BeginObject();
  out.Key("tool").String("leadgate-bench").Key("scenario").String(o.scenario);
  if (o.scenario == "mixed") out.Key("mix").String(o.mix);
  if (o.scenario == "raw") out.Key("method").String(o.method);
  out.Key("url").String(o.url);
  out.Key("mode").String(o.rate > 0 ? "open" : "closed");
  out.Key("rate");
  o.rate > 0 ? out.Double(o.rate) : out.Null();
  out.Key("connections").Int(r.connections).Key("threads").Int(r.threads);
  out.Key("duration_s").Double(std::chrono::duration<double>(o.duration).count());
  out.Key("elapsed_s").Double(r.elapsed_s);
  out.Key("campaign_id").Uint(f.campaign_id).Key("vendors").Uint(f.vendors.size());
  out.Key("body_bytes").Int(f.body_bytes).Key("batch_size").Int(o.batch_size);
  out.Key("preloaded").Int(f.preloaded).Key("preload_path");
  f.preload_path.empty() ? out.Null() : out.String(f.preload_path);
  out.Key("unsent").Uint(r.unsent).Key("interrupted").Bool(r.interrupted);
  out.Key("bytes_sent").Uint(r.bytes_sent).Key("bytes_received").Uint(r.bytes_received);
  out.Key("requests").Uint(r.total.requests).Key("ok").Uint(r.total.ok).Key("errors").Uint(r.total.errors);
  out.Key("throughput_rps").Double(static_cast<double>(r.total.requests) / elapsed);
  out.Key("leads_created").Uint(r.total.items).Key("leads_per_s").Double(static_cast<double>(r.total.items) / elapsed);
  out.Key("latency_ms");
  WriteLatency(out, r.total.latency);
  out.Key("statuses").BeginObject();
  for (const auto& [status, n] : r.total.statuses) out.Key(std::to_string(status)).Uint(n);
  out.EndObject().Key("connection_errors").BeginObject();
  for (const auto& [kind, n] : r.total.connection_errors) out.Key(kind).Uint(n);
  out.EndObject().Key("ops").BeginObject();
  for (size_t i = 0; i < kOpCount; ++i) {
    if (!r.ops[i].requests) continue;
    out.Key(OpName(static_cast<Op>(i)));
    WriteStats(out, r.ops[i], elapsed);
  }
  out.EndObject().EndObject();
  return out.Take();
}

}  // namespace lg::bench

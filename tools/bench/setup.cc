#include "tools/bench/setup.h"

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>

#include "core/json_writer.h"
#include "tools/bench/engine.h"

namespace lg::bench {
namespace {

constexpr int kBodyVariants = 16;
constexpr size_t kMaxText = 10000;           // the server's longest text value
constexpr size_t kMaxBulkBytes = 512 << 10;  // keep bulk bodies well under the 1 MiB body limit
constexpr int64_t kBenchRate = 1000000;      // per-token rate limit override (the API's maximum)

std::string Brief(const HttpResult& r) {
  if (r.status == 0) return r.error;
  std::string body = r.body.size() > 400 ? r.body.substr(0, 400) + "..." : r.body;
  return "HTTP " + std::to_string(r.status) + " " + body;
}

// An id that may be encoded as a number or a string.
bool ReadId(simdjson::dom::element value, uint64_t& out) {
  if (value.get_uint64().get(out) == simdjson::SUCCESS) return true;
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return !text.empty();
}

bool ParseObjectId(std::string_view body, uint64_t& id) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS) return false;
  simdjson::dom::element value;
  return doc["id"].get(value) == simdjson::SUCCESS && ReadId(value, id);
}

struct FieldSpec {
  std::string slug, type;
  bool required = false;
};
struct SelectSpec {
  std::string slug, first_option;
  bool required = false;
};
struct Schema {
  std::vector<FieldSpec> fields;
  std::vector<SelectSpec> selects;
};

bool ParseSchema(std::string_view json, Schema& schema, uint64_t& id) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS) return false;
  simdjson::dom::element value;
  if (doc["id"].get(value) != simdjson::SUCCESS || !ReadId(value, id)) return false;
  simdjson::dom::array fields, selects;
  if (doc["fields"].get_array().get(fields) == simdjson::SUCCESS) {
    for (auto f : fields) {
      FieldSpec spec;
      std::string_view s;
      if (f["slug"].get_string().get(s) == simdjson::SUCCESS) spec.slug = s;
      if (f["type"].get_string().get(s) == simdjson::SUCCESS) spec.type = s;
      bool b = false;
      if (f["required"].get_bool().get(b) == simdjson::SUCCESS) spec.required = b;
      schema.fields.push_back(spec);
    }
  }
  if (doc["selects"].get_array().get(selects) == simdjson::SUCCESS) {
    for (auto sel : selects) {
      SelectSpec spec;
      std::string_view s;
      if (sel["slug"].get_string().get(s) == simdjson::SUCCESS) spec.slug = s;
      bool b = false;
      if (sel["required"].get_bool().get(b) == simdjson::SUCCESS) spec.required = b;
      simdjson::dom::array options;
      if (sel["options"].get_array().get(options) == simdjson::SUCCESS) {
        for (auto o : options) {
          if (o["slug"].get_string().get(s) == simdjson::SUCCESS) {
            spec.first_option = s;
            break;
          }
        }
      }
      schema.selects.push_back(spec);
    }
  }
  return true;
}

// The text field that carries the padding: the last optional text field, else the last text field.
std::string PadField(const Schema& schema) {
  std::string any;
  for (size_t i = schema.fields.size(); i-- > 0;) {  // the last text field first
    const auto& field = schema.fields[i];
    if (field.type != "text") continue;
    if (!field.required) return field.slug;
    if (any.empty()) any = field.slug;
  }
  return any;
}

std::string LeadBody(const Schema& schema, const std::string& pad_field, const std::string& source_option, int vendor,
                     int variant, size_t pad) {
  core::JsonWriter out;
  std::string tag = std::to_string(vendor) + "-" + std::to_string(variant);
  out.BeginObject().Key("field_values").BeginObject();
  for (const auto& f : schema.fields) {
    out.Key(f.slug);
    if (f.slug == pad_field) {
      std::string text = "bench " + tag + " ";
      if (pad > 0) {
        static constexpr std::string_view kFill = "lorem ipsum dolor sit amet consectetur adipiscing elit ";
        while (text.size() < pad) text += kFill;
        text.resize(pad);
      }
      out.String(text);
    } else if (f.type == "text") {
      out.String("Bench Lead " + tag);
    } else if (f.type == "email") {
      out.String("lead-" + tag + "@example.com");
    } else if (f.type == "phone") {
      out.String("+45" + std::to_string(20000000 + vendor * 1000 + variant));
    } else if (f.type == "number") {
      out.Int(variant);
    } else if (f.type == "date") {
      out.String("2026-01-15");
    } else if (f.type == "datetime") {
      out.String("2026-01-15T10:00:00Z");
    } else if (f.type == "checkbox") {
      out.Bool(variant % 2 == 0);
    } else {
      out.BeginObject().Key("bench").Bool(true).EndObject();
    }
  }
  out.EndObject().Key("select_field_values").BeginObject();
  for (const auto& s : schema.selects) {
    if (s.slug == "source" && !source_option.empty()) {
      out.Key(s.slug).String(source_option);
    } else if (s.required && !s.first_option.empty() && source_option.empty()) {
      out.Key(s.slug).String(s.first_option);
    }
  }
  out.EndObject().EndObject();
  return out.Take();
}

// Bodies padded so that one lead document is about `target` bytes.
void BuildBodies(const Options& options, const Schema& schema, Fixture& fixture) {
  fixture.pad_field = PadField(schema);
  for (size_t v = 0; v < fixture.vendors.size(); ++v) {
    Vendor& vendor = fixture.vendors[v];
    vendor.bodies.clear();
    for (int n = 0; n < kBodyVariants; ++n) {
      int vendor_no = static_cast<int>(v) + 1;
      std::string bare = LeadBody(schema, fixture.pad_field, vendor.option, vendor_no, n, 0);
      // Without padding the pad field holds "bench <v>-<n> "; padding replaces it.
      size_t bare_text = 8 + std::to_string(vendor_no).size() + std::to_string(n).size();
      size_t fixed = bare.size() - bare_text;
      size_t pad = 0;
      if (!fixture.pad_field.empty() && static_cast<size_t>(options.body_size) > fixed + bare_text) {
        pad = std::min(kMaxText, static_cast<size_t>(options.body_size) - fixed);
      }
      vendor.bodies.push_back(LeadBody(schema, fixture.pad_field, vendor.option, static_cast<int>(v) + 1, n, pad));
    }
    size_t lines = static_cast<size_t>(std::max(1, options.batch_size));
    vendor.batch.clear();
    for (size_t i = 0; i < lines; ++i) {
      vendor.batch += vendor.bodies[i % vendor.bodies.size()];
      vendor.batch += '\n';
    }
  }
  fixture.body_bytes = fixture.vendors.empty() ? 0 : static_cast<int>(fixture.vendors[0].bodies[0].size());
}

// Preload through POST .../leads/bulk: batches round-robin over the vendors.
class BulkPreload : public Workload {
 public:
  BulkPreload(Fixture& fixture, int count, int batch) : fixture_(fixture), count_(count), batch_(batch) {
    batches_ = (count + batch - 1) / batch;
    int tail = count % batch;
    if (tail) {
      const Vendor& v = fixture.vendors[static_cast<size_t>(batches_ - 1) % fixture.vendors.size()];
      for (int i = 0; i < tail; ++i) tail_ += v.bodies[static_cast<size_t>(i) % v.bodies.size()] + "\n";
    }
    for (const auto& v : fixture.vendors) {
      std::string full;
      for (int i = 0; i < batch; ++i) full += v.bodies[static_cast<size_t>(i) % v.bodies.size()] + "\n";
      full_.push_back(std::move(full));
    }
    target_ = "/v2/campaigns/" + std::to_string(fixture.campaign_id) + "/leads/bulk";
  }

  bool Next(std::mt19937_64&, Request& out) override {
    if (unsupported_.load()) return false;
    int b = next_.fetch_add(1);
    if (b >= batches_) return false;
    size_t v = static_cast<size_t>(b) % fixture_.vendors.size();
    out.op = Op::kBulk;
    out.post = true;
    out.target = target_;
    out.token = fixture_.vendors[v].token;
    out.body = (b == batches_ - 1 && !tail_.empty()) ? std::string_view(tail_) : std::string_view(full_[v]);
    out.content_type = "application/x-ndjson";
    out.vendor = static_cast<int>(v);
    return true;
  }
  bool wants_responses() const override { return true; }
  void OnResponse(const Request& r, int status, std::string_view body) override {
    if (status == 404 || status == 405) {
      unsupported_.store(true);
      return;
    }
    if (status < 200 || status >= 300) {
      std::lock_guard lock(mu_);
      if (first_error_.empty())
        first_error_ = "HTTP " + std::to_string(status) + " " + std::string(body.substr(0, 300));
      return;
    }
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element doc;
    simdjson::dom::array results;
    if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS ||
        doc["results"].get_array().get(results) != simdjson::SUCCESS) {
      return;
    }
    std::vector<uint64_t> ids;
    std::string failure;
    for (auto item : results) {
      uint64_t st = 0, id = 0;
      simdjson::dom::element idv;
      if (item["status"].get_uint64().get(st) == simdjson::SUCCESS && st == 201 &&
          item["id"].get(idv) == simdjson::SUCCESS && ReadId(idv, id)) {
        ids.push_back(id);
      } else if (failure.empty()) {
        failure = std::string(simdjson::minify(item)).substr(0, 300);
      }
    }
    std::lock_guard lock(mu_);
    if (first_error_.empty()) first_error_ = failure;
    auto& dst = fixture_.vendors[static_cast<size_t>(r.vendor)].lead_ids;
    dst.insert(dst.end(), ids.begin(), ids.end());
    created_ += static_cast<int>(ids.size());
  }

  bool unsupported() const { return unsupported_.load(); }
  int created() const { return created_; }
  const std::string& first_error() const { return first_error_; }

 private:
  Fixture& fixture_;
  int count_, batch_, batches_ = 0;
  std::string tail_, target_;
  std::vector<std::string> full_;
  std::atomic<int> next_{0};
  std::atomic<bool> unsupported_{false};
  std::mutex mu_;
  int created_ = 0;
  std::string first_error_;
};

// Preload through single creates, round-robin over the vendors.
class SinglePreload : public Workload {
 public:
  SinglePreload(Fixture& fixture, int count) : fixture_(fixture), count_(count) {
    target_ = "/v2/campaigns/" + std::to_string(fixture.campaign_id) + "/leads";
  }
  bool Next(std::mt19937_64&, Request& out) override {
    int i = next_.fetch_add(1);
    if (i >= count_) return false;
    size_t v = static_cast<size_t>(i) % fixture_.vendors.size();
    const Vendor& vendor = fixture_.vendors[v];
    out.op = Op::kIngest;
    out.post = true;
    out.target = target_;
    out.token = vendor.token;
    out.body = vendor.bodies[static_cast<size_t>(i / static_cast<int>(fixture_.vendors.size())) % vendor.bodies.size()];
    out.content_type = "application/json";
    out.vendor = static_cast<int>(v);
    return true;
  }
  bool wants_responses() const override { return true; }
  void OnResponse(const Request& r, int status, std::string_view body) override {
    uint64_t id = 0;
    if (status == 201 && ParseObjectId(body, id)) {
      std::lock_guard lock(mu_);
      fixture_.vendors[static_cast<size_t>(r.vendor)].lead_ids.push_back(id);
      ++created_;
    } else {
      std::lock_guard lock(mu_);
      if (first_error_.empty()) {
        first_error_ = status ? "HTTP " + std::to_string(status) + " " + std::string(body.substr(0, 300))
                              : std::string("no answer (connection error)");
      }
    }
  }
  int created() const { return created_; }
  const std::string& first_error() const { return first_error_; }

 private:
  Fixture& fixture_;
  int count_;
  std::string target_;
  std::atomic<int> next_{0};
  std::mutex mu_;
  int created_ = 0;
  std::string first_error_;
};

}  // namespace

Setup::Setup(const Options& options, const Url& url)
    : options_(options), url_(url), client_(url, options.timeout, "leadgate-bench") {}

void Setup::Note(const std::string& line) const {
  if (!options_.quiet) std::fprintf(stderr, "leadgate-bench: %s\n", line.c_str());
}

HttpResult Setup::Admin(std::string_view method, const std::string& path, const std::string& body) {
  HttpResult r;
  for (int attempt = 0; attempt < 6; ++attempt) {
    r = client_.Send(method, path, options_.admin_token, body);
    if (r.status != 429) break;
    std::this_thread::sleep_for(std::chrono::seconds(std::clamp(r.retry_after_s, 1, 5)));
  }
  return r;
}

bool Setup::Prepare(Fixture& fixture, std::string& error) {
  Schema schema;
  if (options_.campaign_id) {
    // An existing campaign: the given token, or one campaign-wide token minted for the run.
    fixture.campaign_id = options_.campaign_id;
    Vendor vendor;
    if (!options_.token.empty()) {
      vendor.token = options_.token;
    } else {
      core::JsonWriter body;
      body.BeginObject().Key("name").String("leadgate-bench").Key("permission").String("read_write");
      body.Key("campaign_id").Uint(fixture.campaign_id).Key("rate_limit").BeginObject();
      body.Key("per_second").Int(kBenchRate).Key("burst").Int(kBenchRate).EndObject().EndObject();
      auto r = Admin("POST", "/v2/tokens", body.Take());
      if (r.status != 201 || !ParseObjectId(r.body, vendor.token_id)) {
        error = "creating a token for campaign " + std::to_string(fixture.campaign_id) + " failed: " + Brief(r);
        return false;
      }
      simdjson::dom::parser parser;
      std::string_view secret;
      if (parser.parse(r.body).get_object()["token"].get_string().get(secret) != simdjson::SUCCESS) {
        error = "the token answer carries no \"token\"";
        return false;
      }
      vendor.token = secret;
    }
    auto r = client_.Send("GET", "/v2/campaigns/" + std::to_string(fixture.campaign_id), vendor.token);
    uint64_t id = 0;
    if (r.status != 200 || !ParseSchema(r.body, schema, id)) {
      error = "reading campaign " + std::to_string(fixture.campaign_id) + " failed: " + Brief(r);
      return false;
    }
    fixture.vendors.push_back(std::move(vendor));
    BuildBodies(options_, schema, fixture);
    return true;
  }

  // A fresh campaign with a source option, a filter and a scoped token per vendor.
  int vendors = std::max(1, options_.vendors);
  core::JsonWriter c;
  c.BeginObject().Key("name").String("leadgate-bench " + std::to_string(std::time(nullptr)));
  c.Key("fields").BeginArray();
  c.BeginObject().Key("slug").String("name").Key("label").String("Name").Key("type").String("text");
  c.Key("required").Bool(true).EndObject();
  c.BeginObject().Key("slug").String("email").Key("label").String("E-mail").Key("type").String("email").EndObject();
  c.BeginObject().Key("slug").String("phone").Key("label").String("Phone").Key("type").String("phone").EndObject();
  c.BeginObject().Key("slug").String("note").Key("label").String("Note").Key("type").String("text").EndObject();
  c.EndArray().Key("selects").BeginArray().BeginObject().Key("slug").String("source").Key("label").String("Source");
  c.Key("options").BeginArray();
  for (int v = 1; v <= vendors; ++v) {
    c.BeginObject().Key("slug").String("vendor-" + std::to_string(v));
    c.Key("label").String("Vendor " + std::to_string(v)).EndObject();
  }
  c.EndArray().EndObject().EndArray().Key("statuses").BeginArray();
  c.BeginObject().Key("slug").String("new").Key("label").String("New").Key("type").String("active");
  c.Key("default").Bool(true).EndObject();
  c.BeginObject().Key("slug").String("won").Key("label").String("Won").Key("type").String("won").EndObject();
  c.EndArray().EndObject();
  auto r = Admin("POST", "/v2/campaigns", c.Take());
  if (r.status != 201 || !ParseSchema(r.body, schema, fixture.campaign_id)) {
    error = "creating the campaign failed: " + Brief(r);
    return false;
  }
  fixture.created_campaign = true;
  std::string cid = std::to_string(fixture.campaign_id);
  for (int v = 1; v <= vendors; ++v) {
    Vendor vendor;
    vendor.option = "vendor-" + std::to_string(v);
    core::JsonWriter f;
    f.BeginObject().Key("name").String("Vendor " + std::to_string(v)).Key("match").String("all");
    f.Key("conditions").BeginArray().BeginObject().Key("field").String("source").Key("op").String("eq");
    f.Key("value").String(vendor.option).EndObject().EndArray().EndObject();
    r = Admin("POST", "/v2/campaigns/" + cid + "/filters", f.Take());
    uint64_t filter_id = 0;
    if (r.status != 201 || !ParseObjectId(r.body, filter_id)) {
      error = "creating the filter for " + vendor.option + " failed: " + Brief(r);
      return false;
    }
    core::JsonWriter t;
    t.BeginObject().Key("name").String("leadgate-bench " + vendor.option).Key("permission").String("read_write");
    t.Key("campaign_id").Uint(fixture.campaign_id).Key("filter_id").Uint(filter_id);
    t.Key("rate_limit").BeginObject().Key("per_second").Int(kBenchRate).Key("burst").Int(kBenchRate).EndObject();
    t.EndObject();
    r = Admin("POST", "/v2/tokens", t.Take());
    simdjson::dom::parser parser;
    std::string_view secret;
    if (r.status != 201 || !ParseObjectId(r.body, vendor.token_id) ||
        parser.parse(r.body).get_object()["token"].get_string().get(secret) != simdjson::SUCCESS) {
      error = "creating the token for " + vendor.option + " failed: " + Brief(r);
      return false;
    }
    vendor.token = secret;
    fixture.vendors.push_back(std::move(vendor));
  }
  BuildBodies(options_, schema, fixture);
  return true;
}

bool Setup::Preload(Fixture& fixture, int count, const std::atomic<bool>* interrupt, std::string& error) {
  if (count <= 0) return true;
  auto started = std::chrono::steady_clock::now();
  EngineOptions eo;
  eo.url = url_;
  eo.threads = options_.threads;
  eo.timeout = options_.timeout;
  eo.progress = !options_.quiet;
  eo.label = "preload";
  eo.interrupt = interrupt;

  int line_bytes = fixture.body_bytes + 1;
  int batch = static_cast<int>(std::clamp<size_t>(kMaxBulkBytes / static_cast<size_t>(line_bytes), 1, 1000));
  batch = std::min(batch, count);
  BulkPreload bulk(fixture, count, batch);
  eo.connections = std::min(options_.connections, 8);
  Note("preloading " + std::to_string(count) + " leads over " + std::to_string(fixture.vendors.size()) +
       " vendor(s) through POST .../leads/bulk (" + std::to_string(batch) + " per request)");
  RunLoad(eo, bulk);
  int created = bulk.created();
  fixture.preload_path = "bulk";
  if (bulk.unsupported() && !(interrupt && interrupt->load())) {
    fixture.bulk_supported = false;
    fixture.preload_path = "single";
    Note("note: the server has no POST .../leads/bulk (404/405); preloading with single creates instead");
    SinglePreload single(fixture, count - created);
    eo.connections = options_.connections;
    RunLoad(eo, single);
    created += single.created();
    if (created < count && !single.first_error().empty()) error = single.first_error();
  } else if (created < count && !bulk.first_error().empty()) {
    error = bulk.first_error();
  }
  fixture.preloaded = created;
  fixture.preload_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char line[160];
  std::snprintf(line, sizeof line, "preloaded %d of %d leads in %.2f s (%.0f leads/s)", created, count,
                fixture.preload_seconds, created / std::max(fixture.preload_seconds, 1e-9));
  Note(line);
  if (created < count) {
    if (!error.empty())
      error = "preload: " + std::to_string(count - created) + " leads failed, e.g. " + error;
    else
      error = "preload: " + std::to_string(count - created) + " leads failed";
    return created > 0;  // a partial preload still allows a run; the caller prints the warning
  }
  return true;
}

bool Setup::ProbeBulk(Fixture& fixture, std::string& error) {
  const Vendor& v = fixture.vendors.front();
  auto r = client_.Send("POST", "/v2/campaigns/" + std::to_string(fixture.campaign_id) + "/leads/bulk", v.token,
                        v.bodies.front() + "\n", "application/x-ndjson");
  if (r.status == 404 || r.status == 405) {
    fixture.bulk_supported = false;
    error = "the server has no POST /v2/campaigns/{id}/leads/bulk (HTTP " + std::to_string(r.status) + ")";
    return false;
  }
  if (r.status < 200 || r.status >= 300) {
    error = "the bulk probe failed: " + Brief(r);
    return false;
  }
  return true;
}

void Setup::CollectIds(Fixture& fixture, size_t limit) {
  simdjson::dom::parser parser;
  for (auto& vendor : fixture.vendors) {
    std::string path = "/v2/campaigns/" + std::to_string(fixture.campaign_id) + "/leads?limit=500";
    std::string cursor;
    while (vendor.lead_ids.size() < limit) {
      auto r = client_.Send("GET", cursor.empty() ? path : path + "&cursor=" += cursor, vendor.token);
      simdjson::dom::element doc;
      simdjson::dom::array data;
      if (r.status != 200 || parser.parse(r.body).get(doc) != simdjson::SUCCESS ||
          doc["data"].get_array().get(data) != simdjson::SUCCESS) {
        break;
      }
      for (auto lead : data) {
        uint64_t id = 0;
        simdjson::dom::element idv;
        if (lead["id"].get(idv) == simdjson::SUCCESS && ReadId(idv, id)) vendor.lead_ids.push_back(id);
      }
      std::string_view next;
      if (doc["meta"]["next_cursor"].get_string().get(next) != simdjson::SUCCESS || next.empty()) break;
      cursor.clear();
      for (char ch : next) {  // cursors are URL-safe, but encode anything that is not
        if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
          cursor += ch;
        } else {
          char hex[4];
          std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(ch));
          cursor += hex;
        }
      }
    }
  }
}

void Setup::Cleanup(const Fixture& fixture) {
  if (options_.keep_tokens) return;
  int revoked = 0;
  for (const auto& v : fixture.vendors) {
    if (!v.token_id) continue;
    auto r = Admin("DELETE", "/v2/tokens/" + std::to_string(v.token_id));
    if (r.status == 200) ++revoked;
  }
  if (revoked) Note("revoked the " + std::to_string(revoked) + " token(s) minted for this run");
}

}  // namespace lg::bench

#include "tools/crash_test/workload.h"

#include "core/json_writer.h"
#include "core/lead_json.h"
#include "tools/crash_test/api.h"

namespace lg::crash_test {

namespace {

constexpr size_t kBatch = 500;  // leads per synced batch of a bulk create (service/lead_service.h)
// Distinct e-mails in the duplicate-rule campaigns. The reject campaign's pool is larger: with its
// short window most of its addresses are free at any moment, so a bulk stores many lines and holds
// them in flight while other requests' checks refuse copies of them.
constexpr int kFlagEmailPool = 12;
constexpr int kRejectEmailPool = 100;
// Once the store is full, the reject campaign's lines use the first few of its e-mails only: at
// most that many leads are stored per window, so the store grows by a few leads a cycle.
constexpr int kFullStoreRejectEmailPool = 8;
// Where new leads go once the store is full (campaigns are made plain, reject, flag).
constexpr size_t kRejectCampaign = 1;

std::string Payload(uint64_t seq, std::mt19937_64& rng) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:;!?@#%&()+=";
  // Unique (the sequence number first), mostly short; sometimes a few KB so records differ in
  // size and the WAL grows faster.
  size_t length = rng() % 10 == 0 ? 1000 + rng() % 4000 : 1 + rng() % 120;
  std::string s = "p" + std::to_string(seq) + "-";
  for (size_t i = 0; i < length; ++i) s += kChars[rng() % (sizeof kChars - 1)];
  return s;
}

// One of the pool's addresses, with its letters' case varied: duplicate rules ignore case.
std::string PoolEmail(int pool, std::mt19937_64& rng) {
  std::string email = "dup" + std::to_string(rng() % pool) + "@example.com";
  for (char& c : email) {
    if (c >= 'a' && c <= 'z' && rng() % 4 == 0) c = static_cast<char>(c - 'a' + 'A');
  }
  return email;
}

std::string CampaignPath(uint64_t id) { return "/v2/campaigns/" + std::to_string(id); }

}  // namespace

Workload::Workload(const WorkloadOptions& options, Model& model, Report& report, int cycle, uint16_t port)
    : options_(options),
      model_(model),
      report_(report),
      cycle_(cycle),
      port_(port),
      logs_(options.clients),
      own_leads_(options.clients) {
  for (TrackedLead& t : model_.leads) {
    if (t.owner >= 0 && t.owner < options_.clients && !t.deleted) own_leads_[t.owner].push_back(&t);
  }
}

Workload::~Workload() {
  stop_ = true;
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void Workload::Start() {
  for (int c = 0; c < options_.clients; ++c) threads_.emplace_back([this, c] { Client(c); });
  if (options_.admin) threads_.emplace_back([this] { Admin(); });
}

void Workload::SendBigBulk() { big_bulk_wanted_ = true; }

std::chrono::nanoseconds Workload::LastBigBulkTime() const {
  return std::chrono::nanoseconds(last_big_bulk_ns_[big_bulk_campaign_.load() % 3].load());
}

std::optional<Time> Workload::BigBulkSince() const {
  int64_t ns = big_bulk_since_.load();
  if (ns == 0) return std::nullopt;
  return Time(std::chrono::nanoseconds(ns));
}

void Workload::Finish() {
  stop_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
  Stats& total = report_.stats;
  for (int c = 0; c < options_.clients; ++c) {
    ClientLog& log = logs_[c];
    const size_t line_offset = model_.lines.size();
    const size_t request_offset = model_.requests.size();
    for (Line& line : log.lines) {
      line.request += request_offset;
      model_.line_by_marker[line.marker] = model_.lines.size();
      model_.lines.push_back(std::move(line));
    }
    for (CreateRequest& request : log.requests) {
      for (size_t& i : request.lines) i += line_offset;
      model_.requests.push_back(std::move(request));
    }
    for (TrackedLead& lead : log.created) {
      lead.line += line_offset;
      model_.acked_this_cycle[lead.id] = std::move(lead);
    }
    model_.named.insert(model_.named.end(), log.named.begin(), log.named.end());
    const Stats& s = log.stats;
    total.lines_sent += s.lines_sent;
    total.lines_acked += s.lines_acked;
    total.lines_refused += s.lines_refused;
    total.lines_cut += s.lines_cut;
    total.singles += s.singles;
    total.bulks += s.bulks;
    total.big_bulks += s.big_bulks;
    total.keyed += s.keyed;
    total.retries += s.retries;
    total.retries_full_replay += s.retries_full_replay;
    total.retried_lines_replayed += s.retried_lines_replayed;
    total.retries_abandoned += s.retries_abandoned;
    total.duplicates_refused += s.duplicates_refused;
    total.duplicates_flagged += s.duplicates_flagged;
    total.named_409 += s.named_409;
    total.patches_acked += s.patches_acked;
    total.patches_cut += s.patches_cut;
    total.deletes_acked += s.deletes_acked;
    total.deletes_cut += s.deletes_cut;
    for (const auto& e : log.errors)
      report_.Error("cycle " + std::to_string(cycle_) + ", client " + std::to_string(c) + ": " + e);
  }
  for (AdminChange& change : changes_) {
    (change.span.acked() ? total.admin_acked : total.admin_cut)++;
    model_.changes.push_back(std::move(change));
  }
  for (const auto& e : admin_errors_) report_.Error("cycle " + std::to_string(cycle_) + ", admin: " + e);
}

// --- clients -----------------------------------------------------------------------------------------

void Workload::Client(int client) {
  ClientLog& log = logs_[client];
  std::mt19937_64 rng(options_.seed * 1000003 + static_cast<uint64_t>(cycle_) * 1009 + static_cast<uint64_t>(client));
  auto conn = Connect(port_);
  // Requests are never added during a cycle, and each is touched only by its own client.
  for (CreateRequest& request : model_.requests) {
    if (request.client != client || !request.retry) continue;
    if (stop_ || !Retry(request, *conn, log)) return;
  }
  const bool bulk_client = client == 0 && options_.clients > 1;
  while (!stop_) {
    const int dice = bulk_client ? 100 : static_cast<int>(rng() % 100);
    const bool own = !own_leads_[client].empty();
    bool go_on;
    if (own && dice < options_.patch_percent) {
      go_on = Patch(client, rng, *conn, log);
    } else if (own && dice < options_.patch_percent + options_.delete_percent) {
      go_on = Delete(client, rng, *conn, log);
    } else {
      go_on = NewCreate(client, rng, *conn, log);
    }
    if (!go_on) return;
  }
}

bool Workload::Retry(CreateRequest& request, tools::SyncClient& conn, ClientLog& log) {
  std::string token;
  {
    std::lock_guard lock(model_.shared.mu);
    if (request.vendor < 0) {
      token = model_.shared.admin_token;
    } else {
      const auto& secrets = model_.shared.vendors[request.vendor].secrets;
      auto it = secrets.find(request.token_id);
      if (it != secrets.end()) token = it->second;
    }
  }
  if (token.empty()) {
    // Its token was revoked: the key cannot be used by another token. Its effect stays whatever
    // the restart after its cut showed.
    request.retry = false;
    std::string().swap(request.body);
    ++log.stats.retries_abandoned;
    return true;
  }
  std::vector<Line*> lines;
  for (size_t i : request.lines) lines.push_back(&model_.lines[i]);
  ++log.stats.retries;
  return Send(request, lines, token, /*retry=*/true, conn, log);
}

Line Workload::NewLine(int client, size_t campaign, int vendor, const CampaignState& schema, bool may_be_invalid,
                       std::mt19937_64& rng) {
  Line line;
  uint64_t seq = ++model_.next_seq[client];
  line.marker = "r" + std::to_string(options_.seed) + "-c" + std::to_string(client) + "-n" + std::to_string(seq);
  line.campaign = campaign;
  line.client = client;
  line.vendor = vendor;
  Values& v = line.sent;
  v.fields["marker"] = Quoted(line.marker);
  v.fields["client"] = std::to_string(client);
  v.fields["seq"] = std::to_string(seq);
  v.fields["payload"] = Quoted(Payload(seq, rng));
  std::string email;
  switch (schema.kind) {
    case CampaignKind::kPlain:
      email = "c" + std::to_string(client) + "n" + std::to_string(seq) + "@example.com";
      break;
    case CampaignKind::kReject:
      email = PoolEmail(options_.store_full ? kFullStoreRejectEmailPool : kRejectEmailPool, rng);
      break;
    case CampaignKind::kFlag:
      email = PoolEmail(kFlagEmailPool, rng);
      break;
  }
  if (may_be_invalid && rng() % 25 == 0) {
    email = "not-an-email-" + std::to_string(seq);
    line.valid = false;
  }
  v.fields["email"] = Quoted(email);
  line.email = FoldEmail(email);
  if (!schema.fields.empty() && rng() % 3 == 0) {
    v.fields[schema.fields[rng() % schema.fields.size()]] = Quoted("x" + std::to_string(seq));
  }
  if (vendor < 0) v.source = schema.options[rng() % schema.options.size()];
  v.status = "new";
  return line;
}

bool Workload::NewCreate(int client, std::mt19937_64& rng, tools::SyncClient& conn, ClientLog& log) {
  const bool bulk_client = client == 0 && options_.clients > 1;
  const bool bulk = bulk_client || static_cast<int>(rng() % 100) < options_.bulk_percent;
  // Bulks of more than one batch come from client 0 only, when the kill is aimed at one (and
  // now and then by itself), so that a cycle's volume stays small.
  const bool big = bulk_client && (big_bulk_wanted_.exchange(false) || rng() % 200 == 0);
  // A big bulk into the reject campaign stores one batch at most (its e-mails come from a pool:
  // the other lines are refused), but holds that batch in flight for the whole request, a long
  // time for other requests' duplicate checks to see leads that are not stored yet.
  const uint64_t pick = rng() % 100;
  const size_t campaign = options_.store_full ? kRejectCampaign
                          : big               ? (pick < 50   ? 0
                                                 : pick < 70 ? 1
                                                             : 2)
                          : pick < 50         ? 0
                          : pick < 75         ? 1
                                              : 2;
  CampaignState schema;
  int vendor = -1;
  uint64_t token_id = 0;
  std::string token;
  {
    std::lock_guard lock(model_.shared.mu);
    schema = model_.shared.campaigns[campaign];
    std::vector<int> vendors;
    for (size_t v = 0; v < model_.shared.vendors.size(); ++v) {
      if (model_.shared.vendors[v].campaign == campaign) vendors.push_back(static_cast<int>(v));
    }
    if (!vendors.empty() && rng() % 100 < 35) {
      vendor = vendors[rng() % vendors.size()];
      token_id = model_.shared.vendors[vendor].token_id;
      token = model_.shared.vendors[vendor].secret;
    } else {
      token = model_.shared.admin_token;
    }
  }
  CreateRequest request;
  request.client = client;
  request.campaign = campaign;
  request.bulk = bulk;
  request.ndjson = bulk && rng() % 2 == 0;
  request.vendor = vendor;
  request.token_id = token_id;
  if (static_cast<int>(rng() % 100) < (bulk ? options_.bulk_key_percent : options_.key_percent)) {
    request.key = "k" + std::to_string(options_.seed) + "-c" + std::to_string(client) + "-n" +
                  std::to_string(model_.next_seq[client] + 1);
  }
  // A big bulk is two batches, the second of 200 to 499 leads: a kill between their commits
  // leaves part of it stored.
  const size_t count = !bulk ? 1 : big ? kBatch + 200 + rng() % (kBatch - 200) : 1 + rng() % 10;
  std::vector<size_t> local;
  for (size_t i = 0; i < count; ++i) {
    Line line = NewLine(client, campaign, vendor, schema, bulk, rng);
    line.request = log.requests.size();
    local.push_back(log.lines.size());
    log.lines.push_back(std::move(line));
  }
  std::string body;
  if (bulk && !request.ndjson) body += "[";
  for (size_t i = 0; i < local.size(); ++i) {
    if (i > 0 && !request.ndjson) body += ",";
    body += CreateBody(log.lines[local[i]].sent);
    if (request.ndjson) body += "\n";
  }
  if (bulk && !request.ndjson) body += "]";
  request.body = std::move(body);
  request.lines = local;
  log.requests.push_back(std::move(request));
  Stats& s = log.stats;
  s.lines_sent += count;
  (bulk ? s.bulks : s.singles)++;
  if (count > kBatch) ++s.big_bulks;
  if (!log.requests.back().key.empty()) ++s.keyed;
  std::vector<Line*> lines;
  lines.reserve(local.size());
  for (size_t i : local) lines.push_back(&log.lines[i]);
  return Send(log.requests.back(), lines, token, /*retry=*/false, conn, log);
}

bool Workload::Send(CreateRequest& request, const std::vector<Line*>& lines, const std::string& token, bool retry,
                    tools::SyncClient& conn, ClientLog& log) {
  std::string path;
  {
    std::lock_guard lock(model_.shared.mu);
    path = model_.shared.campaigns[request.campaign].leads_path;
  }
  if (request.bulk) path += "/bulk";
  tools::Headers headers;
  if (!request.key.empty()) headers.emplace_back("Idempotency-Key", request.key);
  const bool big = request.bulk && request.lines.size() > kBatch;
  Attempt attempt;
  attempt.cycle = cycle_;
  attempt.span.sent = Clock::now();
  if (big && request.client == 0) {
    big_bulk_campaign_ = request.campaign;
    big_bulk_since_ = attempt.span.sent.time_since_epoch().count();
  }
  auto res = conn.Send("POST", path, token, request.body,
                       request.bulk && request.ndjson ? "application/x-ndjson" : "application/json", headers);
  if (big && request.client == 0) {
    big_bulk_since_ = 0;
    if (res.status != 0) last_big_bulk_ns_[request.campaign % 3] = (Clock::now() - attempt.span.sent).count();
  }
  auto what = [&] {
    return std::string(retry ? "retried " : "") + (request.bulk ? "bulk" : "create") + " of " +
           std::to_string(lines.size()) + " lead(s) into the " +
           ToString(model_.shared.campaigns[request.campaign].kind) + " campaign" +
           (request.key.empty() ? "" : " with key " + request.key);
  };
  if (res.status == 0) {
    request.attempts.push_back(attempt);
    if (!request.key.empty()) request.retry = true;
    if (!request.retry) std::string().swap(request.body);  // never sent again
    log.stats.lines_cut += lines.size();
    return false;
  }
  attempt.span.answered = Clock::now();
  attempt.status = res.status;
  attempt.replayed_header = res.Header("idempotent-replayed") == "true";
  request.attempts.push_back(attempt);
  if (retry && attempt.replayed_header) ++log.stats.retries_full_replay;
  auto unexpected = [&] {
    log.errors.push_back(what() + " answered " + std::to_string(res.status) + ": " + res.body.substr(0, 300));
    return false;
  };

  // Answers about the whole request.
  if (res.status == 401) {
    // Its token was rotated or revoked meanwhile (the admin thread). Nothing was done; a retry's
    // key keeps whatever its earlier attempts did, so it stays to be sent again.
    if (!retry) {
      for (Line* line : lines) line->answers.push_back({cycle_, 401, 0, false, "unauthorized", std::nullopt});
      log.stats.lines_refused += lines.size();
      std::string().swap(request.body);
    }
    return true;
  }
  Problem problem = res.status >= 400 ? ParseProblem(res.body) : Problem{};
  if (res.status == 409 && problem.code == "idempotency_key_in_flight") {
    if (!retry) return unexpected();  // a fresh key cannot be in flight
    return true;                      // the earlier attempt's server is gone: odd, but try again later
  }

  // One answer per line.
  std::vector<LineAnswer> answers;
  if (!request.bulk) {
    LineAnswer a{cycle_, res.status, 0, attempt.replayed_header, problem.code, problem.doublet_of};
    if (res.status == 201) {
      auto lead = core::DecodeLead(res.body);
      if (!lead.has_value() || lead->id == 0) return unexpected();
      a.id = lead->id;
      a.doublet_of = lead->doublet_of;
    } else if (!(res.status == 409 && problem.code == "duplicate_lead") && res.status != 422) {
      return unexpected();
    }
    answers.push_back(a);
  } else {
    if (res.status != 200) return unexpected();
    auto items = ParseBulkAnswer(res.body);
    if (!items || items->size() != lines.size()) {
      log.errors.push_back(what() + " answered an unreadable result (or not one per line): " + res.body.substr(0, 300));
      return false;
    }
    for (const BulkItem& item : *items) {
      answers.push_back({cycle_, item.status, item.id, item.replayed, item.code, item.doublet_of});
      if (item.replayed) ++log.stats.retried_lines_replayed;
    }
  }
  request.retry = false;             // a definite answer
  std::string().swap(request.body);  // never sent again

  for (size_t i = 0; i < lines.size(); ++i) {
    Line& line = *lines[i];
    const LineAnswer& a = answers[i];
    line.answers.push_back(a);
    if (a.status == 201) {
      ++log.stats.lines_acked;
      if (a.doublet_of) ++log.stats.duplicates_flagged;
      if (!line.valid)
        log.errors.push_back(what() + ": line " + std::to_string(i) + " with an invalid e-mail was created");
      const CampaignState& schema = model_.shared.campaigns[request.campaign];
      if (!retry && schema.kind == CampaignKind::kPlain && request.vendor < 0) {
        TrackedLead lead;
        lead.id = a.id;
        lead.campaign = request.campaign;
        lead.line = request.lines[i];
        lead.owner = request.client;
        lead.values = line.sent;
        lead.touched_cycle = cycle_;
        log.created.push_back(std::move(lead));
        own_leads_[request.client].push_back(&log.created.back());
      }
      continue;
    }
    ++log.stats.lines_refused;
    if (a.status == 409 && a.code == "duplicate_lead") {
      ++log.stats.duplicates_refused;
      if (a.doublet_of) {
        ++log.stats.named_409;
        log.named.push_back({request.campaign, *a.doublet_of, line.email, line.marker, attempt.span});
      }
    } else if (!line.valid && a.status == 422) {
      // as intended
    } else if (!line.valid) {
      log.errors.push_back(what() + ": line " + std::to_string(i) + " with an invalid e-mail answered " +
                           std::to_string(a.status) + " " + a.code);
    } else if (!retry) {
      // A retry may be refused what its first attempt was allowed (a schema change the cut took
      // back); a first attempt sends only what the schema holds.
      log.errors.push_back(what() + ": line " + std::to_string(i) + " (" + line.marker +
                           ") refused: " + std::to_string(a.status) + " " + a.code);
    }
  }
  return true;
}

bool Workload::Patch(int client, std::mt19937_64& rng, tools::SyncClient& conn, ClientLog& log) {
  const std::vector<TrackedLead*>& own = own_leads_[client];
  if (own.empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return true;
  }
  TrackedLead& lead = *own[rng() % own.size()];
  Values v = lead.patches.empty() ? lead.values : lead.patches.back().values;
  std::string leads_path;
  {
    std::lock_guard lock(model_.shared.mu);
    const CampaignState& schema = model_.shared.campaigns[lead.campaign];
    leads_path = schema.leads_path;
    uint64_t seq = ++model_.next_seq[client];
    v.fields["payload"] = Quoted(Payload(seq, rng));
    v.status = schema.statuses[rng() % schema.statuses.size()];
    v.source = schema.options[rng() % schema.options.size()];
    if (!schema.fields.empty() && rng() % 3 == 0) {
      v.fields[schema.fields[rng() % schema.fields.size()]] = Quoted("y" + std::to_string(seq));
    }
  }
  lead.patches.push_back({v, {Clock::now(), kCut}});
  lead.touched_cycle = cycle_;
  auto res = conn.Send("PATCH", leads_path + "/" + std::to_string(lead.id), model_.shared.admin_token, PatchBody(v));
  if (res.status == 0) {
    ++log.stats.patches_cut;
    return false;  // stays in `patches` unanswered: resolved after the restart
  }
  lead.patches.back().span.answered = Clock::now();
  auto got = res.status == 200 ? core::DecodeLead(res.body) : core::Result<core::Lead>(core::Status::Internal(""));
  if (!got.has_value()) {
    log.errors.push_back("PATCH of lead " + std::to_string(lead.id) + " answered " + std::to_string(res.status) + ": " +
                         res.body.substr(0, 300));
    return false;
  }
  if (auto diff = Diff(v, *got); !diff.empty() || got->id != lead.id) {
    log.errors.push_back("PATCH of lead " + std::to_string(lead.id) + " answered other values:" + diff);
  }
  ++log.stats.patches_acked;
  return true;
}

bool Workload::Delete(int client, std::mt19937_64& rng, tools::SyncClient& conn, ClientLog& log) {
  std::vector<TrackedLead*>& own = own_leads_[client];
  if (own.empty()) return true;
  const size_t pick = rng() % own.size();
  TrackedLead& lead = *own[pick];
  // Neither PATCHed nor deleted again: whatever the answer, its fate is the DELETE's.
  own[pick] = own.back();
  own.pop_back();
  std::string path;
  {
    std::lock_guard lock(model_.shared.mu);
    path = model_.shared.campaigns[lead.campaign].leads_path + "/" + std::to_string(lead.id);
  }
  lead.deletion = Span{Clock::now(), kCut};
  lead.touched_cycle = cycle_;
  auto res = conn.Send("DELETE", path, model_.shared.admin_token);
  if (res.status == 0) {
    ++log.stats.deletes_cut;
    return false;  // resolved after the restart: gone, or there as it was
  }
  if (res.status != 204) {
    // Not deleted, as far as the answer says: the checks then expect it stored.
    lead.deletion.reset();
    log.errors.push_back("DELETE of lead " + std::to_string(lead.id) + " answered " + std::to_string(res.status) +
                         ": " + res.body.substr(0, 300));
    return false;
  }
  lead.deletion->answered = Clock::now();
  ++log.stats.deletes_acked;
  return true;
}

// --- the admin thread ------------------------------------------------------------------------------

void Workload::Admin() {
  std::mt19937_64 rng(options_.seed * 7919 + static_cast<uint64_t>(cycle_));
  auto conn = Connect(port_);
  const size_t campaigns = model_.shared.campaigns.size();
  const size_t vendors = model_.shared.vendors.size();
  while (!stop_) {
    auto until = Clock::now() + std::chrono::milliseconds(20 + rng() % 60);
    while (!stop_ && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (stop_) return;
    const size_t campaign = rng() % campaigns;
    const int vendor = static_cast<int>(rng() % vendors);
    const std::string n = std::to_string(++model_.next_serial);
    bool ok = true;
    switch (rng() % 6) {
      case 0:
        ok = AddToSchema(AdminChange::Kind::kAddOption, campaign, "o" + n, *conn);
        break;
      case 1:
        ok = AddToSchema(AdminChange::Kind::kAddField, campaign, "f" + n, *conn);
        break;
      case 2:
        ok = AddToSchema(AdminChange::Kind::kAddStatus, campaign, "st" + n, *conn);
        break;
      case 3:
        ok = MoveFilter(vendor, *conn);
        break;
      case 4:
        ok = Rotate(vendor, *conn);
        break;
      default:
        ok = Replace(vendor, *conn);
        break;
    }
    if (!ok) return;
  }
}

bool Workload::AdminCall(AdminChange change, const std::string& method, const std::string& path,
                         const std::string& body, int expected, tools::SyncClient& conn, tools::HttpResult& res) {
  change.span.sent = Clock::now();
  res = conn.Send(method, path, model_.shared.admin_token, body);
  if (res.status != 0) change.span.answered = Clock::now();
  if (res.status == expected &&
      (change.kind == AdminChange::Kind::kMint || change.kind == AdminChange::Kind::kRotate)) {
    auto id = UintMember(res.body, "id");
    auto secret = StringMember(res.body, "token");
    if (!id || !secret) {
      admin_errors_.push_back(method + " " + path + " answered no token: " + res.body.substr(0, 300));
      return false;
    }
    change.token_id = *id;
    change.secret = *secret;
  }
  changes_.push_back(change);
  if (res.status == expected) return true;
  if (res.status != 0) {
    admin_errors_.push_back(change.Describe() + ": " + method + " " + path + " answered " + std::to_string(res.status) +
                            ": " + res.body.substr(0, 300));
  }
  return false;
}

bool Workload::AddToSchema(AdminChange::Kind kind, size_t campaign, const std::string& slug, tools::SyncClient& conn) {
  const std::string base = CampaignPath(model_.shared.campaigns[campaign].id);
  core::JsonWriter body;
  body.BeginObject().Key("slug").String(slug).Key("label").String("Crash " + slug);
  std::string path;
  switch (kind) {
    case AdminChange::Kind::kAddOption:
      path = base + "/selects/source/options";
      break;
    case AdminChange::Kind::kAddField:
      path = base + "/fields";
      body.Key("type").String("text");
      break;
    default:
      path = base + "/statuses";
      body.Key("type").String("active");
      break;
  }
  body.EndObject();
  AdminChange change;
  change.kind = kind;
  change.campaign = campaign;
  change.slug = slug;
  tools::HttpResult res;
  if (!AdminCall(change, "POST", path, body.Take(), 201, conn, res)) return false;
  std::lock_guard lock(model_.shared.mu);
  CampaignState& schema = model_.shared.campaigns[campaign];
  if (kind == AdminChange::Kind::kAddField) schema.fields.push_back(slug);
  if (kind == AdminChange::Kind::kAddStatus) schema.statuses.push_back(slug);
  // A vendor's option (v...) is only ever stamped by its filter.
  if (kind == AdminChange::Kind::kAddOption && slug[0] != 'v') schema.options.push_back(slug);
  return true;
}

bool Workload::MoveFilter(int vendor, tools::SyncClient& conn) {
  size_t campaign;
  uint64_t filter_id;
  {
    std::lock_guard lock(model_.shared.mu);
    campaign = model_.shared.vendors[vendor].campaign;
    filter_id = model_.shared.vendors[vendor].filter_id;
  }
  const std::string slug = "v" + std::to_string(vendor) + "m" + std::to_string(model_.next_serial);
  if (!AddToSchema(AdminChange::Kind::kAddOption, campaign, slug, conn)) return false;
  core::JsonWriter body;
  body.BeginObject().Key("conditions").BeginArray().BeginObject();
  body.Key("field").String("source").Key("op").String("eq").Key("value").String(slug);
  body.EndObject().EndArray().EndObject();
  AdminChange change;
  change.kind = AdminChange::Kind::kPatchFilter;
  change.campaign = campaign;
  change.slug = slug;
  change.vendor = vendor;
  tools::HttpResult res;
  const std::string path = CampaignPath(model_.shared.campaigns[campaign].id) + "/filters/" + std::to_string(filter_id);
  if (!AdminCall(change, "PATCH", path, body.Take(), 200, conn, res)) return false;
  std::lock_guard lock(model_.shared.mu);
  model_.shared.vendors[vendor].option = slug;
  return true;
}

bool Workload::Rotate(int vendor, tools::SyncClient& conn) {
  uint64_t token_id;
  {
    std::lock_guard lock(model_.shared.mu);
    token_id = model_.shared.vendors[vendor].token_id;
  }
  AdminChange change;
  change.kind = AdminChange::Kind::kRotate;
  change.vendor = vendor;
  change.token_id = token_id;
  tools::HttpResult res;
  if (!AdminCall(change, "POST", "/v2/tokens/" + std::to_string(token_id) + "/rotate", "", 200, conn, res)) {
    return false;
  }
  const std::string secret = changes_.back().secret;
  std::lock_guard lock(model_.shared.mu);
  Vendor& v = model_.shared.vendors[vendor];
  v.secrets[token_id] = secret;
  if (v.token_id == token_id) v.secret = secret;
  return true;
}

bool Workload::Replace(int vendor, tools::SyncClient& conn) {
  uint64_t old_id, filter_id;
  {
    std::lock_guard lock(model_.shared.mu);
    old_id = model_.shared.vendors[vendor].token_id;
    filter_id = model_.shared.vendors[vendor].filter_id;
  }
  core::JsonWriter body;
  body.BeginObject().Key("name").String("crash vendor " + std::to_string(vendor) + " #" +
                                        std::to_string(model_.next_serial));
  body.Key("permission").String("read_write").Key("filter_id").Uint(filter_id).EndObject();
  AdminChange mint;
  mint.kind = AdminChange::Kind::kMint;
  mint.vendor = vendor;
  tools::HttpResult res;
  if (!AdminCall(mint, "POST", "/v2/tokens", body.Take(), 201, conn, res)) return false;
  {
    const AdminChange& minted = changes_.back();
    std::lock_guard lock(model_.shared.mu);
    Vendor& v = model_.shared.vendors[vendor];
    v.secrets[minted.token_id] = minted.secret;
    v.token_id = minted.token_id;
    v.secret = minted.secret;
  }
  AdminChange revoke;
  revoke.kind = AdminChange::Kind::kRevoke;
  revoke.vendor = vendor;
  revoke.token_id = old_id;
  if (!AdminCall(revoke, "DELETE", "/v2/tokens/" + std::to_string(old_id), "", 200, conn, res)) return false;
  std::lock_guard lock(model_.shared.mu);
  model_.shared.vendors[vendor].secrets[old_id] = "";
  return true;
}

}  // namespace lg::crash_test

#include "tools/crash_test/crash_test.h"

#include <simdjson.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "core/json_writer.h"
#include "core/time_util.h"
#include "store/db.h"
#include "store/integrity_check.h"
#include "tools/crash_test/api.h"
#include "tools/crash_test/power_cut_journal.h"
#include "tools/crash_test/workload.h"

namespace lg::crash_test {

namespace fs = std::filesystem;

namespace {

constexpr int kVendorsPerCampaign = 2;
const char* const kSources[] = {"s0", "s1", "s2", "s3"};
const char* const kStatuses[] = {"new", "contacted", "won", "lost"};

double MsSince(Time start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

// A campaign's whole schema: the fields every line carries, `source` with the admin's options and
// its vendors', the statuses, and the duplicate rule of its kind.
std::string CampaignBody(CampaignKind kind, const std::vector<std::string>& vendor_options) {
  core::JsonWriter out;
  out.BeginObject().Key("name").String(std::string("crash test ") + ToString(kind)).Key("fields").BeginArray();
  auto field = [&](const char* slug, const char* type, bool required) {
    out.BeginObject().Key("slug").String(slug).Key("label").String(slug).Key("type").String(type);
    out.Key("required").Bool(required).EndObject();
  };
  field("marker", "text", true);
  field("client", "number", false);
  field("seq", "number", false);
  field("payload", "text", false);
  field("email", "email", false);
  out.EndArray().Key("selects").BeginArray().BeginObject().Key("slug").String("source").Key("label").String("Source");
  out.Key("options").BeginArray();
  for (const char* s : kSources) out.BeginObject().Key("slug").String(s).Key("label").String(s).EndObject();
  for (const auto& v : vendor_options)
    out.BeginObject().Key("slug").String(v).Key("label").String("Vendor " + v).EndObject();
  out.EndArray().EndObject().EndArray().Key("statuses").BeginArray();
  for (const char* s : kStatuses) {
    out.BeginObject().Key("slug").String(s).Key("label").String(s);
    out.Key("type").String(std::string(s) == "won" ? "won" : std::string(s) == "lost" ? "lost" : "active");
    if (std::string(s) == "new") out.Key("default").Bool(true);
    out.EndObject();
  }
  out.EndArray();
  if (kind != CampaignKind::kPlain) {
    bool reject = kind == CampaignKind::kReject;
    out.Key("duplicate_rules").BeginArray().BeginObject().Key("name").String("same e-mail");
    out.Key("match").String("any").Key("fields").BeginArray().String("email").EndArray();
    out.Key("window_seconds").Int(reject ? kRejectWindowSeconds : kFlagWindowSeconds);
    out.Key("action").String(reject ? "reject" : "flag").EndObject().EndArray();
  }
  out.EndObject();
  return out.Take();
}

}  // namespace

CrashTest::CrashTest(Options options)
    : opt_(std::move(options)),
      rng_(opt_.seed),
      checks_(model_, report_, rng_, CheckOptions{opt_.power_cut && opt_.durability == "os", opt_.sample}) {}

int CrashTest::Run() {
  // mkdtemp replaces the six trailing X's.
  std::string pattern = (fs::temp_directory_path() / "leadgate-crash-").string() + std::string(6, 'X');
  if (!::mkdtemp(pattern.data())) {
    std::cerr << "cannot create a temporary directory: " << std::strerror(errno) << "\n";
    return 2;
  }
  work_dir_ = pattern;
  data_dir_ = work_dir_ + "/data";
  store_dir_ = data_dir_ + "/db";
  journal_ = work_dir_ + "/power-cut.journal";
  std::vector<std::string> sets = {"log.level=info", "limits.token_requests_per_second=1000000",
                                   "limits.token_burst=10000000",
                                   // 401s are expected: requests race with rotations and revokes.
                                   "limits.auth_failures_per_minute=100000", "limits.auth_failure_burst=100000",
                                   "store.durability=" + opt_.durability};
  std::vector<std::string> env;
  if (opt_.power_cut) env.push_back("LEADGATE_POWERCUT_JOURNAL=" + journal_);
  server_ = std::make_unique<Server>(opt_.leadgate, data_dir_, work_dir_ + "/server.log", sets, env);
  std::cout << "leadgate-crash-test: seed " << opt_.seed << ", " << opt_.cycles << " cycles, " << opt_.clients
            << " clients, durability " << opt_.durability << (opt_.power_cut ? ", power cuts" : ", SIGKILL only")
            << ", data in " << data_dir_ << std::endl;

  auto start = Clock::now();
  bool ok = Setup();
  for (int cycle = 1; ok && cycle <= opt_.cycles; ++cycle) ok = Cycle(cycle);
  if (ok) ok = Finish();
  PrintSummary(MsSince(start));

  conn_.reset();
  server_.reset();
  if (!ok || report_.errors() > 0) {
    std::cout << "FAILED; data directory kept: " << data_dir_ << " (server log: " << work_dir_ << "/server.log)\n";
    return 1;
  }
  if (opt_.keep) {
    std::cout << "data directory kept: " << data_dir_ << "\n";
  } else {
    std::error_code ec;
    fs::remove_all(work_dir_, ec);
  }
  std::cout << "PASSED\n";
  return 0;
}

bool CrashTest::StartServer() {
  auto t = Clock::now();
  std::string error;
  if (!server_->Start(error)) {
    report_.Error(error);
    return false;
  }
  report_.stats.restart_ms += MsSince(t);
  if (model_.shared.admin_token.empty()) std::ifstream(data_dir_ + "/admin-token") >> model_.shared.admin_token;
  if (model_.shared.admin_token.empty()) {
    report_.Error("no admin token in " + data_dir_ + "/admin-token");
    return false;
  }
  return true;
}

std::optional<tools::HttpResult> CrashTest::Call(const std::string& method, const std::string& target,
                                                 const std::string& body) {
  if (!conn_ || conn_port_ != server_->port()) {
    conn_ = Connect(server_->port());
    conn_port_ = server_->port();
  }
  auto res = conn_->Send(method, target, model_.shared.admin_token, body);
  if (res.status == 0) {
    report_.Error(method + " " + target + ": " + res.error);
    return std::nullopt;
  }
  return res;
}

bool CrashTest::Setup() {
  if (!StartServer()) return false;
  SharedState& shared = model_.shared;
  auto created = [&](const std::string& what, const std::optional<tools::HttpResult>& res) -> std::optional<uint64_t> {
    if (!res) return std::nullopt;
    auto id = res->status == 201 ? UintMember(res->body, "id") : std::nullopt;
    if (!id) report_.Error(what + " answered " + std::to_string(res->status) + ": " + res->body.substr(0, 300));
    return id;
  };
  for (CampaignKind kind : {CampaignKind::kPlain, CampaignKind::kReject, CampaignKind::kFlag}) {
    std::vector<std::string> vendor_options;
    vendor_options.reserve(kVendorsPerCampaign);
    for (int i = 0; i < kVendorsPerCampaign; ++i) {
      vendor_options.push_back("v" + std::to_string(shared.campaigns.size() * kVendorsPerCampaign + i));
    }
    auto id = created("creating a campaign", Call("POST", "/v2/campaigns", CampaignBody(kind, vendor_options)));
    if (!id) return false;
    CampaignState campaign;
    campaign.kind = kind;
    campaign.id = *id;
    campaign.leads_path = "/v2/campaigns/" + std::to_string(*id) + "/leads";
    campaign.options.assign(std::begin(kSources), std::end(kSources));
    campaign.statuses.assign(std::begin(kStatuses), std::end(kStatuses));
    shared.campaigns.push_back(campaign);
    // Its vendors, set up as an admin does: a filter `source eq <option>`, a token scoped to it.
    for (const std::string& option : vendor_options) {
      core::JsonWriter filter;
      filter.BeginObject().Key("name").String("crash vendor " + option).Key("match").String("all");
      filter.Key("conditions").BeginArray().BeginObject().Key("field").String("source").Key("op").String("eq");
      filter.Key("value").String(option).EndObject().EndArray().EndObject();
      auto filter_id = created("creating a filter",
                               Call("POST", "/v2/campaigns/" + std::to_string(*id) + "/filters", filter.Take()));
      if (!filter_id) return false;
      core::JsonWriter token;
      token.BeginObject().Key("name").String("crash vendor " + option).Key("permission").String("read_write");
      token.Key("filter_id").Uint(*filter_id).EndObject();
      auto res = Call("POST", "/v2/tokens", token.Take());
      auto token_id = created("minting a vendor token", res);
      auto secret = res ? StringMember(res->body, "token") : std::nullopt;
      if (!token_id || !secret) return false;
      Vendor vendor;
      vendor.campaign = shared.campaigns.size() - 1;
      vendor.filter_id = *filter_id;
      vendor.option = option;
      vendor.token_id = *token_id;
      vendor.secret = *secret;
      vendor.secrets[*token_id] = *secret;
      shared.vendors.push_back(vendor);
    }
  }
  model_.next_seq.assign(opt_.clients, 0);
  // The set-up must survive every later cut: a clean stop, and (under power cuts) everything on
  // disk counts as written back, as after an operator's `sync`.
  conn_.reset();
  if (int rc = server_->Terminate(); rc != 0) {
    report_.Error("SIGTERM after the set-up: the server exited with " + std::to_string(rc));
    return false;
  }
  if (opt_.power_cut && !Baseline()) return false;
  return StartServer();
}

bool CrashTest::PowerCut(std::string& note) {
  PowerCutReport cut;
  std::string error;
  if (!ApplyPowerCut(store_dir_, journal_, cut, error)) {
    report_.Error("power cut: " + error);
    return false;
  }
  ++report_.stats.power_cuts;
  report_.stats.power_files_cut += cut.files_cut;
  report_.stats.power_bytes_lost += cut.bytes_lost;
  note = "; power cut dropped " + std::to_string(cut.bytes_lost) + " unsynced bytes of " +
         std::to_string(cut.files_cut) + "/" + std::to_string(cut.files) + " files";
  if (cut.files_unknown) note += " (" + std::to_string(cut.files_unknown) + " never journalled)";
  return true;
}

bool CrashTest::Baseline() {
  std::string error;
  if (!WriteBaseline(store_dir_, journal_, error)) {
    report_.Error("power cut: " + error);
    return false;
  }
  return true;
}

bool CrashTest::IntegrityCheck(const std::string& when, std::string& note) {
  auto t = Clock::now();
  auto db = store::Db::Open(store_dir_);
  if (!db.has_value()) {
    report_.Error(when + ": cannot open the store after the kill: " + db.error().detail());
    return false;
  }
  double open_ms = MsSince(t);
  auto report = store::CheckIntegrity(**db);
  db.value().reset();  // close before the server opens it
  report_.stats.integrity_ms += MsSince(t);
  ++report_.stats.integrity_checks;
  if (!report.ok()) {
    report_.Error(when + ": integrity check failed:\n" + report.Describe());
    note = "FAILED";
    return false;
  }
  note = "ok (" + std::to_string(report.leads) + " leads, " + std::to_string(report.index_entries) +
         " index entries; open " + std::to_string(static_cast<int>(open_ms)) + " ms, check " +
         std::to_string(static_cast<int>(MsSince(t) - open_ms)) + " ms)";
  return true;
}

bool CrashTest::Cycle(int cycle) {
  const auto cycle_start = Clock::now();
  const Stats before = report_.stats;
  // Leads of this cycle are created after this (the server's clock is the same one).
  const int64_t since_ms = core::NowMillis() - 2000;
  model_.vendors_at_start = model_.shared.vendors;
  WorkloadOptions workload_options;
  workload_options.seed = opt_.seed;
  workload_options.clients = opt_.clients;
  workload_options.patch_percent = opt_.patch_percent;
  workload_options.delete_percent = opt_.delete_percent;
  workload_options.key_percent = opt_.key_percent;
  workload_options.bulk_key_percent = opt_.bulk_key_percent;
  workload_options.store_full = model_.leads.size() >= opt_.max_leads;
  workload_options.admin = opt_.admin;
  Workload workload(workload_options, model_, report_, cycle, server_->port());
  workload.Start();
  int delay =
      opt_.min_kill_ms + static_cast<int>(rng_() % static_cast<uint64_t>(opt_.max_kill_ms - opt_.min_kill_ms + 1));
  std::string kill_note;
  if (opt_.power_cut && rng_() % 10 < 7) {
    // The OS writes back what it holds at some moment before the cut, so that under os
    // durability some writes survive and what survives is worth checking.
    int writeback = static_cast<int>(rng_() % static_cast<uint64_t>(delay + 1));
    std::this_thread::sleep_for(std::chrono::milliseconds(writeback));
    std::string error;
    if (!RecordWriteback(store_dir_, journal_, error)) report_.Error("power cut: " + error);
    delay -= writeback;
    kill_note = " (OS writeback at " + std::to_string(writeback) + " ms)";
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  if (opt_.clients > 1 && static_cast<int>(rng_() % 100) < opt_.kill_in_bulk_percent) {
    // Aim the kill into a bulk of several batches: between its first synced batch and its last
    // is where a retry with its key must not create a lead twice.
    workload.SendBigBulk();
    auto deadline = Clock::now() + std::chrono::seconds(2);
    while (Clock::now() < deadline && !workload.BigBulkSince()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (auto since = workload.BigBulkSince()) {
      // Past its first batch (500 of 700 to 999 leads) and before its end, if it takes as long
      // as the last one did.
      auto took = workload.LastBigBulkTime();
      if (took.count() == 0) took = std::chrono::milliseconds(40);
      std::this_thread::sleep_until(*since + took * (55 + static_cast<int>(rng_() % 43)) / 100);
      if (workload.BigBulkSince()) kill_note += " inside a bulk";
    }
  }
  const int killed_after = static_cast<int>(MsSince(cycle_start));
  auto died = server_->Kill();
  workload.Finish();
  conn_.reset();
  if (died) report_.Error("cycle " + std::to_string(cycle) + ": " + *died);

  std::string cut_note;
  if (opt_.power_cut && !PowerCut(cut_note)) return false;
  // Offline check of the store as the crash left it. Every fourth cycle the server recovers
  // the write-ahead log by itself instead (opening the store for the check recovers it too).
  std::string check_note = "skipped (server recovers)";
  if (opt_.no_store_check) check_note = "off";
  if (cycle % 4 != 3 && !opt_.no_store_check && !IntegrityCheck("cycle " + std::to_string(cycle), check_note)) {
    return false;
  }
  if (opt_.power_cut && !Baseline()) return false;
  if (!StartServer()) return false;
  // The set-up was made durable before any cycle: it must be back whatever the cut took.
  auto probe = Call("GET", "/v2/campaigns/" + std::to_string(model_.shared.campaigns[0].id));
  if (!probe) return false;
  if (probe->status != 200) {
    report_.Error("LOST set-up: after the restart of cycle " + std::to_string(cycle) +
                  " GET of the plain campaign answers " + std::to_string(probe->status) + ": " +
                  probe->body.substr(0, 300));
    return false;
  }
  checks_.AfterRestart(cycle, server_->port(), since_ms);
  std::string full_note;
  if (cycle % opt_.full_every == 0 || cycle == opt_.cycles) full_note = checks_.FullCheck(server_->port());

  const Stats& now = report_.stats;
  std::cout << "cycle " << cycle << "/" << opt_.cycles << ": " << (opt_.power_cut ? "power cut" : "killed") << " after "
            << killed_after << " ms" << kill_note << "; sent " << now.lines_sent - before.lines_sent << " leads in "
            << (now.singles - before.singles) << " creates and " << (now.bulks - before.bulks) << " bulks ("
            << now.retries - before.retries << " retries): acked " << now.lines_acked - before.lines_acked
            << ", refused " << now.lines_refused - before.lines_refused << ", cut off "
            << now.lines_cut - before.lines_cut << " (" << now.lines_cut_stored - before.lines_cut_stored
            << " stored); " << now.patches_acked - before.patches_acked << " patches acked, "
            << now.patches_cut - before.patches_cut << " cut; " << now.deletes_acked - before.deletes_acked
            << " deletes acked, " << now.deletes_cut - before.deletes_cut << " cut; "
            << (now.admin_acked - before.admin_acked) << " admin changes acked, " << now.admin_cut - before.admin_cut
            << " cut" << cut_note;
  if (opt_.power_cut && opt_.durability == "os") std::cout << "; acked lost " << now.acked_lost - before.acked_lost;
  std::cout << "; check " << check_note << full_note << " (" << static_cast<int>(MsSince(cycle_start)) << " ms)"
            << std::endl;
  return report_.errors() == 0;
}

bool CrashTest::Finish() {
  conn_.reset();
  int rc = server_->Terminate();
  if (rc != 0) report_.Error("SIGTERM: the server exited with " + std::to_string(rc) + "; log:\n" + server_->LogTail());
  std::string note;
  bool ok = IntegrityCheck("after a clean stop", note);
  std::cout << "clean stop: exit " << rc << "; check " << note << std::endl;
  return ok && rc == 0;
}

void CrashTest::PrintSummary(double total_ms) const {
  const Stats& s = report_.stats;
  auto avg = [](double total, uint64_t n) {
    return static_cast<int>(total / static_cast<double>(std::max<uint64_t>(1, n)));
  };
  std::cout << "\nsummary (" << static_cast<int>(total_ms / 1000) << " s, seed " << opt_.seed << ", durability "
            << opt_.durability << (opt_.power_cut ? ", power cuts" : ", SIGKILL") << "):\n"
            << "  leads stored and tracked: " << model_.leads.size() - s.leads_deleted << " (and " << s.leads_deleted
            << " deleted, tracked to stay gone)\n"
            << "  lead lines sent: " << s.lines_sent << " in " << s.singles << " creates and " << s.bulks << " bulks ("
            << s.big_bulks << " over one batch), " << s.keyed << " requests with an Idempotency-Key\n"
            << "  acknowledged: " << s.lines_acked << " leads (" << s.duplicates_flagged << " flagged as duplicates), "
            << s.patches_acked << " patches, " << s.deletes_acked << " deletes, " << s.admin_acked
            << " schema/token changes\n"
            << "  refused: " << s.lines_refused << " leads (" << s.duplicates_refused << " duplicates, " << s.named_409
            << " of them naming the earlier lead)\n"
            << "  cut off by kills (ambiguous): " << s.lines_cut << " lead lines (" << s.lines_cut_stored << " stored, "
            << s.lines_cut_absent << " not), " << s.bulks_cut_partly_stored << " bulks cut with part stored, "
            << s.patches_cut << " patches (" << s.patches_cut_stored << " stored, " << s.patches_cut_absent << " not), "
            << s.deletes_cut << " deletes (" << s.deletes_cut_gone << " gone after the restart, " << s.deletes_cut_there
            << " still there), " << s.admin_cut << " admin changes (" << s.admin_cut_kept << " kept)\n"
            << "  retried with the same key: " << s.retries << " requests (" << s.retries_full_replay
            << " replayed whole, " << s.retried_lines_replayed << " lines marked replayed, " << s.retries_abandoned
            << " abandoned: token revoked)\n"
            << "  acknowledged writes lost: " << s.acked_lost
            << (opt_.power_cut && opt_.durability == "os" ? " (allowed: os durability under power cuts)" : "") << "\n";
  if (opt_.power_cut) {
    std::cout << "  power cuts: " << s.power_cuts << ", dropping " << s.power_bytes_lost << " unsynced bytes in "
              << s.power_files_cut << " file cuts\n";
  }
  std::cout << "  verification: " << s.reads << " reads by id, " << s.list_pages << " list pages, " << s.full_checks
            << " full checks\n"
            << "  integrity checks: " << s.integrity_checks << " (" << avg(s.integrity_ms, s.integrity_checks)
            << " ms each on average); server start " << avg(s.restart_ms, static_cast<uint64_t>(opt_.cycles) + 2)
            << " ms on average\n"
            << "  problems: " << report_.errors() << "\n";
}

}  // namespace lg::crash_test

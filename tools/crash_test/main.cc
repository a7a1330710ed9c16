// leadgate-crash-test: kills a real `leadgate serve` with SIGKILL while clients write, and
// proves that nothing acknowledged is lost and that indexes stay consistent.
//
// One cycle: K client threads create leads (POST, unique marker per lead) and patch their own
// earlier leads (PATCH: payload, source, status) on keep-alive connections; after a random delay
// the server is SIGKILLed. Then the store is checked offline (store::CheckIntegrity, as
// `leadgate check` does), the server restarts, and every lead acknowledged in the cycle (plus a
// sample of older ones) is read back by id and compared value by value. Every few cycles, and
// after the last, a full check pages through the whole campaign and through every `source` and
// `status` listing (index scans) and compares them with the expected state.
//
// A request cut off by the kill is ambiguous: its effect may or may not have been stored. A
// PATCH in flight must leave the lead either before or after it; a POST in flight may appear
// (then it must carry exactly the values sent) or not. Everything that got 201/200 must be there.
//
// Usage: leadgate-crash-test [--cycles 20] [--clients 4] [--leadgate PATH] [--seed N] [--keep]
//                            [--durability fsync|os]
// Exit status: 0 when every check passed, 1 on any lost/corrupt lead or integrity problem.

#include <fcntl.h>
#include <simdjson.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/lead.h"
#include "core/lead_json.h"
#include "core/percent_encoding.h"
#include "store/db.h"
#include "store/integrity_check.h"
#include "tools/common/guarded_main.h"
#include "tools/common/http_client.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const std::vector<std::string> kSources = {"s0", "s1", "s2", "s3"};
const std::vector<std::string> kStatuses = {"new", "contacted", "won", "lost"};
constexpr size_t kPageLimit = 500;
constexpr size_t kMaxErrors = 200;  // a run stops reading back once it has this many

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// ---------------------------------------------------------------------------------------------
// One keep-alive connection to the server under test. A request cut off by the kill is never
// sent again: its effect is unknown, and the checks treat it so.

std::unique_ptr<lg::tools::SyncClient> ConnectTo(uint16_t port) {
  lg::tools::Url url{"127.0.0.1", std::to_string(port), ""};
  return std::make_unique<lg::tools::SyncClient>(url, std::chrono::seconds(10), "leadgate-crash-test",
                                                 lg::tools::SyncClient::Retry::kNever);
}

// ---------------------------------------------------------------------------------------------
// The expected state.

// What a client may change about a lead.
struct Values {
  std::string payload;
  std::string source;
  std::string status;
  bool operator==(const Values&) const = default;
};

struct TrackedLead {
  uint64_t id = 0;
  int client = 0;
  uint64_t seq = 0;
  std::string marker;
  Values acked;                   // the last acknowledged values
  std::optional<Values> pending;  // a PATCH cut off by the kill: stored or not
  int touched_cycle = 0;          // last cycle it was created or patched in (acknowledged or not)
};

// A POST cut off by the kill: the lead may exist (with exactly these values) or not.
struct InflightCreate {
  int client = 0;
  uint64_t seq = 0;
  std::string marker;
  Values values;
  int cycle = 0;
};

std::string Marker(uint64_t run, int client, uint64_t seq) {
  return "crash-r" + std::to_string(run) + "-c" + std::to_string(client) + "-n" + std::to_string(seq);
}

// The field values a lead must have, in the stored JSON-text form.
std::map<std::string, std::string> ExpectedFields(const TrackedLead& lead, const Values& v) {
  return {{"marker", "\"" + lead.marker + "\""},
          {"client", std::to_string(lead.client)},
          {"seq", std::to_string(lead.seq)},
          {"payload", "\"" + v.payload + "\""}};
}

// Empty when `got` has exactly `v` (and the lead's identity); else what differs.
std::string Compare(const TrackedLead& want, const Values& v, const lg::core::Lead& got) {
  std::string diff;
  if (got.id != want.id) diff += " id " + std::to_string(got.id);
  auto fields = ExpectedFields(want, v);
  if (got.field_values != fields) {
    diff += " field_values {";
    for (const auto& [k, val] : got.field_values) {
      auto it = fields.find(k);
      if (it == fields.end() || it->second != val) diff += " " + k + "=" + val.substr(0, 60);
    }
    for (const auto& [k, val] : fields) {
      if (!got.field_values.count(k)) diff += " " + k + " missing";
    }
    diff += " }";
  }
  std::map<std::string, std::string> selects{{"source", v.source}};
  if (got.select_values != selects) {
    diff += " source=" + (got.select_values.count("source") ? got.select_values.at("source") : "<none>") + " (want " +
            v.source + ")";
  }
  if (got.status != v.status) diff += " status=" + got.status + " (want " + v.status + ")";
  return diff;
}

std::string LeadBody(const std::string& marker, int client, uint64_t seq, const Values& v) {
  return R"({"field_values":{"marker":")" + marker + R"(","client":)" + std::to_string(client) + R"(,"seq":)" +
         std::to_string(seq) + R"(,"payload":")" + v.payload + R"("},"select_field_values":{"source":")" + v.source +
         R"("}})";
}

std::string PatchBody(const Values& v) {
  return R"({"status":")" + v.status + R"(","field_values":{"payload":")" + v.payload +
         R"("},"select_field_values":{"source":")" + v.source + R"("}})";
}

std::string RandomPayload(std::mt19937_64& rng) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:;!?@#%&()+=";
  // Mostly short; sometimes a few KB so records differ in size and the WAL grows faster.
  size_t length = rng() % 10 == 0 ? 1000 + rng() % 4000 : 1 + rng() % 120;
  std::string s(length, 'x');
  for (auto& c : s) c = kChars[rng() % (sizeof kChars - 1)];
  return s;
}

// ---------------------------------------------------------------------------------------------
// The server process.

class Server {
 public:
  Server(std::string binary, std::string data_dir, std::string log_path, std::string durability)
      : binary_(std::move(binary)),
        data_dir_(std::move(data_dir)),
        log_path_(std::move(log_path)),
        durability_(std::move(durability)) {}
  ~Server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // Starts `leadgate serve` on a free port and waits until it listens.
  bool Start(std::string& error) {
    int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log_fd < 0) {
      error = "cannot open " + log_path_;
      return false;
    }
    std::vector<std::string> args = {binary_,      "serve",
                                     "--data-dir", data_dir_,
                                     "--listen",   "127.0.0.1",
                                     "--port",     "0",
                                     "--set",      "log.level=info",
                                     "--set",      "limits.token_requests_per_second=1000000",
                                     "--set",      "limits.token_burst=10000000",
                                     "--set",      "store.durability=" + durability_};
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
      ::close(log_fd);
      error = std::string("fork: ") + std::strerror(errno);
      return false;
    }
    if (pid == 0) {
      // The server must not outlive the test, even when the test itself is killed.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      ::dup2(log_fd, STDOUT_FILENO);
      ::dup2(log_fd, STDERR_FILENO);
      std::vector<char*> argv;
      argv.reserve(args.size() + 1);
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(binary_.c_str(), argv.data());
      std::fprintf(stderr, "exec %s: %s\n", binary_.c_str(), std::strerror(errno));
      ::_exit(127);
    }
    ::close(log_fd);
    pid_ = pid;
    auto start = Clock::now();
    while (MsSince(start) < 15000) {
      if (auto port = ListeningPort()) {
        port_ = *port;
        return true;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        error = "the server exited during start-up (" + Describe(status) + "); log:\n" + LogTail();
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    error = "the server did not report a listening port within 15 s; log:\n" + LogTail();
    return false;
  }

  // SIGKILL and reap. Returns an error when the server was already gone (it crashed by itself).
  std::optional<std::string> Kill() {
    std::optional<std::string> problem;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      problem = "the server died before it was killed (" + Describe(status) + "); log:\n" + LogTail();
    } else {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    return problem;
  }

  // SIGTERM and reap; the exit status.
  int Terminate() {
    int status = 0;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  uint16_t port() const { return port_; }
  std::string LogTail() const {
    std::ifstream in(log_path_);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::string out;
    for (size_t i = lines.size() > 20 ? lines.size() - 20 : 0; i < lines.size(); ++i) out += "    " + lines[i] + "\n";
    return out;
  }

 private:
  static std::string Describe(int status) {
    if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return std::string("signal ") + strsignal(WTERMSIG(status));
    return "status " + std::to_string(status);
  }

  std::optional<uint16_t> ListeningPort() const {
    std::ifstream in(log_path_);
    for (std::string line; std::getline(in, line);) {
      if (line.find(R"("event":"listening")") == std::string::npos) continue;
      auto at = line.find(R"("port":")");
      if (at == std::string::npos) continue;
      int port = std::atoi(line.c_str() + at + 8);
      if (port > 0 && port < 65536) return static_cast<uint16_t>(port);
    }
    return std::nullopt;
  }

  std::string binary_, data_dir_, log_path_, durability_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The test.

struct Options {
  int cycles = 20;
  int clients = 4;
  std::string leadgate;
  uint64_t seed = 0;
  bool keep = false;
  int full_every = 5;
  int sample = 100;
  int min_kill_ms = 50;
  int max_kill_ms = 400;
  int patch_percent = 20;
  bool no_store_check = false;
  size_t max_leads = 50000;
  std::string durability = "fsync";  // store.durability of the server under test
};

struct Stats {
  uint64_t creates_acked = 0, patches_acked = 0;
  uint64_t creates_cut = 0, creates_cut_stored = 0, creates_cut_absent = 0;
  uint64_t patches_cut = 0, patches_cut_stored = 0, patches_cut_absent = 0;
  uint64_t reads = 0, list_pages = 0, full_checks = 0, integrity_checks = 0;
  double integrity_ms = 0, restart_ms = 0;
};

class CrashTest {
 public:
  explicit CrashTest(Options options) : opt_(std::move(options)), rng_(opt_.seed), next_seq_(opt_.clients, 0) {}

  int Run() {
    // mkdtemp replaces the six trailing X's.
    std::string pattern = (std::filesystem::temp_directory_path() / "leadgate-crash-").string() + std::string(6, 'X');
    if (!::mkdtemp(pattern.data())) {
      std::cerr << "cannot create a temporary directory: " << std::strerror(errno) << "\n";
      return 2;
    }
    work_dir_ = pattern;
    data_dir_ = work_dir_ + "/data";
    server_ = std::make_unique<Server>(opt_.leadgate, data_dir_, work_dir_ + "/server.log", opt_.durability);
    std::cout << "leadgate-crash-test: seed " << opt_.seed << ", " << opt_.cycles << " cycles, " << opt_.clients
              << " clients, durability " << opt_.durability << ", data in " << data_dir_ << std::endl;

    auto start = Clock::now();
    bool ok = Setup();
    for (int cycle = 1; ok && cycle <= opt_.cycles; ++cycle) ok = Cycle(cycle);
    if (ok) ok = Finish();
    PrintSummary(MsSince(start));

    server_.reset();
    if (!ok || !errors_.empty()) {
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

 private:
  void Error(std::string what) {
    std::lock_guard lock(errors_mutex_);
    if (errors_.size() < 50) std::cout << "  ERROR: " << what << std::endl;
    errors_.push_back(std::move(what));
  }

  bool StartServer() {
    auto t = Clock::now();
    std::string error;
    if (!server_->Start(error)) {
      Error(error);
      return false;
    }
    stats_.restart_ms += MsSince(t);
    if (token_.empty()) std::ifstream(data_dir_ + "/admin-token") >> token_;
    if (token_.empty()) {
      Error("no admin token in " + data_dir_ + "/admin-token");
      return false;
    }
    return true;
  }

  // One request on the main thread's connection; nullopt (with an error recorded) on failure.
  std::optional<lg::tools::HttpResult> Call(const std::string& method, const std::string& target,
                                            const std::string& body = "") {
    if (!main_conn_ || main_port_ != server_->port()) {
      main_conn_ = ConnectTo(server_->port());
      main_port_ = server_->port();
    }
    auto res = main_conn_->Send(method, target, token_, body);
    if (res.status == 0) {
      Error(method + " " + target + ": " + res.error);
      return std::nullopt;
    }
    return res;
  }

  bool Setup() {
    if (!StartServer()) return false;
    std::string options, statuses;
    for (const auto& s : kSources)
      options.append(options.empty() ? "" : ",")
          .append(R"({"slug":")")
          .append(s)
          .append(R"(","label":")")
          .append(s)
          .append(R"("})");
    statuses =
        R"({"slug":"new","label":"New","type":"active","default":true},{"slug":"contacted","label":"Contacted","type":"active"},)"
        R"({"slug":"won","label":"Won","type":"won"},{"slug":"lost","label":"Lost","type":"lost"})";
    std::string body =
        R"({"name":"crash test","fields":[{"slug":"marker","label":"Marker","type":"text","required":true},)"
        R"({"slug":"client","label":"Client","type":"number"},{"slug":"seq","label":"Seq","type":"number"},)"
        R"({"slug":"payload","label":"Payload","type":"text"}],"selects":[{"slug":"source","label":"Source","options":[)" +
        options + R"(]}],"statuses":[)" + statuses + "]}";
    auto res = Call("POST", "/v2/campaigns", body);
    if (!res) return false;
    if (res->status != 201) {
      Error("creating the campaign answered " + std::to_string(res->status) + ": " + res->body);
      return false;
    }
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(res->body).get(doc) || doc["id"].get_uint64().get(campaign_id_)) {
      Error("cannot read the campaign id from " + res->body);
      return false;
    }
    leads_path_ = "/v2/campaigns/" + std::to_string(campaign_id_) + "/leads";
    return true;
  }

  // --- the writers ------------------------------------------------------------------------------

  struct ClientResult {
    std::vector<TrackedLead> created;
    std::vector<InflightCreate> cut_creates;
    uint64_t patches_acked = 0, patches_cut = 0;
    std::vector<std::string> errors;
  };

  // Writes until the connection breaks (the kill) or `stop`. Patches only this client's leads.
  void Client(int client, int cycle, uint16_t port, const std::vector<size_t>& own, bool only_patch,
              ClientResult& out) {
    std::mt19937_64 rng(opt_.seed * 1000003 + static_cast<uint64_t>(cycle) * 1009 + static_cast<uint64_t>(client));
    auto conn = ConnectTo(port);
    while (!stop_.load()) {
      size_t patchable = own.size() + out.created.size();
      bool patch = patchable > 0 && (only_patch || static_cast<int>(rng() % 100) < opt_.patch_percent);
      Values v{RandomPayload(rng), kSources[rng() % kSources.size()], "new"};
      lg::tools::HttpResult res;
      if (!patch) {
        uint64_t seq = ++next_seq_[client];
        std::string marker = Marker(opt_.seed, client, seq);
        res = conn->Send("POST", leads_path_, token_, LeadBody(marker, client, seq, v));
        if (res.status == 0) {
          out.cut_creates.push_back({client, seq, marker, v, cycle});
          return;
        }
        if (res.status != 201) {
          out.errors.push_back("POST answered " + std::to_string(res.status) + ": " + res.body.substr(0, 300));
          return;
        }
        auto lead = lg::core::DecodeLead(res.body);
        TrackedLead t{0, client, seq, marker, v, std::nullopt, cycle};
        if (!lead.has_value()) {
          out.errors.push_back("POST answered an undecodable lead: " + res.body.substr(0, 300));
          return;
        }
        t.id = lead->id;
        if (auto diff = Compare(t, v, *lead); !diff.empty()) {
          out.errors.push_back("POST answered lead " + std::to_string(t.id) + " with other values:" + diff);
        }
        out.created.push_back(std::move(t));
      } else {
        size_t pick = rng() % patchable;
        TrackedLead& t = pick < own.size() ? leads_[own[pick]] : out.created[pick - own.size()];
        v.status = kStatuses[rng() % kStatuses.size()];
        t.pending = v;
        t.touched_cycle = cycle;
        res = conn->Send("PATCH", leads_path_ + "/" + std::to_string(t.id), token_, PatchBody(v));
        if (res.status == 0) {
          ++out.patches_cut;
          return;  // t.pending stays: resolved after the restart
        }
        if (res.status != 200) {
          out.errors.push_back("PATCH of lead " + std::to_string(t.id) + " answered " + std::to_string(res.status) +
                               ": " + res.body.substr(0, 300));
          return;
        }
        auto lead = lg::core::DecodeLead(res.body);
        if (!lead.has_value()) {
          out.errors.push_back("PATCH answered an undecodable lead: " + res.body.substr(0, 300));
          return;
        }
        if (auto diff = Compare(t, v, *lead); !diff.empty()) {
          out.errors.push_back("PATCH answered lead " + std::to_string(t.id) + " with other values:" + diff);
        }
        t.acked = v;
        t.pending.reset();
        ++out.patches_acked;
      }
    }
  }

  bool Cycle(int cycle) {
    auto cycle_start = Clock::now();
    // Each client patches only the leads it created.
    std::vector<std::vector<size_t>> own(opt_.clients);
    for (size_t i = 0; i < leads_.size(); ++i) own[leads_[i].client].push_back(i);
    std::vector<ClientResult> results(opt_.clients);
    stop_ = false;
    std::vector<std::thread> threads;
    uint16_t port = server_->port();
    // A bounded store keeps each cycle's checks short in long runs; past it, writes are updates.
    bool only_patch = leads_.size() >= opt_.max_leads;
    threads.reserve(opt_.clients);
    for (int c = 0; c < opt_.clients; ++c) {
      threads.emplace_back([&, c] { Client(c, cycle, port, own[c], only_patch, results[c]); });
    }
    int delay =
        opt_.min_kill_ms + static_cast<int>(rng_() % static_cast<uint64_t>(opt_.max_kill_ms - opt_.min_kill_ms + 1));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    auto died = server_->Kill();
    stop_ = true;
    for (auto& t : threads) t.join();
    main_conn_.reset();
    if (died) Error("cycle " + std::to_string(cycle) + ": " + *died);

    uint64_t created = 0, patched = 0, cut_c = 0, cut_p = 0;
    for (auto& r : results) {
      for (auto& e : r.errors) Error("cycle " + std::to_string(cycle) + ": " + e);
      for (auto& t : r.created) {
        index_[t.id] = leads_.size();
        leads_.push_back(std::move(t));
        ++created;
      }
      for (auto& c : r.cut_creates) {
        unresolved_creates_[c.marker] = std::move(c);
        ++cut_c;
      }
      patched += r.patches_acked;
      cut_p += r.patches_cut;
    }
    stats_.creates_acked += created;
    stats_.patches_acked += patched;
    stats_.creates_cut += cut_c;
    stats_.patches_cut += cut_p;

    // Offline check of the store as the crash left it. Every fourth cycle the server recovers
    // the write-ahead log by itself instead (opening the store for the check recovers it too).
    std::string check_note = "skipped (server recovers)";
    if (opt_.no_store_check) check_note = "off";
    if (cycle % 4 != 3 && !opt_.no_store_check && !IntegrityCheck("cycle " + std::to_string(cycle), check_note))
      return false;

    if (!StartServer()) return false;
    // The admin token and the campaign were acknowledged before any lead: they must be back too.
    auto probe = Call("GET", "/v2/campaigns/" + std::to_string(campaign_id_));
    if (!probe) return false;
    if (probe->status != 200) {
      Error("LOST setup: after the restart of cycle " + std::to_string(cycle) + " GET of campaign " +
            std::to_string(campaign_id_) + " with the admin token answers " + std::to_string(probe->status) + ": " +
            probe->body.substr(0, 300));
      return false;
    }
    bool full = cycle % opt_.full_every == 0 || cycle == opt_.cycles;
    size_t verified = VerifyRecent(cycle);
    std::string full_note;
    if (full) full_note = FullCheck();
    std::cout << "cycle " << cycle << "/" << opt_.cycles << ": killed after " << delay << " ms; acked " << created
              << " creates, " << patched << " patches; cut off " << cut_c << " creates, " << cut_p << " patches; check "
              << check_note << "; read back " << verified << " leads" << full_note << " ("
              << static_cast<int>(MsSince(cycle_start)) << " ms)" << std::endl;
    return errors_.empty();
  }

  bool IntegrityCheck(const std::string& when, std::string& note) {
    auto t = Clock::now();
    auto db = lg::store::Db::Open(data_dir_ + "/db");
    if (!db.has_value()) {
      Error(when + ": cannot open the store after the kill: " + db.error().detail());
      return false;
    }
    double open_ms = MsSince(t);
    auto report = lg::store::CheckIntegrity(**db);
    db.value().reset();  // close before the server opens it
    stats_.integrity_ms += MsSince(t);
    ++stats_.integrity_checks;
    if (!report.ok()) {
      Error(when + ": integrity check failed:\n" + report.Describe());
      note = "FAILED";
      return false;
    }
    note = "ok (" + std::to_string(report.leads) + " leads, " + std::to_string(report.index_entries) +
           " index entries; open " + std::to_string(static_cast<int>(open_ms)) + " ms, check " +
           std::to_string(static_cast<int>(MsSince(t) - open_ms)) + " ms)";
    return true;
  }

  // --- the readers ------------------------------------------------------------------------------

  // GETs one lead. nullopt: not found (404); an error is recorded for anything else unexpected.
  std::optional<lg::core::Lead> Get(uint64_t id, bool& failed) {
    failed = false;
    ++stats_.reads;
    auto res = Call("GET", leads_path_ + "/" + std::to_string(id));
    if (!res) {
      failed = true;
      return std::nullopt;
    }
    if (res->status == 404) return std::nullopt;
    auto lead = res->status == 200 ? lg::core::DecodeLead(res->body)
                                   : lg::core::Result<lg::core::Lead>(lg::core::Status::Internal(""));
    if (!lead.has_value()) {
      Error("GET lead " + std::to_string(id) + " answered " + std::to_string(res->status) + ": " +
            res->body.substr(0, 300));
      failed = true;
      return std::nullopt;
    }
    return std::move(lead).value();
  }

  // Checks a read lead against its expectation, resolving a cut-off PATCH.
  void Expect(TrackedLead& t, const lg::core::Lead& got, const std::string& where) {
    if (t.pending) {
      bool stored = Compare(t, *t.pending, got).empty();
      bool absent = Compare(t, t.acked, got).empty();
      if (stored || absent) {
        if (stored) {
          t.acked = *t.pending;
          ++stats_.patches_cut_stored;
        } else {
          ++stats_.patches_cut_absent;
        }
        t.pending.reset();
        return;
      }
      Error("CORRUPT lead " + std::to_string(t.id) + " (" + t.marker + ", " + where +
            "): matches neither its acknowledged values nor its cut-off PATCH:" + Compare(t, t.acked, got));
      t.pending.reset();
      return;
    }
    if (auto diff = Compare(t, t.acked, got); !diff.empty()) {
      Error("CORRUPT lead " + std::to_string(t.id) + " (" + t.marker + ", " + where + "):" + diff);
    }
  }

  // Reads back every lead touched in this cycle and a sample of older ones.
  size_t VerifyRecent(int cycle) {
    std::vector<size_t> picks;
    std::vector<size_t> older;
    for (size_t i = 0; i < leads_.size(); ++i) {
      if (leads_[i].touched_cycle == cycle || leads_[i].pending) {
        picks.push_back(i);
      } else {
        older.push_back(i);
      }
    }
    std::shuffle(older.begin(), older.end(), rng_);
    if (older.size() > static_cast<size_t>(opt_.sample)) older.resize(opt_.sample);
    picks.insert(picks.end(), older.begin(), older.end());
    for (size_t i : picks) {
      if (errors_.size() >= kMaxErrors) {
        Error("too many problems; stopping the read-back");
        break;
      }
      TrackedLead& t = leads_[i];
      bool failed = false;
      auto got = Get(t.id, failed);
      if (failed) continue;
      if (!got) {
        Error("LOST lead " + std::to_string(t.id) + " (" + t.marker + ", acknowledged in cycle " +
              std::to_string(t.touched_cycle) + "): GET answers 404");
        continue;
      }
      Expect(t, *got, "GET");
    }
    return picks.size();
  }

  // Pages through one listing; calls `visit` with each decoded lead. False on a request failure.
  bool List(const std::string& query, const std::function<void(const lg::core::Lead&)>& visit) {
    std::string cursor;
    simdjson::dom::parser parser;
    for (;;) {
      std::string target = leads_path_ + "?limit=" + std::to_string(kPageLimit) + query;
      if (!cursor.empty()) target += "&cursor=" + lg::core::PercentEncode(cursor);
      auto res = Call("GET", target);
      if (!res) return false;
      ++stats_.list_pages;
      if (res->status != 200) {
        Error("GET " + target + " answered " + std::to_string(res->status) + ": " + res->body.substr(0, 300));
        return false;
      }
      simdjson::dom::element doc;
      simdjson::dom::array data;
      bool has_more = false;
      if (parser.parse(res->body).get(doc) || doc["data"].get_array().get(data) ||
          doc["meta"]["has_more"].get_bool().get(has_more)) {
        Error("GET " + target + " answered an unreadable page");
        return false;
      }
      for (auto element : data) {
        auto lead = lg::core::DecodeLead(simdjson::minify(element));
        if (!lead.has_value()) {
          Error("GET " + target + " listed an undecodable lead: " + simdjson::minify(element).substr(0, 300));
          continue;
        }
        visit(*lead);
      }
      if (!has_more) return true;
      std::string_view next;
      if (doc["meta"]["next_cursor"].get_string().get(next)) {
        Error("GET " + target + " has more but no next_cursor");
        return false;
      }
      cursor.assign(next);
    }
  }

  // Pages through the whole campaign (records) and every source and status listing (indexes).
  std::string FullCheck() {
    ++stats_.full_checks;
    size_t errors_before = errors_.size();
    // 1. All leads, newest first: every tracked lead once, plus cut-off creates that were stored.
    std::set<uint64_t> seen;
    size_t listed = 0;
    bool ok = List("", [&](const lg::core::Lead& got) {
      ++listed;
      if (!seen.insert(got.id).second) {
        Error("lead " + std::to_string(got.id) + " is listed twice");
        return;
      }
      auto it = index_.find(got.id);
      if (it != index_.end()) {
        Expect(leads_[it->second], got, "full listing");
        return;
      }
      auto marker = got.field_values.find("marker");
      std::string m = marker == got.field_values.end() || marker->second.size() < 2
                          ? ""
                          : marker->second.substr(1, marker->second.size() - 2);
      auto cut = unresolved_creates_.find(m);
      if (cut == unresolved_creates_.end()) {
        Error("PHANTOM lead " + std::to_string(got.id) + " (marker '" + m +
              "') was never sent or was already resolved");
        return;
      }
      TrackedLead t{got.id,       cut->second.client, cut->second.seq, cut->second.marker, cut->second.values,
                    std::nullopt, cut->second.cycle};
      if (auto diff = Compare(t, t.acked, got); !diff.empty()) {
        Error("CORRUPT lead " + std::to_string(got.id) + " (" + m + ", cut-off create):" + diff);
      }
      ++stats_.creates_cut_stored;
      unresolved_creates_.erase(cut);
      index_[t.id] = leads_.size();
      leads_.push_back(std::move(t));
    });
    if (!ok) return "; full check FAILED";
    for (const auto& t : leads_) {
      if (!seen.count(t.id))
        Error("LOST lead " + std::to_string(t.id) + " (" + t.marker + ") is not in the full listing");
    }
    // What the restart did not bring back was never stored; that is allowed for unacknowledged writes.
    stats_.creates_cut_absent += unresolved_creates_.size();
    unresolved_creates_.clear();

    // 2. Index listings: exactly the leads with that source / status.
    auto check_listing = [&](const std::string& param, const std::string& value, auto member) {
      std::set<uint64_t> want, got_ids;
      for (const auto& t : leads_) {
        if (t.acked.*member == value) want.insert(t.id);
      }
      bool listed_ok = List("&" + param + "=" + value, [&](const lg::core::Lead& got) {
        if (!got_ids.insert(got.id).second)
          Error(param + "=" + value + " lists lead " + std::to_string(got.id) + " twice");
        if (!want.count(got.id)) {
          Error("INDEX: " + param + "=" + value + " lists lead " + std::to_string(got.id) +
                " which should not be there");
        }
      });
      if (!listed_ok) return;
      for (uint64_t id : want) {
        if (!got_ids.count(id)) {
          std::string error = "INDEX: " + param;
          error.append("=").append(value).append(" misses lead ").append(std::to_string(id));
          error.append(" (").append(leads_[index_[id]].marker).append(")");
          Error(error);
        }
      }
    };
    for (const auto& s : kSources) check_listing("source", s, &Values::source);
    for (const auto& s : kStatuses) check_listing("status", s, &Values::status);
    std::string note = "; full check of " + std::to_string(listed) + " listed leads, " +
                       std::to_string(kSources.size()) + " source and " + std::to_string(kStatuses.size()) +
                       " status listings";
    return note + (errors_.size() == errors_before ? " ok" : " FAILED");
  }

  // After the last cycle: a clean stop must leave a consistent store too.
  bool Finish() {
    int rc = server_->Terminate();
    if (rc != 0) Error("SIGTERM: the server exited with " + std::to_string(rc) + "; log:\n" + server_->LogTail());
    std::string note;
    bool ok = IntegrityCheck("after a clean stop", note);
    std::cout << "clean stop: exit " << rc << "; check " << note << std::endl;
    return ok && rc == 0;
  }

  void PrintSummary(double total_ms) {
    std::cout << "\nsummary (" << static_cast<int>(total_ms / 1000) << " s, seed " << opt_.seed << "):\n"
              << "  leads tracked: " << leads_.size() << "\n"
              << "  acknowledged: " << stats_.creates_acked << " creates, " << stats_.patches_acked << " patches\n"
              << "  cut off by kills: " << stats_.creates_cut << " creates (" << stats_.creates_cut_stored
              << " stored, " << stats_.creates_cut_absent << " not stored, " << unresolved_creates_.size()
              << " unresolved), " << stats_.patches_cut << " patches (" << stats_.patches_cut_stored << " stored, "
              << stats_.patches_cut_absent << " not stored)\n"
              << "  verification: " << stats_.reads << " reads by id, " << stats_.list_pages << " list pages, "
              << stats_.full_checks << " full checks\n"
              << "  integrity checks: " << stats_.integrity_checks << " ("
              << static_cast<int>(stats_.integrity_ms /
                                  static_cast<double>(std::max<uint64_t>(1, stats_.integrity_checks)))
              << " ms each on average); server start " << static_cast<int>(stats_.restart_ms / (opt_.cycles + 1))
              << " ms on average\n"
              << "  problems: " << errors_.size() << "\n";
  }

  Options opt_;
  std::mt19937_64 rng_;
  std::string work_dir_, data_dir_, token_, leads_path_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<lg::tools::SyncClient> main_conn_;
  uint16_t main_port_ = 0;
  uint64_t campaign_id_ = 0;

  std::vector<TrackedLead> leads_;
  std::unordered_map<uint64_t, size_t> index_;
  std::map<std::string, InflightCreate> unresolved_creates_;
  std::vector<uint64_t> next_seq_;  // per client; each client thread touches only its own entry
  std::atomic<bool> stop_{false};
  Stats stats_;
  std::mutex errors_mutex_;
  std::vector<std::string> errors_;
};

}  // namespace

static int Main(int argc, char** argv) {
  CLI::App cli{"leadgate-crash-test: SIGKILL a writing leadgate server and verify nothing acknowledged is lost"};
  Options opt;
  opt.seed = std::random_device{}();
  cli.add_option("--cycles", opt.cycles, "Kill/restart cycles (long mode: 1000)")->check(CLI::Range(1, 1000000));
  cli.add_option("--clients", opt.clients, "Concurrent writer connections")->check(CLI::Range(1, 256));
  cli.add_option("--leadgate", opt.leadgate, "The leadgate binary (default: next to this one)");
  cli.add_option("--seed", opt.seed, "Random seed (printed; reuse it to repeat a run's choices)");
  cli.add_flag("--keep", opt.keep, "Keep the data directory after a passing run");
  cli.add_option("--full-every", opt.full_every, "Full listing check every N cycles (and after the last)")
      ->check(CLI::Range(1, 1000000));
  cli.add_option("--sample", opt.sample, "Older leads read back by id each cycle")->check(CLI::Range(0, 100000000));
  cli.add_option("--min-kill-ms", opt.min_kill_ms, "Shortest time clients write before the kill")
      ->check(CLI::Range(1, 600000));
  cli.add_option("--max-kill-ms", opt.max_kill_ms, "Longest time clients write before the kill")
      ->check(CLI::Range(1, 600000));
  cli.add_option("--patch-percent", opt.patch_percent, "Share of writes that patch an earlier lead")
      ->check(CLI::Range(0, 100));
  cli.add_option("--max-leads", opt.max_leads, "Past this many leads clients only patch (bounds long runs)");
  cli.add_option("--durability", opt.durability,
                 "store.durability of the server: fsync, or os (a SIGKILL must lose nothing acknowledged either way)")
      ->check(CLI::IsMember({"fsync", "os"}))
      ->capture_default_str();
  cli.add_flag("--no-store-check", opt.no_store_check,
               "Skip the offline integrity check after kills (to see what the API checks alone find)");
  CLI11_PARSE(cli, argc, argv);
  if (opt.max_kill_ms < opt.min_kill_ms) opt.max_kill_ms = opt.min_kill_ms;
  if (opt.leadgate.empty()) opt.leadgate = (fs::read_symlink("/proc/self/exe").parent_path() / "leadgate").string();
  if (!fs::exists(opt.leadgate)) {
    std::cerr << "leadgate-crash-test: no leadgate binary at " << opt.leadgate << " (use --leadgate)\n";
    return 2;
  }
  opt.leadgate = fs::absolute(opt.leadgate).string();
  ::signal(SIGPIPE, SIG_IGN);
  return CrashTest(opt).Run();
}

int main(int argc, char** argv) { return lg::tools::Guarded("leadgate-crash-test", Main, argc, argv); }

#pragma once
// The run: set-up, then cycles of write -> kill (-> power cut) -> offline check -> restart ->
// checks, then a clean stop. The parts it drives each have their own file:
//   server.h            the server process (start on a free port, SIGKILL, SIGTERM)
//   power_cut_journal.h the power cut: what of each store file a cut keeps
//   workload.h          what the clients and the admin send during a cycle
//   model.h             the expected state all of them share
//   checks.h            what must hold after each restart, and the full check

#include <memory>
#include <optional>
#include <random>
#include <string>

#include "tools/common/http_client.h"
#include "tools/crash_test/checks.h"
#include "tools/crash_test/model.h"
#include "tools/crash_test/report.h"
#include "tools/crash_test/server.h"

namespace lg::crash_test {

struct Options {
  int cycles = 20;
  int clients = 4;
  std::string leadgate;  // the server binary (leadgate, or leadgate-powercut with power_cut)
  uint64_t seed = 0;
  bool keep = false;
  int full_every = 5;
  int sample = 100;
  int min_kill_ms = 50;
  int max_kill_ms = 400;
  int patch_percent = 20;
  int delete_percent = 8;         // writes that DELETE an acknowledged lead of the writer's
  int key_percent = 50;           // single creates with an Idempotency-Key
  int bulk_key_percent = 80;      // bulk creates with one
  int kill_in_bulk_percent = 50;  // cycles whose kill waits for a bulk of several batches
  bool admin = true;              // schema and token changes during the writes
  bool no_store_check = false;
  size_t max_leads = 50000;
  std::string durability = "fsync";  // store.durability of the server under test
  bool power_cut = false;            // drop what was not synced at each kill
};

class CrashTest {
 public:
  explicit CrashTest(Options options);
  // 0 when every check passed, 1 on any problem, 2 when the run could not start.
  int Run();

 private:
  bool Setup();
  bool Cycle(int cycle);
  bool Finish();
  bool StartServer();
  // store::CheckIntegrity on the stopped server's store (opening it recovers its WAL).
  bool IntegrityCheck(const std::string& when, std::string& note);
  // After a kill: cuts the store's files back to what was synced (power_cut_journal.h).
  bool PowerCut(std::string& note);
  // Before a start: what is on disk now counts as written back.
  bool Baseline();
  std::optional<tools::HttpResult> Call(const std::string& method, const std::string& target,
                                        const std::string& body = "");
  void PrintSummary(double total_ms) const;

  const Options opt_;
  std::mt19937_64 rng_;
  std::string work_dir_, data_dir_, store_dir_, journal_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<tools::SyncClient> conn_;
  uint16_t conn_port_ = 0;
  Model model_;
  Report report_;
  Checks checks_;
};

}  // namespace lg::crash_test

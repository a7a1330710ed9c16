// leadgate-crash-test: kills a real `leadgate serve` while clients write, again and again, and
// proves that nothing acknowledged is lost, that nothing is stored twice or against a duplicate
// rule, and that the store stays consistent.
//
// One cycle: clients write (single and bulk creates with and without Idempotency-Key, with the
// admin token and vendors' filtered tokens, into campaigns with and without duplicate rules;
// PATCHes and DELETEs of their own acknowledged leads; the requests an earlier kill cut off,
// again with their key) while an admin changes
// the schema and tokens; after a random delay the server is SIGKILLed. With --power-cut the
// server is leadgate-powercut and every store file is then cut back to what was synced. The store
// is checked offline (store::CheckIntegrity, as `leadgate check` does), the server restarts, and
// the cycle is resolved and checked against the expected state (checks.h says what must hold).
// Every few cycles, and after the last, a full check pages through every campaign and every
// source and status listing (index scans).
//
// A request cut off by the kill is ambiguous: its effect may or may not have been stored. A
// PATCH in flight must leave the lead either before or after it; a DELETE in flight, the lead
// whole or gone; a POST in flight may appear (then with exactly the values sent) or not.
// Everything that got a 2xx must be there (a lead whose DELETE got its 204 must be gone), except
// under --power-cut with --durability os, where what was kept must be a prefix of what was sent.
//
// Usage: leadgate-crash-test [--cycles 20] [--clients 4] [--leadgate PATH] [--seed N] [--keep]
//                            [--durability fsync|os] [--power-cut [--leadgate-powercut PATH]]
//        leadgate-crash-test --cluster [--cycles N] [--leadgate PATH] [--seed N] [--keep]
//        (cluster mode: tools/crash_test/cluster_crash_test.h)
// Exit status: 0 when every check passed, 1 on any problem, 2 when it could not start.

#include <CLI/CLI.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <random>

#include "tools/common/guarded_main.h"
#include "tools/crash_test/cluster_crash_test.h"
#include "tools/crash_test/crash_test.h"

namespace fs = std::filesystem;

static int Main(int argc, char** argv) {
  CLI::App cli{"leadgate-crash-test: kill a writing leadgate server (or cut its power) and verify what it kept"};
  lg::crash_test::Options opt;
  opt.seed = std::random_device{}();
  std::string powercut;
  cli.add_option("--cycles", opt.cycles, "Kill/restart cycles (long mode: 1000)")->check(CLI::Range(1, 1000000));
  cli.add_option("--clients", opt.clients, "Concurrent writer connections (client 0 sends large bulks)")
      ->check(CLI::Range(1, 256));
  cli.add_option("--leadgate", opt.leadgate, "The leadgate binary (default: next to this one)");
  cli.add_option("--leadgate-powercut", powercut,
                 "With --power-cut: leadgate-powercut, the server's test build (default: next to this one)");
  cli.add_option("--seed", opt.seed, "Random seed (printed; reuse it to repeat a run's choices)");
  cli.add_flag("--keep", opt.keep, "Keep the data directory after a passing run");
  cli.add_option("--full-every", opt.full_every, "Full listing check every N cycles (and after the last)")
      ->check(CLI::Range(1, 1000000));
  cli.add_option("--sample", opt.sample, "Older leads read back by id each cycle")->check(CLI::Range(0, 100000000));
  cli.add_option("--min-kill-ms", opt.min_kill_ms, "Shortest time clients write before the kill")
      ->check(CLI::Range(1, 600000));
  cli.add_option("--max-kill-ms", opt.max_kill_ms, "Longest time clients write before the kill")
      ->check(CLI::Range(1, 600000));
  cli.add_option("--kill-in-bulk-percent", opt.kill_in_bulk_percent,
                 "Share of cycles whose kill waits for a bulk of several batches to be under way")
      ->check(CLI::Range(0, 100));
  cli.add_option("--patch-percent", opt.patch_percent, "Share of writes that patch an earlier lead")
      ->check(CLI::Range(0, 100));
  cli.add_option("--delete-percent", opt.delete_percent,
                 "Share of writes that delete an earlier lead (the writer's own, acknowledged)")
      ->check(CLI::Range(0, 100));
  cli.add_option("--key-percent", opt.key_percent, "Share of single creates sent with an Idempotency-Key")
      ->check(CLI::Range(0, 100));
  cli.add_option("--bulk-key-percent", opt.bulk_key_percent, "Share of bulk creates sent with an Idempotency-Key")
      ->check(CLI::Range(0, 100));
  cli.add_option(
      "--max-leads", opt.max_leads,
      "Past this many leads new leads go only to the reject campaign, refused as duplicates (bounds long runs)");
  cli.add_option("--durability", opt.durability,
                 "store.durability of the server: fsync, or os (a SIGKILL must lose nothing acknowledged either way; "
                 "a power cut may lose acknowledged writes under os, keeping a prefix)")
      ->check(CLI::IsMember({"fsync", "os"}))
      ->capture_default_str();
  cli.add_flag("--power-cut", opt.power_cut,
               "Each kill is a power cut: every write not synced at that moment is dropped before the restart");
  cli.add_flag(
      "--no-admin", [&](int64_t) { opt.admin = false; }, "No schema or token changes during the writes");
  bool cluster = false;
  cli.add_flag("--cluster", cluster,
               "Cluster mode: three nats-servers and three leadgate nodes; each cycle SIGKILLs the log's leader, a "
               "node, or loses what the log held in memory only (see tools/crash_test/cluster_crash_test.h)");
  cli.add_flag("--no-store-check", opt.no_store_check,
               "Skip the offline integrity check after kills (to see what the API checks alone find)");
  CLI11_PARSE(cli, argc, argv);
  if (opt.max_kill_ms < opt.min_kill_ms) opt.max_kill_ms = opt.min_kill_ms;
  const fs::path here = fs::read_symlink("/proc/self/exe").parent_path();
  if (opt.power_cut) {
    opt.leadgate = powercut.empty() ? (here / "leadgate-powercut").string() : powercut;
  } else if (opt.leadgate.empty()) {
    opt.leadgate = (here / "leadgate").string();
  }
  if (!fs::exists(opt.leadgate)) {
    std::cerr << "leadgate-crash-test: no server binary at " << opt.leadgate
              << " (use --leadgate, or --leadgate-powercut with --power-cut)\n";
    return 2;
  }
  opt.leadgate = fs::absolute(opt.leadgate).string();
  ::signal(SIGPIPE, SIG_IGN);
  if (cluster) return lg::crash_test::RunClusterCrashTest(opt);
  return lg::crash_test::CrashTest(opt).Run();
}

int main(int argc, char** argv) { return lg::tools::Guarded("leadgate-crash-test", Main, argc, argv); }

#pragma once
// The leadgate command line, shared by two binaries built from the same code: `leadgate` (the
// server operators run; tools/leadgate/main.cc) and `leadgate-powercut` (the crash test's build
// of it whose store writes through a file system that records what was synced;
// tools/crash_test/powercut_main.cc). Subcommands:
//   serve    run the API server (--demo seeds a demo campaign and prints how to try it)
//   config   print every setting with its meaning and default (the documented example config)
//   check    verify a stopped server's store: records decode, indexes agree with records
//   backup   copy a stopped server's store to a backup directory (a running one: POST /v2/admin/backup)
//   restore  copy a backup into a new data directory
//   cluster status  ask a running node about the replicated log and its place in it

namespace rocksdb {
class Env;
}

namespace lg::tools {

// Runs the command line; returns the exit status. `store_env`: what the served store does its
// file I/O through (store::Db::Open); nullptr, as `leadgate` passes, is RocksDB's default.
// `check`, `backup` and `restore` always use the default.
int LeadgateMain(int argc, char** argv, rocksdb::Env* store_env);

}  // namespace lg::tools

// leadgate-powercut: the leadgate server (the same command line and app code, tools/leadgate/cli.h)
// with its store on a file system that journals what was synced (power_cut_fs.h), so that
// leadgate-crash-test --power-cut can turn a SIGKILL into a power cut. A test build only: the
// `leadgate` binary contains none of this.
//
// The journal's path comes from the environment, LEADGATE_POWERCUT_JOURNAL; without it the
// binary refuses to start rather than run as a server that journals nothing.

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <cstdio>
#include <cstdlib>

#include "tools/common/guarded_main.h"
#include "tools/crash_test/power_cut_fs.h"
#include "tools/leadgate/cli.h"

static int Main(int argc, char** argv) {
  const char* journal_path = std::getenv("LEADGATE_POWERCUT_JOURNAL");
  if (!journal_path || !*journal_path) {
    std::fprintf(stderr, "leadgate-powercut: set LEADGATE_POWERCUT_JOURNAL to the journal's path\n");
    return 2;
  }
  std::string error;
  std::shared_ptr<lg::crash_test::PowerCutJournal> journal = lg::crash_test::PowerCutJournal::Open(journal_path, error);
  if (!journal) {
    std::fprintf(stderr, "leadgate-powercut: %s\n", error.c_str());
    return 2;
  }
  auto fs = lg::crash_test::NewPowerCutFileSystem(rocksdb::FileSystem::Default(), journal);
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  return lg::tools::LeadgateMain(argc, argv, env.get());
}

int main(int argc, char** argv) { return lg::tools::Guarded("leadgate-powercut", Main, argc, argv); }

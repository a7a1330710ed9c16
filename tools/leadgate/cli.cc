#include "tools/leadgate/cli.h"

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "app/application.h"
#include "app/systemd_notify.h"
#include "core/config.h"
#include "core/log.h"
#include "core/time_util.h"
#include "store/backup.h"
#include "store/db.h"
#include "store/integrity_check.h"
#include "tools/leadgate/cluster_status.h"

// Read by jemalloc, the server's allocator, when it starts: a background thread hands pages freed
// after bursts (bulk bodies, flush and compaction buffers) back to the OS over ~10 s, so the
// resident set follows what is in use rather than the high-water mark. (Unused when the build
// has no jemalloc, as under AddressSanitizer.)
extern "C" {
const char* malloc_conf = "background_thread:true,max_background_threads:1";
}

namespace {

// `leadgate serve`'s exit status when it stopped to be started again (EX_TEMPFAIL): a cluster node
// the log left behind, which catches up from another node's copy at its next start.
constexpr int kRestartMe = 75;

struct ServeFlags {
  std::string config_path;
  std::vector<std::string> sets;
  std::string listen, data_dir;
  int port = -1;
  bool demo = false;
  bool print_config = false;
  bool new_key = false;
};

void PrintDemo(const lg::app::Application& app, const lg::service::DemoSeed& seed) {
  const uint64_t campaign_id = seed.campaign_id;
  std::string token;
  std::ifstream(app.admin_token_path()) >> token;
  std::string base = app.base_url();
  std::string leads = base + "/v2/campaigns/" + std::to_string(campaign_id) + "/leads";
  std::cout
      << "\nleadgate demo is running at " << base << "\n"
      << "  campaign 'Solar DK (demo)' has id " << campaign_id << "\n"
      << "  admin token (kept in " << app.admin_token_path() << "):\n"
      << "    " << (token.empty() ? "<file removed: mint a new admin token>" : token) << "\n"
      << "  web console: " << base << "/console/ (sign in with the admin token)\n\n"
      << "Try it:\n"
      << "  TOKEN=$(cat " << app.admin_token_path() << ")\n"
      << "  curl -s -X POST " << leads << " \\\n"
      << "    -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n"
      << "    -d '{\"field_values\":{\"name\":\"Jane Doe\",\"email\":\"jane@example.com\",\"phone\":\"+4512345678\"},"
         "\"select_field_values\":{\"source\":\"vendor-xyz\"}}'\n"
      << "  curl -s " << leads << " -H \"Authorization: Bearer $TOKEN\"\n\n";
  if (!seed.vendors.empty()) {
    // The admin's last step: a vendor gets its docs link and its token, and sees only its leads.
    std::cout << "Vendor tokens (each sees and writes only its own source), with their docs links:\n";
    for (const auto& vendor : seed.vendors) {
      std::cout << "  " << vendor.label << ":\n"
                << "    docs:  " << base << "/docs/" << vendor.docs_id << "\n"
                << "    token: " << (vendor.secret.empty() ? "<reveal is off>" : vendor.secret) << "\n";
    }
    std::cout << "\n";
  }
  std::cout << std::flush;
}

int Serve(const ServeFlags& flags, rocksdb::Env* store_env) {
  std::map<std::string, std::string> overrides;
  for (const auto& set : flags.sets) {
    auto eq = set.find('=');
    if (eq == std::string::npos) {
      std::cerr << "leadgate: --set expects section.key=value, got '" << set << "'\n";
      return 2;
    }
    overrides[set.substr(0, eq)] = set.substr(eq + 1);
  }
  if (!flags.listen.empty()) overrides["server.listen"] = flags.listen;
  if (flags.port >= 0) overrides["server.port"] = std::to_string(flags.port);
  if (!flags.data_dir.empty()) overrides["store.data_dir"] = flags.data_dir;

  std::optional<std::string> path;
  if (!flags.config_path.empty()) path = flags.config_path;
  auto config = lg::core::LoadConfig(path, overrides);
  if (!config.has_value()) {
    std::cerr << "leadgate: " << config.error().detail() << "\n";
    return 2;
  }
  if (flags.print_config) {
    std::cout << lg::core::RenderConfig(*config);
    return 0;
  }
  if (!lg::core::SetAccountTimeZone(config->time_zone)) {
    std::cerr << "leadgate: config key 'account.time_zone' names an unknown zone: " << config->time_zone << "\n";
    return 2;
  }
  lg::core::log::Init(config->log_level);

  // Signals are taken by one thread with sigwait, so the handler may do real work (Stop()).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto app = lg::app::Application::Open(
      *config, flags.new_key ? lg::app::MissingKeyFile::kMakeNew : lg::app::MissingKeyFile::kRefuse, store_env);
  if (!app.has_value()) {
    lg::core::log::Error("startup_failed", {{"detail", app.error().detail()}});
    return 1;
  }
  if (auto s = (*app)->Start(); !s.ok()) {
    lg::core::log::Error("startup_failed", {{"detail", s.detail()}});
    return 1;
  }
  if (flags.demo) {
    auto seeded = (*app)->SeedDemo();
    if (!seeded.has_value()) {
      lg::core::log::Error("demo_seed_failed", {{"detail", seeded.error().detail()}});
      return 1;
    }
    PrintDemo(**app, *seeded);
  }
  lg::app::NotifyReady();  // listening, store open, demo seeded: systemd may route traffic here
  std::thread signal_thread([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    lg::core::log::Info("shutting_down", {{"signal", std::to_string(sig)}});
    lg::app::NotifyStopping();
    (*app)->Stop();
  });
  (*app)->Run();
  // Run returned on its own (not via a signal): wake the signal thread so it can be joined.
  // Not a kill: the thread waits in sigwait for exactly this signal.
  pthread_kill(signal_thread.native_handle(), SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
  signal_thread.join();
  if ((*app)->restart_needed()) {
    lg::core::log::Info("stopped", {{"exit_status", std::to_string(kRestartMe)}});
    return kRestartMe;  // the service manager starts it again (Restart=always)
  }
  lg::core::log::Info("stopped");
  return 0;
}

// Opens a stopped server's <data_dir>/db (recovering it like a server start would); null after
// printing why when there is none or it cannot be opened (`hint` follows the reason).
std::unique_ptr<lg::store::Db> OpenStore(const std::string& data_dir, const char* hint = "") {
  std::string path = (std::filesystem::path(data_dir) / "db").string();
  if (!std::filesystem::is_directory(path)) {
    std::cerr << "leadgate: no store at " << path << "\n";
    return nullptr;
  }
  auto db = lg::store::Db::Open(path);
  if (!db.has_value()) {
    std::cerr << "leadgate: " << db.error().detail() << "\n" << hint;
    return nullptr;
  }
  return std::move(db).value();
}

// Prints the integrity report of a stopped server's store.
int Check(const std::string& data_dir) {
  auto db = OpenStore(data_dir);
  if (!db) return 2;
  auto report = lg::store::CheckIntegrity(*db);
  std::cout << report.Describe() << (report.ok() ? "store is consistent\n" : "store has problems\n");
  return report.ok() ? 0 : 1;
}

// A stopped server's store to `to`. A running server holds the store's lock, so Open fails and
// says so; its backups are taken through the API.
int BackupStore(const std::string& data_dir, const std::string& to) {
  auto db = OpenStore(data_dir, "(if a server is running on this store, use POST /v2/admin/backup instead)\n");
  if (!db) return 2;
  auto backup = lg::store::CreateBackup(*db, to);
  if (!backup.has_value()) {
    std::cerr << "leadgate: " << backup.error().detail() << "\n";
    return 2;
  }
  std::cout << "backup written to " << backup->path << " (" << backup->bytes << " bytes)\n";
  return 0;
}

// A backup into <data_dir>/db of a data directory without a store.
int RestoreStore(const std::string& from, const std::string& data_dir) {
  std::string path = (std::filesystem::path(data_dir) / "db").string();
  if (auto s = lg::store::RestoreBackup(from, path); !s.ok()) {
    std::cerr << "leadgate: " << s.detail() << "\n";
    return 2;
  }
  std::cout << "restored " << from << " into " << path << "\nput the original server's key file at "
            << (std::filesystem::path(data_dir) / "secret.key").string()
            << " (or point security.key_file at it): without it serve refuses to start, and with a new one\n"
            << "(serve --new-key) none of the stored tokens authenticates\n";
  return 0;
}

}  // namespace

namespace lg::tools {

int LeadgateMain(int argc, char** argv, rocksdb::Env* store_env) {
  CLI::App cli{"leadgate: a self-hosted lead API server"};
  cli.require_subcommand(1);

  ServeFlags flags;
  auto* serve = cli.add_subcommand("serve", "Run the API server");
  serve->add_option("-c,--config", flags.config_path, "TOML config file (see config/leadgate.toml)")
      ->check(CLI::ExistingFile);
  serve->add_option("--set", flags.sets, "Override a setting: section.key=value (repeatable)");
  serve->add_option("--listen", flags.listen, "Same as --set server.listen=ADDR");
  serve->add_option("--port", flags.port, "Same as --set server.port=N");
  serve->add_option("--data-dir", flags.data_dir, "Same as --set store.data_dir=DIR");
  serve->add_flag("--demo", flags.demo, "Seed a demo campaign (once) and print how to try it");
  serve->add_flag("--print-config", flags.print_config, "Print the effective settings and exit");
  serve->add_flag("--new-key", flags.new_key,
                  "When the key file is missing next to a store with tokens, make a new one and a new admin token "
                  "(every existing token stops working) instead of refusing to start");

  auto* config = cli.add_subcommand("config", "Print every setting with its meaning and default");

  std::string check_data_dir;
  auto* check = cli.add_subcommand("check", "Verify a stopped server's store (records decode, indexes agree)");
  check->add_option("--data-dir", check_data_dir, "Data directory of the store")->required();

  std::string backup_data_dir, backup_to;
  auto* backup = cli.add_subcommand("backup", "Back up a stopped server's store (running: POST /v2/admin/backup)");
  backup->add_option("--data-dir", backup_data_dir, "Data directory of the store")->required();
  backup->add_option("--to", backup_to, "Backup directory to create (must not exist)")->required();

  std::string restore_from, restore_data_dir;
  auto* restore = cli.add_subcommand("restore", "Restore a backup into a new data directory");
  restore->add_option("--from", restore_from, "Backup directory")->required()->check(CLI::ExistingDirectory);
  restore->add_option("--data-dir", restore_data_dir, "Data directory to restore into (must hold no store)")
      ->required();

  std::string cluster_url = "http://127.0.0.1:8080", cluster_token_file;
  auto* cluster = cli.add_subcommand("cluster", "Cluster mode");
  cluster->require_subcommand(1);
  auto* cluster_status = cluster->add_subcommand(
      "status", "Print the replicated log's leader, replicas and length, and a running node's position and lag");
  cluster_status->add_option("--url", cluster_url, "Base URL of the node (default http://127.0.0.1:8080)");
  cluster_status->add_option("--token-file", cluster_token_file,
                             "File holding an admin token (default: the LEADGATE_TOKEN environment variable)");

  CLI11_PARSE(cli, argc, argv);
  if (*serve) return Serve(flags, store_env);
  if (*config) {
    std::cout << lg::core::RenderConfig(lg::core::Config{});
    return 0;
  }
  if (*check) return Check(check_data_dir);
  if (*backup) return BackupStore(backup_data_dir, backup_to);
  if (*restore) return RestoreStore(restore_from, restore_data_dir);
  if (*cluster_status) {
    std::string token;
    if (!cluster_token_file.empty()) {
      std::ifstream(cluster_token_file) >> token;
    } else if (const char* env = std::getenv("LEADGATE_TOKEN")) {
      token = env;
    }
    return PrintClusterStatus(cluster_url, token);
  }
  return 0;
}

}  // namespace lg::tools

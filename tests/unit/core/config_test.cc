// Server settings: defaults, TOML file, --set overrides, and errors naming the offending key.

#include "core/config.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "tests/support/temp_dir.h"

namespace config_test {

using namespace lg::core;

namespace {

// Writes `toml` to a file in a fresh directory and loads it with `overrides`.
struct ConfigFile {
  lg::test::TempDir dir;
  std::string path = dir.Sub("leadgate.toml");

  Result<Config> Load(const std::string& toml, const std::map<std::string, std::string>& overrides = {}) {
    std::ofstream(path, std::ios::trunc) << toml;
    return LoadConfig(path, overrides);
  }
};

// The detail of a failed load, or "" when it succeeded.
std::string Failure(const Result<Config>& result) {
  if (result.has_value()) return "";
  BOOST_TEST(result.error().code() == "invalid_config");
  BOOST_TEST((result.error().kind() == ErrorKind::kMalformed));
  return result.error().detail();
}

bool Mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(no_file_and_no_overrides_gives_the_documented_defaults) {
  auto c = LoadConfig(std::nullopt, {});
  BOOST_REQUIRE(c.has_value());
  BOOST_TEST(c->listen == "127.0.0.1");
  BOOST_TEST(c->port == 8080);
  BOOST_TEST(c->public_base_url == "");
  BOOST_TEST(c->io_threads == 2);
  BOOST_TEST(c->worker_threads == 8);
  BOOST_TEST(c->read_threads == 2);
  BOOST_TEST(c->body_limit_bytes == 1048576);
  BOOST_TEST(c->header_limit_bytes == 16384);
  BOOST_TEST(c->read_timeout_ms == 30000);
  BOOST_TEST(c->data_dir == "data");
  BOOST_TEST(c->durability == "fsync");
  BOOST_TEST(c->account_name == "leadgate");
  BOOST_TEST(c->account_slug == "leadgate");
  BOOST_TEST(c->time_zone == "UTC");
  BOOST_TEST(c->log_level == "info");
  BOOST_TEST(c->reveal_tokens);
  BOOST_TEST(c->json_max_depth == 32);
  BOOST_TEST(c->KeyFilePath() == "data/secret.key");
  BOOST_TEST(c->BaseUrl() == "http://127.0.0.1:8080");
}

BOOST_AUTO_TEST_CASE(an_empty_file_is_all_defaults) {
  ConfigFile f;
  auto c = f.Load("");
  BOOST_REQUIRE(c.has_value());
  BOOST_TEST(RenderConfig(*c) == RenderConfig(Config{}));
}

BOOST_AUTO_TEST_CASE(file_values_are_applied_and_overrides_win) {
  ConfigFile f;
  const std::string toml = R"(
[server]
port = 9090
listen = "0.0.0.0"
public_base_url = "https://leads.example.com/"
[store]
data_dir = "/var/lib/leadgate"
[security]
reveal_tokens = false
[log]
level = "debug"
)";
  auto c = f.Load(toml);
  BOOST_REQUIRE_MESSAGE(c.has_value(), Failure(c));
  BOOST_TEST(c->port == 9090);
  BOOST_TEST(c->listen == "0.0.0.0");
  BOOST_TEST(c->data_dir == "/var/lib/leadgate");
  BOOST_TEST(!c->reveal_tokens);
  BOOST_TEST(c->log_level == "debug");
  BOOST_TEST(c->KeyFilePath() == "/var/lib/leadgate/secret.key");
  BOOST_TEST(c->BaseUrl() == "https://leads.example.com");  // trailing slash dropped
  BOOST_TEST(c->io_threads == 2);                           // untouched keys keep defaults

  auto o = f.Load(toml, {{"server.port", "9191"}, {"security.reveal_tokens", "true"}, {"account.name", "Acme"}});
  BOOST_REQUIRE_MESSAGE(o.has_value(), Failure(o));
  BOOST_TEST(o->port == 9191);
  BOOST_TEST(o->reveal_tokens);
  BOOST_TEST(o->account_name == "Acme");
  BOOST_TEST(o->listen == "0.0.0.0");
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_sections_are_named) {
  ConfigFile f;
  std::string e = Failure(f.Load("[server]\nprot = 8080\n"));
  BOOST_TEST(Mentions(e, "'server.prot'"), e);
  e = Failure(f.Load("[srv]\nport = 8080\n"));
  BOOST_TEST(Mentions(e, "'srv.port'"), e);
  e = Failure(f.Load("port = 8080\n"));
  BOOST_TEST(Mentions(e, "'port'"), e);
  e = Failure(LoadConfig(std::nullopt, {{"server.nope", "1"}}));
  BOOST_TEST(Mentions(e, "'server.nope'"), e);
  e = Failure(LoadConfig(std::nullopt, {{"port", "1"}}));
  BOOST_TEST(Mentions(e, "'port'"), e);
}

BOOST_AUTO_TEST_CASE(wrong_types_are_named) {
  ConfigFile f;
  std::string e = Failure(f.Load("[server]\nport = \"8080\"\n"));
  BOOST_TEST(Mentions(e, "'server.port'"), e);
  BOOST_TEST(Mentions(e, "integer"), e);
  e = Failure(f.Load("[server]\nport = 80.0\n"));
  BOOST_TEST(Mentions(e, "'server.port'"), e);
  e = Failure(f.Load("[security]\nreveal_tokens = \"no\"\n"));
  BOOST_TEST(Mentions(e, "'security.reveal_tokens'"), e);
  e = Failure(f.Load("[log]\nlevel = 3\n"));
  BOOST_TEST(Mentions(e, "'log.level'"), e);
  for (std::string bad : {"80x", "", " 80", "0x50", "8.0"}) {
    e = Failure(LoadConfig(std::nullopt, {{"server.port", bad}}));
    BOOST_TEST(Mentions(e, "'server.port'"), "override '" << bad << "': " << e);
  }
  e = Failure(LoadConfig(std::nullopt, {{"security.reveal_tokens", "yes"}}));
  BOOST_TEST(Mentions(e, "'security.reveal_tokens'"), e);
}

BOOST_AUTO_TEST_CASE(out_of_range_values_are_named_with_the_allowed_range) {
  ConfigFile f;
  std::string e = Failure(f.Load("[server]\nport = 65536\n"));
  BOOST_TEST(Mentions(e, "'server.port'"), e);
  BOOST_TEST(Mentions(e, "0..65535"), e);
  e = Failure(f.Load("[server]\nport = -1\n"));
  BOOST_TEST(Mentions(e, "'server.port'"), e);
  e = Failure(f.Load("[server]\nio_threads = 0\n"));
  BOOST_TEST(Mentions(e, "'server.io_threads'"), e);
  e = Failure(LoadConfig(std::nullopt, {{"server.worker_threads", "257"}}));
  BOOST_TEST(Mentions(e, "'server.worker_threads'"), e);
  e = Failure(LoadConfig(std::nullopt, {{"server.read_threads", "0"}}));
  BOOST_TEST(Mentions(e, "'server.read_threads'"), e);
  e = Failure(LoadConfig(std::nullopt, {{"server.body_limit_bytes", "1023"}}));
  BOOST_TEST(Mentions(e, "'server.body_limit_bytes'"), e);
  e = Failure(LoadConfig(std::nullopt, {{"limits.token_burst", "0"}}));
  BOOST_TEST(Mentions(e, "'limits.token_burst'"), e);
  // Bounds are inclusive.
  BOOST_TEST(LoadConfig(std::nullopt, {{"server.port", "0"}}).has_value());
  BOOST_TEST(LoadConfig(std::nullopt, {{"server.port", "65535"}}).has_value());
  BOOST_TEST(LoadConfig(std::nullopt, {{"server.io_threads", "64"}}).has_value());
}

BOOST_AUTO_TEST_CASE(bad_string_values_are_named) {
  std::string e = Failure(LoadConfig(std::nullopt, {{"log.level", "loud"}}));
  BOOST_TEST(Mentions(e, "'log.level'"), e);
  e = Failure(LoadConfig(std::nullopt, {{"account.slug", "Acme Inc"}}));
  BOOST_TEST(Mentions(e, "'account.slug'"), e);
  e = Failure(LoadConfig(std::nullopt, {{"server.listen", ""}}));
  BOOST_TEST(Mentions(e, "'server.listen'"), e);
  e = Failure(LoadConfig(std::nullopt, {{"store.data_dir", ""}}));
  BOOST_TEST(Mentions(e, "'store.data_dir'"), e);
  for (const char* url : {"javascript:alert(1)", "leads.example.com", "ftp://leads.example.com"}) {
    e = Failure(LoadConfig(std::nullopt, {{"server.public_base_url", url}}));
    BOOST_TEST(Mentions(e, "'server.public_base_url'"), e);
  }
  BOOST_TEST(LoadConfig(std::nullopt, {{"server.public_base_url", "http://10.0.0.5:8080"}}).has_value());
  e = Failure(LoadConfig(std::nullopt, {{"store.durability", "Fsync"}}));
  BOOST_TEST(Mentions(e, "'store.durability' must be fsync or os"), e);
  for (std::string durability : {"fsync", "os"}) {
    auto ok = LoadConfig(std::nullopt, {{"store.durability", durability}});
    BOOST_TEST((ok.has_value() && ok->durability == durability), durability);
  }
  for (std::string level : {"trace", "debug", "info", "warn", "error", "off"}) {
    BOOST_TEST(LoadConfig(std::nullopt, {{"log.level", level}}).has_value(), level);
  }
}

// Addresses and the time zone are checked with the rest, so a bad one stops `serve` (and
// `--print-config`) before the data directory is touched, not when the listener starts.
BOOST_AUTO_TEST_CASE(addresses_and_the_time_zone_are_checked_when_loaded) {
  for (const char* proxies : {"proxy.internal", "127.0.0.1,proxy.internal", "10.0.0.0/8", "127.0.0.1,", "::1,,::2",
                              "127.0.0.1:80", "fe80::1%"}) {
    std::string e = Failure(LoadConfig(std::nullopt, {{"server.trusted_proxies", proxies}}));
    BOOST_TEST(Mentions(e, "'server.trusted_proxies'"), proxies << ": " << e);
  }
  std::string e = Failure(LoadConfig(std::nullopt, {{"server.trusted_proxies", "127.0.0.1, proxy.internal"}}));
  BOOST_TEST(Mentions(e, "\"proxy.internal\", which is not an IP address"), e);
  for (const char* proxies : {"", "  ", "127.0.0.1", " 127.0.0.1 , ::1 ", "10.0.0.1,::ffff:10.0.0.2", "fe80::1%eth0"}) {
    auto ok = LoadConfig(std::nullopt, {{"server.trusted_proxies", proxies}});
    BOOST_TEST(ok.has_value(), "'" << proxies << "': " << Failure(ok));
  }
  for (const char* listen : {"localhost", "0.0.0.0:8080", "256.0.0.1", " 127.0.0.1"}) {
    e = Failure(LoadConfig(std::nullopt, {{"server.listen", listen}}));
    BOOST_TEST(Mentions(e, "'server.listen'"), listen << ": " << e);
  }
  for (const char* listen : {"0.0.0.0", "::", "::1", "10.1.2.3"}) {
    BOOST_TEST(LoadConfig(std::nullopt, {{"server.listen", listen}}).has_value(), listen);
  }
  for (const char* zone : {"Mars/Olympus", "", "../etc/passwd", "/etc/localtime", "Europe"}) {
    e = Failure(LoadConfig(std::nullopt, {{"account.time_zone", zone}}));
    BOOST_TEST(Mentions(e, "'account.time_zone'"), zone << ": " << e);
  }
  BOOST_TEST(LoadConfig(std::nullopt, {{"account.time_zone", "Europe/Copenhagen"}}).has_value());
}

// A Config built in code (the server is handed one) is checked the same way.
BOOST_AUTO_TEST_CASE(validate_config_checks_a_config_built_in_code) {
  BOOST_TEST(ValidateConfig(Config{}).ok());
  Config proxies;
  proxies.trusted_proxies = "127.0.0.1,proxy.internal";
  BOOST_TEST(Mentions(ValidateConfig(proxies).detail(), "'server.trusted_proxies'"));
  Config range;
  range.max_connections = 0;
  BOOST_TEST(Mentions(ValidateConfig(range).detail(), "'server.max_connections'"));
  Config depth;
  depth.json_max_depth = 513;
  BOOST_TEST(Mentions(ValidateConfig(depth).detail(), "'limits.json_max_depth'"));
}

BOOST_AUTO_TEST_CASE(unreadable_files_fail_with_their_path) {
  ConfigFile f;
  std::string e = Failure(f.Load("[server\nport = 1\n"));
  BOOST_TEST(Mentions(e, f.path), e);
  e = Failure(LoadConfig(f.dir.Sub("missing.toml"), {}));
  BOOST_TEST(Mentions(e, "missing.toml"), e);
}

BOOST_AUTO_TEST_CASE(render_lists_every_key_with_its_meaning_and_default) {
  std::string out = RenderConfig(Config{});
  for (std::string line : {"[server]", "port = 8080", "listen = \"127.0.0.1\"", "[store]", "data_dir = \"data\"",
                           "[account]", "time_zone = \"UTC\"", "[security]", "reveal_tokens = true", "[limits]",
                           "token_requests_per_second = 100", "[log]", "level = \"info\""}) {
    BOOST_TEST(Mentions(out, "\n" + line + "\n"), "missing line " << line);
  }
  BOOST_TEST(Mentions(out, "# TCP port; 0 picks a free one (default 8080)\n"));
}

BOOST_AUTO_TEST_CASE(render_round_trips_through_the_parser) {
  ConfigFile f;
  std::map<std::string, std::string> set{
      {"server.listen", "::1"},
      {"server.port", "0"},
      {"server.public_base_url", "https://x.example/leads"},
      {"server.io_threads", "64"},
      {"server.worker_threads", "1"},
      {"server.read_threads", "3"},
      {"server.body_limit_bytes", "1073741824"},
      {"server.header_limit_bytes", "1024"},
      {"server.read_timeout_ms", "100"},
      {"store.data_dir", R"(C:\leads "main")"},
      {"account.name", "Acme \"Leads\" \\ Co\tA/S"},
      {"account.slug", "acme"},
      {"account.time_zone", "Europe/Copenhagen"},
      {"security.key_file", "/etc/leadgate/key"},
      {"security.reveal_tokens", "false"},
      {"limits.token_requests_per_second", "1000000"},
      {"limits.token_burst", "1"},
      {"limits.auth_failures_per_minute", "7"},
      {"limits.auth_failure_burst", "100000"},
      {"log.level", "off"},
  };
  auto original = LoadConfig(std::nullopt, set);
  BOOST_REQUIRE_MESSAGE(original.has_value(), Failure(original));
  std::string rendered = RenderConfig(*original);
  auto back = f.Load(rendered);
  BOOST_REQUIRE_MESSAGE(back.has_value(), Failure(back) << "\n" << rendered);
  BOOST_TEST(RenderConfig(*back) == rendered);
  BOOST_TEST(back->account_name == "Acme \"Leads\" \\ Co\tA/S");
  BOOST_TEST(back->data_dir == "C:\\leads \"main\"");
  BOOST_TEST(back->port == 0);
  BOOST_TEST(back->body_limit_bytes == 1073741824);
  BOOST_TEST(!back->reveal_tokens);
  BOOST_TEST(back->log_level == "off");
  BOOST_TEST(back->key_file == "/etc/leadgate/key");

  // The defaults round-trip too.
  auto defaults = f.Load(RenderConfig(Config{}));
  BOOST_REQUIRE(defaults.has_value());
  BOOST_TEST(RenderConfig(*defaults) == RenderConfig(Config{}));
}

BOOST_AUTO_TEST_CASE(render_round_trips_control_characters_in_strings) {
  ConfigFile f;
  auto original = LoadConfig(std::nullopt, {{"account.name", "two\nlines\r\x01"}});
  BOOST_REQUIRE(original.has_value());
  auto back = f.Load(RenderConfig(*original));
  BOOST_REQUIRE_MESSAGE(back.has_value(), Failure(back));
  BOOST_TEST(back->account_name == "two\nlines\r\x01");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace config_test

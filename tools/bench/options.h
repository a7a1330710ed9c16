#pragma once
// Command-line settings of leadgate-bench (see main.cc for their help texts).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lg::bench {

struct Options {
  std::string url = "http://127.0.0.1:8080";
  std::string admin_token;  // --admin-token or LEADGATE_ADMIN_TOKEN
  std::string scenario = "ingest";
  std::string method = "GET";  // --scenario raw: GET or POST to --url as given
  std::string mix = "ingest=20,get=60,list=20";
  int connections = 64;
  int threads = 2;
  std::chrono::nanoseconds duration = std::chrono::seconds(10);
  double rate = 0;
  int preload = -1;  // -1 = automatic (0 for ingest/bulk, 10000 for get/list/mixed)
  int vendors = 10;
  int body_size = 1024;
  int batch_size = 100;
  int list_limit = 50;
  std::chrono::milliseconds timeout = std::chrono::seconds(10);
  uint64_t campaign_id = 0;
  std::string token;  // --token: an existing read_write token of --campaign-id
  std::string json_out;
  int slow_clients = 0;  // slowloris connections alongside the run
  std::chrono::milliseconds slow_interval = std::chrono::seconds(1);
  bool quiet = false;
  bool keep_tokens = false;
};

// "10s", "500ms", "2m", "1.5s", "250us"; a bare number is seconds.
std::optional<std::chrono::nanoseconds> ParseDuration(std::string_view text);

}  // namespace lg::bench

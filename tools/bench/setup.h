#pragma once
// Everything before the measured run, through the public HTTP API only: the campaign, one
// source option + filter + scoped read_write token per vendor (with a rate-limit override so
// the server's per-token limiter does not throttle the benchmark), the lead bodies, the
// preloaded leads and their ids. Also the clean-up (revoking the tokens it minted).

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/bench/options.h"
#include "tools/common/http_client.h"

namespace lg::bench {

using tools::HttpResult;
using tools::SyncClient;
using tools::Url;

struct Vendor {
  std::string option;               // its source option slug; "" for an existing token/campaign
  std::string token;                // never printed
  uint64_t token_id = 0;            // minted by us (0 = given by the user)
  std::vector<std::string> bodies;  // single-lead JSON documents (a few variants)
  std::string batch;                // --batch-size NDJSON lines
  std::vector<uint64_t> lead_ids;   // leads it owns, for the get scenario
};

struct Fixture {
  uint64_t campaign_id = 0;
  bool created_campaign = false;
  std::vector<Vendor> vendors;
  std::string pad_field;  // the text field that carries the --body-size padding ("" = none)
  int body_bytes = 0;     // actual size of a single-lead body
  int preloaded = 0;
  std::string preload_path;  // "bulk" or "single"
  double preload_seconds = 0;
  bool bulk_supported = true;
};

class Setup {
 public:
  Setup(const Options& options, const Url& url);

  // Creates (or finds) the campaign and the vendor tokens and builds the lead bodies.
  bool Prepare(Fixture& fixture, std::string& error);
  // Creates `count` leads spread over the vendors: bulk endpoint first, single creates when the
  // server has none. Records their ids.
  bool Preload(Fixture& fixture, int count, const std::atomic<bool>* interrupt, std::string& error);
  // Whether POST .../leads/bulk exists (one 1-lead probe, which creates a lead).
  bool ProbeBulk(Fixture& fixture, std::string& error);
  // Reads ids of existing leads through each vendor's token (up to `limit` per vendor).
  void CollectIds(Fixture& fixture, size_t limit);
  // Revokes the tokens this run minted.
  void Cleanup(const Fixture& fixture);

 private:
  HttpResult Admin(std::string_view method, const std::string& path, const std::string& body = {});
  void Note(const std::string& line) const;

  const Options& options_;
  Url url_;
  SyncClient client_;
};

}  // namespace lg::bench

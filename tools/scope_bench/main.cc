// leadgate-scope-bench: shows that a vendor's scoped page costs in proportion to the page, not
// to the campaign. For each campaign size it builds a campaign in a fresh store where one vendor
// owns 1 % of the leads, then times reading that vendor's 50-lead pages through LeadService
// with a token scoped by a `source eq vendor` filter (the path a scoped HTTP request takes,
// minus the socket). Prints per-size latency percentiles and the ratio largest/smallest.
//
//   leadgate-scope-bench                          # 10,000 vs 1,000,000 leads
//   leadgate-scope-bench --sizes 1000,5000 --iterations 20   # a quick smoke run

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "auth/secret_box.h"
#include "auth/token_hasher.h"
#include "core/campaign_json.h"
#include "core/lead_id_generator.h"
#include "core/lead_json.h"
#include "core/log.h"
#include "core/time_util.h"
#include "service/services.h"
#include "store/db.h"
#include "tools/common/guarded_main.h"

namespace {

using namespace lg;
using Clock = std::chrono::steady_clock;

constexpr int kVendors = 100;  // vendor-0 owns 1 %

std::string CampaignJson() {
  std::string options;
  for (int v = 0; v < kVendors; ++v) {
    options.append(v ? "," : "").append(R"({"slug": "vendor-)").append(std::to_string(v)).append(R"("})");
  }
  return R"({"name": "Bench", "fields": [{"slug": "name", "type": "text"}, {"slug": "email", "type": "email"},
    {"slug": "phone", "type": "phone"}, {"slug": "comment", "type": "text"}],
    "selects": [{"slug": "source", "options": [)" +
         options + R"(]}],
    "statuses": [{"slug": "new", "default": true}, {"slug": "won", "type": "won"}]})";
}

struct SizeResult {
  size_t leads = 0;
  double load_seconds = 0;
  std::vector<double> first_page_us, deep_page_us;
};

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

SizeResult Run(const std::string& dir, size_t size, int iterations) {
  SizeResult result;
  result.leads = size;
  auto db = store::Db::Open(dir);
  if (!db.has_value()) throw std::runtime_error(db.error().detail());
  // Keys of its own: the bench mints no token, it reads as a principal it makes up.
  auth::TokenHasher hasher(std::string(32, 'h'));
  auth::SecretBox box(std::string(32, 's'));
  auto opened = service::Services::Open(**db, hasher, box, service::ServiceSettings{});
  if (!opened.has_value()) throw std::runtime_error(opened.error().detail());
  service::Services& services = **opened;
  auto& campaigns = services.campaigns;
  auto& filters = services.filters;
  auto& leads = services.leads;
  auto& lead_repo = services.lead_repo;
  auto& ids = services.ids;
  auth::Principal admin{1, "bench", core::Permission::kAdmin, std::nullopt, std::nullopt};

  auto campaign = campaigns.Create(admin, CampaignJson());
  if (!campaign.has_value()) throw std::runtime_error(campaign.error().detail());
  uint64_t cid = (*campaign)->id;
  auto filter = filters.Create(
      admin, cid, R"({"name": "Vendor 0", "conditions": [{"field": "source", "op": "eq", "value": "vendor-0"}]})");
  if (!filter.has_value()) throw std::runtime_error(filter.error().detail());

  auto start = Clock::now();
  std::vector<std::pair<core::Lead, std::string>> batch;
  int64_t now = core::NowMillis();
  for (size_t i = 0; i < size; ++i) {
    core::Lead lead;
    lead.campaign_id = cid;
    lead.id = ids.Next(now);
    lead.status = i % 7 ? "new" : "won";
    lead.field_values = {{"name", "\"Lead " + std::to_string(i) + "\""},
                         {"email", "\"lead" + std::to_string(i) + "@example.com\""},
                         {"phone", "\"+45" + std::to_string(10000000 + i) + "\""},
                         {"comment", "\"Interested in solar panels for a house with a south-facing roof\""}};
    lead.select_values = {{"source", "vendor-" + std::to_string(i % kVendors)}};
    lead.created_at = lead.updated_at = now;
    lead.created_by = {1, "bench"};
    std::string json = core::EncodeLead(lead);
    batch.emplace_back(std::move(lead), std::move(json));
    if (batch.size() == 10000 || i + 1 == size) {
      if (auto s = lead_repo.PutNew(**campaign, batch); !s.ok()) throw std::runtime_error(s.detail());
      batch.clear();
    }
  }
  result.load_seconds = std::chrono::duration<double>(Clock::now() - start).count();

  auth::Principal vendor{2, "vendor-0", core::Permission::kRead, cid, (*filter)->id};
  std::multimap<std::string, std::string> first_page{{"limit", "50"}};
  // A cursor into the middle of the vendor's slice: the page a paging client reads later on.
  std::multimap<std::string, std::string> deep_page = first_page;
  {
    std::optional<std::string> cursor;
    size_t pages = std::max<size_t>(1, size / kVendors / 50 / 2);
    for (size_t p = 0; p < pages; ++p) {
      auto params = first_page;
      if (cursor) params.emplace("cursor", *cursor);
      auto page = leads.List(vendor, cid, params);
      if (!page.has_value() || !page->next_cursor) break;
      cursor = page->next_cursor;
    }
    if (cursor) deep_page.emplace("cursor", *cursor);
  }
  auto time_page = [&](const std::multimap<std::string, std::string>& params, std::vector<double>& out) {
    for (int i = 0; i < iterations; ++i) {
      auto t0 = Clock::now();
      auto page = leads.List(vendor, cid, params);
      auto us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
      if (!page.has_value() || page->count == 0) throw std::runtime_error("scoped page came back empty");
      out.push_back(us);
    }
  };
  time_page(first_page, result.first_page_us);  // also warms the block cache equally for both sizes
  result.first_page_us.clear();
  time_page(first_page, result.first_page_us);
  time_page(deep_page, result.deep_page_us);
  return result;
}

}  // namespace

static int Main(int argc, char** argv) {
  CLI::App cli{"leadgate-scope-bench: scoped page latency against campaign size"};
  std::vector<size_t> sizes{10000, 1000000};
  int iterations = 200;
  std::string dir;
  cli.add_option("--sizes", sizes, "campaign sizes to compare (leads)")->delimiter(',');
  cli.add_option("--iterations", iterations, "timed page reads per size and page");
  cli.add_option("--dir", dir, "where to build the stores (default: a new temp directory)");
  CLI11_PARSE(cli, argc, argv);

  core::log::Init("warn");
  namespace fs = std::filesystem;
  bool own_dir = dir.empty();
  if (own_dir) {
    std::string tmpl = (fs::temp_directory_path() / "leadgate-scope-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return 1;
    dir = tmpl;
  }
  std::vector<SizeResult> results;
  try {
    for (size_t size : sizes) {
      results.push_back(Run((fs::path(dir) / std::to_string(size)).string(), size, iterations));
      const auto& r = results.back();
      std::printf(
          "%10zu leads  load %6.1f s  first page p50 %8.1f us p99 %8.1f us  deep page p50 %8.1f us p99 %8.1f us\n",
          r.leads, r.load_seconds, Percentile(r.first_page_us, 0.5), Percentile(r.first_page_us, 0.99),
          Percentile(r.deep_page_us, 0.5), Percentile(r.deep_page_us, 0.99));
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leadgate-scope-bench: %s\n", e.what());
    if (own_dir) fs::remove_all(dir);
    return 1;
  }
  if (results.size() >= 2) {
    const auto& small = results.front();
    const auto& large = results.back();
    std::printf("ratio %zu/%zu leads: first page p50 %.2fx, deep page p50 %.2fx (goal: within 2x)\n", large.leads,
                small.leads, Percentile(large.first_page_us, 0.5) / Percentile(small.first_page_us, 0.5),
                Percentile(large.deep_page_us, 0.5) / Percentile(small.deep_page_us, 0.5));
  }
  if (own_dir) fs::remove_all(dir);
  return 0;
}

int main(int argc, char** argv) { return lg::tools::Guarded("leadgate-scope-bench", Main, argc, argv); }

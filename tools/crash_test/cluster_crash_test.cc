#include "tools/crash_test/cluster_crash_test.h"

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "replog/nats_log.h"
#include "tools/common/http_client.h"
#include "tools/common/nats_servers.h"
#include "tools/crash_test/server.h"

namespace lg::crash_test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kNodes = 3;
constexpr int kWriters = 8;

std::string LeadBody(const std::string& name) {
  return R"({"field_values": {"name": ")" + name + R"("}, "select_field_values": {"source": "a"}})";
}

std::unique_ptr<tools::SyncClient> Client(uint16_t port) {
  return std::make_unique<tools::SyncClient>(tools::Url{"127.0.0.1", std::to_string(port), ""}, 10s,
                                             "leadgate-crash-test", tools::SyncClient::Retry::kNever);
}

// The three leadgate nodes over the nats-servers, sharing one key file.
class Nodes {
 public:
  Nodes(const std::string& binary, const std::string& dir, const std::vector<std::string>& nats_urls) {
    std::string urls;
    for (const auto& url : nats_urls) urls += (urls.empty() ? "" : ",") + url;
    for (int i = 0; i < kNodes; ++i) {
      const std::string data_dir = dir + "/node" + std::to_string(i + 1);
      servers_.push_back(std::make_unique<Server>(
          binary, data_dir, data_dir + ".log",
          std::vector<std::string>{"cluster.enabled=true", "cluster.nats_urls=" + urls,
                                   "cluster.node_id=" + std::to_string(i + 1),
                                   "security.key_file=" + dir + "/secret.key", "cluster.write_timeout_ms=5000",
                                   "limits.token_requests_per_second=1000000", "limits.token_burst=1000000"},
          std::vector<std::string>{}));
      servers_.back()->set_start_limit(90s);
    }
  }
  bool Start(int node, std::string& error) {
    if (!servers_[node]->Start(error)) return false;
    ports_[node] = servers_[node]->port();
    return true;
  }
  std::optional<std::string> Kill(int node) { return servers_[node]->Kill(); }
  uint16_t port(int node) const { return ports_[node].load(); }
  std::string LogTail(int node) const { return servers_[node]->LogTail(); }

 private:
  std::vector<std::unique_ptr<Server>> servers_;
  std::atomic<uint16_t> ports_[kNodes] = {};
};

// Eight writers over the nodes; every 201 is recorded under its key.
class Writers {
 public:
  Writers(const Nodes& nodes, const std::string& token, const std::string& prefix) {
    for (int w = 0; w < kWriters; ++w) {
      threads_.emplace_back([this, &nodes, token, prefix, w] {
        for (int i = 0; !stop_; ++i) {
          const std::string key = prefix + "w" + std::to_string(w) + "-" + std::to_string(i);
          for (int attempt = 0; !stop_; ++attempt) {
            tools::HttpResult res;
            try {
              res = Client(nodes.port((w + attempt) % kNodes))
                        ->Send("POST", "/v2/campaigns/1/leads", token, LeadBody(key), "application/json",
                               {{"Idempotency-Key", key}});
            } catch (const std::exception&) {  // refused: the node is down
            }
            if (res.status == 201) {
              std::lock_guard lock(mu_);
              acknowledged_.push_back(key);
              answered_.push_back(Clock::now());
              break;
            }
            if (res.status != 503 && res.status != 0) {
              std::lock_guard lock(mu_);
              if (problems_.size() < 5) problems_.push_back(std::to_string(res.status) + " " + res.body);
            }
            std::this_thread::sleep_for(50ms);
          }
        }
      });
    }
  }
  ~Writers() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  size_t AnsweredAfter(Clock::time_point since) {
    std::lock_guard lock(mu_);
    return static_cast<size_t>(std::count_if(answered_.begin(), answered_.end(), [&](auto t) { return t > since; }));
  }
  double LongestGapAfter(Clock::time_point since) {
    std::lock_guard lock(mu_);
    std::vector<Clock::time_point> times = answered_;
    std::sort(times.begin(), times.end());
    double gap = 0;
    for (size_t i = 1; i < times.size(); ++i) {
      if (times[i] > since) gap = std::max(gap, std::chrono::duration<double>(times[i] - times[i - 1]).count());
    }
    return gap;
  }
  const std::vector<std::string>& acknowledged() const { return acknowledged_; }
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<std::string> acknowledged_;
  std::vector<Clock::time_point> answered_;
  std::vector<std::string> problems_;
  std::vector<std::thread> threads_;
};

// Every lead's name on `port`'s node once it has applied `position`, with how often it is there.
std::optional<std::map<std::string, int>> NamesOn(uint16_t port, const std::string& token, uint64_t position,
                                                  std::string& problem) {
  std::map<std::string, int> names;
  auto client = Client(port);
  std::string cursor;
  simdjson::dom::parser parser;
  for (;;) {
    std::string target = "/v2/campaigns/1/leads?limit=500";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    tools::HttpResult res = client->Send("GET", target, token, {}, "application/json",
                                         {{"Leadgate-Min-Position", std::to_string(position)}});
    simdjson::dom::element page;
    if (res.status != 200 || parser.parse(res.body).get(page)) {
      problem = "listing answered " + std::to_string(res.status) + " " + res.body;
      return std::nullopt;
    }
    for (auto lead : page["data"].get_array()) {
      std::string_view name;
      if (!lead["field_values"]["name"].get(name)) ++names[std::string(name)];
    }
    std::string_view next;
    if (page["meta"]["next_cursor"].get(next)) return names;
    cursor = std::string(next);
  }
}

class ClusterCrashTest {
 public:
  explicit ClusterCrashTest(const Options& options) : options_(options), random_(options.seed) {}

  int Run() {
    dir_ = (fs::temp_directory_path() / ("leadgate-cluster-crash-" + std::to_string(::getpid()))).string();
    fs::remove_all(dir_);
    fs::create_directories(dir_ + "/nats");
    std::cout << "leadgate-crash-test --cluster: " << options_.cycles << " cycles, seed " << options_.seed << ", in "
              << dir_ << "\n";
    int status = 2;
    try {
      nats_ = std::make_unique<tools::NatsServers>(dir_ + "/nats", kNodes);
      nodes_ = std::make_unique<Nodes>(options_.leadgate, dir_, nats_->urls());
      if (Setup()) {
        status = 0;
        for (int cycle = 1; cycle <= options_.cycles && status == 0; ++cycle) status = Cycle(cycle) ? 0 : 1;
      }
    } catch (const std::exception& e) {
      std::cout << "could not go on: " << e.what() << "\n";
      status = status == 0 ? 1 : status;
    }
    nodes_.reset();
    nats_.reset();
    if (status == 0 && !options_.keep) fs::remove_all(dir_);
    std::cout << (status == 0 ? "PASS" : "FAIL (kept " + dir_ + ")") << "\n";
    return status;
  }

 private:
  bool Setup() {
    for (int i = 0; i < kNodes; ++i) {
      std::string error;
      if (!nodes_->Start(i, error)) {
        std::cout << "node " << i + 1 << " did not start: " << error << "\n";
        return false;
      }
    }
    std::ifstream(dir_ + "/node1/admin-token") >> admin_;
    auto res = Client(nodes_->port(0))
                   ->Send("POST", "/v2/campaigns", admin_,
                          R"({"name": "Crash", "fields": [{"slug": "name", "type": "text"}],
                              "selects": [{"slug": "source", "options": [{"slug": "a"}]}],
                              "statuses": [{"slug": "new", "default": true}]})");
    if (res.status != 201) {
      std::cout << "the campaign was refused: " << res.status << " " << res.body << "\n";
      return false;
    }
    position_ = std::stoull(res.Header("leadgate-position"));
    return true;
  }

  bool Cycle(int cycle) {
    const int fault = (cycle - 1) % 3;
    static constexpr const char* kFaults[] = {"log leader killed", "leadgate node killed", "unflushed log lost"};
    // Every node has the campaign before the writers start.
    if (!WaitForAll(position_)) return false;
    Writers writers(*nodes_, admin_, "c" + std::to_string(cycle) + "-");
    std::this_thread::sleep_for(1500ms);
    const auto fault_at = Clock::now();
    if (fault == 0) {
      replog::NatsLogOptions log_options;
      log_options.urls = nats_->urls();
      auto log = replog::OpenNatsLog(log_options);
      if (!log.has_value()) return Fail(cycle, "no log client: " + log.error().detail());
      auto status = (*log)->Status();
      const int leader = status.has_value() ? nats_->index_of(status->leader) : -1;
      if (leader < 0) return Fail(cycle, "no leader to kill");
      nats_->Kill(leader);
      const auto deadline = Clock::now() + 60s;
      while (writers.AnsweredAfter(fault_at + 3s) < 20 && Clock::now() < deadline) std::this_thread::sleep_for(50ms);
      std::this_thread::sleep_for(1s);
      writers.Stop();
      nats_->Restart(leader);
    } else if (fault == 1) {
      const int node = std::uniform_int_distribution<int>(0, kNodes - 1)(random_);
      if (auto problem = nodes_->Kill(node)) return Fail(cycle, *problem);
      std::this_thread::sleep_for(2s);
      std::string error;
      if (!nodes_->Start(node, error)) return Fail(cycle, "node did not start again: " + error);
      std::this_thread::sleep_for(1s);
      writers.Stop();
    } else {
      for (int i = 0; i < kNodes; ++i) nats_->Pause(i);
      for (int i = 0; i < kNodes; ++i) nats_->CopyStore(i);
      for (int i = 0; i < kNodes; ++i) nats_->Resume(i);
      std::this_thread::sleep_for(2s);
      for (int i = 0; i < kNodes; ++i) nats_->Kill(i);
      for (int i = 0; i < kNodes; ++i) (void)nodes_->Kill(i);
      writers.Stop();
      for (int i = 0; i < kNodes; ++i) nats_->RestoreStore(i);
      for (int i = 0; i < kNodes; ++i) nats_->Restart(i);
      for (int i = 0; i < kNodes; ++i) {
        std::string error;
        if (!nodes_->Start(i, error)) return Fail(cycle, "node " + std::to_string(i + 1) + " did not start: " + error);
      }
    }
    if (!writers.problems().empty()) return Fail(cycle, "a write was answered " + writers.problems().front());
    acknowledged_.insert(acknowledged_.end(), writers.acknowledged().begin(), writers.acknowledged().end());
    const bool ok = Verify(cycle);
    std::cout << "cycle " << cycle << " (" << kFaults[fault] << "): " << writers.acknowledged().size()
              << " leads acknowledged, longest gap " << writers.LongestGapAfter(fault_at) << " s; "
              << acknowledged_.size() << " in all: " << (ok ? "ok" : "FAILED") << "\n";
    return ok;
  }

  // A write through node 1 after everything, then every node must hold every acknowledged lead once.
  bool Verify(int cycle) {
    tools::HttpResult probe;
    const auto deadline = Clock::now() + 60s;
    const std::string name = "probe-" + std::to_string(cycle);
    while (probe.status != 201 && Clock::now() < deadline) {
      try {
        probe = Client(nodes_->port(0))
                    ->Send("POST", "/v2/campaigns/1/leads", admin_, LeadBody(name), "application/json",
                           {{"Idempotency-Key", name}});
      } catch (const std::exception&) {
      }
      if (probe.status != 201) std::this_thread::sleep_for(200ms);
    }
    if (probe.status != 201) return Fail(cycle, "no write went through after the fault: " + probe.body);
    position_ = std::stoull(probe.Header("leadgate-position"));
    for (int node = 0; node < kNodes; ++node) {
      std::string problem;
      auto names = NamesOn(nodes_->port(node), admin_, position_, problem);
      if (!names) return Fail(cycle, "node " + std::to_string(node + 1) + ": " + problem);
      size_t missing = 0;
      for (const auto& key : acknowledged_) {
        auto it = names->find(key);
        if (it == names->end() || it->second != 1) {
          if (++missing <= 3) {
            std::cout << "  node " << node + 1 << ": lead " << key << " is there "
                      << (it == names->end() ? 0 : it->second) << " times\n";
          }
        }
      }
      for (const auto& [key, count] : *names) {
        if (count > 1) return Fail(cycle, "node " + std::to_string(node + 1) + " holds " + key + " twice");
      }
      if (missing > 0) {
        return Fail(cycle, "node " + std::to_string(node + 1) + ": " + std::to_string(missing) + " of " +
                               std::to_string(acknowledged_.size()) + " acknowledged leads wrong");
      }
    }
    return true;
  }

  bool WaitForAll(uint64_t position) {
    for (int node = 0; node < kNodes; ++node) {
      auto res = Client(nodes_->port(node))
                     ->Send("GET", "/v2/campaigns/1", admin_, {}, "application/json",
                            {{"Leadgate-Min-Position", std::to_string(position)}});
      if (res.status != 200) return Fail(0, "node " + std::to_string(node + 1) + " answered " + res.body);
    }
    return true;
  }

  bool Fail(int cycle, const std::string& why) {
    std::cout << "cycle " << cycle << ": " << why << "\n";
    for (int node = 0; node < kNodes; ++node) std::cout << "node " << node + 1 << "'s log:\n" << nodes_->LogTail(node);
    return false;
  }

  Options options_;
  std::mt19937_64 random_;
  std::string dir_;
  std::unique_ptr<tools::NatsServers> nats_;
  std::unique_ptr<Nodes> nodes_;
  std::string admin_;
  uint64_t position_ = 0;
  std::vector<std::string> acknowledged_;
};

}  // namespace

int RunClusterCrashTest(const Options& options) { return ClusterCrashTest(options).Run(); }

}  // namespace lg::crash_test

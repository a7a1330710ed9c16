#pragma once
// Leadgate nodes in cluster mode for one test: real `leadgate serve` processes over a NatsCluster,
// each with its own data directory and node id, all sharing one key file (as the README's cluster
// set-up has them). Started on free ports (read from their logs) and stopped by their pids.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/nats_cluster.h"
#include "tests/support/temp_dir.h"
#include "tools/crash_test/server.h"

namespace lg::test {

// The replicated-log position an answer names (Leadgate-Position); the test stops without one.
uint64_t Position(const HttpResult& res);

// A request that first waits for the node to have applied `position` (Leadgate-Min-Position).
HttpResult At(HttpClient& client, uint64_t position, const std::string& method, const std::string& target,
              const std::string& token, const std::string& body = "");

class LeadgateCluster {
 public:
  // Starts `size` nodes (node ids 1..size) one after the other; the first mints the admin token.
  // `sets`: more settings for every node ("key=value").
  LeadgateCluster(const NatsCluster& nats, int size = 3, const std::vector<std::string>& sets = {});

  int size() const { return static_cast<int>(nodes_.size()); }
  uint16_t port(int node) const { return nodes_[node]->port(); }
  const std::string& admin() const { return admin_; }
  // A new client of `node` (its port changes when it restarts).
  HttpClient Client(int node) const { return HttpClient(port(node)); }

  void Kill(int node);      // SIGKILL
  int Terminate(int node);  // SIGTERM (a graceful stop); its exit status
  void Start(int node);     // again, on its data directory as it is
  void Wipe(int node);      // a stopped node's data directory removed
  void Pause(int node);     // SIGSTOP: cut off, holding what it holds
  void Resume(int node);    // SIGCONT
  // The exit status of a node that stops by itself within `limit` (nothing: it still runs).
  std::optional<int> WaitForExit(int node, std::chrono::milliseconds limit) { return nodes_[node]->WaitForExit(limit); }
  std::string DataDir(int node) const { return dir_.Sub("node" + std::to_string(node + 1)); }
  std::string LogTail(int node) const { return nodes_[node]->LogTail(); }
  // Whether `node`'s log (every start's) holds an event of that name.
  bool Logged(int node, const std::string& event) const;
  // What `leadgate cluster status` prints about `node` (run with the admin token's file).
  std::string StatusOutput(int node) const;
  // `leadgate check` of a stopped node's store: its exit status, and what it printed in `output`.
  int Check(int node, std::string& output) const;

 private:
  TempDir dir_;
  std::vector<std::unique_ptr<crash_test::Server>> nodes_;
  std::string admin_;
};

}  // namespace lg::test

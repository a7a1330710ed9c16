#include "tests/support/leadgate_cluster.h"

#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace lg::test {
namespace {

// Runs the leadgate binary with `arguments`; its exit status, and its output in `output`.
int RunLeadgate(const std::string& arguments, std::string& output) {
  const std::string command = std::string(LG_LEADGATE_BINARY) + " " + arguments + " 2>&1";
  output.clear();
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_REQUIRE(pipe);
  char buffer[512];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string Join(const std::vector<std::string>& urls) {
  std::string out;
  for (const auto& url : urls) out += (out.empty() ? "" : ",") + url;
  return out;
}

}  // namespace

LeadgateCluster::LeadgateCluster(const NatsCluster& nats, int size, const std::vector<std::string>& extra_sets) {
  const std::string key_file = dir_.Sub("secret.key");
  for (int i = 0; i < size; ++i) {
    std::vector<std::string> sets = {
        "cluster.enabled=true", "cluster.nats_urls=" + Join(nats.urls()), "cluster.node_id=" + std::to_string(i + 1),
        "cluster.stream_replicas=" + std::to_string(nats.size()), "security.key_file=" + key_file,
        "store.durability=os",
        // A write answers 503 before the tests' client gives up (10 s).
        "cluster.write_timeout_ms=5000",
        // The tests' writers share a token across nodes.
        "limits.token_requests_per_second=100000", "limits.token_burst=100000", "log.level=info"};
    sets.insert(sets.end(), extra_sets.begin(), extra_sets.end());
    nodes_.push_back(std::make_unique<crash_test::Server>(LG_LEADGATE_BINARY, DataDir(i),
                                                          dir_.Sub("node" + std::to_string(i + 1) + ".log"), sets,
                                                          std::vector<std::string>{}));
    nodes_.back()->set_start_limit(std::chrono::seconds(60));
    Start(i);
  }
  std::ifstream token(DataDir(0) + "/admin-token");
  std::getline(token, admin_);
  BOOST_REQUIRE_MESSAGE(!admin_.empty(), "the first node wrote no admin token");
}

void LeadgateCluster::Kill(int node) {
  auto problem = nodes_[node]->Kill();
  BOOST_REQUIRE_MESSAGE(!problem, *problem);
}

void LeadgateCluster::Start(int node) {
  std::string error;
  BOOST_REQUIRE_MESSAGE(nodes_[node]->Start(error), "node " << node + 1 << ": " << error);
}

std::string LeadgateCluster::StatusOutput(int node) const {
  std::string out;
  RunLeadgate("cluster status --url http://127.0.0.1:" + std::to_string(port(node)) + " --token-file " + DataDir(0) +
                  "/admin-token",
              out);
  return out;
}

int LeadgateCluster::Check(int node, std::string& output) const {
  return RunLeadgate("check --data-dir " + DataDir(node), output);
}

int LeadgateCluster::Terminate(int node) { return nodes_[node]->Terminate(); }

void LeadgateCluster::Wipe(int node) { std::filesystem::remove_all(DataDir(node)); }

bool LeadgateCluster::Logged(int node, const std::string& event) const {
  std::ifstream in(dir_.Sub("node" + std::to_string(node + 1) + ".log"));
  for (std::string line; std::getline(in, line);) {
    if (line.find(R"("event":")" + event + "\"") != std::string::npos) return true;
  }
  return false;
}

void LeadgateCluster::Pause(int node) { nodes_[node]->Pause(); }
void LeadgateCluster::Resume(int node) { nodes_[node]->Resume(); }

uint64_t Position(const HttpResult& res) {
  const std::string text = res.Header("leadgate-position");
  BOOST_REQUIRE_MESSAGE(!text.empty(), "no Leadgate-Position header on " << res.status << " " << res.body);
  return std::stoull(text);
}

HttpResult At(HttpClient& client, uint64_t position, const std::string& method, const std::string& target,
              const std::string& token, const std::string& body) {
  return client.Request(method, target, body, token, {{"Leadgate-Min-Position", std::to_string(position)}});
}

}  // namespace lg::test
